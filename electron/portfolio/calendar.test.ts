import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, toIcs } from './calendar';

const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

describe('calendar file (RFC 5545)', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b; c', 'a\\, b\\; c'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines\r\nthree', 'two\\nlines\\nthree'],
  ])('escapes text %j', (input, expected) => {
    expect(escapeText(input)).toBe(expected);
  });

  it.each([
    ['short', 'x'.repeat(75), 1],
    ['ascii', 'x'.repeat(200), 3],
    ['multi-byte at the boundary', `${'x'.repeat(74)}—${'y'.repeat(80)}`, 3],
    ['all multi-byte', '“'.repeat(60), 3],
  ])('folds %s lines at 75 octets without splitting a character', (_, line, parts) => {
    const folded = foldLine(line).split('\r\n');
    expect(folded).toHaveLength(parts);
    expect(folded.every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(folded.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(folded.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(line);
  });

  it('writes one all-day event per entry, ending the next day, with a stable UID and an alarm', () => {
    const ics = toIcs(
      [
        { uid: 'expiry-1@dcb1596-workbench', title: 'Expires: Oak, Ash; Elm', date: '2026-12-31', description: 'Line one\nline two' },
        { uid: 'renewal-1@dcb1596-workbench', title: 'Start renewal', date: '2026-02-28', description: 'd' },
      ],
      new Date('2026-11-23T09:05:07.123Z'),
    );
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    const events = unfold(ics).split('BEGIN:VEVENT').slice(1);
    expect(events).toHaveLength(2);
    expect(events[0]).toContain('DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n');
    expect(events[0]).toContain('SUMMARY:Expires: Oak\\, Ash\\; Elm\r\n');
    expect(events[0]).toContain('DESCRIPTION:Line one\\nline two\r\n');
    expect(events[0]).toContain('DTSTAMP:20261123T090507Z\r\n');
    expect(events[0]).toMatch(/BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Expires: Oak\\, Ash\\; Elm\r\nTRIGGER:PT9H\r\nEND:VALARM/);
    expect(events[1]).toContain('DTSTART;VALUE=DATE:20260228\r\nDTEND;VALUE=DATE:20260301\r\n');
    expect(ics).not.toMatch(/DURATION/);
  });

  it('an empty export is still a valid calendar', () => {
    expect(toIcs([], new Date())).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR\r\n$/);
    expect(toIcs([], new Date())).not.toContain('BEGIN:VEVENT');
  });
});
