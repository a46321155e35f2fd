import { afterEach, describe, expect, it } from 'vitest';
import { aloneStore, FakeCatalogue, FakePortfolio, type AloneStore } from '../../test/support/alone';
import type { EvidenceItem } from '../../shared/contract/evidence';
import type { EvidenceService } from '../evidence/evidence-service';
import { listTasks } from './tasks-service';

let store: AloneStore;
afterEach(() => store?.dispose());

// The evidence peer as the task list sees it: no expiring items, and a record of what was asked.
class AskedEvidence implements Pick<EvidenceService, 'list'> {
  readonly asked: Parameters<EvidenceService['list']>[0][] = [];
  list(input: Parameters<EvidenceService['list']>[0]): EvidenceItem[] {
    this.asked.push(input);
    return [];
  }
}

describe('listTasks built alone', () => {
  it('lists the planned submission of each current draft and the expiries the portfolio peer reports', () => {
    store = aloneStore();
    const catalogue = new FakeCatalogue(store.db);
    const client = store.seedClient();
    store.seedAssessment({
      clientId: client.id,
      cycle: 2026,
      catalogueVersion: catalogue.activeVersion(),
      plannedSubmissionDate: '2026-12-15',
    });
    const evidence = new AskedEvidence();
    const portfolio = new FakePortfolio({
      today: '2026-11-23',
      rows: [
        {
          clientId: client.id,
          legalName: client.legalName,
          odsCode: client.odsCode,
          route: 'o365',
          sample: false,
          domainCount: 1,
          status: 'expired',
          expiresOn: '2026-11-01',
          failingChecks: 0,
          evidenceExpiring: 0,
        },
      ],
    });

    const r = listTasks({ db: store.db, clock: store.clock, catalogue, evidence, portfolio });

    expect(r.today).toBe('2026-11-23');
    expect(r.tasks.map((t) => [t.kind, t.title, t.due])).toEqual([
      ['due', 'Accreditation expired', '2026-11-01'],
      ['due', 'Planned submission of the 2026 statement', '2026-12-15'],
    ]);
    expect(evidence.asked).toEqual([{ clientId: client.id, freshness: 'expiring' }]);
    expect(portfolio.calls).toBe(1);
  });
});
