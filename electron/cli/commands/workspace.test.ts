import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../main';
import { tempDir } from '../../../test/support/temp-backend';
import { fingerprint } from '../../../test/support/backup-test-support';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function dir() {
  const d = tempDir();
  dirs.push(d);
  return d;
}

async function run(args: string[], dataDir: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { DCB_DATA_DIR: dataDir });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const add = (dataDir: string, ods: string) =>
  run(
    ['clients', 'add', '--name', `Care ${ods}`, '--ods', ods, '--domain', `${ods.toLowerCase()}.example.org`, '--route', 'o365'],
    dataDir,
  );

describe('dcb1596 workspace backup / restore', () => {
  it('backs up to a file and restores it into a new data folder', async () => {
    const src = dir();
    await add(src, 'AB1');
    await add(src, 'CD2');
    const out = join(dir(), 'move.zip');

    const b = await run(['workspace', 'backup', '--out', out], src);
    expect(b).toMatchObject({ code: 0, err: '' });
    expect(b.out).toMatch(/Backed up 2 clients, 0 assessments and 0 evidence files to .*move\.zip/);
    expect(b.out).toContain('Sign-ins are not part of a backup');
    expect(existsSync(out)).toBe(true);

    // An existing file is not replaced without --force.
    const again = await run(['workspace', 'backup', '--out', out], src);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already exists.*--force/);
    expect((await run(['workspace', 'backup', '--out', out, '--force', '--json'], src)).code).toBe(0);

    const target = join(dir(), 'new-laptop');
    const r = await run(['workspace', 'restore', out, '--data-dir', target], src);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Restored 2 clients, 0 assessments and 0 evidence files into ${target}.`);
    expect(r.out).toMatch(/1 file \(.*\) matched the backup's SHA-256 manifest/);
    const list = JSON.parse((await run(['clients', 'list', '--json'], target)).out);
    expect(list.map((c: { odsCode: string }) => c.odsCode)).toEqual(['AB1', 'CD2']);
  });

  it('exits 1 and changes nothing when the target is not empty or the file is damaged', async () => {
    const src = dir();
    await add(src, 'AB1');
    const out = join(dir(), 'b.zip');
    await run(['workspace', 'backup', '--out', out], src);

    const busy = dir();
    await add(busy, 'ZZ9');
    const before = fingerprint(busy);
    const r = await run(['workspace', 'restore', out], busy);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/already holds 1 client/);
    expect(fingerprint(busy)).toEqual(before);

    const broken = join(dir(), 'broken.zip');
    writeFileSync(broken, 'PK\u0003\u0004 not really');
    const empty = dir();
    const r2 = await run(['workspace', 'restore', broken], empty);
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/damaged or incomplete/);
    expect(readdirSync(empty).filter((n) => n.startsWith('.restore-'))).toEqual([]);
  });

  it('exits 2 on usage mistakes', async () => {
    const d = dir();
    expect((await run(['workspace', 'backup'], d)).code).toBe(2);
    expect((await run(['workspace', 'restore'], d)).code).toBe(2);
  });
});
