import { afterEach, describe, expect, it } from 'vitest';
import { TENANT_CHECKS } from '../../shared/contract/tenant';
import type { EventPayload } from '../../shared/contract/events';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { EncryptedFileSecretStore } from '../secrets/encrypted-file-secret-store';
import { createTestBackend, sampleClientInput, type TestBackend } from '../../test/support/temp-backend';
import type { ProbeRouting } from '../backend/ports';
import { scanForSecret } from '../../test/support/secret-scan';
import { startFakeM365, type FakeM365 } from '../../test/fixtures/m365/fake-m365';
import { FakeIdentity } from '../../test/fixtures/m365/fake-identity';
import { FAKE_ACCESS_TOKEN, FIXTURE_TENANTS } from '../../test/fixtures/m365/tenants';
import { scriptOutputFor } from '../../test/fixtures/m365/script-output';

// The tenant service through the backend's contract: probe runs with progress, evidence, offline
// re-evaluation, the Exchange script import and sign-in — against the fake Microsoft 365 and a fake
// identity provider.

const FAST = { maxAttempts: 4, maxSingleWaitMs: 60_000, maxTotalWaitMs: 60_000, baseBackoffMs: 1 };
const noWait = async () => {};
let backend: TestBackend | undefined;
let server: FakeM365 | undefined;
afterEach(async () => {
  await server?.close();
  backend?.dispose();
  server = backend = undefined;
});

const xor = {
  encrypt: async (p: string) => Buffer.from([...Buffer.from(p)].map((b) => b ^ 0x33)),
  decrypt: async (c: Uint8Array) => Buffer.from([...c].map((b) => b ^ 0x33)).toString(),
};

async function setup(fixture = FIXTURE_TENANTS.e3Compliant, opts: { tenant?: string; supplied?: boolean; expired?: boolean } = {}) {
  // The host's routing, pointed at the fake once it listens (it is read at each probe).
  const routing: ProbeRouting = {};
  backend = createTestBackend({ probeRouting: routing });
  const t = fixture({ now: backend.clock.now() });
  server = await startFakeM365({ tenant: t, token: FAKE_ACCESS_TOKEN, expiredToken: opts.expired });
  if (opts.supplied !== false) {
    routing.tenant = {
      suppliedToken: {
        token: FAKE_ACCESS_TOKEN,
        graphBaseUrl: server.graphUrl,
        exchangeBaseUrl: server.exchangeUrl,
        sleep: noWait,
        retry: FAST,
      },
    };
  }
  const client = await backend.call('client.create', sampleClientInput({ tenant: opts.tenant ?? t.initialDomain }));
  return { b: backend, t, client };
}

async function upload(b: TestBackend, content: string | Buffer, name = 'DCB1596-Exchange.json') {
  return b.services.transfers.receive(Readable.from([Buffer.from(content)]), name);
}

describe('tenant service', () => {
  it('runs a probe with per-check progress and stores the run with its snapshot', async () => {
    const { b, client } = await setup();
    const events: EventPayload<'operation.progress'>[] = [];
    b.events.on((name, p) => name === 'operation.progress' && events.push(p as (typeof events)[number]));
    const r = await b.call('tenant.probe.run', { clientId: client.id, operationId: 'probe-op-0001', exchange: 'rest' });
    expect(r.tenantId).toBe('a3c1f0de-5b8e-4d2a-9f61-7e0c2b9d4f11');
    expect(r.run).toMatchObject({ kind: 'tenant', target: r.tenantId, source: 'graph+exchange-rest' });
    // E3 passes everything it licenses; Defender, Entra ID P2 and Audit Premium checks say what is missing.
    expect(r.run.findings.filter((f) => f.status === 'fail')).toEqual([]);
    expect(r.run.findings.filter((f) => f.status !== 'pass' && f.reason !== 'not-licensed').map((f) => f.check)).toEqual([
      'audit.retention',
    ]);
    expect(r.run.snapshot?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const progress = await b.call('tenant.probe.progress', { operationId: 'probe-op-0001' });
    expect(progress).toMatchObject({ phase: 'done' });
    expect(progress!.checks.every((c) => c.state === 'done')).toBe(true);
    expect(progress!.requests).toBeGreaterThan(5);
    expect(events.at(-1)).toMatchObject({ finished: true, done: TENANT_CHECKS.length, total: TENANT_CHECKS.length });
    // Some checks were seen running before the end.
    expect(events.some((e) => !e.finished && e.done > 0 && e.done < TENANT_CHECKS.length)).toBe(true);
    // Every event carries the board as it stood, so the renderer needs no read to follow the probe; the last
    // one is the board tenant.probe.progress returns.
    expect(events.every((e) => e.board?.operationId === 'probe-op-0001')).toBe(true);
    expect(events.some((e) => e.board!.checks.some((c) => c.state === 'running'))).toBe(true);
    expect(events.at(-1)!.board).toEqual(progress);
    const latest = await b.call('probe.latest', { clientId: client.id });
    expect(latest.map((x) => x.id)).toContain(r.run.id);
  });

  it('lists the evidence (every request) and re-evaluates the stored snapshot offline', async () => {
    const { b, client } = await setup(FIXTURE_TENANTS.reportOnlyTrap);
    // Graph only: this test counts Graph round trips.
    const { run } = await b.call('tenant.probe.run', { clientId: client.id, exchange: 'none' });
    await server!.close();
    server = undefined;
    const ev = await b.call('tenant.evidence', { runId: run.id });
    expect(ev.sha256).toBe(run.snapshot!.sha256);
    expect(ev.exchanges[0]).toMatchObject({ method: 'POST', url: expect.stringContaining('/v1.0/$batch'), status: 200 });
    // One $batch for the organisation and licences, one for everything else, then (side by side) the
    // domain's DNS expectations and the directory accounts the answers name; no paging at this size.
    expect(ev.exchanges.slice(0, 2).map((e) => e.purpose)).toEqual(['$batch: organisation and licences', '$batch: tenant settings']);
    expect(
      ev.exchanges
        .slice(2)
        .map((e) => e.purpose)
        .sort(),
    ).toEqual(['$batch: directory accounts the answers name', '$batch: mail domain DNS records']);
    expect(ev.emailDomains).toEqual([
      { name: 'riverside-care.co.uk', isDefault: true, expectedMx: 'riverside-care-co-uk.mail.protection.outlook.com' },
    ]);
    const body = await b.call('tenant.evidence.body', { runId: run.id, seq: 0 });
    expect(body.body).toContain('"responses"');
    // No network needed: the fake server is gone.
    const again = await b.call('tenant.reevaluate', { runId: run.id });
    expect(again.findings).toEqual(run.findings);
    expect(again.run).toBeUndefined();
    const saved = await b.call('tenant.reevaluate', { runId: run.id, save: true });
    expect(saved.run).toMatchObject({ source: 'graph (re-evaluated)', target: run.target });
    expect(saved.run!.snapshot!.sha256).toBe(run.snapshot!.sha256);
  });

  it('refuses to re-evaluate a snapshot that was altered on disk', async () => {
    const { b, client } = await setup();
    const { run } = await b.call('tenant.probe.run', { clientId: client.id });
    writeFileSync(b.services.blobs.path(run.snapshot!.sha256), '{"tampered":true}');
    await expect(b.call('tenant.reevaluate', { runId: run.id })).rejects.toMatchObject({ code: 'integrity' });
  });

  it('imports the customer’s Exchange script output and evaluates it with the latest Graph data', async () => {
    const { b, t, client } = await setup(FIXTURE_TENANTS.businessBasicSecurityDefaults);
    await b.call('tenant.probe.run', { clientId: client.id });
    const up = await upload(b, '\uFEFF' + JSON.stringify(scriptOutputFor(t), null, 2));
    const r = await b.call('tenant.exchange.import', { clientId: client.id, uploadId: up.uploadId });
    expect(r).toMatchObject({ exchangeSource: 'script', run: { source: 'graph+customer-script' } });
    const by = Object.fromEntries(r.run.findings.map((f) => [f.check, f]));
    expect(by['exo.dkim-signing']).toMatchObject({ status: 'fail' });
    expect(by['exo.dkim-signing']!.detail).toContain("customer's PowerShell script output (collected 2026-11-22 16:04 UTC)");
    expect(by['mfa.enforced']).toMatchObject({ status: 'pass' });
    // The next Graph-only probe carries the imported Exchange facts along.
    const next = await b.call('tenant.probe.run', { clientId: client.id, exchange: 'none' });
    expect(next).toMatchObject({ exchangeSource: 'script', run: { source: 'graph+customer-script' } });
    const audit = await b.call('audit.list', { clientId: client.id });
    expect(JSON.stringify(audit)).toContain('Imported Exchange Online settings');
  });

  it.each([
    ['not JSON', '<html>nope</html>', /not valid JSON/],
    ['truncated', '{"schema":"dcb1596.exchange-facts","schemaVersion":1,"cmd', /not valid JSON \(.*\)\. Was it cut short/],
    ['another format', JSON.stringify({ hello: 'world' }), /schema: This is not a DCB1596 Exchange facts file/],
    [
      'a newer version',
      JSON.stringify({ ...scriptOutputFor(FIXTURE_TENANTS.e3Compliant()), schemaVersion: 2 }),
      /schemaVersion: Unsupported schemaVersion/,
    ],
    [
      'wrong types',
      JSON.stringify({ ...scriptOutputFor(FIXTURE_TENANTS.e3Compliant()), cmdlets: { 'Get-DkimSigningConfig': { ok: 'yes' } } }),
      /cmdlets\.Get-DkimSigningConfig/,
    ],
    [
      'no known cmdlets',
      JSON.stringify({ ...scriptOutputFor(FIXTURE_TENANTS.e3Compliant()), cmdlets: { 'Get-Something': { ok: true, data: [] } } }),
      /none of the Exchange cmdlets/,
    ],
    [
      'a bad timestamp',
      JSON.stringify({ ...scriptOutputFor(FIXTURE_TENANTS.e3Compliant()), collectedAt: '23/11/2026' }),
      /collectedAt must be an ISO 8601/,
    ],
  ])('rejects a script file that is %s, with a clear error, saving nothing', async (_name, content, message) => {
    const { b, client } = await setup();
    const up = await upload(b, content);
    await expect(b.call('tenant.exchange.import', { clientId: client.id, uploadId: up.uploadId })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(message),
    });
    expect(await b.call('probe.runs', { clientId: client.id })).toEqual([]);
  });

  it('rejects a script file from another tenant', async () => {
    const { b, client } = await setup();
    const up = await upload(b, JSON.stringify(scriptOutputFor(FIXTURE_TENANTS.reportOnlyTrap())));
    await expect(b.call('tenant.exchange.import', { clientId: client.id, uploadId: up.uploadId })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('riversidecare.onmicrosoft.com'),
    });
  });

  it('stops on an expired token, says so, and stores nothing', async () => {
    const { b, client } = await setup(FIXTURE_TENANTS.expiredToken, { expired: true });
    await expect(b.call('tenant.probe.run', { clientId: client.id, operationId: 'probe-op-0002' })).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('Sign in again'),
    });
    expect(await b.call('tenant.probe.progress', { operationId: 'probe-op-0002' })).toMatchObject({
      phase: 'failed',
      error: expect.stringContaining('Sign in again'),
    });
    expect(await b.call('probe.runs', { clientId: client.id })).toEqual([]);
  });

  it('asks for a sign-in before probing, and only probes Microsoft 365 clients', async () => {
    const { b, client } = await setup(FIXTURE_TENANTS.e3Compliant, { supplied: false });
    await expect(b.call('tenant.probe.run', { clientId: client.id })).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('Sign in'),
    });
    const google = await b.call('client.create', sampleClientInput({ odsCode: 'RX2', route: 'google' }));
    await expect(b.call('tenant.probe.run', { clientId: google.id })).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('signs in through MSAL (browser flow), probes with its tokens, and never writes a token to disk or logs', async () => {
    const dir = (await import('../../test/support/temp-backend')).tempDir();
    const secrets = new EncryptedFileSecretStore(join(dir, 'secrets'), xor, 'test keychain');
    const routing: ProbeRouting = {};
    backend = createTestBackend({ secrets, probeRouting: routing }, dir);
    await backend.call('settings.update', { tenant: { clientId: '4f1d7c2a-9e3b-4c8d-a1f0-6b2e8d9c0a11', cloud: 'global' } });
    const idp = new FakeIdentity(undefined, '4f1d7c2a-9e3b-4c8d-a1f0-6b2e8d9c0a11');
    const tenant = FIXTURE_TENANTS.e3Compliant({ now: backend.clock.now() });
    server = await startFakeM365({ tenant, token: (tok) => idp.issuedAccessTokens.includes(tok) });
    routing.tenant = { identityNetwork: idp };
    // Only the base URL is redirected to the fake; tokens come from the sign-in.
    const client = await backend.call('client.create', sampleClientInput({ tenant: tenant.tenantId }));
    const started = await backend.call('tenant.signIn.start', { clientId: client.id, method: 'browser' });
    expect(started).toMatchObject({
      state: 'signing-in',
      pending: { method: 'browser', openedByHost: false, browserUrl: expect.stringContaining('/organizations/oauth2/v2.0/authorize') },
    });
    await idp.browser(started.pending!.browserUrl!, {
      oid: 'c0ffee00-0000-4000-8000-000000000001',
      homeTenant: tenant.tenantId,
      username: 'reader@meadowbankcare.onmicrosoft.com',
      name: 'Reader',
      tenants: [],
    });
    await waitFor(async () => (await backend!.call('tenant.status', { clientId: client.id })).state === 'signed-in');
    expect(await backend.call('tenant.status', { clientId: client.id })).toMatchObject({
      state: 'signed-in',
      account: { username: 'reader@meadowbankcare.onmicrosoft.com', tenantId: tenant.tenantId },
      tokenStorage: { persistent: true },
    });
    // Point Graph at the fake while keeping MSAL's tokens (the host's routing; no channel reaches it). A token
    // is never sent to plain http off loopback: the probe refuses before any request.
    routing.tenant = { identityNetwork: idp, endpoints: { graphBaseUrl: 'http://192.0.2.1', exchangeBaseUrl: server.url } };
    await expect(backend.call('tenant.probe.run', { clientId: client.id })).rejects.toThrow(/Refusing to send a token/);
    expect(server.log.filter((e) => e.authorized)).toEqual([]);
    routing.tenant = { identityNetwork: idp, endpoints: { graphBaseUrl: server.graphUrl, exchangeBaseUrl: server.exchangeUrl } };
    const r = await backend.call('tenant.probe.run', { clientId: client.id });
    expect(r.run.findings.find((f) => f.check === 'mfa.enforced')).toMatchObject({ status: 'pass' });
    expect(server.log.filter((e) => e.authorized).length).toBeGreaterThan(0);
    expect(idp.issuedAccessTokens.length).toBeGreaterThan(0);
    expect(readdirSync(join(dir, 'secrets')).length).toBe(1);
    for (const token of idp.issuedAccessTokens) expect(await scanForSecret(dir, token)).toEqual([]);
    const audit = await backend.call('audit.list', { clientId: client.id });
    expect(JSON.stringify(audit)).toContain('Signed in to Microsoft 365 tenant');
    const out = await backend.call('tenant.signOut', { clientId: client.id });
    expect(out.state).toBe('signed-out');
  });

  it('keeps the supplied access token out of every file in the data directory and the logs', async () => {
    const { b, client } = await setup();
    await b.call('tenant.probe.run', { clientId: client.id, exchange: 'rest' });
    b.services.log.info('probe finished', { note: 'log flushed' });
    expect(await scanForSecret(b.dataDir, FAKE_ACCESS_TOKEN)).toEqual([]);
  });

  it('builds no admin consent link and refuses sign-in until the firm’s app registration is set', async () => {
    const { b, client } = await setup();
    const c = await b.call('tenant.consent', { clientId: client.id });
    expect(c.url).toBeUndefined();
    expect(c.scopes).toContain('Policy.Read.All');
    expect(c.runRoles).toEqual(['Global Reader']);
    const status = await b.call('tenant.status', { clientId: client.id });
    expect(status.app).toMatchObject({ isDefault: true, isPlaceholder: true, clientId: '' });
    await expect(b.call('tenant.signIn.start', { clientId: client.id, method: 'browser' } as never)).rejects.toMatchObject({
      code: 'invalid-input',
    });
  });

  it('builds the admin consent link from the firm’s own app ID', async () => {
    const { b, client, t } = await setup();
    await b.call('settings.update', { tenant: { clientId: '3f2a7c1e-5b6d-4e8f-9a0b-1c2d3e4f5a6b' } } as never);
    const c = await b.call('tenant.consent', { clientId: client.id });
    expect(c.url).toContain(`/${t.initialDomain}/v2.0/adminconsent?client_id=3f2a7c1e-5b6d-4e8f-9a0b-1c2d3e4f5a6b`);
    const status = await b.call('tenant.status', { clientId: client.id });
    expect(status.app).toMatchObject({ isDefault: false, isPlaceholder: false });
  });
});

async function waitFor(cond: () => Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
