import { afterEach, describe, expect, it } from 'vitest';
import { aloneStore, FakeCatalogue, type AloneStore } from '../../test/support/alone';
import { searchAll } from './search-service';

let store: AloneStore;
afterEach(() => store?.dispose());

describe('searchAll built alone', () => {
  it('finds a client by domain and the requirements of its current assessment by the titles of the catalogue peer', () => {
    store = aloneStore();
    const catalogue = new FakeCatalogue(store.db);
    const client = store.seedClient({ domains: ['rowan-house.example.test'] });
    const a = store.seedAssessment({
      clientId: client.id,
      cycle: 2026,
      catalogueVersion: catalogue.activeVersion(),
      plannedSubmissionDate: '2026-12-15',
    });
    const org01 = catalogue.get().requirements.find((r) => r.id === 'ORG-01')!;

    expect(searchAll({ db: store.db, catalogue }, 'rowan-house').map((h) => [h.kind, h.id])).toEqual([['client', client.id]]);
    expect(
      searchAll({ db: store.db, catalogue }, org01.title)
        .filter((h) => h.kind === 'requirement')
        .map((h) => h.id),
    ).toContain(`${a}:ORG-01`);
  });
});
