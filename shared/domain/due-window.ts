import { addDays, addMonths, daysBetween } from './dates';
import type { RenewalStatus } from './renewal-status';

// "Due within 90d / 12w / 6m" for batch renewal runs: which clients need their renewal worked on now.

type DueUnit = 'd' | 'w' | 'm';

export interface DueWindow {
  raw: string;
  amount: number;
  unit: DueUnit;
  // The last day inside the window (inclusive).
  until: string;
  days: number;
}

const UNIT_WORDS: Record<DueUnit, [string, string]> = { d: ['day', 'days'], w: ['week', 'weeks'], m: ['month', 'months'] };
// Two accreditation cycles is the furthest ahead that makes sense to plan.
const MAX_DAYS = 731;

export const DUE_WINDOW_HELP = 'a number followed by d, w or m (days, weeks or months), for example 90d, 12w or 6m';

export function parseDueWindow(raw: string, today: string): { ok: true; value: DueWindow } | { ok: false; error: string } {
  const m = /^\s*(\d{1,4})\s*([dwm])\s*$/i.exec(raw);
  if (!m) return { ok: false, error: `"${raw}" is not a period: use ${DUE_WINDOW_HELP}.` };
  const amount = Number(m[1]);
  const unit = m[2]!.toLowerCase() as DueUnit;
  const until = unit === 'm' ? addMonths(today, amount) : addDays(today, unit === 'w' ? amount * 7 : amount);
  const days = daysBetween(today, until);
  if (days > MAX_DAYS) return { ok: false, error: `"${raw}" is too far ahead: at most 24 months (730 days).` };
  return { ok: true, value: { raw: `${amount}${unit}`, amount, unit, until, days } };
}

export function describeDueWindow(w: DueWindow): string {
  return `${w.amount} ${UNIT_WORDS[w.unit][w.amount === 1 ? 0 : 1]}`;
}

export interface DueCandidate {
  status: RenewalStatus;
  expiresOn?: string;
  current?: { status: 'draft' | 'ready' | 'signed'; plannedSubmissionDate: string };
}

export type DueReason = 'expired' | 'expires' | 'submission-due';

// A client is due when its accreditation expires by the end of the window (or already has), or — never
// accredited — when its current cycle's planned submission falls inside it. A renewal already submitted and
// waiting on the NHS is not due: there is nothing to do but wait.
export function dueReason(c: DueCandidate, w: DueWindow, today: string): DueReason | undefined {
  if (c.status === 'awaiting-outcome') return undefined;
  if (c.expiresOn) {
    if (c.expiresOn < today) return 'expired';
    return c.expiresOn <= w.until ? 'expires' : undefined;
  }
  if (c.current && c.current.plannedSubmissionDate <= w.until) return 'submission-due';
  return undefined;
}
