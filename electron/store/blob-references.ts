import type { Db } from './database';

// Every table column that names a file in the blob store (evidence/blob-store.ts) by its SHA-256. The one
// list that deciding "is this blob still used" (removing a file an import or a sign-off no longer needs) and
// "which files must a backup carry" (workspace-restore.ts) both read. blob-references.test.ts fails when a
// column ending in sha256 is neither here nor in its list of hashes that name no blob.
export const BLOB_REFERENCES = [
  { table: 'evidence_versions', column: 'sha256' },
  { table: 'probe_runs', column: 'snapshot_sha256' },
  { table: 'signoffs', column: 'signature_sha256' },
  // The Exchange script file a tenant probe was given (tenant/exchange-script.ts).
  { table: 'tenant_exchange_imports', column: 'sha256' },
  // The NHS accredited list file as imported (probes/domain/accredited-list-service.ts).
  { table: 'accredited_lists', column: 'sha256' },
] as const;

const IN_USE_SQL = `${BLOB_REFERENCES.map((r) => `SELECT 1 FROM ${r.table} WHERE ${r.column} = @sha`).join(' UNION ALL ')} LIMIT 1`;

// Whether any row still refers to this blob.
export function blobInUse(db: Db, sha256: string): boolean {
  return !!db.prepare(IN_USE_SQL).get({ sha: sha256 });
}

// Every blob the rows refer to. A table the database does not have (an older backup's schema) adds nothing.
export function referencedBlobs(db: Db): Set<string> {
  const referenced = new Set<string>();
  for (const r of BLOB_REFERENCES) {
    let rows: { sha256: string | null }[];
    try {
      rows = db.prepare(`SELECT DISTINCT ${r.column} AS sha256 FROM ${r.table}`).all() as { sha256: string | null }[];
    } catch {
      continue;
    }
    for (const row of rows) if (row.sha256) referenced.add(row.sha256);
  }
  return referenced;
}
