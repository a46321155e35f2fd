import { afterEach, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../main';
import { tempDir } from '../../../test/support/temp-backend';

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/csv/${name}`, import.meta.url));

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function workspace() {
  const dataDir = tempDir();
  dirs.push(dataDir);
  return async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { DCB_DATA_DIR: dataDir });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
}

const clientCount = async (run: ReturnType<typeof workspace>) => JSON.parse((await run(['clients', 'list', '--all', '--json'])).out).length;

describe('dcb1596 clients import', () => {
  it('imports the valid rows, lists the rejected ones, and exits 0', async () => {
    const run = workspace();
    const r = await run(['clients', 'import', fixture('clients-sample.csv')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('clients-sample.csv: 7 rows — 2 imported, 5 rejected.');
    expect(r.out).toMatch(/Imported:\nRow\s+ODS\s+Name/);
    expect(r.out).toMatch(/2\s+VN3K7\s+Meadowbank Care Ltd\s+o365\s+meadowbank-care\.co\.uk/);
    expect(r.out).toContain('  Row 5  Hilltop Care Ltd\n    - ODS code: ODS code is required');
    expect(r.out).toContain('Route "Zimbra" is not recognised');
    expect(await clientCount(run)).toBe(2);
  });

  it('--dry-run shows the same report and imports nothing; --json is machine-readable', async () => {
    const run = workspace();
    const dry = await run(['clients', 'import', fixture('clients-sample.csv'), '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.out);
    expect(report).toMatchObject({ dryRun: true, accepted: 2, rejected: 5, encoding: 'utf-8', delimiter: ',' });
    expect(report.rows.find((r: { row: number }) => r.row === 7).reasons[0]).toMatch(/RV101 is also on row 4/);
    expect(await clientCount(run)).toBe(0);
    const text = await run(['clients', 'import', fixture('clients-sample.csv'), '--dry-run']);
    expect(text.out).toContain('2 would be imported, 5 rejected (dry run: nothing imported)');
  });

  it('reads a Windows-1252, semicolon-separated Excel export', async () => {
    const run = workspace();
    const r = await run(['clients', 'import', fixture('clients-windows-1252.csv'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).imported.map((c: { legalName: string }) => c.legalName)).toEqual([
      'Café Court Care Ltd',
      'Brückenhaus Pflege Ltd',
    ]);
  });

  it.each([
    ['not a client list', () => fixture('not-a-client-list.csv'), /No header row naming a legal name and an ODS code column/],
    ['binary', (dir: string) => (writeFileSync(join(dir, 'x.csv'), Buffer.from([0, 1, 2, 3, 4])), join(dir, 'x.csv')), /not a text file/],
    ['empty', (dir: string) => (writeFileSync(join(dir, 'e.csv'), ''), join(dir, 'e.csv')), /The file is empty/],
    ['missing', (dir: string) => join(dir, 'nope.csv'), /nope\.csv was not found/],
  ])('exits 1 and imports nothing when the file is %s', async (_label, file, message) => {
    const run = workspace();
    const dir = tempDir();
    dirs.push(dir);
    const r = await run(['clients', 'import', file(dir)]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
    expect(await clientCount(run)).toBe(0);
  });

  it('uses --route for rows without one, and exits 2 on usage mistakes', async () => {
    const run = workspace();
    const dir = tempDir();
    dirs.push(dir);
    writeFileSync(join(dir, 'c.csv'), 'Name,ODS,Domains\nA Ltd,AB1,a.org\n');
    expect((await run(['clients', 'import', join(dir, 'c.csv')])).err).toMatch(/no Route column/);
    const r = await run(['clients', 'import', join(dir, 'c.csv'), '--route', 'Google Workspace']);
    expect(r.code).toBe(0);
    expect(JSON.parse((await run(['clients', 'list', '--json'])).out)[0]).toMatchObject({ odsCode: 'AB1', route: 'google' });
    expect((await run(['clients', 'import'])).code).toBe(2);
    expect((await run(['clients', 'import', 'x.csv', '--route', 'Lotus Notes'])).code).toBe(2);
    expect((await run(['clients', 'import', 'x.csv', '--bogus'])).code).toBe(2);
  });
});
