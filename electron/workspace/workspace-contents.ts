import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../store/database';

// What a workspace holds, counted the same way for the live database, a backup's snapshot and a restore target.

export interface WorkspaceTally {
  clients: number;
  assessments: number;
  loadedCatalogues: number;
}

const count = (db: Db, sql: string): number => (db.prepare(sql).get() as { n: number }).n;

export function tallyWorkspace(db: Db): WorkspaceTally {
  return {
    // Archived clients count: they are work too.
    clients: count(db, 'SELECT COUNT(*) AS n FROM clients'),
    assessments: count(db, 'SELECT COUNT(*) AS n FROM assessments'),
    loadedCatalogues: count(db, "SELECT COUNT(*) AS n FROM catalogues WHERE source <> 'built-in'"),
  };
}

export function isEmptyWorkspace(t: WorkspaceTally): boolean {
  return t.clients === 0 && t.assessments === 0 && t.loadedCatalogues === 0;
}

export function describeNonEmpty(t: WorkspaceTally): string {
  const parts = [
    t.clients ? `${t.clients} ${t.clients === 1 ? 'client' : 'clients'}` : '',
    t.assessments ? `${t.assessments} ${t.assessments === 1 ? 'assessment' : 'assessments'}` : '',
    t.loadedCatalogues ? `${t.loadedCatalogues} loaded requirement ${t.loadedCatalogues === 1 ? 'catalogue' : 'catalogues'}` : '',
  ].filter(Boolean);
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : (parts[0] ?? 'nothing');
}

const SHA256_NAME = /^[0-9a-f]{64}$/;

export interface StoredFile {
  name: string;
  path: string;
  size: number;
}

// The content-addressed store's files (evidence/<sha256>), skipping its temp folder and anything else.
export async function listEvidenceFiles(dir: string): Promise<StoredFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const files: StoredFile[] = [];
  for (const name of names.filter((n) => SHA256_NAME.test(n)).sort()) {
    const path = join(dir, name);
    const st = await stat(path);
    if (st.isFile()) files.push({ name, path, size: st.size });
  }
  return files;
}
