import { effectiveExpiry, renewalStatus, RENEWAL_STATUSES, type RenewalStatus } from './renewal-status';
import type { OutcomeStage } from './outcome';

// The client overview's status header: where the client stands and the one next step, derived from the
// assessments as the backend reports them (blockers from the one readiness model, the outcome from the
// outcome rule, the expiry from the renewal rule). Pure, so the header and its test agree by construction.

export interface CycleFacts {
  id: string;
  cycle: number;
  status: 'draft' | 'ready' | 'signed';
  blockerCount: number;
  accreditedOn?: string;
  expiresOn?: string;
  outcome: { stage: OutcomeStage; summary: string; openFindings: number };
}

type NextActionKind =
  'start-assessment' | 'work-checklist' | 'sign-off' | 'send' | 'fix-findings' | 'await-outcome' | 'start-renewal' | 'new-cycle';

interface NextAction {
  kind: NextActionKind;
  label: string;
  // The assessment the action is about (none for starting the first one).
  assessmentId?: string;
  // Where the button goes, relative to the client's page: a tab or an assessment page.
  target: 'assessments' | 'checklist' | 'sign-off';
}

export interface ClientStatus {
  renewal: RenewalStatus;
  renewalLabel: string;
  // "2026 · Draft", "2026 · Queried — 2 findings to fix", or "No assessment yet".
  stage: string;
  expiresOn?: string;
  daysLeft?: number;
  blockers?: number;
  next: NextAction;
}

// Assessments newest first, as `assessment.list` returns them.
export function clientStatus(cycles: readonly CycleFacts[], today: string): ClientStatus {
  const current = [...cycles].sort((a, b) => b.cycle - a.cycle)[0];
  const accredited = [...cycles].sort((a, b) => b.cycle - a.cycle).find((c) => c.accreditedOn || c.expiresOn);
  const expiry = accredited ? effectiveExpiry({ accreditedOn: accredited.accreditedOn, expiresOn: accredited.expiresOn }, today) : {};
  const stage = current?.outcome.stage;
  const { status, daysLeft } = renewalStatus({
    today,
    expiresOn: expiry.expiresOn,
    currentStatus: current?.status,
    currentSubmitted: stage === 'sent' || stage === 'resubmitted' || stage === 'accredited',
    currentIsAccredited: accredited ? accredited.id === current?.id : undefined,
  });
  const base = { renewal: status, renewalLabel: RENEWAL_STATUSES[status], expiresOn: expiry.expiresOn, daysLeft };
  if (!current)
    return {
      ...base,
      stage: 'No assessment yet',
      next: { kind: 'start-assessment', label: 'Start an assessment', target: 'assessments' },
    };
  const on = { assessmentId: current.id };
  // An accredited cycle's expiry has its own column: the stage says only that it is accredited.
  const signedText = current.outcome.stage === 'accredited' ? 'Accredited' : current.outcome.summary;
  const stageText = current.status === 'signed' ? signedText : current.status === 'ready' ? 'Ready for sign-off' : 'Draft';
  const withStage = { ...base, stage: `${current.cycle} · ${stageText}`, blockers: current.blockerCount };
  const next = ((): NextAction => {
    if (current.status !== 'signed') {
      if (current.blockerCount > 0)
        return {
          kind: 'work-checklist',
          label: `Resolve ${current.blockerCount} blocker${current.blockerCount === 1 ? '' : 's'}`,
          target: 'checklist',
          ...on,
        };
      return { kind: 'sign-off', label: 'Go to sign-off', target: 'sign-off', ...on };
    }
    switch (stage) {
      case 'not-sent':
        return { kind: 'send', label: 'Send the statement and record it', target: 'sign-off', ...on };
      case 'queried':
        return {
          kind: 'fix-findings',
          label: current.outcome.openFindings > 0 ? 'Fix the NHS team’s findings' : 'Record the re-submission',
          target: 'assessments',
          ...on,
        };
      case 'sent':
      case 'resubmitted':
        return { kind: 'await-outcome', label: 'Record the NHS outcome', target: 'assessments', ...on };
      case 'rejected':
        return { kind: 'new-cycle', label: 'Start a new cycle', target: 'assessments', ...on };
      default:
        return { kind: 'start-renewal', label: `Start the ${current.cycle + 1} renewal`, target: 'assessments', ...on };
    }
  })();
  return { ...withStage, next };
}
