import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseRefusedError, openDatabase, schemaVersion } from './database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import { tempDir } from '../../test/support/temp-backend';

const dirs: string[] = [];
const fresh = () => {
  const d = tempDir();
  dirs.push(d);
  return join(d, 'workspace.sqlite');
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('openDatabase', () => {
  it('creates an empty database at the latest schema with WAL and foreign keys on', () => {
    const db = openDatabase(fresh());
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const applied = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    expect(applied).toHaveLength(MIGRATIONS.length);
    db.close();
  });

  it('uses STRICT tables (a wrong type is refused)', () => {
    const db = openDatabase(fresh());
    expect(() => db.prepare("INSERT INTO settings (key, value) VALUES ('x', ?)").run(Buffer.from('blob'))).toThrow(/cannot store BLOB/);
    db.close();
  });

  it('reopens an existing database without reapplying migrations', () => {
    const file = fresh();
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
    db.close();
  });

  it('applies new migrations to an older database and keeps a backup of it', () => {
    const file = fresh();
    openDatabase(file, { migrations: MIGRATIONS.slice(0, 1) }).close();
    const extra = { version: MIGRATIONS[MIGRATIONS.length - 1]!.version + 1, name: 'extra', sql: 'CREATE TABLE extra (x INTEGER) STRICT;' };
    const db = openDatabase(file, { migrations: [...MIGRATIONS, extra] });
    expect(schemaVersion(db)).toBe(extra.version);
    db.close();
    expect(existsSync(`${file}.before-v${MIGRATIONS.length > 1 ? 2 : extra.version}.bak`)).toBe(true);
  });

  it('refuses a database from a newer app and leaves the file untouched', () => {
    const file = fresh();
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma('journal_mode = DELETE');
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrow(DatabaseRefusedError);
    expect(() => openDatabase(file)).toThrow(/newer version.*has not been changed/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a file that is not a database and leaves it untouched', () => {
    const file = fresh();
    writeFileSync(file, 'this is not sqlite, just some text that happens to be here'.repeat(100));
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrow(/cannot be read/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses to start when an applied migration has changed', () => {
    const file = fresh();
    openDatabase(file).close();
    const tampered = MIGRATIONS.map((m, i) => (i === 0 ? { ...m, sql: m.sql + '\n-- edited' } : m));
    expect(() => openDatabase(file, { migrations: tampered })).toThrow(/differs from the one applied/);
  });

  it('refuses a database with a migration this version does not know', () => {
    const file = fresh();
    const extra = { version: 999, name: 'future', sql: 'CREATE TABLE future (x INTEGER) STRICT;' };
    openDatabase(file, { migrations: [...MIGRATIONS, extra] }).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/does not know/);
  });
});
