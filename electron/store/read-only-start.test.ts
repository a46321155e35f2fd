import { afterEach, describe, expect, it } from 'vitest';
import { rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createTestBackend, sampleClientInput, tempDir, type TestBackend } from '../../test/support/temp-backend';
import { main } from '../cli/main';
import { MIGRATIONS } from './migrations';
import { openDatabase } from './database';

// Issue 16, item 4: at start-up a full or read-only disk was reported as a corrupt database ("Restore it from
// a workspace backup") and nothing could run. Without mount rights, the start-up write probe
// (<dataDir>/.write-probe) is pointed at /dev/full (a genuine ENOSPC) or at a sysfs file the kernel refuses
// to write (a genuine EACCES), which is what a full or read-only disk answers.

let b: TestBackend | undefined;
const dirs: string[] = [];
afterEach(() => {
  b?.dispose();
  b = undefined;
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

async function cli(dataDir: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { DCB_DATA_DIR: dataDir });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe.each([
  ['full', '/dev/full', /the disk is full/],
  ['read-only', '/sys/kernel/notes', /cannot be written/],
])('a %s disk at start-up', (_label, target, reason) => {
  it('opens the workspace read-only with a banner; reads and backups work, changes are refused', async () => {
    const first = createTestBackend();
    await first.call('client.create', sampleClientInput());
    const dataDir = first.dataDir;
    first.close();
    symlinkSync(target, join(dataDir, '.write-probe'));

    b = createTestBackend({}, dataDir);
    expect(b.readOnly).toMatch(reason);
    expect((await b.call('app.info', {})).readOnly).toMatch(reason);
    expect(await b.call('client.list', {})).toHaveLength(1);
    const r = await b.dispatch('client.create', sampleClientInput({ odsCode: 'AB1' }));
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/read-only.*Nothing was saved/) } });
    b.close();

    const list = await cli(dataDir, ['clients', 'list']);
    expect(list.code).toBe(0);
    expect(list.out).toContain('Meadowbank Care Ltd');
    expect(list.err).toMatch(/read-only/);
    expect(list.err).not.toMatch(/corrupt|cannot be read|Restore it/);
    const out = join(tempDir(), 'backup.zip');
    dirs.push(join(out, '..'));
    const backup = await cli(dataDir, ['workspace', 'backup', '--out', out]);
    expect(backup).toMatchObject({ code: 0 });
    expect(statSync(out).size).toBeGreaterThan(0);
    const add = await cli(dataDir, ['clients', 'add', '--name', 'X Ltd', '--ods', 'AB2', '--domain', 'x.org.uk', '--route', 'o365']);
    expect(add.code).toBe(1);
    expect(add.err).toMatch(/read-only/);
    b = createTestBackend({}, dataDir);
  });
});

it('a full disk with a migration still to run refuses with the real reason, not "corrupt"', () => {
  const dir = tempDir();
  dirs.push(dir);
  const file = join(dir, 'w.sqlite');
  openDatabase(file, { migrations: MIGRATIONS.slice(0, -1) }).close();
  symlinkSync('/dev/full', join(dir, '.write-probe'));
  expect(() => openDatabase(file, { readOnlyFallback: true })).toThrow(/needs updating.*because the disk is full/);
});

describe('database files', () => {
  it('are readable by their owner only (0600), -wal and -shm included', async () => {
    b = createTestBackend();
    await b.call('client.create', sampleClientInput());
    for (const f of ['workspace.sqlite', 'workspace.sqlite-wal', 'workspace.sqlite-shm'])
      expect((statSync(join(b.dataDir, f)).mode & 0o777).toString(8)).toBe('600');
  });
});
