// Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC so the answer never depends on the laptop's zone.

export function parseIsoDate(d: string): Date {
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

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// A real calendar day written YYYY-MM-DD (proleptic Gregorian, as Date counts). Plain arithmetic, no Date
// objects: the portfolio checks a few dates per client on every visit (issue 19), and dates.test.ts holds it
// to the round trip through Date that it replaces.
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
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

// How the app shows a calendar date, e.g. "5 Dec 2025" (en-GB, as renderer/src/format.ts shows every date),
// for text the backend writes for the screen, such as the outcome summary. In UTC, so a date-only value
// never moves a day with the computer's time zone. Anything that is not a date is returned as it is.
let displayFormat: Intl.DateTimeFormat | undefined;
export function displayDate(isoDate: string): string {
  if (!isIsoDate(isoDate)) return isoDate;
  displayFormat ??= new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return displayFormat.format(parseIsoDate(isoDate));
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// "2 March 2026": the long form the PDFs and the client-facing needs list use (displayDate is the screens' short form),
// from YYYY-MM-DD or a timestamp.
export function formatDate(isoDateOrTime: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(utcDateOf(isoDateOrTime));
  if (!m) return isoDateOrTime;
  const month = MONTHS[Number(m[2]) - 1];
  return month ? `${Number(m[3])} ${month} ${m[1]}` : isoDateOrTime;
}
