import type { Db } from '../store/database';

// The owner of the `bundles` table: one row per exported evidence bundle (the ZIP itself lives under the
// data folder). The service writes the file first and records it here in the export's transaction.

export type BundleRow = {
  id: string;
  reference: string;
  assessment_id: string;
  client_id: string;
  version: number;
  file_name: string;
  file_path: string;
  size: number;
  sha256: string;
  manifest_sha256: string;
  statement_sha256: string;
  sealed: number;
  seal_subject: string | null;
  seal_fingerprint: string | null;
  sample: number;
  draft: number;
  file_count: number;
  assessment_revision: number;
  facts: string;
  created_at: string;
  created_by: string;
};

export class BundleRepo {
  constructor(private readonly db: Db) {}

  get(id: string): BundleRow | undefined {
    return this.db.prepare('SELECT * FROM bundles WHERE id = ?').get(id) as BundleRow | undefined;
  }

  // Newest version first.
  forAssessment(assessmentId: string): BundleRow[] {
    return this.db.prepare('SELECT * FROM bundles WHERE assessment_id = ? ORDER BY version DESC').all(assessmentId) as BundleRow[];
  }

  // The first export that produced this exact file.
  firstWithSha256(sha256: string): BundleRow | undefined {
    return this.db.prepare('SELECT * FROM bundles WHERE sha256 = ? ORDER BY created_at LIMIT 1').get(sha256) as BundleRow | undefined;
  }

  // The assessment's highest bundle version, 0 when none was exported.
  lastVersion(assessmentId: string): number {
    return (
      this.db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM bundles WHERE assessment_id = ?').get(assessmentId) as { v: number }
    ).v;
  }

  insert(r: BundleRow): void {
    this.db
      .prepare(
        `INSERT INTO bundles (id, reference, assessment_id, client_id, version, file_name, file_path, size, sha256, manifest_sha256,
           statement_sha256, sealed, seal_subject, seal_fingerprint, sample, draft, file_count, assessment_revision, facts, created_at, created_by)
         VALUES (@id, @reference, @assessment_id, @client_id, @version, @file_name, @file_path, @size, @sha256, @manifest_sha256,
           @statement_sha256, @sealed, @seal_subject, @seal_fingerprint, @sample, @draft, @file_count, @assessment_revision, @facts, @created_at, @created_by)`,
      )
      .run(r);
  }
}
