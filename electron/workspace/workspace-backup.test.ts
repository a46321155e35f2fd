import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { createTestBackend, tempDir, type TestBackend } from '../../test/support/temp-backend';
import { openDatabase } from '../store/database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../store/migrations';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, MANIFEST_NAME, manifestDigest, sealManifest, type BackupManifest } from './backup-manifest';
import { dumpTables, fingerprint, readMembers, seedWorkspace, sha256, writeZip, type Member } from '../../test/support/backup-test-support';

const backends: TestBackend[] = [];
const dirs: string[] = [];
afterEach(() => {
  backends.splice(0).forEach((b) => b.dispose());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function backend(): TestBackend {
  const b = createTestBackend();
  backends.push(b);
  return b;
}

function scratch(): string {
  const d = tempDir('dcb-backup-');
  dirs.push(d);
  return d;
}

async function upload(b: TestBackend, file: string): Promise<string> {
  return (await b.services.transfers.receive(Readable.from([readFileSync(file)]), 'backup.zip')).uploadId;
}

let cached: { src: TestBackend; zip: string; members: Member[] } | undefined;
// One seeded workspace and its backup, shared by the refusal cases (each restores into its own empty target).
async function goodBackup() {
  if (cached && backends.includes(cached.src)) return cached;
  const src = backend();
  await seedWorkspace(src);
  const zip = join(scratch(), 'good.zip');
  await src.services.workspace.backupTo(zip);
  cached = { src, zip, members: await readMembers(zip) };
  return cached;
}

function manifestOf(members: Member[]): BackupManifest {
  return JSON.parse(members.find((m) => m.name === MANIFEST_NAME)!.data.toString('utf8'));
}

function withManifest(members: { name: string; data: Buffer }[], manifest: unknown): { name: string; data: Buffer }[] {
  return members.map((m) => (m.name === MANIFEST_NAME ? { name: m.name, data: Buffer.from(JSON.stringify(manifest)) } : m));
}

// Restores `file` into a fresh empty workspace (or `target`), expecting a refusal that leaves its data folder as it was.
async function expectRefused(file: string, pattern: RegExp, target = backend()) {
  const before = fingerprint(target.dataDir);
  const uploadId = await upload(target, file);
  const r = await target.dispatch('workspace.restore', { uploadId });
  expect(r.ok).toBe(false);
  if (!r.ok) {
    expect(r.error.message).toMatch(pattern);
    expect(r.error.message).toMatch(/Nothing was changed/);
    expect(['integrity', 'invalid-input', 'conflict', 'unavailable']).toContain(r.error.code);
  }
  expect(fingerprint(target.dataDir)).toEqual(before);
  expect(readdirSync(target.dataDir).filter((n) => n.startsWith('.restore-'))).toEqual([]);
  // The workspace still works.
  await target.call('client.list', {});
  return r;
}

describe('workspace backup', () => {
  it('writes the database snapshot, every evidence file and a manifest of hashes; no secrets, logs or transfers', async () => {
    const src = backend();
    await seedWorkspace(src);
    mkdirSync(join(src.dataDir, 'secrets'), { recursive: true });
    writeFileSync(join(src.dataDir, 'secrets', 'tenant-cache.bin'), 'encrypted sign-in');
    const progress: { done: number; total?: number; finished: boolean }[] = [];
    src.events.on((name, p) => name === 'operation.progress' && progress.push(p as (typeof progress)[number]));

    const r = await src.call('workspace.backup', { operationId: 'backup-op-1' });
    expect(r).toMatchObject({ clients: 3, assessments: 1, evidenceFiles: 2, schemaVersion: LATEST_SCHEMA_VERSION, warnings: [] });
    expect(r.fileName).toBe('dcb1596-workspace-2026-11-23.zip');
    const file = src.services.transfers.download(r.downloadId).path;

    const members = await readMembers(file);
    const names = members.map((m) => m.name);
    const evidence = readdirSync(src.services.blobs.dir).filter((n) => /^[0-9a-f]{64}$/.test(n));
    expect(names.sort()).toEqual(['backup-manifest.json', 'workspace.sqlite', ...evidence.map((e) => `evidence/${e}`)].sort());
    const manifest = manifestOf(members);
    expect(manifest).toMatchObject({
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: '0.0.0-test',
      schemaVersion: LATEST_SCHEMA_VERSION,
    });
    for (const m of members.filter((x) => x.name !== MANIFEST_NAME)) {
      expect(manifest.files.find((f) => f.path === m.name)).toEqual({ path: m.name, size: m.data.length, sha256: sha256(m.data) });
    }
    const { digest, ...body } = manifest;
    expect(manifestDigest(body)).toBe(digest);
    // A snapshot in rollback-journal mode: one self-contained file.
    const db = members.find((m) => m.name === 'workspace.sqlite')!.data;
    expect(db.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expect([db[18], db[19]]).toEqual([1, 1]);

    expect(progress.at(-1)).toMatchObject({ finished: true });
    expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);
    expect(progress.length).toBeGreaterThanOrEqual(2);
  });

  it('never leaves a partial file under the final name', async () => {
    const src = backend();
    await seedWorkspace(src);
    const out = join(scratch(), 'backup.zip');
    // An evidence file that changes size while it is being read (a /proc file reports 0 bytes, then has
    // content) fails the backup after the ZIP was started.
    symlinkSync('/proc/self/status', join(src.services.blobs.dir, 'f'.repeat(64)));
    await expect(src.services.workspace.backupTo(out)).rejects.toThrow();
    expect(readdirSync(join(out, '..'))).toEqual([]);
  });
});

describe('workspace restore', () => {
  it('round-trips a workspace into an empty one: same rows, same files, audit chain and evidence verify', async () => {
    const { src, zip } = await goodBackup();
    const dst = backend();
    const before = dst.services;
    const progress: { finished: boolean }[] = [];
    dst.events.on((name, p) => name === 'operation.progress' && progress.push(p as (typeof progress)[number]));

    const described = await dst.call('workspace.describeBackup', { uploadId: await upload(dst, zip) });
    expect(described).toMatchObject({
      clients: 3,
      assessments: 1,
      evidenceFiles: 2,
      compatible: true,
      schemaVersion: LATEST_SCHEMA_VERSION,
    });
    expect(described.problem).toBeUndefined();

    const r = await dst.call('workspace.restore', { uploadId: await upload(dst, zip), operationId: 'restore-op-1' });
    expect(r).toMatchObject({
      clients: 3,
      assessments: 1,
      evidenceFiles: 2,
      backupSchemaVersion: LATEST_SCHEMA_VERSION,
      schemaVersion: LATEST_SCHEMA_VERSION,
      filesVerified: 3,
      audit: { ok: true, problems: 0 },
      warnings: [],
    });
    expect(r.audit.entriesChecked).toBeGreaterThan(5);
    expect(progress.at(-1)).toMatchObject({ finished: true });
    expect(dst.services).not.toBe(before);

    expect(dumpTables(dst)).toEqual(dumpTables(src));
    const blobs = (b: TestBackend) =>
      Object.fromEntries(
        readdirSync(b.services.blobs.dir)
          .filter((n) => /^[0-9a-f]{64}$/.test(n))
          .map((n) => [n, sha256(readFileSync(join(b.services.blobs.dir, n)))]),
      );
    expect(blobs(dst)).toEqual(blobs(src));
    for (const [name, hash] of Object.entries(blobs(dst))) expect(hash).toBe(name);

    expect((await dst.call('audit.verify', {})).ok).toBe(true);
    const clients = await dst.call('client.list', { includeArchived: true });
    expect(clients.map((c) => c.odsCode).sort()).toEqual(['AB12C', 'VN3K7', 'ZZ9']);
    for (const c of clients) expect((await dst.call('evidence.verify', { clientId: c.id })).ok).toBe(true);
    expect((await dst.call('settings.get', {})).displayName).toBe('Alex Consultant');
    expect(readdirSync(dst.dataDir).filter((n) => n.startsWith('.restore-'))).toEqual([]);

    // Survives a restart, and the restored workspace can itself be backed up.
    const again = dst.restart();
    backends.push(again);
    expect((await again.call('client.list', { includeArchived: true })).length).toBe(3);
    expect((await again.call('workspace.status', {})).empty).toBe(false);
  });

  it('restores a backup from an older app: the normal migrations run', async () => {
    const dir = scratch();
    const oldDb = join(dir, 'old.sqlite');
    const older = MIGRATIONS.filter((m) => m.version <= 3);
    const db = openDatabase(oldDb, { migrations: older });
    db.prepare(
      `INSERT INTO clients (id, legal_name, ods_code, route, created_at, updated_at) VALUES ('6f1f7a52-7d0e-4c4e-9b7a-1c2d3e4f5a6b', 'Old Care Ltd', 'OLD1', 'o365', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')`,
    ).run();
    db.pragma('journal_mode = DELETE');
    db.close();
    const data = readFileSync(oldDb);
    const manifest = sealManifest({
      format: BACKUP_FORMAT,
      formatVersion: 1,
      appVersion: '0.0.1',
      schemaVersion: 3,
      createdAt: '2025-06-01T10:00:00.000Z',
      counts: { clients: 1, assessments: 0, evidenceFiles: 0 },
      files: [{ path: 'workspace.sqlite', size: data.length, sha256: sha256(data) }],
    });
    const zip = join(dir, 'old.zip');
    await writeZip(zip, [
      { name: 'workspace.sqlite', data },
      { name: MANIFEST_NAME, data: Buffer.from(JSON.stringify(manifest)) },
    ]);
    const dst = backend();
    const r = await dst.call('workspace.restore', { uploadId: await upload(dst, zip) });
    expect(r).toMatchObject({ backupSchemaVersion: 3, schemaVersion: LATEST_SCHEMA_VERSION, clients: 1 });
    expect((await dst.call('app.info', {})).schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect((await dst.call('client.list', {}))[0]).toMatchObject({ legalName: 'Old Care Ltd', odsCode: 'OLD1' });
  });

  it('refuses to restore over a workspace that has work in it', async () => {
    const { zip } = await goodBackup();
    const target = backend();
    await target.call('client.create', { legalName: 'Already Here Ltd', odsCode: 'HERE1', domains: ['here.example.org'], route: 'o365' });
    const described = await target.call('workspace.describeBackup', { uploadId: await upload(target, zip) });
    expect(described.problem).toMatch(/already holds 1 client/);
    const r = await expectRefused(zip, /already holds 1 client\. A backup is restored only into an empty workspace/, target);
    expect(!r.ok && r.error.code).toBe('conflict');
    expect((await target.call('client.list', {})).map((c) => c.odsCode)).toEqual(['HERE1']);
  });

  it.each([
    ['cut to half its length', (b: Buffer) => b.subarray(0, Math.floor(b.length / 2))],
    ['missing its last byte', (b: Buffer) => b.subarray(0, b.length - 1)],
    ['missing its central directory', (b: Buffer) => b.subarray(0, b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])))],
  ])('refuses a truncated backup (%s)', async (_label, cut) => {
    const { zip } = await goodBackup();
    const bad = join(scratch(), 'truncated.zip');
    writeFileSync(bad, cut(readFileSync(zip)));
    await expectRefused(bad, /damaged or incomplete|not a DCB1596/);
  });

  it('refuses a backup with one flipped byte in any member', async () => {
    const { zip, members } = await goodBackup();
    const bytes = readFileSync(zip);
    expect(members.length).toBe(4);
    for (const m of members) {
      for (const at of [m.dataStart, m.dataStart + Math.floor(m.compressedSize / 2), m.dataStart + m.compressedSize - 1]) {
        const copy = Buffer.from(bytes);
        copy[at] = copy[at]! ^ 0x01;
        const bad = join(scratch(), `flip-${m.name.replace('/', '-')}-${at}.zip`);
        writeFileSync(bad, copy);
        await expectRefused(bad, /damaged|cannot be restored/);
      }
    }
  });

  it('refuses a file that is not a workspace backup at all', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'notes.zip'), 'legal name,ods code\n');
    await expectRefused(join(dir, 'notes.zip'), /not a DCB1596 Workbench workspace backup/);
    await writeZip(join(dir, 'other.zip'), [{ name: 'readme.txt', data: Buffer.from('hello') }]);
    await expectRefused(join(dir, 'other.zip'), /never has \(readme\.txt\)/);
  });

  it('refuses a ZIP entry that tries to leave the folder', async () => {
    const dir = scratch();
    const { members } = await goodBackup();
    await writeZip(join(dir, 'evil.zip'), [...members, { name: 'xx/evil.txt', data: Buffer.from('pwned') } as Member]);
    const bytes = readFileSync(join(dir, 'evil.zip'));
    let at = bytes.indexOf('xx/evil.txt');
    while (at >= 0) {
      bytes.write('../evil.txt', at, 'latin1');
      at = bytes.indexOf('xx/evil.txt', at + 1);
    }
    writeFileSync(join(dir, 'evil.zip'), bytes);
    await expectRefused(join(dir, 'evil.zip'), /damaged|cannot be restored/);
    expect(readdirSync(join(dir, '..')).includes('evil.txt')).toBe(false);
  });

  it.each<[string, (m: BackupManifest) => unknown, RegExp]>([
    ['an edited field without a new digest', (m) => ({ ...m, appVersion: '9.9.9' }), /manifest was changed after the backup was made/],
    ['an edited count without a new digest', (m) => ({ ...m, counts: { ...m.counts, clients: 99 } }), /manifest was changed/],
    [
      'a changed file hash (digest recomputed)',
      (m) => reseal({ ...m, files: m.files.map((f, i) => (i === 0 ? { ...f, sha256: 'a'.repeat(64) } : f)) }),
      /does not match its SHA-256/,
    ],
    [
      'a changed file size (digest recomputed)',
      (m) => reseal({ ...m, files: m.files.map((f, i) => (i === 0 ? { ...f, size: f.size + 1 } : f)) }),
      /manifest says/,
    ],
    ['a file dropped from the list (digest recomputed)', (m) => reseal({ ...m, files: m.files.slice(0, -1) }), /not in its manifest/],
    [
      'a file added to the list (digest recomputed)',
      (m) => reseal({ ...m, files: [...m.files, { path: `evidence/${'b'.repeat(64)}`, size: 1, sha256: 'b'.repeat(64) }] }),
      /missing from the file/,
    ],
    ['a newer schema', (m) => reseal({ ...m, schemaVersion: LATEST_SCHEMA_VERSION + 1 }), /newer version of DCB1596 Workbench/],
    ['a newer backup format', (m) => reseal({ ...m, formatVersion: BACKUP_FORMAT_VERSION + 1 }), /backup format 2 by a newer version/],
    [
      'an unknown path',
      (m) => reseal({ ...m, files: [...m.files, { path: 'secrets/x', size: 1, sha256: 'c'.repeat(64) }] }),
      /Unexpected file name/,
    ],
    ['no digest', (m) => ({ ...m, digest: undefined }), /manifest is not valid/],
    ['not JSON', () => '{"format": ', /not valid JSON|manifest is not valid/],
  ])('refuses a manifest with %s', async (_label, edit, pattern) => {
    const { members } = await goodBackup();
    const edited = edit(manifestOf(members));
    const bad = join(scratch(), 'edited.zip');
    const files =
      typeof edited === 'string'
        ? members.map((m) => (m.name === MANIFEST_NAME ? { name: m.name, data: Buffer.from(edited) } : m))
        : withManifest(members, edited);
    await writeZip(bad, files);
    await expectRefused(bad, pattern);
  });

  it('refuses a database from a newer app even when the manifest agrees', async () => {
    const { members } = await goodBackup();
    const dir = scratch();
    const file = join(dir, 'newer.sqlite');
    writeFileSync(file, members.find((m) => m.name === 'workspace.sqlite')!.data);
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    const data = readFileSync(file);
    const m = manifestOf(members);
    const manifest = reseal({
      ...m,
      schemaVersion: LATEST_SCHEMA_VERSION + 1,
      files: m.files.map((f) => (f.path === 'workspace.sqlite' ? { ...f, size: data.length, sha256: sha256(data) } : f)),
    });
    const replaced = members.map((x) => (x.name === 'workspace.sqlite' ? { name: x.name, data } : x));
    await writeZip(join(dir, 'newer.zip'), withManifest(replaced, manifest));
    await expectRefused(
      join(dir, 'newer.zip'),
      new RegExp(`schema ${LATEST_SCHEMA_VERSION + 1}; this version knows up to ${LATEST_SCHEMA_VERSION}`),
    );

    // …and one whose database disagrees with its manifest about the schema.
    await writeZip(join(dir, 'liar.zip'), withManifest(replaced, reseal({ ...manifest, schemaVersion: LATEST_SCHEMA_VERSION })));
    await expectRefused(join(dir, 'liar.zip'), /newer version|manifest says database schema/);
  });

  // Issue 16, item 3: restore trusted the backed-up database's schema.
  it.each([
    [
      'an extra trigger that drops audit rows',
      `CREATE TRIGGER eat_audit AFTER INSERT ON audit_log BEGIN DELETE FROM audit_log WHERE seq = NEW.seq; END`,
      /extra trigger "eat_audit" on audit_log/,
    ],
    ['a dropped table', 'DROP TABLE evidence_links', /table "evidence_links" is missing/],
    ['a dropped index', 'DROP INDEX audit_log_entity', /index "audit_log_entity" on audit_log is missing/],
    ['an extra column', 'ALTER TABLE clients ADD COLUMN backdoor TEXT', /table "clients" differs.*extra column "backdoor"/],
    ['an extra view', 'CREATE VIEW everything AS SELECT * FROM clients', /extra view "everything"/],
    ['an extra table', 'CREATE TABLE stash (x TEXT)', /extra table "stash"/],
  ])('refuses a backup whose database has %s, naming the difference', async (_label, sql, pattern) => {
    const { members } = await goodBackup();
    const dir = scratch();
    const file = join(dir, 'hostile.sqlite');
    writeFileSync(file, members.find((m) => m.name === 'workspace.sqlite')!.data);
    const db = new Database(file);
    db.pragma('foreign_keys = OFF');
    db.exec(sql);
    db.close();
    const data = readFileSync(file);
    const m = manifestOf(members);
    const manifest = reseal({
      ...m,
      files: m.files.map((f) => (f.path === 'workspace.sqlite' ? { ...f, size: data.length, sha256: sha256(data) } : f)),
    });
    const replaced = members.map((x) => (x.name === 'workspace.sqlite' ? { name: x.name, data } : x));
    await writeZip(join(dir, 'hostile.zip'), withManifest(replaced, manifest));
    await expectRefused(join(dir, 'hostile.zip'), pattern);
  });

  it('refuses while another process has the workspace open, and carries on with the old one', async () => {
    const { zip } = await goodBackup();
    const target = backend();
    const other = new Database(join(target.dataDir, 'workspace.sqlite'));
    other.prepare('SELECT COUNT(*) FROM clients').get();
    try {
      await expectRefused(zip, /open in another window or in the command line/, target);
    } finally {
      other.close();
    }
    expect((await target.call('workspace.status', {})).empty).toBe(true);
  });
});

function reseal(m: BackupManifest): BackupManifest {
  const { digest: _old, ...body } = m;
  return sealManifest(body);
}
