import { afterEach, describe, expect, it } from 'vitest';
import { aloneStore, FakeAssessments, FakeCatalogue, fakeDetail, FakeEvidence, type AloneStore } from '../../test/support/alone';
import { BlobStore } from '../evidence/blob-store';
import { PortfolioService } from './portfolio-service';

let store: AloneStore;
afterEach(() => store?.dispose());

function build() {
  store = aloneStore();
  const catalogue = new FakeCatalogue(store.db);
  const client = store.seedClient();
  const plannedSubmissionDate = '2026-12-15';
  const id = store.seedAssessment({ clientId: client.id, cycle: 2026, catalogueVersion: catalogue.activeVersion(), plannedSubmissionDate });
  const assessments = new FakeAssessments();
  assessments.add(
    fakeDetail({
      id,
      clientId: client.id,
      cycle: 2026,
      plannedSubmissionDate,
      percent: 42,
      blockers: ['ORG-01 has no answer yet'],
      failingChecks: 2,
    }),
  );
  const evidence = new FakeEvidence();
  evidence.states = [
    { requirementId: 'ORG-01', evidenceId: 'e-1', title: 'Email policy', freshness: 'expiring', expiresAt: '2026-12-01' },
    { requirementId: 'ORG-02', evidenceId: 'e-1', title: 'Email policy', freshness: 'expiring', expiresAt: '2026-12-01' },
    { requirementId: 'ORG-03', evidenceId: 'e-2', title: 'Pen test', freshness: 'current' },
  ];
  const portfolio = new PortfolioService({ db: store.db, clock: store.clock, assessments, blobs: new BlobStore(store.dir), evidence });
  return { client, id, assessments, evidence, portfolio };
}

describe('PortfolioService built alone', () => {
  it('shows each client with the readiness figures of the assessments peer and the expiring evidence of the evidence peer, then reuses them', () => {
    const { client, id, assessments, evidence, portfolio } = build();

    const first = portfolio.overview();
    expect(first.today).toBe('2026-11-23');
    expect(first.rows).toEqual([
      expect.objectContaining({
        clientId: client.id,
        legalName: client.legalName,
        current: expect.objectContaining({ assessmentId: id, cycle: 2026, percent: 42, blockers: 1, plannedSubmissionDate: '2026-12-15' }),
        failingChecks: 2,
        evidenceExpiring: 1,
      }),
    ]);
    expect(assessments.asked).toEqual([id]);
    expect(evidence.asked).toEqual([[id, '2026-12-15']]);

    // The figures are stored (portfolio_summary): a second overview asks neither peer again.
    expect(portfolio.overview().rows[0]!.current!.percent).toBe(42);
    expect(assessments.asked).toEqual([id]);
  });

  it('puts each expiring evidence item of the evidence peer in the calendar once', () => {
    const { client, portfolio } = build();
    const events = portfolio.calendarEvents(client.id).filter((e) => e.uid.startsWith('evidence-'));
    expect(events.map((e) => [e.uid, e.date])).toEqual([['evidence-e-1-2026-12-01@dcb1596-workbench', '2026-12-01']]);
    expect(events[0]!.description).toContain('it supports ORG-01, ORG-02');
  });
});
