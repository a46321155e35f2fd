import { describe, expect, it } from 'vitest';
import { dueReason, parseDueWindow, type DueCandidate } from './due-window';

const today = '2026-11-23';

describe('parseDueWindow', () => {
  it.each([
    ['90d', '2027-02-21', 90],
    ['0d', '2026-11-23', 0],
    ['12w', '2027-02-15', 84],
    ['6m', '2027-05-23', 181],
    ['1M', '2026-12-23', 30],
    [' 3m ', '2027-02-23', 92],
    ['24m', '2028-11-23', 731],
    ['730d', '2028-11-22', 730],
  ])('%j ends on %s (%i days)', (raw, until, days) => {
    const r = parseDueWindow(raw, today);
    expect(r).toMatchObject({ ok: true, value: { until, days } });
  });

  it('counts months by the calendar: one month from 31 January is the end of February', () => {
    expect(parseDueWindow('1m', '2027-01-31')).toMatchObject({ ok: true, value: { until: '2027-02-28' } });
  });

  it.each([['90'], ['d'], ['90x'], ['-5d'], ['1.5m'], [''], ['90 days'], ['12345d']])('refuses %j with the accepted forms', (raw) => {
    const r = parseDueWindow(raw, today);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/for example 90d, 12w or 6m|too far ahead/);
  });

  it('refuses more than two years ahead', () => {
    expect(parseDueWindow('25m', today)).toEqual({ ok: false, error: '"25m" is too far ahead: at most 24 months (730 days).' });
    expect(parseDueWindow('800d', today).ok).toBe(false);
  });
});

describe('dueReason', () => {
  const w = (parseDueWindow('90d', today) as { value: Parameters<typeof dueReason>[1] }).value;
  const draft = (plannedSubmissionDate: string) => ({ status: 'draft' as const, plannedSubmissionDate });
  it.each<[string, DueCandidate, string | undefined]>([
    ['accredited, expires inside the window', { status: 'renewal-due', expiresOn: '2027-01-10' }, 'expires'],
    ['accredited, expires on the last day', { status: 'accredited', expiresOn: '2027-02-21' }, 'expires'],
    ['accredited, expires the day after', { status: 'accredited', expiresOn: '2027-02-22' }, undefined],
    ['expired', { status: 'expired', expiresOn: '2026-10-01' }, 'expired'],
    ['expires today', { status: 'renewal-due', expiresOn: today }, 'expires'],
    ['renewal submitted, waiting on the NHS', { status: 'awaiting-outcome', expiresOn: '2026-12-01' }, undefined],
    ['never accredited, submission planned inside', { status: 'in-progress', current: draft('2027-01-05') }, 'submission-due'],
    ['never accredited, submission date passed', { status: 'in-progress', current: draft('2026-10-05') }, 'submission-due'],
    ['never accredited, submission planned later', { status: 'in-progress', current: draft('2027-06-01') }, undefined],
    [
      'never accredited, signed but not sent',
      { status: 'in-progress', current: { status: 'signed', plannedSubmissionDate: '2026-12-01' } },
      'submission-due',
    ],
    ['no cycle at all', { status: 'not-started' }, undefined],
  ])('%s → %s', (_, c, reason) => {
    expect(dueReason(c, w, today)).toBe(reason);
  });
});
