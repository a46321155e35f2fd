import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDnsFixture, type DnsFixture } from '../fixtures/dns/dns-fixture-server';
import { closedPort } from '../fixtures/smtp/smtp-servers';
import { runDomainProbe, type DomainProbeOptions } from '../../electron/mail-domain/run-domain-probe';
import { createTestBackend, sampleClientInput, type TestBackend } from '../support/temp-backend';

// When this computer's DNS cannot be believed: a resolver that answers NXDOMAIN for every name (captive
// portal, broken network) and a resolver that never answers. Neither may turn into "the domain does not
// exist, register it", and neither run is kept as evidence.

let captive: DnsFixture;
let healthy: DnsFixture;
let backend: TestBackend | undefined;

beforeAll(async () => {
  captive = await startDnsFixture({ records: {}, captive: true });
  healthy = await startDnsFixture({ records: { 'exists.test': { SOA: true, MX: [{ priority: 10, exchange: 'mx.exists.test' }] } } });
});
afterAll(async () => {
  await captive.close();
  await healthy.close();
});
afterEach(() => {
  backend?.dispose();
  backend = undefined;
});

const options = (server: string): DomainProbeOptions => ({
  dns: { servers: [server], timeoutMs: 300, tries: 1 },
  smtp: { port: 25, bannerTimeoutMs: 500, commandTimeoutMs: 500, connectTimeoutMs: 300, preflightTimeoutMs: 300, gapMs: 0 },
  now: () => new Date('2026-11-23T09:00:00Z'),
});

describe('a resolver that cannot be believed', () => {
  it('NXDOMAIN for everything: the DNS is unreliable, nothing is graded, nobody is told to register the domain', async () => {
    const r = await runDomainProbe('care.test', options(captive.server));
    expect(r.report.network).toMatchObject({ state: 'unreliable', summary: expect.stringMatching(/network's DNS is unreliable/) });
    expect(r.findings).toHaveLength(11);
    expect(r.findings.every((f) => f.status === 'not-assessable' && f.reason === 'unreachable')).toBe(true);
    const text = JSON.stringify(r.report);
    expect(text).not.toMatch(/register and publish|does not exist in the DNS/);
    // The control question was asked of the same resolver.
    expect(captive.queries.some((q) => q.name === '' && q.type === 'NS')).toBe(true);
  });

  it('no answer at all: one summary, not the explanation in every finding', async () => {
    const dead = `127.0.0.1:${await closedPort()}`;
    const r = await runDomainProbe('care.test', options(dead));
    expect(r.report.network).toMatchObject({ state: 'unreachable', summary: expect.stringMatching(/No DNS server answered/) });
    expect(r.findings.every((f) => f.status === 'not-assessable')).toBe(true);
    // The long explanation is in the report once; each finding only points to it.
    const explanation = r.report.network!.explanation.join(' ');
    expect(r.findings.filter((f) => (f.detail ?? '').includes(explanation.slice(0, 60)))).toHaveLength(0);
    expect(new Set(r.findings.map((f) => f.detail)).size).toBe(1);
  });

  it('a domain that really does not exist, on a resolver that knows the root, is still reported as such', async () => {
    const r = await runDomainProbe('missing.test', options(healthy.server));
    expect(r.report.network).toBeUndefined();
    expect(r.findings.find((f) => f.check === 'dns.mx')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/does not exist/),
    });
  });

  it('the check through the backend keeps nothing and says why', async () => {
    const b = createTestBackend();
    backend = b;
    await b.call('settings.update', { dns: { servers: [captive.server], timeoutMs: 300, tries: 1 } });
    const client = await b.call('client.create', sampleClientInput({ domains: ['care.test'], route: 'self-managed' }));
    const out = await b.call('domain.check', { clientId: client.id });
    expect(out.results[0]).toMatchObject({ domain: 'care.test', runId: null, network: { state: 'unreliable' } });
    expect(out.results[0]!.counts).toEqual({ pass: 0, warn: 0, fail: 0, notAssessable: 11 });
    expect(await b.call('probe.runs', { clientId: client.id, kind: 'domain' })).toEqual([]);
  });
});
