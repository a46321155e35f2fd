import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { createTestBackend, tempDir, type TestBackend } from '../support/temp-backend';
import { LATEST_SCHEMA_VERSION } from '../../electron/store/migrations';
import { MANIFEST_NAME, sealManifest, type BackupManifest } from '../../electron/workspace/backup-manifest';
import { fingerprint, readMembers, seedWorkspace, sha256, writeZip, type Member } from '../support/backup-test-support';

// Issue 16, item 7: the hostile-backup corpus. Each backup below must be refused with a message, leaving
// the target workspace exactly as it was (and still working). The adversarial run had 24 of 30 refused:
// the six that got through carried a database whose schema had been changed.

const dirs: string[] = [];
const backends: TestBackend[] = [];
afterAll(() => {
  backends.forEach((b) => b.dispose());
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});
const scratch = () => {
  const d = tempDir('dcb-hostile-');
  dirs.push(d);
  return d;
};

type Files = { name: string; data: Buffer }[];
const manifestOf = (m: Files): BackupManifest => JSON.parse(m.find((x) => x.name === MANIFEST_NAME)!.data.toString('utf8'));
function reseal(members: Files, edit: (m: BackupManifest) => BackupManifest = (m) => m): Files {
  const m = manifestOf(members);
  const files = m.files.map((f) => {
    const member = members.find((x) => x.name === f.path);
    return member ? { ...f, size: member.data.length, sha256: sha256(member.data) } : f;
  });
  const { digest: _d, ...body } = edit({ ...m, files });
  const sealed = sealManifest(body);
  return members.map((x) => (x.name === MANIFEST_NAME ? { name: x.name, data: Buffer.from(JSON.stringify(sealed)) } : x));
}
function withDatabase(members: Files, sql: string): Files {
  const file = join(scratch(), 'db.sqlite');
  writeFileSync(file, members.find((m) => m.name === 'workspace.sqlite')!.data);
  const db = new Database(file);
  db.pragma('foreign_keys = OFF');
  db.exec(sql);
  db.close();
  return reseal(members.map((m) => (m.name === 'workspace.sqlite' ? { name: m.name, data: readFileSync(file) } : m)));
}
const flip = (members: Files, name: string): Files =>
  members.map((m) => {
    if (m.name !== name) return m;
    const data = Buffer.from(m.data);
    data[Math.floor(data.length / 2)]! ^= 0x01;
    return { name: m.name, data };
  });

describe('hostile backups', () => {
  it('refuses every one, naming why, and changes nothing', { timeout: 300_000 }, async () => {
    const src = createTestBackend();
    backends.push(src);
    await seedWorkspace(src);
    const good = join(scratch(), 'good.zip');
    await src.services.workspace.backupTo(good);
    const members: Member[] = await readMembers(good);
    const evidence = members.find((m) => m.name.startsWith('evidence/'))!.name;

    const corpus: [string, () => Promise<string>][] = [];
    const zipOf = (label: string, files: Files) =>
      corpus.push([
        label,
        async () => {
          const f = join(scratch(), 'hostile.zip');
          await writeZip(f, files);
          return f;
        },
      ]);
    const bytesOf = (label: string, bytes: () => Buffer) =>
      corpus.push([
        label,
        async () => {
          const f = join(scratch(), 'hostile.zip');
          writeFileSync(f, bytes());
          return f;
        },
      ]);
    for (const [label, sql] of [
      [
        'extra trigger eating audit rows',
        'CREATE TRIGGER eat AFTER INSERT ON audit_log BEGIN DELETE FROM audit_log WHERE seq = NEW.seq; END',
      ],
      ['dropped table', 'DROP TABLE evidence_links'],
      ['dropped index', 'DROP INDEX audit_log_entity'],
      ['extra column', 'ALTER TABLE clients ADD COLUMN backdoor TEXT'],
      ['extra view', 'CREATE VIEW v AS SELECT * FROM clients'],
      ['extra table', 'CREATE TABLE stash (x TEXT)'],
      ['newer schema', `PRAGMA user_version = ${LATEST_SCHEMA_VERSION + 1}`],
      ['edited applied migration', `UPDATE schema_migrations SET sha256 = '${'0'.repeat(64)}' WHERE version = 1`],
      ['unknown migration', `INSERT INTO schema_migrations VALUES (999, 'future', '${'0'.repeat(64)}', '2026-01-01')`],
    ])
      zipOf(`database with ${label}`, withDatabase(members, sql));
    zipOf('flipped byte in the database', flip(members, 'workspace.sqlite'));
    zipOf('flipped byte in an evidence file', flip(members, evidence));
    zipOf('manifest digest does not match', flip(members, MANIFEST_NAME));
    zipOf(
      'database member missing',
      members.filter((m) => m.name !== 'workspace.sqlite'),
    );
    zipOf(
      'evidence member missing',
      members.filter((m) => m.name !== evidence),
    );
    zipOf('undeclared extra member', [...members, { name: 'evidence/extra', data: Buffer.from('x') }]);
    zipOf(
      'manifest missing',
      members.filter((m) => m.name !== MANIFEST_NAME),
    );
    zipOf(
      'manifest not JSON',
      members.map((m) => (m.name === MANIFEST_NAME ? { name: m.name, data: Buffer.from('{"format":') } : m)),
    );
    zipOf(
      'database that is not SQLite',
      reseal(members.map((m) => (m.name === 'workspace.sqlite' ? { name: m.name, data: Buffer.from('not a database'.repeat(100)) } : m))),
    );
    bytesOf('not a ZIP at all', () => Buffer.from('%PDF-1.7\n'.repeat(100)));
    bytesOf('truncated ZIP', () => readFileSync(good).subarray(0, Math.floor(readFileSync(good).length / 2)));
    bytesOf('empty file', () => Buffer.alloc(0));

    const refused: string[] = [];
    const accepted: string[] = [];
    for (const [label, make] of corpus) {
      const file = await make();
      const target = createTestBackend();
      backends.push(target);
      const before = fingerprint(target.dataDir);
      const { uploadId } = await target.services.transfers.receive(Readable.from([readFileSync(file)]), 'backup.zip');
      const r = await target.dispatch('workspace.restore', { uploadId });
      const unchanged = JSON.stringify(fingerprint(target.dataDir)) === JSON.stringify(before);
      const works = (await target.dispatch('client.list', {})).ok;
      const clean = readdirSync(target.dataDir).every((n) => !n.startsWith('.restore-'));
      if (!r.ok && r.error.code !== 'internal' && r.error.message.length > 20 && unchanged && works && clean) refused.push(label);
      else accepted.push(`${label}: ${r.ok ? 'restored' : `${r.error.code} ${r.error.message}`} (unchanged ${unchanged}, works ${works})`);
      target.dispose();
    }
    console.log(`hostile backups: ${refused.length}/${corpus.length} refused`);
    expect(accepted).toEqual([]);
    expect(corpus.length).toBeGreaterThanOrEqual(20);
  });
});
