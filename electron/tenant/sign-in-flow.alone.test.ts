import { afterEach, describe, expect, it } from 'vitest';
import { aloneStore, FakeClients, FakeSettings, RecordingEvents, type AloneStore } from '../../test/support/alone';
import type { Client } from '../../shared/contract/clients';
import type { ProbeRouting } from '../backend/ports';
import { silentLogger } from '../logging/logger';
import { MemorySecretStore } from '../secrets/secret-store';
import { SignInFlow } from './sign-in-flow';
import { TenantAccess } from './tenant-access';
import { TenantRepo } from './tenant-repo';

// The sign-in part built alone: its sibling (how the app reaches a tenant) is the real one over fake peers,
// so what is checked here is the flow's own rules, with no identity provider behind it.

let store: AloneStore;
afterEach(() => store?.dispose());

const APP_ID = '11111111-2222-4333-8444-555555555555';
const OTHER_APP_ID = '99999999-8888-4777-8666-555555555555';

function build(over: Partial<Client>, opts: { appClientId?: string; probeRouting?: ProbeRouting } = {}) {
  store = aloneStore();
  const client = store.seedClient(over);
  const clients = new FakeClients([client]);
  const secrets = new MemorySecretStore('Alone: memory only.');
  const settings = new FakeSettings({ tenant: { clientId: opts.appClientId ?? APP_ID, cloud: 'global' } });
  const ports = { probeRouting: opts.probeRouting };
  const events = new RecordingEvents();
  const access = new TenantAccess({ db: store.db, log: silentLogger, clients, ports, secrets, settings });
  const flow = new SignInFlow({
    db: store.db,
    clock: store.clock,
    actor: store.actor,
    log: silentLogger,
    events,
    clients,
    ports,
    secrets,
    access,
  });
  return { client, events, flow, repo: new TenantRepo(store.db) };
}

describe('SignInFlow built alone', () => {
  it('refuses to start a sign-in without the firm’s app registration, and the client stays signed out', async () => {
    const { client, events, flow } = build({ tenant: 'alone.onmicrosoft.com' }, { appClientId: '' });

    await expect(flow.startSignIn(client.id, 'browser', true)).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('Sign-in needs your firm’s Microsoft app registration.'),
    });
    expect(await flow.status(client.id)).toMatchObject({
      state: 'signed-out',
      app: { clientId: '', isDefault: true, isPlaceholder: true, cloud: 'global' },
    });
    expect(events.emitted).toEqual([]);
    await expect(flow.awaitSignIn(client.id)).rejects.toMatchObject({ code: 'invalid-input', message: 'No sign-in is in progress.' });
  });

  it('says a saved sign-in no longer applies once the app registration changed, and signing out removes it', async () => {
    const { client, flow, repo } = build({ tenant: 'alone.onmicrosoft.com' });
    repo.saveConnection(
      {
        clientId: client.id,
        tenantId: 'a3c1f0de-5b8e-4d2a-9f61-7e0c2b9d4f11',
        username: 'admin@alone.onmicrosoft.com',
        homeAccountId: 'home-account-1',
        appClientId: OTHER_APP_ID,
        cloud: 'global',
        method: 'browser',
        exchangeConsented: true,
        signedInAt: store.clock.now().toISOString(),
      },
      store.actor(),
    );

    expect(await flow.status(client.id)).toMatchObject({
      state: 'signed-out',
      lastError: 'The app registration or cloud changed in Settings since the last sign-in. Sign in again.',
    });
    const after = await flow.signOut(client.id);
    expect(after.state).toBe('signed-out');
    expect(after).not.toHaveProperty('lastError');
    expect(repo.connection(client.id)).toBeUndefined();
  });

  it('reports the host’s supplied token as a lab connection, with the tenant the client record names', async () => {
    const { client, flow } = build(
      { tenant: 'alone.onmicrosoft.com' },
      { probeRouting: { tenant: { suppliedToken: { token: 'supplied-token-for-alone-test' } } } },
    );

    expect(await flow.status(client.id)).toMatchObject({
      state: 'lab',
      account: { username: 'Supplied access token', tenantId: 'alone.onmicrosoft.com', exchangeConsented: true },
    });
  });
});
