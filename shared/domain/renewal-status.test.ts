import { describe, expect, it } from 'vitest';
import { renewalStatus, type RenewalInput } from './renewal-status';

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
