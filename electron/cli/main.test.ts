import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { main } from './main';
import { tempDir } from '../../test/support/temp-backend';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function run(args: string[]) {
  const dataDir = dirs[0] ?? (dirs.push(tempDir()), dirs[0]!);
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { DCB_DATA_DIR: dataDir });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('dcb1596 CLI', () => {
  it('adds and lists clients, as text and JSON', async () => {
    const add = await run([
      'clients',
      'add',
      '--name',
      'Oakwood Homes',
      '--ods',
      'ab1',
      '--domain',
      'oakwood.org.uk',
      '--route',
      'self-managed',
    ]);
    expect(add).toMatchObject({ code: 0, err: '' });
    expect(add.out).toContain('Added Oakwood Homes (AB1)');
    const list = await run(['clients', 'list']);
    expect(list.out).toMatch(/AB1\s+Oakwood Homes\s+self-managed\s+oakwood\.org\.uk/);
    const json = JSON.parse((await run(['clients', 'list', '--json'])).out);
    expect(json).toEqual([expect.objectContaining({ odsCode: 'AB1', route: 'self-managed', domains: ['oakwood.org.uk'] })]);
  });

  it.each([
    [['clients', 'add', '--name', 'X'], 2, /Missing --ods, --domain, --route/],
    [['clients', 'add', '--name', 'X', '--ods', 'AB1', '--domain', 'x.org', '--route', 'nhsmail'], 2, /--route must be one of/],
    [
      ['clients', 'add', '--name', 'X', '--ods', 'A!', '--domain', 'x.org', '--route', 'o365'],
      1,
      /odsCode: ODS codes are letters and digits/,
    ],
    [['clients', 'list', '--bogus'], 2, /Unknown option '--bogus'/],
    [['frobnicate'], 2, /Unknown command "frobnicate"/],
    [['clients', 'show', 'nobody'], 1, /was not found/],
  ])('reports %j on stderr with exit code %i', async (args, code, message) => {
    const r = await run(args);
    expect(r.code).toBe(code);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('prints help for every command without opening a workspace', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const name of ['clients add', 'clients list']) {
      expect(r.out).toContain(name);
      const h = await run([...name.split(' '), '--help']);
      expect(h.code).toBe(0);
      expect(h.out).toContain('Usage: dcb1596 ' + name);
    }
  });

  it('works as `npx dcb1596` from the checkout (the bin entry)', () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const env = { ...process.env, DCB_DATA_DIR: dataDir };
    execFileSync(
      process.execPath,
      ['bin/dcb1596.mjs', 'clients', 'add', '--name', 'Riverside', '--ods', 'RX2', '--domain', 'riverside.co.uk', '--route', 'google'],
      { env },
    );
    const out = execFileSync(process.execPath, ['bin/dcb1596.mjs', 'clients', 'list', '--json'], { env, encoding: 'utf8' });
    expect(JSON.parse(out)[0]).toMatchObject({ odsCode: 'RX2' });
    const bad = spawnSync(process.execPath, ['bin/dcb1596.mjs', 'clients', 'add'], { env, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Missing --name');
  });
});
