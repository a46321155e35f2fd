import { conflict, invalid } from '../backend/app-error';
import type { Clock } from '../backend/ports';
import type { Db } from '../store/database';
import { appendAudit } from '../store/audit-log';
import { AssessmentRepo, type AssessmentRow } from './assessment-repo';

// A renewal started by mistake can be taken back while nothing has been entered in it: what the renewal
// itself copied (answers to re-confirm, last year's evidence links) does not count; an answer saved or
// re-confirmed, a new evidence link, statement details or a sign-off do, and then the cycle stays.

type Row = Pick<AssessmentRow, 'id' | 'client_id' | 'cycle' | 'previous_assessment_id'>;

// What was entered in the cycle, in words; empty when it can be undone.
export function enteredInRenewal(s: { readonly db: Db }, a: Row): string[] {
  if (!a.previous_assessment_id) return ['it is not a renewal'];
  const repo = new AssessmentRepo(s.db);
  const { answers, links, details, signoffs, bundles } = repo.enteredIn(a);
  const later = repo.laterCycles(a.client_id, a.cycle);
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
  new AssessmentRepo(s.db).delete(a.id);
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
