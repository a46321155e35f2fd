import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createTestBackend, sampleClientInput, type TestBackend } from '../../test/support/temp-backend';
import { registerWriter } from './writers';

// Issue 16, item 2: while another process held the write lock, client.create (a deferred transaction that
// reads first) failed at once with `unavailable` instead of waiting for the busy timeout.

let b: TestBackend | undefined;
let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  b?.dispose();
  b = child = undefined;
});

// Another process that takes the write lock (BEGIN IMMEDIATE) and holds it for `ms`.
function holdWriteLock(file: string, ms: number): Promise<ChildProcess> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.pragma('busy_timeout = 5000');
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT INTO settings (key, value) VALUES ('lock-holder', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run();
    process.stdout.write('locked\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[2]));
    db.exec('COMMIT');
  `;
  const p = spawn(process.execPath, ['-e', script, file, String(ms)], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  child = p;
  return new Promise((resolve, reject) => {
    p.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve(p));
    p.on('exit', (code) => reject(new Error(`lock holder exited ${code}`)));
  });
}

describe('write transactions wait for the other writer', () => {
  it('client.create waits out a 1.5 s lock held by another process and succeeds', async () => {
    b = createTestBackend();
    await b.call('client.list', {});
    await holdWriteLock(join(b.dataDir, 'workspace.sqlite'), 1500);
    const started = Date.now();
    const r = await b.dispatch('client.create', sampleClientInput());
    expect(r).toMatchObject({ ok: true });
    expect(Date.now() - started).toBeGreaterThan(1000);
  });

  it('gives up with `unavailable` naming the other writer when the lock outlasts the wait', async () => {
    b = createTestBackend({ busyTimeoutMs: 300 });
    const holder = await holdWriteLock(join(b.dataDir, 'workspace.sqlite'), 4000);
    const unregister = registerWriter(b.dataDir, { pid: holder.pid!, label: 'the command line (dcb1596 clients import)' });
    const r = await b.dispatch('client.create', sampleClientInput());
    unregister();
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    if (r.ok) return;
    expect(r.error.message).toContain(`the command line (dcb1596 clients import), process ${holder.pid}`);
    expect(r.error.message).toMatch(/Nothing was saved/);
  });
});
