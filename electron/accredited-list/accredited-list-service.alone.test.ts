import { afterEach, describe, expect, it } from 'vitest';
import { aloneStore, ALONE_ACTOR, RecordingEvents, type AloneStore } from '../../test/support/alone';
import { BlobStore } from '../evidence/blob-store';
import { listAudit, WORKSPACE_CHAIN } from '../store/audit-log';
import { AccreditedListService } from './accredited-list-service';

let store: AloneStore;
afterEach(() => store?.dispose());

describe('AccreditedListService built alone', () => {
  it('keeps the imported file in the blob store, audits the import, emits data.changed and answers lookups', async () => {
    store = aloneStore();
    const events = new RecordingEvents();
    const blobs = new BlobStore(store.dir);
    const list = new AccreditedListService({ db: store.db, clock: store.clock, actor: store.actor, blobs, events });
    expect(list.lookup(['care.example.test'])).toEqual([{ domain: 'care.example.test', listAvailable: false, listed: false, entries: [] }]);

    const info = await list.importBytes(Buffer.from('Organisation,ODS,Domain\r\nCare Org,CO1,example.test\r\n'), 'accredited.csv');

    expect(info).toMatchObject({ fileName: 'accredited.csv', domains: 1, importedAt: store.clock.now().toISOString() });
    expect(blobs.has(info.sha256)).toBe(true);
    expect(events.emitted).toEqual([{ name: 'data.changed', payload: { prefixes: ['domain.'] } }]);
    expect(listAudit(store.db, WORKSPACE_CHAIN).map((e) => [e.action, e.actor])).toEqual([['accredited-list.import', ALONE_ACTOR]]);
    expect(list.lookup(['care.example.test'])[0]).toMatchObject({
      listAvailable: true,
      listed: false,
      entries: [{ listedDomain: 'example.test', match: 'parent' }],
    });
  });
});
