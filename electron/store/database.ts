import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isDiskFull, isReadOnlyMedium } from '../files/disk-errors';
import { MIGRATIONS, type Migration } from './migrations';
import { runMaintenance } from './maintenance';
import { describeOtherWriters } from './writers';
import { AppError } from '../backend/app-error';

export type Db = Database.Database;

// The workspace database is refused — and left byte-for-byte untouched — when it is not a database,
// is damaged, was written by a newer app, or an applied migration no longer matches our copy.
export class DatabaseRefusedError extends Error {
  constructor(
    readonly reason: 'corrupt' | 'newer-schema' | 'migration-changed' | 'unknown-migration' | 'unwritable',
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseRefusedError';
  }
}

export interface OpenOptions {
  migrations?: readonly Migration[];
  // Before migrating a database that already holds data, keep a copy next to it (VACUUM INTO).
  backupBeforeMigrate?: boolean;
  // The time one-time repairs (maintenance.ts) record in the audit chain.
  now?: () => Date;
  // How long a write waits for another process's write lock before the retry (default 5 s).
  busyTimeoutMs?: number;
  // When the disk is full or read-only, open an existing workspace read-only instead of failing (the app and
  // the CLI do; a restore's staging copy must not). readOnlyReason(db) then says why.
  readOnlyFallback?: boolean;
}

const readOnlyReasons = new WeakMap<Db, string>();

// Why this database was opened read-only ("the disk is full", …), or undefined when it is writable.
export function readOnlyReason(db: Db): string | undefined {
  return readOnlyReasons.get(db);
}

export function migrationChecksum(m: Migration): string {
  return createHash('sha256').update(m.sql).digest('hex');
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = Math.max(0, ...migrations.map((m) => m.version));
  const memory = file === ':memory:';
  const existed = !memory && existsSync(file);
  if (existed) inspectExisting(file, latest);
  else if (!memory) mkdirSync(dirname(file), { recursive: true });
  if (!memory && options.readOnlyFallback) {
    const problem = unwritable(dirname(file));
    if (problem) {
      if (existed) return openReadOnly(file, migrations, problem);
      throw new DatabaseRefusedError(
        'unwritable',
        `A workspace cannot be created in ${dirname(file)}: ${problem}. Point DCB_DATA_DIR at another folder.`,
      );
    }
  }
  // Client data: readable by this user only. SQLite gives the -wal and -shm files the database file's mode.
  if (!memory) restrictToOwner(file);

  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.round(options.busyTimeoutMs ?? 5000))}`);
    immediateByDefault(db, dirname(file));
    db.pragma('synchronous = NORMAL');
    migrate(db, file, migrations, options.backupBeforeMigrate ?? true);
    runMaintenance(db, options.now ?? (() => new Date()));
    if (!memory) for (const suffix of ['-wal', '-shm']) restrictToOwner(file + suffix);
    return db;
  } catch (err) {
    db.close();
    const problem = describeUnwritable(err);
    if (existed && options.readOnlyFallback && problem) return openReadOnly(file, migrations, problem);
    throw err;
  }
}

function restrictToOwner(file: string): void {
  try {
    if (existsSync(file)) chmodSync(file, 0o600);
    else closeSync(openSync(file, 'a', 0o600));
  } catch {
    // A read-only medium: nothing can be written, mode included.
  }
}

function describeUnwritable(err: unknown): string | undefined {
  if (isDiskFull(err)) return 'the disk is full';
  if (isReadOnlyMedium(err)) return 'the workspace folder cannot be written (a read-only disk, or no permission)';
  return undefined;
}

// Can anything be written next to the database? Asked before opening, since a full or read-only disk
// otherwise surfaces as a confusing SQLite error, or not at all until the first save.
function unwritable(dir: string): string | undefined {
  const probe = join(dir, '.write-probe');
  try {
    const fd = openSync(probe, 'w', 0o600);
    try {
      writeSync(fd, 'ok');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    rmSync(probe, { force: true });
    return undefined;
  } catch (err) {
    return describeUnwritable(err);
  }
}

// The workspace stays usable for reading (lists, exports to another disk, backups) when it cannot be written.
function openReadOnly(file: string, migrations: readonly Migration[], reason: string): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
    const pending = migrations.filter((m) => !applied.has(m.version));
    if (pending.length)
      throw new DatabaseRefusedError(
        'unwritable',
        `The workspace database ${file} needs updating for this version of DCB1596 Workbench, which cannot be done because ${reason}. It has not been changed. Free some space (or move the workspace to a writable disk), then start again.`,
      );
    readOnlyReasons.set(db, reason);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

// Read-only look before we write anything: even switching to WAL rewrites the header, and a file we
// refuse must stay exactly as the user left it.
function inspectExisting(file: string, latest: number): void {
  let probe: Db | undefined;
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true });
    probe.pragma('schema_version');
    const check = probe.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(String(check));
    const version = probe.pragma('user_version', { simple: true }) as number;
    if (version > latest) {
      throw new DatabaseRefusedError(
        'newer-schema',
        `The workspace database ${file} was written by a newer version of DCB1596 Workbench (schema ${version}; this version knows up to ${latest}). It has not been changed. Update the app, or point DCB_DATA_DIR at another folder.`,
      );
    }
  } catch (err) {
    if (err instanceof DatabaseRefusedError) throw err;
    const problem = describeUnwritable(err);
    if (problem)
      throw new DatabaseRefusedError(
        'unwritable',
        `The workspace database ${file} cannot be opened because ${problem}. The file itself has not been changed and is not damaged. Free some space, or copy the workspace folder to a writable disk and point DCB_DATA_DIR at it.`,
      );
    throw new DatabaseRefusedError(
      'corrupt',
      `The workspace database ${file} cannot be read (${(err as Error).message}). It has not been changed. Restore it from a workspace backup, or point DCB_DATA_DIR at another folder.`,
    );
  } finally {
    probe?.close();
  }
}

function migrate(db: Db, file: string, migrations: readonly Migration[], backup: boolean): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const applied = db.prepare('SELECT version, name, sha256 FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
    sha256: string;
  }[];
  const known = new Map(migrations.map((m) => [m.version, m]));
  for (const row of applied) {
    const m = known.get(row.version);
    if (!m) {
      throw new DatabaseRefusedError(
        'unknown-migration',
        `The workspace database has migration ${row.version} (${row.name}) applied, which this version does not know. It has not been changed.`,
      );
    }
    if (migrationChecksum(m) !== row.sha256) {
      throw new DatabaseRefusedError(
        'migration-changed',
        `Migration ${row.version} (${row.name}) differs from the one applied to this database. Applied migrations must never change; the database has not been touched further.`,
      );
    }
  }
  const done = new Set(applied.map((r) => r.version));
  const pending = migrations.filter((m) => !done.has(m.version));
  if (pending.length === 0) return;

  if (backup && applied.length > 0) {
    const target = `${file}.before-v${pending[0]!.version}.bak`;
    if (!existsSync(target)) db.prepare('VACUUM INTO ?').run(target);
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, migrationChecksum(m), new Date().toISOString());
      // Migrations developed in parallel may land out of numeric order; user_version tracks the highest.
      db.pragma(`user_version = ${Math.max(m.version, db.pragma('user_version', { simple: true }) as number)}`);
    })();
  }
}

// Every transaction takes the write lock when it begins (BEGIN IMMEDIATE), so SQLite's busy timeout applies.
// A deferred transaction that reads first and then writes cannot wait: when another process wrote in between
// it fails at once (SQLITE_BUSY, or SQLITE_BUSY_SNAPSHOT in WAL mode). Done here, once, for every service:
// db.transaction(fn)() is .immediate(). A lock held past the wait gets one retry, then `unavailable` naming
// the other writer (writers.ts).
const BUSY_ATTEMPTS = 2;

export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

function immediateByDefault(db: Db, dataDir: string): void {
  const original = db.transaction.bind(db);
  db.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const t = original(fn);
    const run = (...args: unknown[]) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return t.immediate(...args);
        } catch (err) {
          if (!isBusy(err) || db.inTransaction) throw err;
          if (attempt >= BUSY_ATTEMPTS) throw busyError(dataDir);
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
        }
      }
    };
    return Object.assign(run, { default: run, immediate: run, deferred: t.deferred, exclusive: t.exclusive });
  }) as Db['transaction'];
}

export function busyError(dataDir: string): AppError {
  return new AppError(
    'unavailable',
    `The workspace is busy: ${describeOtherWriters(dataDir)} is writing to it and did not finish in time. Nothing was saved. Try again when it has finished.`,
  );
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}
