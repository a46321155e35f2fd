// Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC so the answer never depends on the laptop's zone.

function parseIsoDate(d: string): Date {
  return new Date(`${d}T00:00:00Z`);
}

export function toIsoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addMonths(isoDate: string, months: number): string {
  const d = parseIsoDate(isoDate);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return toIsoDate(d);
}

export function addDays(isoDate: string, days: number): string {
  const d = parseIsoDate(isoDate);
  d.setUTCDate(d.getUTCDate() + days);
  return toIsoDate(d);
}

export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((parseIsoDate(toIso).getTime() - parseIsoDate(fromIso).getTime()) / 86_400_000);
}

export function isIsoDate(s: unknown): s is string {
  return (
    typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(parseIsoDate(s).getTime()) && toIsoDate(parseIsoDate(s)) === s
  );
}

// The one calendar-month rule (pen test / ITHC, ISO 27001 audit, DSPT, evidence freshness): a date counts
// from that day until the same day `months` later, inclusive (a 29 February counts until 28 February the
// next year). Date-only: time of day and time zone never enter, so 00:00 and 23:59 UTC, or BST, agree.
export function lastDayWithinMonths(isoDate: string, months: number): string {
  return addMonths(isoDate, months);
}

export function isWithinCalendarMonths(isoDate: string, asOf: string, months: number): boolean {
  return isoDate <= asOf && asOf <= lastDayWithinMonths(isoDate, months);
}

// The calendar date (UTC) of an instant or a date, so a sign-off at 23:59 BST and one at 00:30 UTC the
// same night are judged on the date the statement prints.
export function utcDateOf(instantOrDate: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(instantOrDate)) return instantOrDate;
  const t = Date.parse(instantOrDate);
  return Number.isNaN(t) ? instantOrDate.slice(0, 10) : new Date(t).toISOString().slice(0, 10);
}
