import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BLOB_REFERENCES, blobInUse, referencedBlobs } from './blob-references';
import { openDatabase, type Db } from './database';
import { tempDir } from '../../test/support/temp-backend';

// Hash columns that name no file in the blob store: the catalogue's JSON (kept in the row), an exported
// bundle's archive, manifest and statement (the ZIP lives under bundles/, not among the blobs), and each
// migration's checksum.
const NOT_BLOBS = [
  'catalogues.sha256',
  'bundles.sha256',
  'bundles.manifest_sha256',
  'bundles.statement_sha256',
  'schema_migrations.sha256',
];

const open: Db[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));
const fresh = () => {
  const db = openDatabase(join(tempDir(), 'workspace.sqlite'));
  open.push(db);
  return db;
};

describe('the blob references (store/blob-references.ts)', () => {
  it('name every column of the schema that holds a SHA-256, apart from the hashes that name no blob', () => {
    const db = fresh();
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    const hashColumns = tables.flatMap((t) =>
      (db.pragma(`table_info(${t})`) as { name: string }[]).filter((c) => c.name.endsWith('sha256')).map((c) => `${t}.${c.name}`),
    );
    const listed = BLOB_REFERENCES.map((r) => `${r.table}.${r.column}`);
    expect([...listed, ...NOT_BLOBS].sort()).toEqual(hashColumns.sort());
  });

  it('find a blob through any of them, and nothing for a blob no row names', () => {
    const db = fresh();
    const sha = 'a'.repeat(64);
    expect(blobInUse(db, sha)).toBe(false);
    db.prepare(
      `INSERT INTO accredited_lists (id, file_name, imported_at, sha256, encoding, row_count, domain_count, skipped_count, columns)
       VALUES ('l1', 'list.csv', '2026-01-01', ?, 'utf-8', 0, 0, 0, '[]')`,
    ).run(sha);
    expect(blobInUse(db, sha)).toBe(true);
    expect([...referencedBlobs(db)]).toEqual([sha]);
  });
});
