import type { Cloud } from '../../shared/contract/settings';
import { invalid } from '../backend/app-error';
import type { BackendPorts } from '../backend/ports';
import type { ClientsService } from '../clients/clients-service';
import type { Logger } from '../logging/logger';
import type { SecretStore } from '../secrets/secret-store';
import type { SettingsService } from '../settings/settings-service';
import type { Db } from '../store/database';
import { isTokenSafeBase } from '../probes/graph/clouds';
import { DEFAULT_APP_ID, TenantSignIn } from '../probes/graph/sign-in';
import type { TenantRouting } from './routing';
import { TenantRepo, type Connection } from './tenant-repo';

// How the app reaches a client's tenant, for the sign-in, the probe and the script import alike: the firm's app
// registration (Settings), its one MSAL sign-in per app and cloud, the connection saved at the last sign-in
// while that app and cloud still apply, and where the host sends the probe instead (routing.ts).

export interface TenantAccessDeps {
  readonly db: Db;
  readonly log: Logger;
  readonly clients: Pick<ClientsService, 'get'>;
  readonly ports: Pick<BackendPorts, 'probeRouting'>;
  readonly secrets: SecretStore;
  readonly settings: Pick<SettingsService, 'get'>;
}

export class TenantAccess {
  private readonly repo: TenantRepo;
  private auth?: { key: string; signIn: TenantSignIn };

  constructor(private readonly s: TenantAccessDeps) {
    this.repo = new TenantRepo(s.db);
  }

  // Where the host sends the tenant probe instead (backend/ports.ts, probeRouting): the CLI's --token-env, the
  // test harnesses' fake Microsoft 365. Read at each use; a token is only ever sent to https, or to http on
  // loopback for a lab.
  routing(): TenantRouting {
    const r = this.s.ports.probeRouting?.tenant ?? {};
    for (const url of [
      r.suppliedToken?.graphBaseUrl,
      r.suppliedToken?.exchangeBaseUrl,
      r.endpoints?.graphBaseUrl,
      r.endpoints?.exchangeBaseUrl,
    ]) {
      if (url && !isTokenSafeBase(url)) throw invalid(`Refusing to send a token to ${url}: use https, or http on 127.0.0.1 for a lab.`);
    }
    return r;
  }

  app(): { clientId: string; cloud: Cloud; isDefault: boolean } {
    const t = this.s.settings.get().tenant;
    return { clientId: t.clientId || DEFAULT_APP_ID, cloud: t.cloud, isDefault: !t.clientId };
  }

  // The MSAL sign-in of the app and cloud in Settings, kept while they stay the same.
  signIn(): TenantSignIn {
    const app = this.app();
    const key = `${app.cloud}:${app.clientId}`;
    if (this.auth?.key !== key) {
      this.auth = {
        key,
        signIn: new TenantSignIn({
          appClientId: app.clientId,
          cloud: app.cloud,
          secrets: this.s.secrets,
          log: this.s.log,
          networkClient: this.s.ports.probeRouting?.tenant?.identityNetwork,
        }),
      };
    }
    return this.auth.signIn;
  }

  // The client, refused unless it is on the Microsoft 365 route.
  client(clientId: string) {
    const c = this.s.clients.get(clientId);
    if (c.route !== 'o365') throw invalid('The Microsoft 365 tenant probe is for clients on the Microsoft 365 route.');
    return c;
  }

  // The saved connection, unless the app registration or cloud changed in Settings since.
  usableConnection(clientId: string): Connection | undefined {
    const conn = this.repo.connection(clientId);
    const app = this.app();
    return conn && conn.appClientId === app.clientId && conn.cloud === app.cloud ? conn : undefined;
  }
}
