import { afterEach, describe, expect, it } from 'vitest';
import { aloneStore, ALONE_ACTOR, type AloneStore } from '../../test/support/alone';
import { sampleClientInput } from '../../test/support/temp-backend';
import { listAudit } from '../store/audit-log';
import { ClientInput } from '../../shared/contract/clients';
import { ClientsService } from './clients-service';

let store: AloneStore;
afterEach(() => store?.dispose());

describe('ClientsService built alone', () => {
  it('stamps a new client with its clock and audits it as its actor', () => {
    store = aloneStore();
    store.clock.current = new Date('2026-03-04T05:06:07Z');
    const clients = new ClientsService({ db: store.db, clock: store.clock, actor: store.actor });

    const c = clients.create(ClientInput.parse(sampleClientInput()));
    store.clock.advance(60_000);
    const renamed = clients.update(c.id, c.revision, ClientInput.parse(sampleClientInput({ legalName: 'Meadowbank Care Group Ltd' })));

    expect(c.createdAt).toBe('2026-03-04T05:06:07.000Z');
    expect(renamed.updatedAt).toBe('2026-03-04T05:07:07.000Z');
    expect(clients.get(c.id)).toMatchObject({ legalName: 'Meadowbank Care Group Ltd', domains: ['meadowbank-care.co.uk'], revision: 2 });
    expect(listAudit(store.db, c.id).map((e) => [e.action, e.actor])).toEqual([
      ['client.update', ALONE_ACTOR],
      ['client.create', ALONE_ACTOR],
    ]);
  });
});
