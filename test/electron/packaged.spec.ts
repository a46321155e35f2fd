import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { LATEST_SCHEMA_VERSION } from '../../electron/store/migrations';
import { FIXTURE, FIXTURE_AUDIT_ENTRIES } from '../../scripts/make-db-fixture';
import { findPackagedApp, ROOT } from './electron-binary';

// The installer's app, checked from outside: Playwright cannot attach to it (the inspect-arguments fuse is
// off, as it should be), so these tests read its fuse wire, start it on a copy of an old workspace and watch
// the database, and try the environment tricks the fuses exist to stop.

const packaged = findPackagedApp();
test.skip(!packaged, 'No packaged app in release/ (run `npm run dist` first, or set DCB_PACKAGED_APP).');

const hook = createRequire(import.meta.url)('../../scripts/after-pack.cjs') as { fuseSettings(platform: string): Record<string, boolean> };

const started: { child: ChildProcess; dir: string }[] = [];
test.afterEach(() => {
  for (const { child, dir } of started.splice(0)) {
    child.kill();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 300 });
  }
});

function start(env: Record<string, string>, args: string[] = [], prepare?: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'dcb-packaged-'));
  prepare?.(dir);
  const child = spawn(packaged!, args, { env: { ...process.env, DCB_DATA_DIR: dir, ...env }, stdio: 'ignore' });
  started.push({ child, dir });
  return { child, dir };
}

async function until<T>(probe: () => T | undefined, ms: number): Promise<T | undefined> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 300));
  }
  return undefined;
}

test('the packaged binary carries the fuses scripts/after-pack.cjs sets', async () => {
  const wire = (await getCurrentFuseWire(packaged!)) as unknown as Record<number, number>;
  const wanted = hook.fuseSettings(process.platform);
  for (const [name, enabled] of Object.entries(wanted)) {
    expect(wire[FuseV1Options[name as keyof typeof FuseV1Options]], name).toBe(enabled ? FuseState.ENABLE : FuseState.DISABLE);
  }
});

test('the packaged app starts, loads its native database module and migrates an old workspace', async () => {
  const { dir, child } = start({}, [], (d) =>
    copyFileSync(join(ROOT, 'test/fixtures/db/workspace-v1.sqlite'), join(d, 'workspace.sqlite')),
  );
  const version = await until(() => {
    try {
      const db = new Database(join(dir, 'workspace.sqlite'), { readonly: true, fileMustExist: true });
      try {
        const v = db.pragma('user_version', { simple: true }) as number;
        return v === LATEST_SCHEMA_VERSION ? v : undefined;
      } finally {
        db.close();
      }
    } catch {
      return undefined; // busy mid-migration
    }
  }, 60_000);
  expect(version, 'the app never migrated the workspace').toBe(LATEST_SCHEMA_VERSION);
  expect(child.exitCode).toBeNull();
  const db = new Database(join(dir, 'workspace.sqlite'), { readonly: true });
  expect(db.prepare('SELECT legal_name FROM clients WHERE id = ?').pluck().get(FIXTURE.clients.meadowbank.id)).toBe(
    FIXTURE.clients.meadowbank.legalName,
  );
  expect(db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get()).toBe(FIXTURE_AUDIT_ENTRIES);
  db.close();
  if (LATEST_SCHEMA_VERSION > 1) expect(existsSync(join(dir, 'workspace.sqlite.before-v2.bak'))).toBe(true);
});

test('ELECTRON_RUN_AS_NODE and NODE_OPTIONS cannot run code in the packaged binary', async () => {
  const marker = join(mkdtempSync(join(tmpdir(), 'dcb-fuse-')), 'ran');
  const payload = join(tmpdir(), `dcb-fuse-payload-${process.pid}.js`);
  writeFileSync(payload, `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'); process.exit(0);`);
  start({ ELECTRON_RUN_AS_NODE: '1' }, [payload]);
  start({ NODE_OPTIONS: `--require ${payload}` });
  await new Promise((r) => setTimeout(r, 8000));
  expect(existsSync(marker)).toBe(false);
  rmSync(payload, { force: true });
});
