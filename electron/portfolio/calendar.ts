import { addDays } from '../../shared/domain/dates';

export interface CalendarEvent {
  uid: string;
  title: string;
  date: string; // YYYY-MM-DD, all-day
  description: string;
}

const CALENDAR_NAME = 'DCB1596 renewals and evidence';

// RFC 5545 text for all-day reminder events, with a stable UID per event so re-importing the file updates the
// calendar instead of duplicating entries. Written by hand rather than with the `ics` package: that one folds
// lines by characters instead of octets, leaves alarm text unescaped and writes an invalid `DURATION:P1DT`,
// which strict clients (Outlook) reject.
export function toIcs(events: CalendarEvent[], now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//DCB1596 Workbench//Renewals//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(CALENDAR_NAME)}`,
    ...events.flatMap((e) => [
      'BEGIN:VEVENT',
      `UID:${escapeText(e.uid)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${compactDate(e.date)}`,
      `DTEND;VALUE=DATE:${compactDate(addDays(e.date, 1))}`,
      `SUMMARY:${escapeText(e.title)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
      'TRANSP:TRANSPARENT',
      'X-MICROSOFT-CDO-BUSYSTATUS:FREE',
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `DESCRIPTION:${escapeText(e.title)}`,
      // 09:00 on the day, in the calendar's own time zone.
      'TRIGGER:PT9H',
      'END:VALARM',
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

const compactDate = (isoDate: string) => isoDate.replaceAll('-', '');

// TEXT values (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines are escaped.
export function escapeText(s: string): string {
  return s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}

// Content lines are at most 75 octets (§3.1); continuation lines start with one space. Never split inside a
// UTF-8 sequence (an em dash or a curly quote in a client's name).
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    const limit = out.length === 0 ? 75 : 74;
    if (bytes + n > limit) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += n;
  }
  out.push(current);
  return out.join('\r\n ');
}
