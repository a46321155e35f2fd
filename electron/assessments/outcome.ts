import type { OutcomeView } from '../../shared/contract/assessments';
import { toIsoDate } from '../../shared/domain/dates';
import {
  OUTCOME_EVENT_LABELS,
  OUTCOME_TRANSITIONS,
  applyOutcome,
  outcomeStage,
  outcomeSummary,
  type OutcomeDates,
  type OutcomeEvent,
} from '../../shared/domain/outcome';
import { conflict, invalid, notFound } from '../backend/app-error';
import type { Clock } from '../backend/ports';
import type { Db } from '../store/database';
import { appendAudit, diffRecords } from '../store/audit-log';
import { AssessmentRepo, type AssessmentRow } from './assessment-repo';

// Outcomes are written with an audit entry, so they need the clock and the actor beside the database.
type OutcomeDeps = { readonly db: Db; readonly clock: Clock; actor(): string };

// The stored side of the outcome rule in shared/domain/outcome.ts: read the dates and findings of one
// assessment, apply one event through the shared function, write the dates and findings it returns.

type OutcomeRow = Pick<
  AssessmentRow,
  | 'id'
  | 'client_id'
  | 'cycle'
  | 'status'
  | 'submitted_on'
  | 'accredited_on'
  | 'expires_on'
  | 'queried_on'
  | 'resubmitted_on'
  | 'rejected_on'
  | 'rejection_reason'
>;

const u = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

function outcomeDates(a: OutcomeRow): OutcomeDates {
  return {
    submittedOn: u(a.submitted_on),
    queriedOn: u(a.queried_on),
    resubmittedOn: u(a.resubmitted_on),
    rejectedOn: u(a.rejected_on),
    rejectionReason: u(a.rejection_reason),
    accreditedOn: u(a.accredited_on),
    expiresOn: u(a.expires_on),
  };
}

export function outcomeView(s: Pick<OutcomeDeps, 'db'>, a: OutcomeRow): OutcomeView {
  const findings = new AssessmentRepo(s.db).outcomeFindings(a.id).map((f) => ({
    id: f.id,
    text: f.text,
    resolved: f.resolved === 1,
    createdAt: f.created_at,
    resolvedAt: u(f.resolved_at),
  }));
  const open = findings.filter((f) => !f.resolved).length;
  const dates = outcomeDates(a);
  const stage = outcomeStage(dates);
  return {
    stage,
    summary: outcomeSummary(dates, open),
    queriedOn: dates.queriedOn,
    resubmittedOn: dates.resubmittedOn,
    rejectedOn: dates.rejectedOn,
    rejectionReason: dates.rejectionReason,
    findings,
    openFindings: open,
    // Nothing moves before both sign-offs.
    allowed: a.status === 'signed' ? [...OUTCOME_TRANSITIONS[stage]] : [],
  };
}

export function recordOutcomeEvent(s: OutcomeDeps, a: OutcomeRow, event: OutcomeEvent): void {
  if (a.status !== 'signed') throw conflict(`Record the outcome after both sign-offs: the ${a.cycle} assessment is not signed yet.`);
  const now = s.clock.now().toISOString();
  const before = outcomeDates(a);
  const repo = new AssessmentRepo(s.db);
  const open = repo.openOutcomeFindings(a.id);
  const r = applyOutcome(before, event, { today: toIsoDate(s.clock.now()), openFindings: open });
  if (!r.ok) throw invalid(r.error, r.field ? [{ path: `event.${r.field}`, message: r.error }] : undefined);
  const d = r.dates;
  repo.setOutcomeDates(a.id, d, now);
  const added = event.kind === 'query' ? event.findings.map((t) => t.trim()).filter(Boolean) : [];
  // A query adds the NHS team's findings (earlier ones were all fixed before re-submitting, and stay as history);
  // clearing the outcome removes them with the dates.
  if (event.kind === 'clear') repo.clearOutcomeFindings(a.id);
  repo.addOutcomeFindings(a.id, added, now);
  appendAudit(s.db, {
    chain: a.client_id,
    actor: s.actor(),
    at: now,
    action: 'assessment.outcome',
    entityType: 'assessment',
    entityId: a.id,
    summary: `${a.cycle}: ${OUTCOME_EVENT_LABELS[event.kind].toLowerCase()}${'on' in event ? ` on ${event.on}` : ''}${
      added.length ? ` with ${added.length} finding${added.length === 1 ? '' : 's'} to fix` : ''
    }${event.kind === 'reject' ? ` — ${event.reason.trim()}` : ''}`,
    changes: [...diffRecords({ ...before }, { ...d }), ...(added.length ? [{ field: 'findings', from: null, to: added }] : [])],
  });
}

export function resolveOutcomeFinding(s: OutcomeDeps, a: OutcomeRow, findingId: string, resolved: boolean): void {
  const repo = new AssessmentRepo(s.db);
  const f = repo.outcomeFinding(a.id, findingId);
  if (!f) throw notFound('The finding');
  if (outcomeStage(outcomeDates(a)) !== 'queried')
    throw conflict('Findings can only be marked while the statement is queried and not yet re-submitted.');
  if ((f.resolved === 1) === resolved) return;
  const now = s.clock.now().toISOString();
  repo.setOutcomeFindingResolved(f.id, resolved ? now : null);
  repo.bumpRevision(a.id, now);
  appendAudit(s.db, {
    chain: a.client_id,
    actor: s.actor(),
    at: now,
    action: 'assessment.outcomeFinding',
    entityType: 'assessment',
    entityId: a.id,
    summary: `${a.cycle}: NHS finding ${resolved ? 'fixed' : 'reopened'} — ${f.text}`,
    changes: [{ field: 'resolved', from: f.resolved === 1, to: resolved }],
  });
}
