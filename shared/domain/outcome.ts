import { addMonths, displayDate } from './dates';

// What happened to a signed statement after it went to the NHS secure email team (the care-sector guide's
// step 4: the team may query it, the provider rectifies the findings and re-submits; or it is accredited or
// rejected). One rule: the stages and the moves between them are the data below, and `applyOutcome` is the
// only function that moves an assessment from one stage to the next. The backend stores the dates it returns.

export const OUTCOME_STAGES = {
  'not-sent': 'Not sent yet',
  sent: 'Sent, awaiting the NHS outcome',
  queried: 'Queried by the NHS team',
  resubmitted: 'Re-submitted, awaiting the NHS outcome',
  rejected: 'Rejected',
  accredited: 'Accredited',
} as const;
export type OutcomeStage = keyof typeof OUTCOME_STAGES;

export type OutcomeEventKind = 'send' | 'query' | 'resubmit' | 'reject' | 'accredit' | 'clear';

export const OUTCOME_EVENT_LABELS: Record<OutcomeEventKind, string> = {
  send: 'Sent to the NHS team',
  query: 'Queried by the NHS team',
  resubmit: 'Re-submitted',
  reject: 'Rejected',
  accredit: 'Accredited',
  clear: 'Clear the outcome',
};

// Which moves each stage allows. "clear" puts a mistaken record right (the audit log keeps what it was).
export const OUTCOME_TRANSITIONS: Record<OutcomeStage, readonly OutcomeEventKind[]> = {
  'not-sent': ['send'],
  sent: ['query', 'accredit', 'reject', 'clear'],
  queried: ['resubmit', 'reject', 'clear'],
  resubmitted: ['query', 'accredit', 'reject', 'clear'],
  rejected: ['clear'],
  accredited: ['clear'],
};

// Accreditation is valid for one year from the day it is granted (annual re-accreditation, catalogue source S4).
const ACCREDITATION_MONTHS = 12;
const accreditationExpiry = (accreditedOn: string): string => addMonths(accreditedOn, ACCREDITATION_MONTHS);

export interface OutcomeDates {
  submittedOn?: string;
  queriedOn?: string;
  resubmittedOn?: string;
  rejectedOn?: string;
  rejectionReason?: string;
  accreditedOn?: string;
  expiresOn?: string;
}

export type OutcomeEvent =
  | { kind: 'send'; on: string }
  | { kind: 'query'; on: string; findings: string[] }
  | { kind: 'resubmit'; on: string }
  | { kind: 'reject'; on: string; reason: string }
  | { kind: 'accredit'; on: string }
  | { kind: 'clear' };

export function outcomeStage(d: OutcomeDates): OutcomeStage {
  if (d.accreditedOn) return 'accredited';
  if (d.rejectedOn) return 'rejected';
  if (d.resubmittedOn && (!d.queriedOn || d.resubmittedOn >= d.queriedOn)) return 'resubmitted';
  if (d.queriedOn) return 'queried';
  if (d.submittedOn) return 'sent';
  return 'not-sent';
}

// The date the current stage began: a later event cannot be dated before it.
function stageDate(d: OutcomeDates): string | undefined {
  return d.accreditedOn ?? d.rejectedOn ?? [d.submittedOn, d.queriedOn, d.resubmittedOn].filter(Boolean).sort().at(-1);
}

export type OutcomeResult = { ok: true; dates: OutcomeDates; stage: OutcomeStage } | { ok: false; field?: string; error: string };

export interface OutcomeContext {
  today: string;
  // Findings from the NHS team's query still open: the statement cannot be re-submitted until each is fixed.
  openFindings: number;
}

export function applyOutcome(current: OutcomeDates, e: OutcomeEvent, ctx: OutcomeContext): OutcomeResult {
  const stage = outcomeStage(current);
  if (!OUTCOME_TRANSITIONS[stage].includes(e.kind))
    return {
      ok: false,
      error: `${OUTCOME_EVENT_LABELS[e.kind]} is not possible now: the statement is ${OUTCOME_STAGES[stage].toLowerCase()}.`,
    };
  if (e.kind === 'clear') return { ok: true, dates: {}, stage: 'not-sent' };
  if (e.on > ctx.today) return { ok: false, field: 'on', error: `The date cannot be after today (${ctx.today}).` };
  const since = stageDate(current);
  if (since && e.on < since) return { ok: false, field: 'on', error: `The date cannot be before the previous step (${since}).` };
  switch (e.kind) {
    case 'send':
      return { ok: true, dates: { submittedOn: e.on }, stage: 'sent' };
    case 'query':
      if (e.findings.length === 0) return { ok: false, field: 'findings', error: 'List at least one finding from the NHS team.' };
      return { ok: true, dates: { ...current, queriedOn: e.on, resubmittedOn: undefined }, stage: 'queried' };
    case 'resubmit':
      if (ctx.openFindings > 0)
        return {
          ok: false,
          field: 'findings',
          error: `${ctx.openFindings} finding${ctx.openFindings === 1 ? '' : 's'} from the NHS team still to fix before re-submitting.`,
        };
      return { ok: true, dates: { ...current, resubmittedOn: e.on }, stage: 'resubmitted' };
    case 'reject':
      if (!e.reason.trim()) return { ok: false, field: 'reason', error: 'Give the reason the NHS team gave.' };
      return { ok: true, dates: { ...current, rejectedOn: e.on, rejectionReason: e.reason.trim() }, stage: 'rejected' };
    case 'accredit':
      return { ok: true, dates: { ...current, accreditedOn: e.on, expiresOn: accreditationExpiry(e.on) }, stage: 'accredited' };
  }
}

// One line for the assessment card and the portfolio, e.g. "Queried — 2 findings to fix".
export function outcomeSummary(d: OutcomeDates, openFindings: number): string {
  const stage = outcomeStage(d);
  switch (stage) {
    case 'queried':
      return openFindings > 0
        ? `Queried — ${openFindings} finding${openFindings === 1 ? '' : 's'} to fix`
        : 'Queried — all findings fixed, ready to re-submit';
    case 'rejected':
      return `Rejected${d.rejectionReason ? ` — ${d.rejectionReason}` : ''}`;
    case 'accredited':
      return `Accredited, valid until ${displayDate(d.expiresOn ?? accreditationExpiry(d.accreditedOn!))}`;
    default:
      return OUTCOME_STAGES[stage];
  }
}
