import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { EventHub } from '../backend/event-hub';
import type { BackendPorts, Clock } from '../backend/ports';
import type { BlobStore } from '../evidence/blob-store';
import type { TransferStore } from '../files/transfer-store';
import type { Db } from '../store/database';
import { createAtomicFile } from '../files/atomic-write';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  DATABASE_MEMBER,
  EVIDENCE_PREFIX,
  MANIFEST_NAME,
  sealManifest,
  type BackupManifest,
  type ManifestFile,
} from './backup-manifest';
import { ByteProgress } from './progress';
import { listEvidenceFiles } from './workspace-contents';
import { WorkspaceContentsRepo } from './workspace-contents-repo';

// A workspace backup is one ZIP: a consistent snapshot of the database, every file of the content-addressed
// evidence store, and backup-manifest.json (written last, once every member's hash is known). Logs,
// transfers and secrets stay behind: sign-ins are encrypted for this computer and cannot move.

export interface BackupSummary {
  manifest: BackupManifest;
  size: number;
  warnings: string[];
}

// What a backup reads: the database, the evidence folder, and scratch space for the snapshot.
export interface BackupDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly blobs: Pick<BlobStore, 'dir'>;
  readonly events: EventHub;
  readonly ports: Pick<BackendPorts, 'appVersion'>;
  readonly transfers: Pick<TransferStore, 'scratchPath'>;
}

export async function writeBackup(s: BackupDeps, target: string, opts: { operationId?: string } = {}): Promise<BackupSummary> {
  const snapshot = await s.transfers.scratchPath('workspace-snapshot.sqlite');
  try {
    // better-sqlite3's online backup copies a consistent state while the app keeps working (a write from another
    // connection restarts the copy; writes on ours are carried into it).
    await s.db.backup(snapshot);
    const info = finishSnapshot(snapshot);
    const evidence = await listEvidenceFiles(s.blobs.dir);
    const snapshotSize = (await stat(snapshot)).size;
    const total = snapshotSize + evidence.reduce((n, f) => n + f.size, 0);
    const progress = new ByteProgress(s.events, opts.operationId, 'Backing up the workspace', total);
    progress.step('Database snapshot taken');

    const members = [
      { name: DATABASE_MEMBER, path: snapshot, size: snapshotSize, compress: true },
      ...evidence.map((f) => ({ name: `${EVIDENCE_PREFIX}${f.name}`, path: f.path, size: f.size, compress: false })),
    ];
    const written = await zipMembers(target, members, progress, (hashed) =>
      sealManifest({
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        appVersion: s.ports.appVersion,
        schemaVersion: info.schemaVersion,
        createdAt: s.clock.now().toISOString(),
        counts: { clients: info.clients, assessments: info.assessments, evidenceFiles: evidence.length },
        files: hashed,
      }),
    );
    progress.finish(`Backup written: ${written.manifest.files.length} files`);
    return { ...written, warnings: altered(written.manifest.files) };
  } finally {
    await rm(snapshot, { force: true });
  }
}

// A snapshot copied from a WAL database is marked WAL too; a backup should be one self-contained file.
function finishSnapshot(file: string) {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = DELETE');
    const tally = new WorkspaceContentsRepo(db).tally();
    return { ...tally, schemaVersion: db.pragma('user_version', { simple: true }) as number };
  } finally {
    db.close();
  }
}

// Evidence whose bytes no longer match their name was already altered on disk here. It is carried as it is, so
// the restored workspace reports the same problem rather than hiding it.
function altered(files: ManifestFile[]): string[] {
  const bad = files.filter((f) => f.path.startsWith(EVIDENCE_PREFIX) && f.path.slice(EVIDENCE_PREFIX.length) !== f.sha256);
  if (bad.length === 0) return [];
  return [
    `${bad.length} evidence ${bad.length === 1 ? 'file has' : 'files have'} changed on disk since ${bad.length === 1 ? 'it was' : 'they were'} stored; the backup carries ${bad.length === 1 ? 'it' : 'them'} as found, and the evidence library will show ${bad.length === 1 ? 'it' : 'them'} as altered.`,
  ];
}

interface Member {
  name: string;
  path: string;
  size: number;
  compress: boolean;
}

// Streams every member through SHA-256 into the ZIP (never holding a whole file in memory), then appends the
// manifest built from those hashes. The ZIP is written to a temp sibling and renamed into place only when
// complete, so a failed or interrupted backup never leaves a partial file under the final name.
async function zipMembers(
  target: string,
  members: Member[],
  progress: ByteProgress,
  buildManifest: (files: ManifestFile[]) => BackupManifest,
): Promise<{ manifest: BackupManifest; size: number }> {
  const out = await createAtomicFile(target);
  const zip = new yazl.ZipFile();
  const hashed: ManifestFile[] = [];
  let allHashed!: () => void;
  const hashing = new Promise<void>((resolve) => (allHashed = resolve));
  // Any failure — a source file, yazl (which checks each member's size after the fact), the output — ends
  // the wait at whichever stage it happens.
  let fail!: (err: Error) => void;
  const failed = new Promise<never>((_resolve, reject) => (fail = reject));
  failed.catch(() => {});
  zip.on('error', (err: Error) => fail(err));
  const written = pipeline(zip.outputStream, out.stream);
  written.catch((err: Error) => fail(err));
  if (members.length === 0) allHashed();

  members.forEach((m, index) => {
    zip.addReadStreamLazy(m.name, m.compress ? { compressionLevel: 6, size: m.size } : { compress: false, size: m.size }, (cb) => {
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          size += chunk.length;
          progress.add(chunk.length);
          done(null, chunk);
        },
        flush(done) {
          hashed.push({ path: m.name, size, sha256: hash.digest('hex') });
          if (index === members.length - 1) allHashed();
          done();
        },
      });
      const source = createReadStream(m.path);
      source.on('error', (err: NodeJS.ErrnoException) =>
        fail(err.code === 'ENOENT' ? new Error('An evidence file disappeared while the backup was being written. Try again.') : err),
      );
      cb(null, source.pipe(meter));
    });
  });

  try {
    await Promise.race([hashing, failed]);
    const manifest = buildManifest(hashed);
    zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), MANIFEST_NAME, { compress: true });
    zip.end();
    await Promise.race([written, failed]);
    await out.commit();
    return { manifest, size: (await stat(target)).size };
  } catch (err) {
    (zip.outputStream as Readable).destroy();
    await out.abort();
    throw err;
  }
}
