import { conflict, invalid } from '../backend/app-error';
import type { Clock } from '../backend/ports';
import type { Db } from '../store/database';
import { appendAudit } from '../store/audit-log';

// A renewal started by mistake can be taken back while nothing has been entered in it: what the renewal
// itself copied (answers to re-confirm, last year's evidence links) does not count; an answer saved or
// re-confirmed, a new evidence link, statement details or a sign-off do, and then the cycle stays.

interface Row {
  id: string;
  client_id: string;
  cycle: number;
  previous_assessment_id: string | null;
}

// What was entered in the cycle, in words; empty when it can be undone.
export function enteredInRenewal(s: { readonly db: Db; readonly clock: Clock; actor(): string }, a: Row): string[] {
  if (!a.previous_assessment_id) return ['it is not a renewal'];
  const n = (sql: string, ...args: unknown[]) => (s.db.prepare(sql).get(...args) as { n: number }).n;
  const answers = n('SELECT COUNT(*) AS n FROM responses WHERE assessment_id = ? AND carried_from IS NULL', a.id);
  const links = n(
    `SELECT COUNT(*) AS n FROM evidence_links l WHERE l.assessment_id = ? AND NOT EXISTS (
       SELECT 1 FROM evidence_links p WHERE p.assessment_id = ? AND p.evidence_id = l.evidence_id AND p.requirement_id = l.requirement_id)`,
    a.id,
    a.previous_assessment_id,
  );
  const details = n('SELECT COUNT(*) AS n FROM statement_details WHERE assessment_id = ?', a.id);
  const signoffs = n('SELECT COUNT(*) AS n FROM signoffs WHERE assessment_id = ?', a.id);
  const bundles = n('SELECT COUNT(*) AS n FROM bundles WHERE assessment_id = ?', a.id);
  const later = n('SELECT COUNT(*) AS n FROM assessments WHERE client_id = ? AND cycle > ?', a.client_id, a.cycle);
  const word = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
  return [
    answers && word(answers, 'answer'),
    links && word(links, 'new evidence link'),
    details && 'statement details',
    signoffs && word(signoffs, 'sign-off'),
    bundles && word(bundles, 'exported bundle'),
    later && 'a later cycle exists',
  ].filter((x): x is string => Boolean(x));
}

export function undoRenewal(
  s: { readonly db: Db; readonly clock: Clock; actor(): string },
  a: Row,
): { clientId: string; cycle: number; previousAssessmentId: string } {
  if (!a.previous_assessment_id) throw invalid(`The ${a.cycle} assessment is not a renewal, so there is nothing to undo.`);
  const entered = enteredInRenewal(s, a);
  if (entered.length)
    throw conflict(`The ${a.cycle} renewal cannot be undone: work has been entered in it (${entered.join(', ')}). Nothing was deleted.`);
  const now = s.clock.now().toISOString();
  // Cascades remove the copied answers and evidence links; the evidence items themselves stay with the client.
  s.db.prepare('DELETE FROM assessments WHERE id = ?').run(a.id);
  appendAudit(s.db, {
    chain: a.client_id,
    actor: s.actor(),
    at: now,
    action: 'assessment.renewalUndone',
    entityType: 'assessment',
    entityId: a.id,
    summary: `Undid the ${a.cycle} renewal before anything was entered in it`,
    changes: [{ field: 'cycle', from: a.cycle, to: null }],
  });
  return { clientId: a.client_id, cycle: a.cycle, previousAssessmentId: a.previous_assessment_id };
}
