import { afterEach, describe, expect, it } from 'vitest';
import { aloneStore, FakeClients, RecordingEvents, type AloneStore } from '../../test/support/alone';
import { BlobStore } from '../evidence/blob-store';
import type { ProbeRunSummary } from '../../shared/contract/findings';
import { FindingsService, type RecordRunInput } from './findings-service';

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

function build() {
  store = aloneStore();
  const client = store.seedClient();
  const clients = new FakeClients([client]);
  const events = new RecordingEvents();
  const blobs = new BlobStore(store.dir);
  const findings = new FindingsService({ db: store.db, actor: store.actor, blobs, clients, events, ports: { appVersion: '9.9.9-alone' } });
  return { client, clients, events, blobs, findings };
}

describe('FindingsService built alone', () => {
  it('asks the clients peer, stores the run and its snapshot, tells the snapshot listener and emits data.changed', async () => {
    const { client, clients, events, blobs, findings } = build();
    const heard: [ProbeRunSummary, string][] = [];
    findings.onSnapshot((r, snap) => heard.push([r, snap.sha256]));

    const stored = await findings.recordRun(run(client.id));

    expect(clients.asked).toEqual([client.id]);
    expect(blobs.has(stored.snapshot!.sha256)).toBe(true);
    expect(heard).toEqual([[stored, stored.snapshot!.sha256]]);
    expect(events.emitted).toEqual([{ name: 'data.changed', payload: { prefixes: ['probe.', 'assessment.', 'portfolio.'] } }]);
    expect(findings.latestRuns(client.id).map((r) => r.id)).toEqual([stored.id]);
    expect(store.db.prepare('SELECT app_version FROM probe_runs WHERE id = ?').get(stored.id)).toEqual({ app_version: '9.9.9-alone' });
    expect((await findings.snapshot(stored.id))?.bytes.toString()).toBe('{"raw":true}');
  });

  it('stores nothing and tells no one when the clients peer does not know the client', async () => {
    const { events, findings } = build();
    const heard: string[] = [];
    findings.onSnapshot((r) => heard.push(r.id));

    await expect(findings.recordRun(run('00000000-0000-4000-8000-000000000000'))).rejects.toMatchObject({ code: 'not-found' });

    expect(store.db.prepare('SELECT COUNT(*) AS n FROM probe_runs').get()).toEqual({ n: 0 });
    expect(heard).toEqual([]);
    expect(events.emitted).toEqual([]);
  });
});
