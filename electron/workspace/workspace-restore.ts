import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { RestoreResult } from '../../shared/contract/workspace';
import { conflict, integrity, unavailable } from '../backend/app-error';
import type { EventHub } from '../backend/event-hub';
import type { Db } from '../store/database';
import { formatBytes } from '../../shared/domain/bytes';
import { verifyAudit } from '../store/audit-log';
import { referencedBlobs } from '../store/blob-references';
import { DatabaseRefusedError, openDatabase, schemaVersion } from '../store/database';
import { LATEST_SCHEMA_VERSION } from '../store/migrations';
import { schemaDifferences } from '../store/schema-check';
import { DATABASE_MEMBER, EVIDENCE_PREFIX, type BackupManifest } from './backup-manifest';
import { NOTHING_CHANGED, openBackup } from './backup-reader';
import { ByteProgress } from './progress';
import { describeNonEmpty, isEmptyWorkspace } from './workspace-contents';
import { WorkspaceContentsRepo } from './workspace-contents-repo';
import type { Undo, WorkspaceLifecycle } from './workspace-lifecycle';

// Restoring a backup: check its structure and manifest, extract every member into a private folder inside the
// data folder while checking its SHA-256, open the extracted database on its own (integrity check, refusal of
// newer schemas, the normal migrations for older ones), and only then swap it in — with the backend's database
// handle closed — by renames within one file system. Any failure before or during the swap leaves the data
// folder as it was. A backup is restored only into an empty workspace, so nothing is ever merged or overwritten.

const STAGING_PREFIX = '.restore-';

export function newerSchemaMessage(version: number): string {
  return `This backup was made by a newer version of DCB1596 Workbench (database schema ${version}; this version knows up to ${LATEST_SCHEMA_VERSION}). Update the app on this computer, then restore again. ${NOTHING_CHANGED}`;
}

export function notEmptyMessage(what: string): string {
  return `This workspace already holds ${what}. A backup is restored only into an empty workspace, so nothing is merged or overwritten. Restore into a new data folder instead (npx dcb1596 workspace restore <file> --data-dir <new folder>, then start the app with DCB_DATA_DIR set to that folder). ${NOTHING_CHANGED}`;
}

function assertEmpty(s: { readonly db: Db }): void {
  const tally = new WorkspaceContentsRepo(s.db).tally();
  if (!isEmptyWorkspace(tally)) throw conflict(notEmptyMessage(describeNonEmpty(tally)));
}

export async function restoreBackup(
  s: { readonly db: Db; readonly dataDir: string; readonly events: EventHub },
  lifecycle: WorkspaceLifecycle,
  file: string,
  opts: { operationId?: string } = {},
): Promise<RestoreResult> {
  const backup = await openBackup(file);
  let staging: string | undefined;
  try {
    await removeStaleStaging(s.dataDir, Date.now());
    staging = await mkdtemp(join(s.dataDir, STAGING_PREFIX));
    const { manifest } = backup;
    if (manifest.schemaVersion > LATEST_SCHEMA_VERSION) throw integrity(newerSchemaMessage(manifest.schemaVersion));
    assertEmpty(s);
    await assertDiskSpace(s.dataDir, backup.contentBytes);

    const progress = new ByteProgress(s.events, opts.operationId, 'Restoring the workspace', backup.contentBytes);
    const evidenceDir = join(staging, 'evidence');
    await mkdir(evidenceDir);
    let n = 0;
    for (const f of manifest.files) {
      const target = f.path === DATABASE_MEMBER ? join(staging, DATABASE_MEMBER) : join(evidenceDir, f.path.slice(EVIDENCE_PREFIX.length));
      await backup.extract(f, target, (bytes) => progress.add(bytes, `Checking file ${n + 1} of ${manifest.files.length}`));
      n++;
    }
    backup.close();
    progress.step('Checking the database');
    const checked = checkStagedDatabase(join(staging, DATABASE_MEMBER), manifest);

    progress.step('Replacing the workspace');
    await lifecycle.replaceDatabase({
      // Someone may have added a client while the files were being checked.
      check: (db) => assertEmpty({ db }),
      swap: (dbFile) => swapIn(s.dataDir, staging!, dbFile),
    });
    progress.finish('Workspace restored');
    return {
      clients: checked.clients,
      assessments: checked.assessments,
      evidenceFiles: manifest.counts.evidenceFiles,
      backupCreatedAt: manifest.createdAt,
      backupAppVersion: manifest.appVersion,
      backupSchemaVersion: manifest.schemaVersion,
      schemaVersion: checked.schemaVersion,
      filesVerified: manifest.files.length,
      bytesVerified: backup.contentBytes,
      audit: checked.audit,
      warnings: checked.warnings,
    };
  } finally {
    backup.close();
    if (staging) await rm(staging, { recursive: true, force: true });
  }
}

async function assertDiskSpace(dataDir: string, bytes: number): Promise<void> {
  let free: number;
  try {
    const st = await statfs(dataDir);
    free = st.bavail * st.bsize;
  } catch {
    return; // Not knowable here; a full disk still fails cleanly during extraction.
  }
  const needed = bytes + 64 * 1024 * 1024;
  if (free < needed)
    throw unavailable(
      `There is not enough free disk space to restore this backup: it needs about ${formatBytes(needed)} and ${formatBytes(free)} is free. ${NOTHING_CHANGED}`,
    );
}

interface StagedCheck {
  clients: number;
  assessments: number;
  schemaVersion: number;
  audit: RestoreResult['audit'];
  warnings: string[];
}

// The extracted database matched its hash, so it is byte-for-byte the snapshot that was backed up. Opening it
// here, away from the live workspace, runs the same refusals and migrations the app runs on start.
function checkStagedDatabase(file: string, manifest: BackupManifest): StagedCheck {
  let declared: number;
  try {
    const probe = new Database(file, { readonly: true, fileMustExist: true });
    try {
      declared = probe.pragma('user_version', { simple: true }) as number;
    } finally {
      probe.close();
    }
  } catch (e) {
    throw integrity(`The database in this backup cannot be read (${(e as Error).message}). ${NOTHING_CHANGED}`);
  }
  if (declared > LATEST_SCHEMA_VERSION) throw integrity(newerSchemaMessage(declared));
  if (declared !== manifest.schemaVersion)
    throw integrity(
      `This backup cannot be restored: its manifest says database schema ${manifest.schemaVersion} but the database has ${declared}. ${NOTHING_CHANGED}`,
    );

  let db;
  try {
    // The backup file itself is the copy from before any migration, so no extra .bak here.
    db = openDatabase(file, { backupBeforeMigrate: false });
  } catch (e) {
    if (e instanceof DatabaseRefusedError)
      throw integrity(
        `The database in this backup was refused: ${e.message.replace(file, 'in the backup').replace(/ It has not been changed\..*$/, '')} ${NOTHING_CHANGED}`,
      );
    throw e;
  }
  try {
    const differences = schemaDifferences(db);
    if (differences.length)
      throw integrity(
        `This backup cannot be restored: its database is not laid out the way this version of DCB1596 Workbench lays out a workspace (${differences.slice(0, 5).join('; ')}${differences.length > 5 ? `; and ${differences.length - 5} more` : ''}). ${NOTHING_CHANGED}`,
      );
    const tally = new WorkspaceContentsRepo(db).tally();
    const audit = verifyAudit(db);
    const warnings: string[] = [];
    if (!audit.ok)
      warnings.push(
        `The audit trail has ${audit.problems.length} ${audit.problems.length === 1 ? 'problem' : 'problems'}, exactly as in the workspace that was backed up. Settings › Audit shows where.`,
      );
    const missing = missingEvidence(db, manifest);
    if (missing > 0)
      warnings.push(
        `${missing} evidence ${missing === 1 ? 'file was' : 'files were'} already missing from the workspace that was backed up; the evidence library marks ${missing === 1 ? 'it' : 'them'} as missing.`,
      );
    const altered = manifest.files.filter((f) => f.path.startsWith(EVIDENCE_PREFIX) && f.path.slice(EVIDENCE_PREFIX.length) !== f.sha256);
    if (altered.length > 0)
      warnings.push(
        `${altered.length} evidence ${altered.length === 1 ? 'file was' : 'files were'} already altered in the workspace that was backed up; they were restored as found and show as altered.`,
      );
    return {
      clients: tally.clients,
      assessments: tally.assessments,
      schemaVersion: schemaVersion(db),
      audit: { ok: audit.ok, entriesChecked: audit.entriesChecked, problems: audit.problems.length },
      warnings,
    };
  } finally {
    db.close();
  }
}

// Files the database refers to (store/blob-references.ts) that the backup does not carry.
function missingEvidence(db: Database.Database, manifest: BackupManifest): number {
  const carried = new Set(
    manifest.files.filter((f) => f.path.startsWith(EVIDENCE_PREFIX)).map((f) => f.path.slice(EVIDENCE_PREFIX.length)),
  );
  return [...referencedBlobs(db)].filter((h) => !carried.has(h)).length;
}

// Runs with the backend's database handle closed. Renames within the data folder; if any step fails, the
// renames already done are reversed before the error propagates.
async function swapIn(dataDir: string, staging: string, dbFile: string): Promise<Undo> {
  // The last connection to close a WAL database removes its -wal file: one still here means another process
  // (a second window, the command line) has this workspace open.
  if (existsSync(`${dbFile}-wal`))
    throw unavailable(
      `This workspace is open in another window or in the command line. Close it there, then restore again. ${NOTHING_CHANGED}`,
    );
  const previous = join(staging, 'previous');
  await mkdir(previous);
  const done: [from: string, to: string][] = [];
  const move = async (from: string, to: string) => {
    await rename(from, to);
    done.push([from, to]);
  };
  const undo: Undo = async () => {
    for (const [from, to] of done.splice(0).reverse()) await rename(to, from);
  };
  try {
    const evidence = join(dataDir, 'evidence');
    if (existsSync(evidence)) await move(evidence, join(previous, 'evidence'));
    await move(join(staging, 'evidence'), evidence);
    for (const suffix of ['-shm', '-journal'])
      if (existsSync(dbFile + suffix)) await move(dbFile + suffix, join(previous, DATABASE_MEMBER + suffix));
    if (existsSync(dbFile)) await move(dbFile, join(previous, DATABASE_MEMBER));
    await move(join(staging, DATABASE_MEMBER), dbFile);
  } catch (e) {
    await undo();
    throw e;
  }
  return undo;
}

// Left behind only if the app stopped in the middle of a restore; they never hold the live workspace. Only old
// ones go, so a restore running in another process keeps its folder.
async function removeStaleStaging(dataDir: string, now: number): Promise<void> {
  const names = await readdir(dataDir).catch(() => [] as string[]);
  for (const n of names.filter((x) => x.startsWith(STAGING_PREFIX))) {
    const path = join(dataDir, n);
    const st = await stat(path).catch(() => undefined);
    if (st && now - st.mtimeMs > 24 * 3600 * 1000) await rm(path, { recursive: true, force: true });
  }
}
