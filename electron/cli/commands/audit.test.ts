import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { main } from '../main';
import { tempDir } from '../../../test/support/temp-backend';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function run(dataDir: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { DCB_DATA_DIR: dataDir });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('dcb1596 audit verify', () => {
  it('says the log is intact, then names the edited entry and why', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const add = ['clients', 'add', '--name', 'Oakwood Homes', '--ods', 'AB1', '--domain', 'oakwood.org.uk', '--route', 'o365'];
    expect((await run(dir, add)).code).toBe(0);
    const ok = await run(dir, ['audit', 'verify']);
    expect(ok).toMatchObject({ code: 0, err: '' });
    expect(ok.out).toMatch(/intact: \d+ entries in \d+ chains? verified/);

    const db = new Database(join(dir, 'workspace.sqlite'));
    const row = db.prepare(`SELECT chain, n FROM audit_log ORDER BY seq LIMIT 1`).get() as { chain: string; n: number };
    db.prepare(`UPDATE audit_log SET summary = 'Nothing happened' WHERE chain = ? AND n = ?`).run(row.chain, row.n);
    db.close();
    const bad = await run(dir, ['audit', 'verify']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`chain ${row.chain}, entry ${row.n}: content does not match its hash (the entry was edited)`);
    const json = JSON.parse((await run(dir, ['audit', 'verify', '--json'])).out);
    expect(json).toMatchObject({ ok: false, problems: [{ chain: row.chain, n: row.n }] });
  });
});
