import { afterEach, describe, expect, it } from 'vitest';
import { createTestBackend, sampleClientInput, type TestBackend } from '../../test/support/temp-backend';
import type { Finding } from '../../shared/contract/findings';

let b: TestBackend;
afterEach(() => b?.dispose());

const dmarc = (status: Finding['status'], policy: string): Finding => ({
  check: 'dns.dmarc',
  status,
  target: '_dmarc.x.org',
  summary: `DMARC policy is ${policy}`,
  data: { policy },
});

describe('FindingsService', () => {
  it('records runs with snapshots, audits them and returns the latest per target', async () => {
    b = createTestBackend();
    const c = await b.call('client.create', sampleClientInput());
    const first = await b.services.findings.recordRun({
      clientId: c.id,
      kind: 'domain',
      target: 'x.org',
      source: 'dns+smtp',
      startedAt: '2026-11-20T10:00:00Z',
      finishedAt: '2026-11-20T10:00:05Z',
      findings: [dmarc('pass', 'quarantine')],
      snapshot: { fileName: 'x.org-domain.json', bytes: '{"raw":true}' },
    });
    expect(first.snapshot?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await b.services.blobs.verify(first.snapshot!.sha256)).toBe('ok');
    await b.services.findings.recordRun({
      clientId: c.id,
      kind: 'domain',
      target: 'x.org',
      source: 'dns+smtp',
      startedAt: '2026-11-22T10:00:00Z',
      finishedAt: '2026-11-22T10:00:05Z',
      findings: [dmarc('pass', 'reject')],
    });
    await b.services.findings.recordRun({
      clientId: c.id,
      kind: 'domain',
      target: 'y.org',
      source: 'dns+smtp',
      startedAt: '2026-11-21T10:00:00Z',
      finishedAt: '2026-11-21T10:00:05Z',
      findings: [dmarc('fail', 'none')],
    });

    const latest = await b.call('probe.latest', { clientId: c.id });
    expect(latest.map((r) => [r.target, r.findings[0]!.data])).toEqual([
      ['x.org', { policy: 'reject' }],
      ['y.org', { policy: 'none' }],
    ]);
    expect(b.services.findings.latestRuns(c.id, { until: '2026-11-21T00:00:00Z' }).map((r) => r.findings[0]!.data)).toEqual([
      { policy: 'quarantine' },
    ]);
    expect((await b.call('probe.runs', { clientId: c.id })).length).toBe(3);
    const audit = await b.call('audit.list', { clientId: c.id });
    expect(audit[0]!.summary).toBe('Checked mail domain y.org: 1 fail');
    expect((await b.services.findings.snapshot(first.id))?.bytes.toString()).toBe('{"raw":true}');
  });

  it('refuses findings that break the contract (unknown check, unexplained not-assessable)', async () => {
    b = createTestBackend();
    const c = await b.call('client.create', sampleClientInput());
    const base = {
      clientId: c.id,
      kind: 'tenant' as const,
      target: 't',
      source: 'graph',
      startedAt: '2026-11-20T10:00:00Z',
      finishedAt: '2026-11-20T10:00:05Z',
    };
    await expect(
      b.services.findings.recordRun({ ...base, findings: [{ check: 'made.up' as never, status: 'pass', summary: 'x' }] }),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(
      b.services.findings.recordRun({ ...base, findings: [{ check: 'mfa.enforced', status: 'not-assessable', summary: 'x' }] }),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    expect(await b.call('probe.runs', { clientId: c.id })).toEqual([]);
  });
});
