import { afterEach, describe, expect, it } from 'vitest';
import { aloneStore, FakeClients, FakeFindings, FakeSettings, RecordingEvents, type AloneStore } from '../../test/support/alone';
import type { Finding } from '../../shared/contract/findings';
import { BlobStore } from '../evidence/blob-store';
import { silentLogger } from '../logging/logger';
import { AccreditedListService } from '../accredited-list/accredited-list-service';
import { DomainChecksService } from './domain-checks-service';

let store: AloneStore;
afterEach(() => store?.dispose());

// The accredited list is a real AccreditedListService over the same database (the service uses only its lookup);
// everything else the service reaches is a fake, so no check can touch the network.
function build(client: { sample?: boolean } = {}) {
  store = aloneStore();
  const c = store.seedClient({ domains: ['listed.example.test', 'other.example.test'], ...client });
  const clients = new FakeClients([c]);
  const findings = new FakeFindings();
  const settings = new FakeSettings();
  const events = new RecordingEvents();
  const accredited = new AccreditedListService({
    db: store.db,
    clock: store.clock,
    actor: store.actor,
    blobs: new BlobStore(store.dir),
    events,
  });
  const svc = new DomainChecksService({
    accredited,
    clients,
    clock: store.clock,
    events,
    findings,
    log: silentLogger,
    ports: {},
    settings,
  });
  return { c, clients, findings, settings, events, accredited, svc };
}

describe('DomainChecksService built alone', () => {
  it('refuses to look up a client the clients peer says is sample data, before reading settings or recording a run', async () => {
    const { c, clients, findings, settings, svc } = build({ sample: true });

    await expect(svc.check({ clientId: c.id })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('is sample data'),
    });

    expect(clients.asked).toEqual([c.id]);
    expect(settings.reads).toBe(0);
    expect(findings.recorded).toEqual([]);
  });

  it('refuses a domain the clients peer does not list for the client', async () => {
    const { c, findings, svc } = build();

    await expect(svc.check({ clientId: c.id, domains: ['stranger.example.test'] })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('stranger.example.test is not among'),
    });
    expect(findings.recorded).toEqual([]);
  });

  it('reports each domain of the client with the latest domain run of the findings peer and the accredited list', async () => {
    const { c, findings, accredited, svc } = build();
    await accredited.importBytes(Buffer.from('Organisation,ODS,Domain\r\nAlone Care,AL1,listed.example.test\r\n'), 'accredited.csv');
    const at = { startedAt: '2026-11-20T10:00:00.000Z', finishedAt: '2026-11-20T10:00:05.000Z' };
    const finding: Finding = { check: 'dns.dmarc', status: 'fail', target: '_dmarc.listed.example.test', summary: 'No DMARC record' };
    const domainRun = findings.add({
      clientId: c.id,
      kind: 'domain',
      target: 'listed.example.test',
      source: 'dns+smtp',
      ...at,
      findings: [finding],
    });
    findings.add({ clientId: c.id, kind: 'tenant', target: 'other.example.test', source: 'graph', ...at, findings: [] });

    const latest = await svc.latest(c.id);

    expect(latest.map((d) => [d.domain, d.run?.id ?? null, d.run?.counts.fail ?? null, d.accredited.listed])).toEqual([
      ['listed.example.test', domainRun.id, 1, true],
      ['other.example.test', null, null, false],
    ]);
    // No snapshot on the run: the report is not asked for.
    expect(findings.snapshotsAsked).toEqual([]);
  });
});
