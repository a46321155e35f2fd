import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, displayDate, isIsoDate, parseIsoDate, toIsoDate } from './dates';

// The definition isIsoDate replaced: a YYYY-MM-DD string that survives the round trip through Date unchanged.
const roundTrips = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(parseIsoDate(s).getTime()) && toIsoDate(parseIsoDate(s)) === s;

describe('isIsoDate', () => {
  it('agrees with the round trip through Date on every month and day 00–32 of years around each leap rule', () => {
    const years = [0, 1, 4, 100, 400, 1899, 1900, 1904, 1999, 2000, 2023, 2024, 2025, 2026, 2100, 2400, 9999];
    let checked = 0;
    for (const y of years)
      for (let m = 0; m <= 13; m++)
        for (let d = 0; d <= 32; d++) {
          const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          expect(isIsoDate(s), s).toBe(roundTrips(s));
          checked++;
        }
    expect(checked).toBe(17 * 14 * 33);
  });

  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2026-04-31', false],
    ['2026-12-31', true],
    ['2026-1-01', false],
    ['26-01-01', false],
    ['2026-01-01T00:00:00Z', false],
    ['2026-01-01\n', false],
    [' 2026-01-01', false],
    ['２０２６-01-01', false],
    ['', false],
    [undefined, false],
    [20260101, false],
  ])('%j → %s', (s, ok) => {
    expect(isIsoDate(s)).toBe(ok);
  });
});

describe('calendar arithmetic', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-12-05', 12, '2026-12-05'],
  ])('addMonths(%s, %i) = %s', (from, n, to) => {
    expect(addMonths(from, n)).toBe(to);
  });

  it('adds days and counts them across a leap day', () => {
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-11-23', '2026-11-01')).toBe(-22);
  });
});

describe('displayDate', () => {
  it.each([
    ['2025-12-05', '5 Dec 2025'],
    ['2027-11-20', '20 Nov 2027'],
    ['2024-02-29', '29 Feb 2024'],
    ['not a date', 'not a date'],
  ])('%s → %s', (iso, text) => {
    expect(displayDate(iso)).toBe(text);
  });
});
