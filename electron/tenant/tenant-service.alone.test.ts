import { afterEach, describe, expect, it } from 'vitest';
import { aloneStore, FakeClients, FakeFindings, FakeSettings, FakeTransfers, type AloneStore } from '../../test/support/alone';
import { EventHub } from '../backend/event-hub';
import { BlobStore } from '../evidence/blob-store';
import { silentLogger } from '../logging/logger';
import { MemorySecretStore } from '../secrets/secret-store';
import type { Client } from '../../shared/contract/clients';
import { TenantService } from './tenant-service';

let store: AloneStore;
afterEach(() => store?.dispose());

const APP_ID = '11111111-2222-4333-8444-555555555555';

function build(over: Partial<Client>) {
  store = aloneStore();
  const client = store.seedClient(over);
  const findings = new FakeFindings();
  const tenant = new TenantService({
    db: store.db,
    clock: store.clock,
    actor: store.actor,
    log: silentLogger,
    events: new EventHub(),
    blobs: new BlobStore(store.dir),
    clients: new FakeClients([client]),
    findings,
    ports: { appVersion: '9.9.9-alone' },
    secrets: new MemorySecretStore('Alone: memory only.'),
    settings: new FakeSettings({ tenant: { clientId: APP_ID, cloud: 'global' } }),
    transfers: new FakeTransfers(store.dir),
  });
  return { client, findings, tenant };
}

describe('TenantService built alone', () => {
  it('reports a client with no connection as signed out, with the app registration of the settings peer and its secret store', async () => {
    const { client, tenant } = build({ tenant: 'alone.onmicrosoft.com' });

    expect(await tenant.status(client.id)).toEqual({
      clientId: client.id,
      tenantRef: 'alone.onmicrosoft.com',
      tokenStorage: { persistent: false, description: 'Alone: memory only.' },
      app: { clientId: APP_ID, isDefault: false, isPlaceholder: false, cloud: 'global' },
      state: 'signed-out',
    });
  });

  it('refuses to probe a client the clients peer puts on another route, and records no run', async () => {
    const { client, findings, tenant } = build({ route: 'google' });

    await expect(tenant.runProbe(client.id, { exchange: 'none' })).rejects.toMatchObject({
      code: 'invalid-input',
      message: 'The Microsoft 365 tenant probe is for clients on the Microsoft 365 route.',
    });
    expect(findings.recorded).toEqual([]);
  });
});
