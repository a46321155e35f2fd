import { describe, expect, it } from 'vitest';
import { effectiveExpiry, renewalStatus, type RenewalDates, type RenewalInput } from './renewal-status';

const today = '2026-11-23';

describe('renewalStatus', () => {
  it.each<[string, Omit<RenewalInput, 'today'>, string, number | undefined]>([
    ['no assessment ever', {}, 'not-started', undefined],
    ['first cycle in draft', { currentStatus: 'draft' }, 'in-progress', undefined],
    ['first cycle signed, not yet sent', { currentStatus: 'signed' }, 'in-progress', undefined],
    ['first cycle submitted', { currentStatus: 'signed', currentSubmitted: true }, 'awaiting-outcome', undefined],
    ['accredited, a year to go', { expiresOn: '2027-11-01', currentStatus: 'signed', currentIsAccredited: true }, 'accredited', 343],
    ['accredited, 60 days left', { expiresOn: '2027-01-22', currentStatus: 'signed', currentIsAccredited: true }, 'renewal-due', 60],
    ['accredited, 61 days left', { expiresOn: '2027-01-23', currentStatus: 'signed', currentIsAccredited: true }, 'accredited', 61],
    ['expired yesterday', { expiresOn: '2026-11-22', currentStatus: 'signed', currentIsAccredited: true }, 'expired', -1],
    [
      'renewal in draft, old one due soon',
      { expiresOn: '2026-12-10', currentStatus: 'draft', currentIsAccredited: false },
      'renewal-due',
      17,
    ],
    [
      'renewal submitted, old one still valid',
      { expiresOn: '2026-12-10', currentStatus: 'signed', currentSubmitted: true, currentIsAccredited: false },
      'awaiting-outcome',
      17,
    ],
    [
      'renewal submitted after expiry',
      { expiresOn: '2026-11-01', currentStatus: 'signed', currentSubmitted: true, currentIsAccredited: false },
      'expired',
      -22,
    ],
    ['renewal in draft, old one expired', { expiresOn: '2026-11-01', currentStatus: 'draft', currentIsAccredited: false }, 'expired', -22],
  ])('%s', (_label, input, status, daysLeft) => {
    expect(renewalStatus({ today, ...input })).toEqual(daysLeft === undefined ? { status } : { status, daysLeft });
  });
});

describe('effectiveExpiry: dates as stored, with sensible defaults and visible warnings', () => {
  it.each<[string, RenewalDates, string | undefined, RegExp | undefined]>([
    ['normal', { accreditedOn: '2026-01-10', expiresOn: '2027-01-10' }, '2027-01-10', undefined],
    ['never accredited', {}, undefined, undefined],
    ['nulls from the database', { accreditedOn: null, expiresOn: null }, undefined, undefined],
    [
      'expiry missing: one year on',
      { accreditedOn: '2026-02-28', expiresOn: null },
      '2027-02-28',
      /no expiry date recorded; assumed one year/,
    ],
    ['leap day, expiry missing', { accreditedOn: '2024-02-29' }, '2025-02-28', /assumed one year/],
    [
      'accredited in the future (clock behind)',
      { accreditedOn: '2027-03-01', expiresOn: '2028-03-01' },
      '2028-03-01',
      /after today \(2026-11-23\)/,
    ],
    ['expiry before accreditation', { accreditedOn: '2026-05-01', expiresOn: '2026-04-01' }, '2026-04-01', /before it was accredited/],
    [
      'unreadable expiry',
      { accreditedOn: '2026-05-01', expiresOn: '2026-13-45' },
      '2027-05-01',
      /unreadable accreditation date; assumed to expire on 2027-05-01/,
    ],
    ['unreadable accreditation, no expiry', { accreditedOn: 'yesterday' }, undefined, /treated as not accredited/],
    ['expiry only', { expiresOn: '2027-06-01' }, '2027-06-01', undefined],
  ])('%s', (_, dates, expiresOn, warning) => {
    const r = effectiveExpiry(dates, today);
    expect(r.expiresOn).toBe(expiresOn);
    if (warning) expect(r.warning).toMatch(warning);
    else expect(r.warning).toBeUndefined();
  });
});
