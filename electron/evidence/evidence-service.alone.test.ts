import { afterEach, describe, expect, it } from 'vitest';
import {
  aloneStore,
  ALONE_ACTOR,
  FakeCatalogue,
  FakeClients,
  FakeSettings,
  FakeTransfers,
  RecordingEvents,
  type AloneStore,
} from '../../test/support/alone';
import { BlobStore } from './blob-store';
import { EvidenceEdit } from './evidence-edit';
import { EvidenceFiles } from './evidence-files';
import { EvidenceImport } from './evidence-import';
import { EvidenceIntegrity } from './evidence-integrity';
import { EvidenceLinks } from './evidence-links';
import { EvidenceQueries } from './evidence-queries';
import { EvidenceService } from './evidence-service';

let store: AloneStore;
afterEach(() => store?.dispose());

// The library as its peers see it, composed of its parts as the composition root composes them, over one
// database; what lies outside the library (clients, settings, transfers, catalogue, events) is faked.
function build() {
  store = aloneStore();
  const catalogue = new FakeCatalogue(store.db);
  const client = store.seedClient();
  const assessmentId = store.seedAssessment({
    clientId: client.id,
    cycle: 2026,
    catalogueVersion: catalogue.activeVersion(),
    plannedSubmissionDate: '2026-12-15',
  });
  const { db, clock, actor } = store;
  const blobs = new BlobStore(store.dir);
  const clients = new FakeClients([client]);
  const transfers = new FakeTransfers(store.dir);
  const events = new RecordingEvents();
  const reads = new EvidenceQueries({ db, clock, blobs, clients });
  const links = new EvidenceLinks({ db, clock, actor, catalogue, reads });
  const evidence = new EvidenceService({
    reads,
    imports: new EvidenceImport({ db, clock, actor, blobs, settings: new FakeSettings(), transfers, reads, links }),
    edits: new EvidenceEdit({ db, clock, actor, reads, links }),
    links,
    files: new EvidenceFiles({ blobs, transfers, reads }),
    integrity: new EvidenceIntegrity({ db, clock, actor, blobs, clients, events, reads }),
  });
  return { client, assessmentId, transfers, blobs, evidence };
}

describe('EvidenceService built alone from its parts', () => {
  it('imports a file, links it to a requirement, and answers readiness and integrity for it, one object for its peers', async () => {
    const { client, assessmentId, transfers, evidence } = build();
    const uploadId = transfers.stage('policy.txt', 'Staff must not email patient data to insecure recipients.\n');
    const item = await evidence.importUpload({
      clientId: client.id,
      uploadId,
      source: 'manual-upload',
      title: 'Email policy',
      kind: 'policy',
      expiryDate: '2027-06-30',
    });

    evidence.link(item.id, assessmentId, 'ORG-01');

    expect(evidence.forRequirement(assessmentId, 'ORG-01').map((e) => [e.item.id, e.linkedBy])).toEqual([[item.id, ALONE_ACTOR]]);
    expect(evidence.statesForAssessment(assessmentId, '2026-12-15')).toEqual([
      expect.objectContaining({ requirementId: 'ORG-01', evidenceId: item.id, title: 'Email policy', freshness: 'current' }),
    ]);
    const report = await evidence.verify(client.id);
    expect(report).toMatchObject({ ok: true, checkedFiles: 1, problems: [] });
    expect(evidence.list({ clientId: client.id }).map((i) => i.title)).toEqual(['Email policy']);
  });
});
