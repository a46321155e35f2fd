import { afterEach, describe, expect, it } from 'vitest';
import {
  aloneStore,
  FakeCatalogue,
  FakeClients,
  FakeEvidence,
  FakeFindings,
  FakeSettings,
  type AloneStore,
} from '../../test/support/alone';
import { BlobStore } from '../evidence/blob-store';
import type { Client } from '../../shared/contract/clients';
import { AssessmentsService } from './assessments-service';

let store: AloneStore;
afterEach(() => store?.dispose());

function build(over: Partial<Client> = {}) {
  store = aloneStore();
  const client = store.seedClient(over);
  const clients = new FakeClients([client]);
  const evidence = new FakeEvidence();
  const catalogue = new FakeCatalogue(store.db);
  const svc = new AssessmentsService({
    db: store.db,
    clock: store.clock,
    actor: store.actor,
    blobs: new BlobStore(store.dir),
    catalogue,
    clients,
    evidence,
    findings: new FakeFindings(),
    settings: new FakeSettings(),
    statementDetails: { saved: () => null },
  });
  return { client, clients, evidence, catalogue, svc };
}

const expiredIssues = (r: {
  blockers: { kind: string; requirementIds: string[] }[];
  warnings: { kind: string; requirementIds: string[] }[];
}) => [...r.blockers, ...r.warnings].filter((i) => i.kind === 'evidence-expired').map((i) => i.requirementIds);

describe('AssessmentsService built alone', () => {
  it('starts an assessment on the active version of the catalogue peer and judges readiness on the states of the evidence peer', () => {
    const { client, evidence, catalogue, svc } = build();

    const a = svc.create({ clientId: client.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });
    expect(a).toMatchObject({ catalogueVersion: catalogue.activeVersion(), route: client.route, status: 'draft' });
    expect(expiredIssues(svc.readiness(a.id))).toEqual([]);

    evidence.states = [
      { requirementId: 'ORG-01', evidenceId: 'e-1', title: 'Email policy', freshness: 'expired', expiresAt: '2026-10-01' },
    ];
    expect(expiredIssues(svc.readiness(a.id))).toEqual([['ORG-01']]);
    // Asked for this assessment, judged at its planned submission date (create reads readiness too).
    expect([...new Set(evidence.asked.map(([id, date]) => `${id} ${date}`))]).toEqual([`${a.id} 2026-12-15`]);
  });

  it('carries evidence over through the evidence peer when a renewal starts', () => {
    const { client, evidence, svc } = build();
    const first = svc.create({ clientId: client.id, cycle: 2026 });

    const renewal = svc.startRenewal({ fromAssessmentId: first.id });

    expect(renewal.cycle).toBe(2027);
    expect(evidence.carried).toEqual([[first.id, renewal.id]]);
  });

  it('refuses to start an assessment for a client the clients peer says is archived', () => {
    const { client, svc } = build({ archived: true });
    expect(() => svc.create({ clientId: client.id, cycle: 2026 })).toThrow(/is archived/);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM assessments').get()).toEqual({ n: 0 });
  });
});
