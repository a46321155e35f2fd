import { afterEach, describe, expect, it } from 'vitest';
import { aloneStore, ALONE_ACTOR, FakeCatalogue, FakeClients, RecordingEvents, type AloneStore } from '../../test/support/alone';
import type { CatalogueService } from '../catalogue/catalogue-service';
import { FindingsService, type RecordRunInput } from '../findings/findings-service';
import { silentLogger, type Logger } from '../logging/logger';
import { listAudit } from '../store/audit-log';
import { BlobStore } from './blob-store';
import { EvidenceQueries } from './evidence-queries';
import { ProbeEvidence } from './probe-evidence';

let store: AloneStore;
afterEach(() => store?.dispose());

const run = (clientId: string): RecordRunInput => ({
  clientId,
  kind: 'domain',
  target: 'alone.example.test',
  source: 'dns+smtp',
  startedAt: '2026-11-20T10:00:00Z',
  finishedAt: '2026-11-20T10:00:05Z',
  findings: [{ check: 'dns.dmarc', status: 'pass', target: '_dmarc.alone.example.test', summary: 'DMARC policy is reject' }],
  snapshot: { fileName: 'alone-domain.json', bytes: '{"raw":true}' },
});

// Wired as the composition root wires it: the findings service tells ProbeEvidence of each stored snapshot.
// The library is read back through its own reads.
function build(catalogue: Pick<CatalogueService, 'get'> = new FakeCatalogue(), log: Logger = silentLogger) {
  store = aloneStore();
  const client = store.seedClient();
  const fake = new FakeCatalogue(store.db);
  const assessmentId = store.seedAssessment({
    clientId: client.id,
    cycle: 2026,
    catalogueVersion: fake.activeVersion(),
    plannedSubmissionDate: '2026-12-15',
  });
  const { db, clock, actor } = store;
  const clients = new FakeClients([client]);
  const events = new RecordingEvents();
  const blobs = new BlobStore(store.dir);
  const findings = new FindingsService({ db, actor, blobs, clients, events, ports: { appVersion: '9.9.9-alone' } });
  findings.onSnapshot(new ProbeEvidence({ db, clock, actor, blobs, catalogue, events, log }).onProbeSnapshot);
  const reads = new EvidenceQueries({ db, clock, blobs, clients });
  return { client, assessmentId, events, findings, reads };
}

describe('ProbeEvidence built alone', () => {
  it('keeps each run’s snapshot as a new version of one item per target, linked to the requirements its checks cover', async () => {
    const { client, assessmentId, events, findings, reads } = build();

    const first = await findings.recordRun(run(client.id));
    await findings.recordRun({ ...run(client.id), snapshot: { fileName: 'alone-domain.json', bytes: '{"raw":2}' } });

    const [item, ...others] = reads.list({ clientId: client.id });
    expect(others).toEqual([]);
    expect(item).toMatchObject({ title: 'Mail-domain checks — alone.example.test', source: 'dns', versionCount: 2 });
    expect(item!.links.map((l) => [l.assessmentId, l.requirementId])).toEqual([[assessmentId, 'TECH-02']]);
    expect(reads.get(item!.id).versions.map((v) => v.version)).toEqual([2, 1]);
    expect(reads.versionsOf(item!.id)[0]).toMatchObject({ probe_run_id: first.id, sha256: first.snapshot!.sha256 });
    expect(
      listAudit(store.db, client.id)
        .filter((e) => e.action === 'evidence.probe-snapshot')
        .map((e) => e.actor),
    ).toEqual([ALONE_ACTOR, ALONE_ACTOR]);
    expect(events.emitted.filter((e) => e.name === 'data.changed').map((e) => e.payload)).toContainEqual({ prefixes: ['evidence.'] });
  });

  it('logs, and does not fail the probe run, when the snapshot cannot become evidence', async () => {
    const errors: string[] = [];
    const log: Logger = { ...silentLogger, error: (message) => void errors.push(message) };
    const broken: Pick<CatalogueService, 'get'> = {
      get: () => {
        throw new Error('no catalogue');
      },
    };
    const { client, findings, reads } = build(broken, log);

    await expect(findings.recordRun(run(client.id))).resolves.toMatchObject({ clientId: client.id });

    expect(errors).toEqual(['could not record probe snapshot as evidence']);
    expect(reads.list({ clientId: client.id })).toEqual([]);
  });
});
