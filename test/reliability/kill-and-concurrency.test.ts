import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../electron/store/database';
import { verifyAudit } from '../../electron/store/audit-log';
import { tempDir } from '../support/temp-backend';
import { prepareWriter, startWriter } from './spawn-writer';

// Issue 16, item 7: the attacks of the adversarial run, at a size CI can afford on two cores.
//  - kill -9: a writer process is killed at a random point after it has acknowledged some writes, at least
//    10 times over at least 300 acknowledged writes; every acknowledged write must be there afterwards, with
//    SQLite's integrity check and the audit chain intact.
//  - two writer processes at once: every write either succeeds after waiting for the other, or is refused
//    as `unavailable`; none may fail as `internal` (SQLITE_BUSY_SNAPSHOT used to).

const dirs: string[] = [];
beforeAll(prepareWriter, 60_000);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

function check(dataDir: string) {
  const db = openDatabase(join(dataDir, 'workspace.sqlite'));
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    const present = new Set((db.prepare('SELECT ods_code FROM clients').all() as { ods_code: string }[]).map((r) => r.ods_code));
    return { integrity, present, audit: verifyAudit(db) };
  } finally {
    db.close();
  }
}

describe('reliability', () => {
  it('kill -9: every acknowledged write survives', { timeout: 600_000 }, async () => {
    const dataDir = tempDir('dcb-kill-');
    dirs.push(dataDir);
    const r = rng(1596);
    const acked: string[] = [];
    let kills = 0;
    for (let round = 0; acked.length < 300 || kills < 10; round++) {
      const killAfter = 15 + Math.floor(r() * 25);
      const run = startWriter(dataDir, `K${round.toString(36).toUpperCase()}`, 1000, (w) => {
        if (w.acked.length === killAfter) w.child.kill('SIGKILL');
      });
      await run.done;
      expect(run.failures, `round ${round}`).toEqual([]);
      if (run.child.signalCode === 'SIGKILL') kills++;
      acked.push(...run.acked);
      expect(round).toBeLessThan(40);
    }
    const { integrity, present, audit } = check(dataDir);
    const lost = acked.filter((code) => !present.has(code));
    console.log(`kill -9: ${acked.length} acknowledged, ${lost.length} lost; integrity ${integrity}; chain ${audit.ok ? 'ok' : 'BROKEN'}`);
    expect(kills).toBeGreaterThanOrEqual(10);
    expect(lost).toEqual([]);
    expect(integrity).toBe('ok');
    expect(audit.problems).toEqual([]);
  });

  it('concurrent writers: two processes, none fails as internal', { timeout: 600_000 }, async () => {
    const dataDir = tempDir('dcb-writers-');
    dirs.push(dataDir);
    // Create the workspace first so both writers open an existing one.
    openDatabase(join(dataDir, 'workspace.sqlite')).close();
    const runs = [startWriter(dataDir, 'WA', 150), startWriter(dataDir, 'WB', 150)];
    await Promise.all(runs.map((w) => w.done));
    const ok = runs.reduce((n, w) => n + w.acked.length, 0);
    const failures = runs.flatMap((w) => w.failures);
    const internal = failures.filter((f) => f.code === 'internal' || f.code === 'crash');
    console.log(`concurrent writers: ${ok} ok, ${internal.length} internal`);
    expect(internal).toEqual([]);
    // A short write never waits out the 5 s timeout, so every write succeeds.
    expect(failures).toEqual([]);
    expect(ok).toBe(300);
    const { integrity, present, audit } = check(dataDir);
    expect(integrity).toBe('ok');
    expect(present.size).toBe(300);
    expect(audit.ok).toBe(true);
  });
});
