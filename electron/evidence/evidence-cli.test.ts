import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../cli/main';
import { tempDir } from '../../test/support/temp-backend';
import { samplePdf, sampleDocx } from '../../test/fixtures/evidence/samples';
import { addDays, addMonths, toIsoDate } from '../../shared/domain/dates';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function workspace() {
  const dataDir = tempDir();
  const files = tempDir('dcb-files-');
  dirs.push(dataDir, files);
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { DCB_DATA_DIR: dataDir });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  return { dataDir, files, run };
}

describe('dcb1596 evidence', () => {
  it('adds a file, lists it, verifies, and reports a tampered file with exit code 1', async () => {
    const { dataDir, files, run } = workspace();
    expect(
      (await run(['clients', 'add', '--name', 'Oakwood Homes', '--ods', 'AB1', '--domain', 'oakwood.org.uk', '--route', 'self-managed']))
        .code,
    ).toBe(0);
    const pdf = join(files, 'Pen test 2026.pdf');
    writeFileSync(pdf, await samplePdf());
    // The CLI judges freshness by the real clock, so the report is dated from today (about two months old),
    // never from a fixed date that a later calendar would make stale.
    const issued = addDays(toIsoDate(new Date()), -67);
    const add = await run(['evidence', 'add', 'AB1', pdf, '--kind', 'pen-test', '--issued', issued, '--title', 'Pen test 2026']);
    expect(add).toMatchObject({ code: 0, err: '' });
    expect(add.out).toContain('Added “Pen test 2026” (Penetration test / IT Health Check report) to Oakwood Homes');
    expect(add.out).toMatch(/SHA-256 {4}[0-9a-f]{64}/);
    expect(add.out).toContain('Current today');

    const list = await run(['evidence', 'list', 'AB1']);
    expect(list.out).toMatch(new RegExp(`Pen test 2026\\s+pen-test\\s+v1\\s+Current\\s+${addMonths(issued, 12)}`));
    expect((await run(['evidence', 'verify', 'AB1'])).out).toContain('All 1 stored evidence files of Oakwood Homes are intact');

    const sha = add.out.match(/[0-9a-f]{64}/)![0];
    const stored = join(dataDir, 'evidence', sha);
    const bytes = readFileSync(stored);
    bytes[100] ^= 0xff;
    writeFileSync(stored, bytes);
    const bad = await run(['evidence', 'verify', 'AB1']);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('“Pen test 2026” (v1, Pen test 2026.pdf): the stored file was changed after it was added');
  });

  it('warns about a mismatched extension and defaults the title to the file name', async () => {
    const { files, run } = workspace();
    await run(['clients', 'add', '--name', 'Oakwood Homes', '--ods', 'AB1', '--domain', 'oakwood.org.uk', '--route', 'o365']);
    const fake = join(files, 'policy.pdf');
    writeFileSync(fake, await sampleDocx());
    const r = await run(['evidence', 'add', 'AB1', fake, '--kind', 'policy', '--expires', '2027-06-30']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Added “policy” (Policy)');
    expect(r.err).toContain('its content is a Word document');
  });

  it.each([
    [['evidence', 'add', 'AB1'], 2, /Name the client and the file/],
    [['evidence', 'add', 'AB1', 'x.pdf'], 2, /Missing --kind/],
    [['evidence', 'add', 'AB1', 'x.pdf', '--kind', 'memo'], 2, /--kind must be one of/],
    [['evidence', 'add', 'AB1', 'x.pdf', '--kind', 'policy', '--expires', '31/12/2026'], 2, /--expires must be a date/],
    [['evidence', 'add', 'AB1', '/nonexistent/dir/x.pdf', '--kind', 'policy'], 1, /No such file: \/nonexistent\/dir\/x\.pdf/],
    [['evidence', 'add', 'ZZ9', '{files}/empty.txt', '--kind', 'policy'], 1, /was not found/],
    [['evidence', 'add', 'AB1', '{files}/empty.txt', '--kind', 'policy'], 1, /is empty \(0 bytes\)/],
    [['evidence', 'add', 'AB1', '{files}', '--kind', 'policy'], 1, /is not a regular file/],
    [['evidence', 'verify'], 2, /Name the client/],
  ])('%j → exit %i', async (args, code, message) => {
    const { files, run } = workspace();
    await run(['clients', 'add', '--name', 'Oakwood Homes', '--ods', 'AB1', '--domain', 'oakwood.org.uk', '--route', 'o365']);
    writeFileSync(join(files, 'empty.txt'), '');
    const r = await run(args.map((a) => a.replace('{files}', files)));
    expect(r.code).toBe(code);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  // Root reads everything, so the permission check cannot be observed there.
  it.skipIf(process.getuid?.() === 0)('reports an unreadable file clearly', async () => {
    const { files, run } = workspace();
    await run(['clients', 'add', '--name', 'Oakwood Homes', '--ods', 'AB1', '--domain', 'oakwood.org.uk', '--route', 'o365']);
    const locked = join(files, 'secret');
    mkdirSync(locked);
    writeFileSync(join(locked, 'p.pdf'), 'x');
    chmodSync(join(locked, 'p.pdf'), 0o000);
    const r = await run(['evidence', 'add', 'AB1', join(locked, 'p.pdf'), '--kind', 'policy']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/permission denied/);
  });
});
