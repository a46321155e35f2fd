import type { Clock } from '../backend/ports';
import { appendAudit } from './audit-log';
import type { Db } from './database';

// Migration 0009 merged facts that used to be entered twice (statement details and checklist) into the
// checklist, keeping the value entered last. SQL cannot extend the audit hash chain, so the migration lists
// each merge in fact_merges and this records them, one audit entry per assessment, then clears the list, in
// one IMMEDIATE transaction. Runs each time the database is opened; a no-op once the list is empty.

type MergeRow = {
  assessment_id: string;
  requirement_id: string;
  field: string;
  checklist_value: string | null;
  details_value: string;
  kept: 'checklist' | 'details';
  client_id: string | null;
  cycle: number | null;
};

export function recordFactMerges(db: Db, clock: Clock): number {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fact_merges'").get();
  if (!hasTable) return 0;
  // Nothing pending (every open after the first): no write transaction, so opening changes no byte.
  if (!db.prepare('SELECT 1 FROM fact_merges LIMIT 1').get()) return 0;
  return db
    .transaction(() => {
      const rows = db
        .prepare(
          `SELECT m.assessment_id, m.requirement_id, m.field, m.checklist_value, m.details_value, m.kept, a.client_id, a.cycle
         FROM fact_merges m LEFT JOIN assessments a ON a.id = m.assessment_id ORDER BY m.id`,
        )
        .all() as MergeRow[];
      const byAssessment = new Map<string, MergeRow[]>();
      for (const r of rows) byAssessment.set(r.assessment_id, [...(byAssessment.get(r.assessment_id) ?? []), r]);
      const at = clock.now().toISOString();
      for (const [assessmentId, merges] of byAssessment) {
        const first = merges[0]!;
        if (!first.client_id) continue;
        const kept = (m: MergeRow) => (m.kept === 'details' ? m.details_value : m.checklist_value);
        appendAudit(db, {
          chain: first.client_id,
          actor: 'DCB1596 Workbench (migration 0009)',
          at,
          action: 'statement.facts-merged',
          entityType: 'assessment',
          entityId: assessmentId,
          summary: `${first.cycle}: ${merges.length} fact${merges.length === 1 ? ' was' : 's were'} entered both in the statement details and in the checklist; each is now kept once, in the checklist, with the value entered last (${merges
            .map((m) => `${m.requirement_id} ${m.field}: ${kept(m)}`)
            .slice(0, 6)
            .join('; ')}${merges.length > 6 ? '…' : ''})`,
          changes: merges.map((m) => ({
            field: `${m.requirement_id}.${m.field}`,
            from: m.kept === 'details' ? m.checklist_value : m.details_value,
            to: kept(m),
          })),
        });
      }
      db.prepare('DELETE FROM fact_merges').run();
      return rows.length;
    })
    .immediate();
}
