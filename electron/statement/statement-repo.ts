import type { Db } from '../store/database';

// The owner of the `statement_details` table: the statement form's saved JSON, one row per assessment. The
// service validates it on the way in and out.
export class StatementRepo {
  constructor(private readonly db: Db) {}

  // The stored JSON text, or undefined when nothing was saved.
  detailsJson(assessmentId: string): string | undefined {
    return (this.db.prepare('SELECT json FROM statement_details WHERE assessment_id = ?').get(assessmentId) as { json: string } | undefined)
      ?.json;
  }

  saveDetails(assessmentId: string, json: string, now: string, actor: string): void {
    this.db
      .prepare(
        `INSERT INTO statement_details (assessment_id, json, updated_at, updated_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (assessment_id) DO UPDATE SET json = excluded.json, revision = revision + 1,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(assessmentId, json, now, actor);
  }
}
