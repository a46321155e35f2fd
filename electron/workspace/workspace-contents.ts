import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

// What a workspace holds, counted the same way for the live database, a backup's snapshot and a restore target.

export interface WorkspaceTally {
  clients: number;
  assessments: number;
  loadedCatalogues: number;
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
