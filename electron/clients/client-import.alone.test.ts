import { afterEach, describe, expect, it } from 'vitest';
import { aloneStore, ALONE_ACTOR, type AloneStore } from '../../test/support/alone';
import { listAudit, WORKSPACE_CHAIN } from '../store/audit-log';
import type { Client, ClientFields } from '../../shared/contract/clients';
import type { ClientsService } from './clients-service';
import { ClientImportService } from './client-import';

let store: AloneStore;
afterEach(() => store?.dispose());

// The clients peer as the import sees it: creation only, recorded.
class CreatingClients implements Pick<ClientsService, 'create'> {
  readonly created: ClientFields[] = [];
  create(f: ClientFields): Client {
    this.created.push(f);
    const at = '2026-11-23T09:00:00.000Z';
    return {
      ...f,
      sites: f.sites.map((site, i) => ({ ...site, id: `site-${i}` })),
      id: `00000000-0000-4000-8000-00000000000${this.created.length}`,
      archived: false,
      sample: false,
      revision: 1,
      createdAt: at,
      updatedAt: at,
    };
  }
}

describe('ClientImportService built alone', () => {
  it('creates accepted rows through the clients peer and rejects an ODS code the workspace already holds', async () => {
    store = aloneStore();
    const taken = store.seedClient({ odsCode: 'TAKEN1', legalName: 'Already Here Ltd' });
    const clients = new CreatingClients();
    const svc = new ClientImportService({ db: store.db, clock: store.clock, actor: store.actor, clients });
    const csv = Buffer.from(
      [
        'Legal name,ODS code,Domains,Route',
        'Rowan House Ltd,RW001,rowan.example.test,o365',
        `Again Ltd,${taken.odsCode},again.example.test,google`,
      ].join('\n'),
    );

    const r = await svc.import(csv, { fileName: 'clients.csv' });

    expect(clients.created.map((f) => [f.legalName, f.odsCode, f.domains, f.route])).toEqual([
      ['Rowan House Ltd', 'RW001', ['rowan.example.test'], 'o365'],
    ]);
    expect(r.imported.map((i) => i.odsCode)).toEqual(['RW001']);
    expect(r.rows.find((row) => row.status === 'rejected')?.reasons.join(' ')).toContain('already in this workspace (Already Here Ltd)');
    expect(listAudit(store.db, WORKSPACE_CHAIN).map((e) => [e.action, e.actor])).toEqual([['client.import', ALONE_ACTOR]]);
  });
});
