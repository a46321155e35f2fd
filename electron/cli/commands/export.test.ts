import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createTestBackend, FakeClock, tempDir } from '../../../test/support/temp-backend';
import { TEST_PASSPHRASE, writeTestP12 } from '../../../test/fixtures/pki';
import { prepareAssessment, signOff, TEST_DETAILS } from '../../../test/support/statement-fixture';
import { main } from '../main';

const root = tempDir('dcb-cli-export-');
const ws = join(root, 'workspace');
afterAll(() => rmSync(root, { recursive: true, force: true }));
let clientId: string;

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  // The command line runs on the day the workspace was seeded (the test backend's clock), as the app would.
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { DCB_DATA_DIR: ws }, { clock: new FakeClock() });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

// The real entry point (`npx dcb1596`), in its own process.
function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['bin/dcb1596.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DCB_DATA_DIR: ws, ...env },
  });
}

beforeAll(async () => {
  const b = createTestBackend({}, ws);
  const signed = await prepareAssessment(b);
  clientId = signed.clientId;
  await b.call('statement.saveDetails', { assessmentId: signed.assessmentId, details: TEST_DETAILS });
  await signOff(b, signed.assessmentId);
  // A second client whose assessment is still a draft.
  await prepareAssessment(b, { legalName: 'Riverside Homecare Ltd', odsCode: 'AB123', domain: 'riverside.example.org' });
  b.close();
}, 120_000);

describe('dcb1596 export', () => {
  it('refuses what the app refuses, with the same reasons, one per line, and exit code 1', async () => {
    // The CLI below runs in its own process on the machine's clock: the app judges on that same day.
    const b = createTestBackend({ clock: new FakeClock(new Date()) }, ws);
    const client = b.services.clients.list({ includeArchived: false }).find((c) => c.legalName === 'Riverside Homecare Ltd')!;
    const [a] = await b.call('assessment.list', { clientId: client.id });
    const app = await b.dispatch('bundle.export', { assessmentId: a!.id });
    b.close();
    expect(app.ok).toBe(false);
    if (app.ok) return;
    const r = cli(['export', 'Riverside Homecare Ltd', '--out', join(root, 'refused.zip')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(app.error.message);
    for (const i of app.error.issues ?? []) expect(r.stderr).toContain(`${i.path}: ${i.message}`);
    // The statement details were never confirmed for this client: the app and the CLI both say so.
    expect(r.stderr).toMatch(/statement details .* have not been confirmed/);
    expect(existsSync(join(root, 'refused.zip'))).toBe(false);
  }, 60_000);

  it('exports a new version through the real CLI, copies it to --out, and the copy verifies', () => {
    const out = join(root, 'meadowbank.zip');
    const r = cli(['export', 'Meadowbank Care Ltd', '--cycle', '2026', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Exported the 2026 bundle of Meadowbank Care Ltd (ODS VN3K7), version 1');
    const bytes = readFileSync(out);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(r.stdout).toContain(`SHA-256          ${sha}`);
    // The workspace keeps its own identical copy.
    const stored = readdirSync(join(ws, 'bundles', clientId));
    expect(stored).toHaveLength(1);
    expect(readFileSync(join(ws, 'bundles', clientId, stored[0]!)).equals(bytes)).toBe(true);
    expect(readdirSync(root).filter((f) => f.includes('.partial'))).toEqual([]);
    const v = cli(['verify', out]);
    expect(v.status, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toContain('Verified');
  }, 60_000);

  it('seals with --p12 and the passphrase from the named environment variable, by ODS code, as JSON', () => {
    const p12 = writeTestP12(root);
    const out = join(root, 'sealed.zip');
    const r = cli(['export', 'VN3K7', '--out', out, '--p12', p12, '--p12-pass-env', 'DCB_TEST_P12_PASS', '--json'], {
      DCB_TEST_P12_PASS: TEST_PASSPHRASE,
    });
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ version: 2, sealed: true, sealSubject: 'Test Consultant (TEST ONLY), Brightwater IT Ltd', out });
    expect(r.stdout + r.stderr).not.toContain(TEST_PASSPHRASE);
    const v = cli(['verify', out]);
    expect(v.stdout).toMatch(/PASS {2}Statement seal — valid seal by Test Consultant/);
  }, 60_000);

  it('exits 1 with a clear message for a wrong passphrase and writes nothing', () => {
    const out = join(root, 'wrong.zip');
    const r = cli(['export', clientId, '--out', out, '--p12', writeTestP12(root), '--p12-pass-env', 'P'], { P: 'not-it-at-all' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/passphrase .*wrong/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(join(ws, 'bundles', clientId))).toHaveLength(2);
  }, 60_000);

  it.each([
    [
      ['export', 'Riverside Homecare Ltd', '--out', 'x.zip'],
      1,
      /The 2026 statement of Riverside Homecare Ltd cannot be exported as final: 3 items still block it — The statement details .* have not been confirmed; ICT expert sign-off is missing; Clinical safety expert sign-off is missing\.\n {2}details: /,
    ],
    [['export', 'VN3K7', '--cycle', '2019', '--out', 'x.zip'], 1, /The 2019 assessment of Meadowbank Care Ltd was not found/],
    [['export', 'Nobody Care Ltd', '--out', 'x.zip'], 1, /A client matching "Nobody Care Ltd" was not found/],
    [['export', 'VN3K7'], 2, /Missing --out/],
    [['export', 'VN3K7', '--out', 'x.zip', '--cycle', '26'], 2, /--cycle must be a year/],
    [['export', 'VN3K7', '--out', 'x.zip', '--p12', 'a.p12'], 2, /--p12 needs --p12-pass-env/],
    [
      ['export', 'VN3K7', '--out', 'x.zip', '--p12', 'a.p12', '--p12-pass-env', 'DCB_UNSET_VAR_FOR_TEST'],
      2,
      /DCB_UNSET_VAR_FOR_TEST is not set/,
    ],
  ])('%j exits %i', async (args, code, message) => {
    const r = await run(args.map((a) => (a === 'x.zip' ? join(root, 'x.zip') : a)));
    expect(r.code).toBe(code);
    expect(r.err).toMatch(message);
    expect(existsSync(join(root, 'x.zip'))).toBe(false);
  });

  it('never overwrites --out', async () => {
    const r = await run(['export', 'VN3K7', '--out', join(root, 'meadowbank.zip')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('already exists');
  });

  it('exports a DRAFT review pack of an unsigned assessment: DRAFT in the file names, manifest, every PDF and verify', async () => {
    const refused = await run(['export', 'AB123', '--out', join(root, 'riverside.zip')]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('--draft');
    expect(
      (await run(['export', 'AB123', '--draft', '--p12', 'x.p12', '--p12-pass-env', 'X', '--out', join(root, 'x.zip')])).err,
    ).toContain('never sealed');
    const r = await run(['export', 'AB123', '--draft', '--out', join(root, 'riverside.zip')]);
    expect(r.code, r.err).toBe(0);
    const out = join(root, 'riverside-DRAFT.zip');
    expect(r.out).toContain('DRAFT review pack of Riverside Homecare Ltd');
    expect(r.out).toContain(out);
    expect(existsSync(out)).toBe(true);
    const stored = readdirSync(join(ws, 'bundles')).flatMap((d) => readdirSync(join(ws, 'bundles', d)));
    expect(stored.filter((f) => f.includes('-DRAFT-'))).toHaveLength(1);
    const dir = join(root, 'riverside-unzipped');
    expect(spawnSync('unzip', ['-q', out, '-d', dir]).status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).contents.draft).toBe(true);
    const pdfs = readdirSync(dir).filter((f) => f.endsWith('.pdf'));
    expect(pdfs.sort()).toEqual(['board-summary.pdf', 'evidence-index.pdf', 'statement.pdf', 'technical-report.pdf']);
    for (const pdf of pdfs) {
      const pages = spawnSync('pdftotext', ['-layout', join(dir, pdf), '-'], { encoding: 'utf8' })
        .stdout.split('\f')
        .filter((p) => p.trim());
      expect(pages.length).toBeGreaterThan(0);
      for (const page of pages) expect(page, pdf).toContain('DRAFT');
    }
    const v = await run(['verify', out]);
    expect(v.code).toBe(0);
    expect(v.out).toContain('Status  DRAFT — a review pack, not signed off; not for submission');
    expect(v.out).toContain('This bundle is a DRAFT: not for submission.');
  }, 60_000);

  it('is listed in the help', async () => {
    expect((await run(['--help'])).out).toMatch(/export\s+Export the signed statement and evidence bundle/);
  });
});
