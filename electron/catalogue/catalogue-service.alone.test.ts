import { afterEach, describe, expect, it } from 'vitest';
import builtIn from '../../resources/catalogue/dcb1596.json' with { type: 'json' };
import { aloneStore, ALONE_ACTOR, FakeTransfers, type AloneStore } from '../../test/support/alone';
import { listAudit, WORKSPACE_CHAIN } from '../store/audit-log';
import { CatalogueService } from './catalogue-service';

let store: AloneStore;
afterEach(() => store?.dispose());

function build() {
  store = aloneStore();
  const transfers = new FakeTransfers(store.dir);
  const catalogue = new CatalogueService({ db: store.db, clock: store.clock, actor: store.actor, transfers });
  catalogue.ensureBuiltIn();
  return { transfers, catalogue };
}

describe('CatalogueService built alone', () => {
  it('loads a newer catalogue from an upload of the transfer peer, discards the upload and makes it active', async () => {
    const { transfers, catalogue } = build();
    const uploadId = transfers.stage('next.json', JSON.stringify({ ...builtIn, version: '2099.1.0' }));

    const loaded = await catalogue.load(uploadId);

    expect(loaded).toMatchObject({ version: '2099.1.0', active: true, source: 'file', loadedAt: store.clock.now().toISOString() });
    expect(transfers.discarded).toEqual([uploadId]);
    expect(catalogue.activeVersion()).toBe('2099.1.0');
    expect(listAudit(store.db, WORKSPACE_CHAIN).map((e) => [e.action, e.actor, e.entityId])).toEqual([
      ['catalogue.load', ALONE_ACTOR, '2099.1.0'],
    ]);
  });

  it('refuses an upload that is not a catalogue and keeps the built-in one active', async () => {
    const { transfers, catalogue } = build();
    const uploadId = transfers.stage('notes.json', '{"hello": "world"}');

    await expect(catalogue.load(uploadId)).rejects.toThrow(/notes\.json is not a valid catalogue/);

    expect(transfers.discarded).toEqual([uploadId]);
    expect(catalogue.activeVersion()).toBe(builtIn.version);
  });
});
