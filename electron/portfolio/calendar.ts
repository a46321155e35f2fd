import { createEvents, type EventAttributes } from 'ics';

export interface CalendarEvent {
  uid: string;
  title: string;
  date: string; // YYYY-MM-DD, all-day
  description: string;
}

// RFC 5545 text for all-day reminder events, with a stable UID per event so re-importing the file
// updates the calendar instead of duplicating entries.
export function toIcs(events: CalendarEvent[], now: Date): string {
  if (events.length === 0)
    return 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:dcb1596-workbench\r\nX-WR-CALNAME:DCB1596 renewals\r\nEND:VCALENDAR\r\n';
  const stamp: [number, number, number, number, number] = [
    now.getUTCFullYear(),
    now.getUTCMonth() + 1,
    now.getUTCDate(),
    now.getUTCHours(),
    now.getUTCMinutes(),
  ];
  const attrs: EventAttributes[] = events.map((e) => {
    const [y, m, d] = e.date.split('-').map(Number) as [number, number, number];
    return {
      uid: e.uid,
      title: e.title,
      description: e.description,
      start: [y, m, d],
      duration: { days: 1 },
      transp: 'TRANSPARENT',
      busyStatus: 'FREE',
      created: stamp,
      lastModified: stamp,
      alarms: [{ action: 'display', description: e.title, trigger: { hours: 9, before: false } }],
    };
  });
  const { error, value } = createEvents(attrs, { productId: 'dcb1596-workbench', calName: 'DCB1596 renewals' });
  if (error || !value) throw new Error(`Could not build the calendar: ${error?.message ?? 'unknown error'}`);
  return value;
}
