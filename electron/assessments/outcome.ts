import { randomUUID } from 'node:crypto';
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

// The stored side of the outcome rule in shared/domain/outcome.ts: read the dates and findings of one
// assessment, apply one event through the shared function, write the dates and findings it returns.

export interface OutcomeRow {
  id: string;
  client_id: string;
  cycle: number;
  status: string;
  submitted_on: string | null;
  accredited_on: string | null;
  expires_on: string | null;
  queried_on: string | null;
  resubmitted_on: string | null;
  rejected_on: string | null;
  rejection_reason: string | null;
}

type FindingRow = { id: string; text: string; resolved: number; created_at: string; resolved_at: string | null };

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

export function outcomeView(s: { readonly db: Db; readonly clock: Clock; actor(): string }, a: OutcomeRow): OutcomeView {
  const rows = s.db.prepare('SELECT * FROM outcome_findings WHERE assessment_id = ? ORDER BY created_at, rowid').all(a.id) as FindingRow[];
  const findings = rows.map((f) => ({
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

const OUTCOME_COLUMNS = `submitted_on = ?, queried_on = ?, resubmitted_on = ?, rejected_on = ?, rejection_reason = ?, accredited_on = ?, expires_on = ?`;

export function recordOutcomeEvent(
  s: { readonly db: Db; readonly clock: Clock; actor(): string },
  a: OutcomeRow,
  event: OutcomeEvent,
): void {
  if (a.status !== 'signed') throw conflict(`Record the outcome after both sign-offs: the ${a.cycle} assessment is not signed yet.`);
  const now = s.clock.now().toISOString();
  const before = outcomeDates(a);
  const open = (
    s.db.prepare('SELECT COUNT(*) AS n FROM outcome_findings WHERE assessment_id = ? AND resolved = 0').get(a.id) as { n: number }
  ).n;
  const r = applyOutcome(before, event, { today: toIsoDate(s.clock.now()), openFindings: open });
  if (!r.ok) throw invalid(r.error, r.field ? [{ path: `event.${r.field}`, message: r.error }] : undefined);
  const d = r.dates;
  s.db
    .prepare(`UPDATE assessments SET ${OUTCOME_COLUMNS}, revision = revision + 1, updated_at = ? WHERE id = ?`)
    .run(
      d.submittedOn ?? null,
      d.queriedOn ?? null,
      d.resubmittedOn ?? null,
      d.rejectedOn ?? null,
      d.rejectionReason ?? null,
      d.accreditedOn ?? null,
      d.expiresOn ?? null,
      now,
      a.id,
    );
  const added = event.kind === 'query' ? event.findings.map((t) => t.trim()).filter(Boolean) : [];
  // A query adds the NHS team's findings (earlier ones were all fixed before re-submitting, and stay as history);
  // clearing the outcome removes them with the dates.
  if (event.kind === 'clear') s.db.prepare('DELETE FROM outcome_findings WHERE assessment_id = ?').run(a.id);
  const insert = s.db.prepare('INSERT INTO outcome_findings (id, assessment_id, text, created_at) VALUES (?, ?, ?, ?)');
  for (const text of added) insert.run(randomUUID(), a.id, text, now);
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

export function resolveOutcomeFinding(
  s: { readonly db: Db; readonly clock: Clock; actor(): string },
  a: OutcomeRow,
  findingId: string,
  resolved: boolean,
): void {
  const f = s.db.prepare('SELECT * FROM outcome_findings WHERE id = ? AND assessment_id = ?').get(findingId, a.id) as
    FindingRow | undefined;
  if (!f) throw notFound('The finding');
  if (outcomeStage(outcomeDates(a)) !== 'queried')
    throw conflict('Findings can only be marked while the statement is queried and not yet re-submitted.');
  if ((f.resolved === 1) === resolved) return;
  const now = s.clock.now().toISOString();
  s.db.prepare('UPDATE outcome_findings SET resolved = ?, resolved_at = ? WHERE id = ?').run(resolved ? 1 : 0, resolved ? now : null, f.id);
  s.db.prepare('UPDATE assessments SET revision = revision + 1, updated_at = ? WHERE id = ?').run(now, a.id);
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
