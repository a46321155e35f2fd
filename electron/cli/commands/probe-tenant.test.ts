import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { main } from '../main';
import { tempDir } from '../../../test/support/temp-backend';
import { startFakeM365, type FakeM365 } from '../../../test/fixtures/m365/fake-m365';
import { FAKE_ACCESS_TOKEN, FIXTURE_TENANTS } from '../../../test/fixtures/m365/tenants';
import { scriptOutputFor } from '../../../test/fixtures/m365/script-output';
import { scanForSecret } from '../../../test/support/secret-scan';

const exec = promisify(execFile);
const dirs: string[] = [];
let server: FakeM365 | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  delete process.env.M365_TEST_TOKEN;
});

async function cli(dataDir: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { DCB_DATA_DIR: dataDir });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function workspace(fixture = FIXTURE_TENANTS.e3Compliant, expired = false) {
  const dataDir = tempDir();
  dirs.push(dataDir);
  const t = fixture();
  server = await startFakeM365({ tenant: t, token: FAKE_ACCESS_TOKEN, expiredToken: expired });
  const add = await cli(dataDir, [
    'clients',
    'add',
    '--name',
    'Meadowbank Care',
    '--ods',
    'VN3K7',
    '--domain',
    'meadowbank-care.co.uk',
    '--route',
    'o365',
    '--tenant',
    t.initialDomain,
  ]);
  expect(add.code).toBe(0);
  return { dataDir, t };
}

const lab = () => ['--token-env', 'M365_TEST_TOKEN', '--graph-url', server!.graphUrl, '--exchange-url', server!.exchangeUrl];

describe('dcb1596 probe tenant', () => {
  it('probes the fake tenant with a token from the environment and prints the JSON report', async () => {
    const { dataDir } = await workspace();
    process.env.M365_TEST_TOKEN = FAKE_ACCESS_TOKEN;
    const r = await cli(dataDir, ['probe', 'tenant', 'VN3K7', ...lab(), '--exchange-rest', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({
      tenantId: 'a3c1f0de-5b8e-4d2a-9f61-7e0c2b9d4f11',
      source: 'graph+exchange-rest',
      collectedAt: expect.stringMatching(/Z$/),
    });
    expect(report.findings).toHaveLength(16);
    expect(report.findings.find((f: { check: string }) => f.check === 'mfa.enforced')).toMatchObject({
      status: 'pass',
      requirement: 'O365-03',
      detail: expect.any(String),
    });
    expect(report.findings.every((f: { status: string }) => f.status === 'pass')).toBe(true);
    expect(await scanForSecret(dataDir, FAKE_ACCESS_TOKEN)).toEqual([]);

    // Offline re-evaluation of the stored run: no token, no server.
    await server!.close();
    server = undefined;
    const again = await cli(dataDir, ['probe', 'tenant', 'VN3K7', '--reevaluate', report.runId, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out).findings).toEqual(report.findings);
  });

  it('prints a readable table without --json, with reasons for what could not be assessed', async () => {
    const { dataDir } = await workspace(FIXTURE_TENANTS.businessBasicSecurityDefaults);
    process.env.M365_TEST_TOKEN = FAKE_ACCESS_TOKEN;
    const r = await cli(dataDir, ['probe', 'tenant', '--tenant', 'oakwoodhomes.onmicrosoft.com', ...lab()]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/MFA registration coverage\s+n\/a \(not licensed\)\s+Not licensed: needs Microsoft Entra ID P1/);
    expect(r.out).toMatch(/DKIM signing enabled in Exchange Online\s+n\/a \(not collected\)/);
  });

  it('imports the Exchange script output on its own, without signing in', async () => {
    const { dataDir, t } = await workspace();
    process.env.M365_TEST_TOKEN = FAKE_ACCESS_TOKEN;
    expect((await cli(dataDir, ['probe', 'tenant', 'VN3K7', ...lab()])).code).toBe(0);
    const file = join(dataDir, 'exchange.json');
    writeFileSync(file, JSON.stringify(scriptOutputFor(t)));
    delete process.env.M365_TEST_TOKEN;
    const r = await cli(dataDir, ['probe', 'tenant', 'VN3K7', '--exchange-json', file, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.source).toBe('graph+customer-script');
    expect(report.findings.find((f: { check: string }) => f.check === 'exo.dkim-signing')).toMatchObject({
      status: 'pass',
      requirement: 'TECH-04',
    });
    writeFileSync(file, '{"schema":"something-else"}');
    const bad = await cli(dataDir, ['probe', 'tenant', 'VN3K7', '--exchange-json', file]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('not a DCB1596 Exchange facts file');
  });

  it.each([
    [['probe', 'tenant'], 2, /Name the client/],
    [['probe', 'tenant', 'VN3K7', '--graph-url', 'http://127.0.0.1:1'], 2, /need --token-env/],
    [['probe', 'tenant', 'VN3K7', '--token-env', 'M365_TEST_TOKEN', '--graph-url', 'http://graph.example.com'], 2, /must be https/],
    [['probe', 'tenant', 'VN3K7', '--token-env', 'NOT_SET_ANYWHERE'], 2, /NOT_SET_ANYWHERE is empty or not set/],
    [['probe', 'tenant', '--tenant', 'nobody.onmicrosoft.com', '--token-env', 'M365_TEST_TOKEN'], 2, /No client has tenant/],
  ])('refuses %j with exit code %i', async (args, code, message) => {
    const { dataDir } = await workspace();
    process.env.M365_TEST_TOKEN = FAKE_ACCESS_TOKEN;
    const r = await cli(dataDir, args);
    expect(r.code).toBe(code);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('exits non-zero when the token has expired, saying what to do', async () => {
    const { dataDir } = await workspace(FIXTURE_TENANTS.expiredToken, true);
    process.env.M365_TEST_TOKEN = FAKE_ACCESS_TOKEN;
    const r = await cli(dataDir, ['probe', 'tenant', 'VN3K7', ...lab(), '--json']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Sign in again/);
    expect(r.out).toBe('');
  });

  it('works from a shell through the bin entry (npx dcb1596)', async () => {
    const { dataDir } = await workspace(FIXTURE_TENANTS.reportOnlyTrap);
    const env = { ...process.env, DCB_DATA_DIR: dataDir, M365_TEST_TOKEN: FAKE_ACCESS_TOKEN };
    const { stdout } = await exec(process.execPath, ['bin/dcb1596.mjs', 'probe', 'tenant', 'VN3K7', ...lab(), '--json'], { env });
    const report = JSON.parse(stdout);
    expect(report.findings.find((f: { check: string }) => f.check === 'mfa.enforced')).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('report-only'),
    });
  }, 60_000);
});
