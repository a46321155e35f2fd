import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/contract/findings';
import { FakeClock } from '../../test/support/temp-backend';
import { startFakeM365, type FakeM365, type FixtureTenant } from '../../test/fixtures/m365/fake-m365';
import { FAKE_ACCESS_TOKEN, FIXTURE_TENANTS } from '../../test/fixtures/m365/tenants';
import { ExchangeRest } from '../probes/exchange/invoke-command';
import { GraphAdapter } from '../probes/graph/graph-adapter';
import { RetryBudget } from '../probes/graph/retry';
import { Transcript } from '../probes/graph/transcript';
import { collectTenant, ProbeAbort, type ExchangePlan } from './collect';
import { extractFacts } from './facts';
import { parseSnapshot, serialiseSnapshot } from './snapshot';
import { evaluate } from './grading';

// The real adapter, collector, facts and verdicts against the fake Microsoft 365, for every fixture tenant.

const clock = new FakeClock(new Date('2026-11-23T09:00:00Z'));
let server: FakeM365 | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function probe(tenant: FixtureTenant, opts: { exchange?: 'none' | 'rest'; expired?: boolean; tenantRef?: string } = {}) {
  const notes = new Map<string, number>();
  server = await startFakeM365({ tenant, token: FAKE_ACCESS_TOKEN, expiredToken: opts.expired });
  const transcript = new Transcript(() => clock.now());
  const waits: number[] = [];
  const budget = new RetryBudget({ maxAttempts: 4, maxSingleWaitMs: 60_000, maxTotalWaitMs: 60_000, baseBackoffMs: 500 });
  const sleep = async (ms: number) => void waits.push(ms);
  const tokens = { getToken: async () => FAKE_ACCESS_TOKEN };
  const graph = new GraphAdapter({ baseUrl: server.graphUrl, tokens, transcript, budget, sleep });
  const exchange: ExchangePlan =
    opts.exchange === 'rest'
      ? {
          kind: 'rest',
          connect: (t) =>
            new ExchangeRest({
              baseUrl: server!.exchangeUrl,
              cloud: 'global',
              tenantId: t.tenantId,
              tenantDomain: t.tenantDomain,
              tokens,
              transcript,
              budget,
              sleep,
            }),
        }
      : { kind: 'none' };
  const snapshot = await collectTenant({
    graph,
    transcript,
    clock,
    appVersion: '0.0.0-test',
    cloud: 'global',
    graphBaseUrl: server.graphUrl,
    exchange,
    tenantRef: opts.tenantRef,
    onSource: (key, state) => notes.set(key, (notes.get(key) ?? 0) + (state === 'running' ? 1 : -1)),
  });
  // Progress: every source noted as running was noted as done, once.
  expect([...notes].filter(([, n]) => n !== 0)).toEqual([]);
  // Verdicts always come from the stored document, as an offline re-evaluation would see it.
  const stored = parseSnapshot(serialiseSnapshot(snapshot));
  const findings = evaluate(extractFacts(stored));
  const by = Object.fromEntries(findings.map((f) => [f.check, f])) as Record<string, Finding>;
  return { snapshot, findings, by, waits };
}

const statuses = (by: Record<string, Finding>) =>
  Object.fromEntries(Object.entries(by).map(([k, f]) => [k, f.status === 'not-assessable' ? `n/a:${f.reason}` : f.status]));

describe('tenant probe against the fake Microsoft 365', () => {
  it('fully compliant E3 (Exchange read on the same sign-in): every check passes or says what E3 does not license', async () => {
    const { by, snapshot } = await probe(FIXTURE_TENANTS.e3Compliant({ now: clock.now() }), {
      exchange: 'rest',
      tenantRef: 'meadowbankcare.onmicrosoft.com',
    });
    expect(statuses(by)).toEqual({
      'tenant.licences': 'pass',
      'admin.global-admin-count': 'pass',
      'admin.cloud-only': 'pass',
      'admin.phishing-resistant-mfa': 'pass',
      'admin.standing-access': 'n/a:not-licensed',
      'entra.break-glass': 'pass',
      'mfa.enforced': 'pass',
      'mfa.registration': 'pass',
      'mfa.weak-methods': 'pass',
      'legacy-auth.blocked': 'pass',
      'exo.smtp-auth-disabled': 'pass',
      'entra.device-code-flow': 'pass',
      'entra.risk-policies': 'n/a:not-licensed',
      'exo.shared-mailbox-sign-in': 'pass',
      'mobile.compliance-policy': 'pass',
      'mobile.app-protection': 'pass',
      'exo.mobile-mailbox-policy': 'pass',
      'exo.dkim-signing': 'pass',
      'exo.nhsmail-connector-tls': 'pass',
      'exo.auto-forwarding-blocked': 'pass',
      'exo.sharing-policy': 'pass',
      'exo.direct-send': 'pass',
      'exo.message-encryption': 'pass',
      'exo.anti-malware': 'pass',
      'exo.anti-spam': 'pass',
      'defender.anti-phishing': 'n/a:not-licensed',
      'exo.inbound-dmarc': 'pass',
      'defender.safe-attachments': 'n/a:not-licensed',
      'defender.safe-links': 'n/a:not-licensed',
      'exo.filter-bypass': 'pass',
      'exo.external-sender-tag': 'pass',
      'audit.unified-log': 'pass',
      'audit.retention': 'warn',
      'alerts.exfiltration': 'pass',
      'secure-score': 'pass',
    });
    expect(by['mfa.enforced']!.summary).toContain('Require MFA for all users');
    expect(by['mfa.registration']!.data).toMatchObject({ members: 30, registered: 30 });
    expect(snapshot.exchange).toMatchObject({
      source: 'rest',
      discovered: true,
      invokeUrl: expect.stringContaining('/nam13b/adminapi/beta/'),
    });
    // Registration came from Microsoft's summary report (one answer, 30 members) and the list of accounts
    // without MFA (the 2 guests, one page): the 32 per-user records were never paged.
    expect(snapshot.graph.registrationSummary!.pages).toHaveLength(1);
    expect(snapshot.graph.registrationGaps!.pages).toHaveLength(1);
    expect(snapshot.graph.registration).toBeUndefined();
    // Four $batch round trips: organisation and licences; everything else; the domain's DNS expectations;
    // the directory accounts the answers name. The directory itself is never paged.
    expect(server!.log.filter((l) => l.path === '/v1.0/$batch')).toHaveLength(4);
    expect(server!.log.filter((l) => l.path === '/v1.0/users')).toHaveLength(0);
    expect(snapshot.graph.users!.pages.length).toBeGreaterThan(0);
  });

  it('Business Basic with security defaults: MFA and legacy auth pass via security defaults; P1 and Intune checks are not licensed', async () => {
    const { by } = await probe(FIXTURE_TENANTS.businessBasicSecurityDefaults({ now: clock.now() }), { exchange: 'rest' });
    expect(statuses(by)).toMatchObject({
      'tenant.licences': 'pass',
      'mfa.enforced': 'pass',
      'legacy-auth.blocked': 'pass',
      'mfa.registration': 'n/a:not-licensed',
      'mobile.compliance-policy': 'n/a:not-licensed',
      'mobile.app-protection': 'n/a:not-licensed',
      'exo.message-encryption': 'n/a:not-licensed',
      'exo.dkim-signing': 'fail',
      'exo.nhsmail-connector-tls': 'warn',
      'exo.smtp-auth-disabled': 'fail',
      'exo.auto-forwarding-blocked': 'pass',
      'exo.anti-malware': 'warn',
      'exo.mobile-mailbox-policy': 'fail',
      'secure-score': 'warn',
    });
    expect(by['mfa.registration']!.summary).toBe('Not licensed: needs Microsoft Entra ID P1');
    expect(by['mobile.compliance-policy']!.summary).toBe('Not licensed: needs Microsoft Intune Plan 1');
    expect(by['legacy-auth.blocked']!.detail).toContain('Sign-in logs were not checked: Not licensed');
    expect(by['exo.dkim-signing']!.summary).toBe('DKIM signing is off for oakwood-homes.org.uk');
    expect(by['tenant.licences']!.detail).toContain('No Microsoft Entra ID P1');
  });

  it('report-only trap: report-only and disabled policies enforce nothing', async () => {
    const { by } = await probe(FIXTURE_TENANTS.reportOnlyTrap({ now: clock.now() }));
    expect(statuses(by)).toMatchObject({
      'mfa.enforced': 'fail',
      'legacy-auth.blocked': 'fail',
      'mfa.registration': 'warn',
      'mobile.compliance-policy': 'warn',
      'mobile.app-protection': 'fail',
      'exo.dkim-signing': 'n/a:not-collected',
      'audit.unified-log': 'n/a:not-collected',
    });
    expect(by['mfa.enforced']!.summary).toBe('MFA is not enforced: the all-users policy "MFA for everyone (pilot)" is in report-only mode');
    expect(by['mfa.enforced']!.detail).toContain('"Old MFA policy" (disabled)');
    expect(by['mfa.enforced']!.detail).toContain('"MFA for admins" (on): requires MFA for 1 admin role');
    expect(by['legacy-auth.blocked']!.summary).toContain('report-only');
    expect(by['legacy-auth.blocked']!.detail).toMatch(/IMAP4 ×2 \(user4@riverside-care\.co\.uk\)/);
    expect(by['mfa.registration']!.data).toMatchObject({ members: 20, registered: 17, coverage: 0.85 });
  });

  it('throttling storm: retries within the budget, Secure Score (Retry-After of hours) becomes refused', async () => {
    const { by, waits } = await probe(FIXTURE_TENANTS.throttlingStorm({ now: clock.now() }));
    expect(by['secure-score']).toMatchObject({ status: 'not-assessable', reason: 'refused' });
    expect(by['secure-score']!.detail).toMatch(/2 h/);
    for (const c of [
      'mfa.enforced',
      'mfa.registration',
      'legacy-auth.blocked',
      'mobile.compliance-policy',
      'mobile.app-protection',
      'tenant.licences',
    ]) {
      expect(by[c]!.status, c).toBe('pass');
    }
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60_000);
    expect(Math.max(...waits)).toBeLessThanOrEqual(2000);
  });

  it('malformed and truncated responses: only the affected checks become malformed-response; the rest completes', async () => {
    const { by, snapshot } = await probe(FIXTURE_TENANTS.malformed({ now: clock.now() }));
    expect(statuses(by)).toMatchObject({
      'mfa.enforced': 'n/a:malformed-response',
      'legacy-auth.blocked': 'n/a:malformed-response',
      'mfa.registration': 'n/a:malformed-response',
      'mobile.app-protection': 'n/a:malformed-response',
      'secure-score': 'n/a:malformed-response',
      'tenant.licences': 'pass',
      'mobile.compliance-policy': 'warn',
    });
    expect(by['mobile.app-protection']!.detail).toContain('paging loop');
    expect(snapshot.graph.conditionalAccess!.failure?.kind).toBe('malformed');
  });

  it('registration summary report refused: the probe pages every user instead, says so, and reaches the same verdict', async () => {
    const base = FIXTURE_TENANTS.e3Compliant({ now: clock.now() });
    const refused: FixtureTenant = {
      ...base,
      fault: ({ path }) =>
        path.startsWith('/reports/authenticationMethods/usersRegisteredByFeature(')
          ? {
              status: 403,
              body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } },
            }
          : undefined,
    };
    const { by, snapshot } = await probe(refused);
    expect(snapshot.graph.registrationSummary!.failure).toMatchObject({ kind: 'http', status: 403 });
    expect(snapshot.graph.registration!.pages).toHaveLength(3);
    expect(by['mfa.registration']).toMatchObject({ status: 'pass', data: { members: 30, registered: 30 } });
    expect(by['mfa.registration']!.detail).toContain("Microsoft's registration summary report could not be used");
    expect(by['mfa.registration']!.detail).toContain("every user's registration was read instead");
    // With the report, the same tenant needs no such note.
    const plain = await probe(FIXTURE_TENANTS.e3Compliant({ now: clock.now() }));
    expect(plain.by['mfa.registration']).toMatchObject({ status: 'pass', data: { members: 30, registered: 30 } });
    expect(plain.by['mfa.registration']!.detail).not.toContain('summary report');
  });

  it.each([
    ['counts every user type instead of members', { userTypes: 'all' }, 'pass'],
    ['has no count', { userTypes: 'member', totalUserCount: 'thirty' }, 'pass'],
  ])('registration summary report that %s: the per-user report decides, and the finding says why', async (_, patch, status) => {
    const base = FIXTURE_TENANTS.e3Compliant({ now: clock.now() });
    const odd: FixtureTenant = {
      ...base,
      fault: ({ path }) =>
        path.startsWith('/reports/authenticationMethods/usersRegisteredByFeature(')
          ? { status: 200, body: { '@odata.type': '#microsoft.graph.userRegistrationFeatureSummary', totalUserCount: 30, ...patch } }
          : undefined,
    };
    const { by } = await probe(odd);
    expect(by['mfa.registration']).toMatchObject({ status, data: { members: 30, registered: 30 } });
    expect(by['mfa.registration']!.detail).toContain("every user's registration was read instead");
  });

  it('a list of accounts without MFA that names a registered account is not believed: every user is read instead', async () => {
    const base = FIXTURE_TENANTS.e3Compliant({ now: clock.now() });
    const lying: FixtureTenant = {
      ...base,
      fault: ({ path, query }) =>
        path === '/reports/authenticationMethods/userRegistrationDetails' && query.get('$filter')
          ? { status: 200, body: { value: [{ id: 'x', userType: 'member', isMfaRegistered: true, methodsRegistered: [] }] } }
          : undefined,
    };
    const { by } = await probe(lying);
    expect(by['mfa.registration']).toMatchObject({ status: 'pass', data: { members: 30, registered: 30 } });
    expect(by['mfa.registration']!.detail).toContain('named a registered account');
  });

  it('5,000 users: registration is counted from the summary report and the directory looked up by ID, never paged', async () => {
    const large = FIXTURE_TENANTS.largeTenant({ now: clock.now() });
    const details = large.graph['/reports/authenticationMethods/userRegistrationDetails'] as {
      body: { value: { isMfaRegistered: boolean }[] };
    };
    // Three members without MFA among 5,000.
    for (const i of [10, 2000, 4999]) details.body.value[i]!.isMfaRegistered = false;
    const { by } = await probe(large, { exchange: 'rest' });
    expect(by['mfa.registration']!.data).toMatchObject({ members: 5000, registered: 4997 });
    expect(by['mfa.registration']!.status).toBe('pass');
    // No request pages the per-user report or lists the whole directory.
    expect(server!.log.some((l) => l.path === '/v1.0/users' || l.query.includes('skiptoken'))).toBe(false);
  });

  it('expired token: the probe stops with a clear message and nothing to store', async () => {
    await expect(probe(FIXTURE_TENANTS.expiredToken({ now: clock.now() }), { expired: true })).rejects.toThrow(ProbeAbort);
    await expect(probe(FIXTURE_TENANTS.expiredToken({ now: clock.now() }), { expired: true })).rejects.toThrow(/Sign in again/);
  });

  it('refuses a token for another tenant than the client record names', async () => {
    await expect(probe(FIXTURE_TENANTS.e3Compliant({ now: clock.now() }), { tenantRef: 'someone-else.onmicrosoft.com' })).rejects.toThrow(
      /this client's tenant is someone-else/,
    );
  });

  it('stores no token anywhere in the snapshot', async () => {
    const { snapshot } = await probe(FIXTURE_TENANTS.e3Compliant({ now: clock.now() }), { exchange: 'rest' });
    expect(serialiseSnapshot(snapshot)).not.toContain(FAKE_ACCESS_TOKEN);
  });
});
