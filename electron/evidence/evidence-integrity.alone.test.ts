import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { aloneStore, ALONE_ACTOR, FakeClients, RecordingEvents, type AloneStore } from '../../test/support/alone';
import { notFound } from '../backend/app-error';
import { listAudit } from '../store/audit-log';
import type { BlobStatus, BlobStore } from './blob-store';
import { EvidenceIntegrity } from './evidence-integrity';

let store: AloneStore;
afterEach(() => store?.dispose());

// The blob store as the integrity check sees it: each file's status is what the test says.
class FakeBlobs implements Pick<BlobStore, 'path' | 'verify'> {
  readonly verified: string[] = [];
  constructor(private readonly status: Record<string, BlobStatus>) {}
  path(sha256: string): string {
    return join(store.dir, 'evidence', sha256);
  }
  async verify(sha256: string): Promise<BlobStatus> {
    this.verified.push(sha256);
    return this.status[sha256] ?? 'missing';
  }
}

const SHA_OK = '1'.repeat(64);
const SHA_ALTERED = '2'.repeat(64);

function build() {
  store = aloneStore();
  const client = store.seedClient();
  const at = store.clock.now().toISOString();
  store.db
    .prepare(
      `INSERT INTO evidence_items (id, client_id, title, kind, source, created_at, updated_at) VALUES ('item-1', ?, 'Email policy', 'policy', 'manual-upload', ?, ?)`,
    )
    .run(client.id, at, at);
  const version = store.db.prepare(
    `INSERT INTO evidence_versions (id, evidence_id, version, sha256, size, original_name, sniffed_type, extension_mismatch, collected_at, added_at, added_by, superseded_at)
     VALUES (?, 'item-1', ?, ?, 10, ?, 'pdf', 0, '2026-11-01', ?, 'someone', ?)`,
  );
  version.run('v-1', 1, SHA_OK, 'policy-v1.pdf', at, at);
  version.run('v-2', 2, SHA_ALTERED, 'policy-v2.pdf', at, null);
  const clients = new FakeClients([client]);
  const blobs = new FakeBlobs({ [SHA_OK]: 'ok', [SHA_ALTERED]: 'altered' });
  const events = new RecordingEvents();
  // verifyClient reads its rows itself; the library's reads are not asked.
  const reads = {
    itemRow: () => {
      throw notFound('The evidence item');
    },
    versionsOf: () => [],
    freshnessOf: () => {
      throw new Error('not asked by verifyClient');
    },
  };
  const integrity = new EvidenceIntegrity({ db: store.db, clock: store.clock, actor: store.actor, blobs, clients, events, reads });
  return { client, clients, blobs, events, integrity };
}

describe('EvidenceIntegrity built alone', () => {
  it('re-hashes every stored version through the blob peer, reports the altered one, records and audits the result', async () => {
    const { client, clients, blobs, events, integrity } = build();

    const r = await integrity.verifyClient(client.id, 'op-verify');

    expect(clients.asked).toEqual([client.id]);
    expect(blobs.verified.sort()).toEqual([SHA_OK, SHA_ALTERED]);
    expect(r).toMatchObject({ ok: false, checkedFiles: 2, verifiedAt: store.clock.now().toISOString() });
    expect(r.problems.map((p) => [p.versionId, p.status])).toEqual([['v-2', 'altered']]);
    expect(store.db.prepare('SELECT id, integrity FROM evidence_versions ORDER BY id').all()).toEqual([
      { id: 'v-1', integrity: 'ok' },
      { id: 'v-2', integrity: 'altered' },
    ]);
    expect(listAudit(store.db, client.id).map((e) => [e.action, e.actor])).toEqual([['evidence.verify', ALONE_ACTOR]]);
    expect(events.emitted.filter((e) => e.name === 'operation.progress').length).toBeGreaterThan(0);
  });
});
