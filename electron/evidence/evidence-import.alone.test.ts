import { afterEach, describe, expect, it } from 'vitest';
import {
  aloneStore,
  ALONE_ACTOR,
  FakeCatalogue,
  FakeClients,
  FakeSettings,
  FakeTransfers,
  type AloneStore,
} from '../../test/support/alone';
import { listAudit } from '../store/audit-log';
import type { Client } from '../../shared/contract/clients';
import { BlobStore } from './blob-store';
import { EvidenceImport } from './evidence-import';
import { EvidenceLinks } from './evidence-links';
import { EvidenceQueries } from './evidence-queries';

let store: AloneStore;
afterEach(() => store?.dispose());

// The import with the library's own reads and links over the same database; the peers outside the library
// (clients, settings, transfers, catalogue) are fakes.
function build(over: Partial<Client> = {}, settings = new FakeSettings()) {
  store = aloneStore();
  const client = store.seedClient(over);
  const transfers = new FakeTransfers(store.dir);
  const blobs = new BlobStore(store.dir);
  const { db, clock, actor } = store;
  const reads = new EvidenceQueries({ db, clock, blobs, clients: new FakeClients([client]) });
  const links = new EvidenceLinks({ db, clock, actor, catalogue: new FakeCatalogue(), reads });
  const evidence = new EvidenceImport({ db, clock, actor, blobs, settings, transfers, reads, links });
  return { client, transfers, blobs, evidence };
}

const importInput = (clientId: string, uploadId: string) => ({
  clientId,
  uploadId,
  source: 'manual-upload' as const,
  title: 'Email policy',
  kind: 'policy' as const,
});

describe('EvidenceImport built alone', () => {
  it('imports an upload of the transfer peer into the blob store, dated by its clock, and discards the upload', async () => {
    const { client, transfers, blobs, evidence } = build();
    const uploadId = transfers.stage('policy.txt', 'Staff must not email patient data to insecure recipients.\n');

    const item = await evidence.importUpload(importInput(client.id, uploadId));

    expect(item).toMatchObject({
      clientId: client.id,
      title: 'Email policy',
      versions: [{ originalName: 'policy.txt', collectedAt: '2026-11-23' }],
    });
    expect(blobs.has(item.versions[0]!.sha256)).toBe(true);
    expect(transfers.discarded).toEqual([uploadId]);
    expect(listAudit(store.db, client.id).map((e) => [e.action, e.actor])).toEqual([['evidence.add', ALONE_ACTOR]]);
  });

  it('refuses an upload over the size limit of the settings peer', async () => {
    const { client, transfers, evidence } = build({}, new FakeSettings({ evidence: { maxFileMegabytes: 1 } }));
    const uploadId = transfers.stage('big.pdf', Buffer.alloc(1024 * 1024 + 1, 'a'));

    await expect(evidence.importUpload(importInput(client.id, uploadId))).rejects.toThrow(/larger than the 1 MB limit/);
    expect(transfers.discarded).toEqual([]);
  });

  it('refuses evidence for a client the clients peer says is archived', async () => {
    const { client, transfers, evidence } = build({ archived: true });
    const uploadId = transfers.stage('policy.txt', 'text');

    await expect(evidence.importUpload(importInput(client.id, uploadId))).rejects.toMatchObject({ code: 'conflict' });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM evidence_items').get()).toEqual({ n: 0 });
  });
});
