import { randomUUID } from 'node:crypto';
import type { ConsentInfo, SignInMethod, TenantStatus } from '../../shared/contract/tenant';
import { AppError, invalid } from '../backend/app-error';
import type { EventHub } from '../backend/event-hub';
import type { BackendPorts, Clock } from '../backend/ports';
import type { ClientsService } from '../clients/clients-service';
import type { Logger } from '../logging/logger';
import type { SecretStore } from '../secrets/secret-store';
import type { Db } from '../store/database';
import { CLOUDS, exchangeScope, graphScopes } from '../probes/graph/clouds';
import { adminConsentUrl, type PendingSignIn, type SignedIn } from '../probes/graph/sign-in';
import { CONSENT_ROLES, EXCHANGE_CONSENT_WHY, EXCHANGE_ROLES, RUN_ROLES } from './sources';
import type { TenantAccess } from './tenant-access';
import { TenantRepo } from './tenant-repo';

// Signing in to a client's tenant: where each client stands (status), the admin consent link, a sign-in in the
// browser or with a device code (start, wait for it, cancel) and signing out. Attempts in progress and the
// last failure per client are kept in memory; the account signed in with is saved (tenant-repo.ts).

interface Pending {
  attemptId: string;
  method: SignInMethod;
  startedAt: string;
  browserUrl?: string;
  openedByHost: boolean;
  deviceCode?: { userCode: string; verificationUri: string; expiresAt: string; message: string };
  handle: PendingSignIn;
  done: Promise<SignedIn>;
}

export interface SignInFlowDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
  readonly log: Logger;
  readonly events: Pick<EventHub, 'emit'>;
  readonly clients: Pick<ClientsService, 'get'>;
  readonly ports: Pick<BackendPorts, 'openExternal' | 'probeRouting'>;
  readonly secrets: Pick<SecretStore, 'persistent' | 'description'>;
  readonly access: Pick<TenantAccess, 'app' | 'signIn' | 'client' | 'usableConnection'>;
}

export class SignInFlow {
  private readonly repo: TenantRepo;
  private readonly pending = new Map<string, Pending>();
  private readonly lastError = new Map<string, string>();

  constructor(private readonly s: SignInFlowDeps) {
    this.repo = new TenantRepo(s.db);
  }

  async status(clientId: string): Promise<TenantStatus> {
    const c = this.s.clients.get(clientId);
    const app = this.s.access.app();
    const base = {
      clientId,
      ...(c.tenant ? { tenantRef: c.tenant } : {}),
      tokenStorage: { persistent: this.s.secrets.persistent, description: this.s.secrets.description },
      app: {
        clientId: app.clientId,
        isDefault: app.isDefault,
        // No app registration yet (the contract's name is older than the rule: nothing placeholder remains).
        isPlaceholder: !app.clientId,
        cloud: app.cloud,
      },
      ...(this.lastError.has(clientId) ? { lastError: this.lastError.get(clientId) } : {}),
    };
    if (this.s.ports.probeRouting?.tenant?.suppliedToken) {
      return {
        ...base,
        state: 'lab',
        account: {
          username: 'Supplied access token',
          tenantId: c.tenant ?? 'from the token',
          signedInAt: this.s.clock.now().toISOString(),
          method: 'browser',
          exchangeConsented: true,
        },
      };
    }
    const p = this.pending.get(clientId);
    if (p) {
      return {
        ...base,
        state: 'signing-in',
        pending: {
          method: p.method,
          startedAt: p.startedAt,
          openedByHost: p.openedByHost,
          ...(p.browserUrl ? { browserUrl: p.browserUrl } : {}),
          ...(p.deviceCode ? { deviceCode: p.deviceCode } : {}),
        },
      };
    }
    const conn = this.s.access.usableConnection(clientId);
    if (conn && (await this.s.access.signIn().account(conn.homeAccountId))) {
      return {
        ...base,
        state: 'signed-in',
        account: {
          username: conn.username,
          tenantId: conn.tenantId,
          signedInAt: conn.signedInAt,
          method: conn.method,
          exchangeConsented: conn.exchangeConsented,
        },
      };
    }
    const row = this.repo.connection(clientId);
    const forgotten =
      row && !this.lastError.has(clientId)
        ? row.appClientId !== app.clientId || row.cloud !== app.cloud
          ? 'The app registration or cloud changed in Settings since the last sign-in. Sign in again.'
          : this.s.secrets.persistent
            ? 'The saved sign-in has expired or was removed. Sign in again.'
            : 'Sign-ins are kept in memory only on this computer, so the last one ended with the session. Sign in again.'
        : undefined;
    return { ...base, state: 'signed-out', ...(forgotten ? { lastError: forgotten } : {}) };
  }

  consent(clientId: string): ConsentInfo {
    const c = this.s.clients.get(clientId);
    const app = this.s.access.app();
    const tenant = this.repo.connection(clientId)?.tenantId ?? c.tenant;
    return {
      // Never built without the firm's own app ID: a link with no real app behind it is a dead end.
      ...(app.clientId ? { url: adminConsentUrl({ cloud: app.cloud, appClientId: app.clientId, tenant, includeExchange: true }) } : {}),
      scopes: graphScopes(app.cloud).map((s) => s.replace(`${CLOUDS[app.cloud].graph}/`, '')),
      consentRoles: CONSENT_ROLES,
      runRoles: RUN_ROLES,
      exchangeRoles: EXCHANGE_ROLES,
      exchangeScope: exchangeScope(app.cloud).replace(`${CLOUDS[app.cloud].exchange}/`, ''),
      exchangeWhy: EXCHANGE_CONSENT_WHY,
    };
  }

  // ---- sign-in ----

  async startSignIn(clientId: string, method: SignInMethod, includeExchange: boolean): Promise<TenantStatus> {
    const c = this.s.access.client(clientId);
    if (this.pending.has(clientId)) return this.status(clientId);
    this.lastError.delete(clientId);
    if (!this.s.access.app().clientId)
      throw invalid(
        'Sign-in needs your firm’s Microsoft app registration. Register it once (Settings › Microsoft 365 sign-in), enter its application (client) ID there, then sign in.',
      );
    const auth = this.s.access.signIn();
    const app = this.s.access.app();
    const attemptId = randomUUID();
    let announce!: () => void;
    const ready = new Promise<void>((r) => (announce = r));
    const entry = { attemptId, method, startedAt: this.s.clock.now().toISOString(), openedByHost: false } as Pending;
    const opener = this.s.ports.openExternal;
    entry.handle =
      method === 'browser'
        ? auth.interactive({
            tenantRef: c.tenant,
            includeExchange,
            openBrowser: async (url) => {
              entry.browserUrl = url;
              if (opener) {
                try {
                  await opener(url);
                  entry.openedByHost = true;
                } catch (err) {
                  this.s.log.warn('could not open the system browser', { error: (err as Error).message });
                }
              }
              announce();
            },
          })
        : auth.deviceCode({
            tenantRef: c.tenant,
            includeExchange,
            onCode: (d) => {
              entry.deviceCode = {
                userCode: d.userCode,
                verificationUri: d.verificationUri,
                expiresAt: new Date(this.s.clock.now().getTime() + d.expiresInSeconds * 1000).toISOString(),
                message: d.message,
              };
              announce();
            },
          });
    entry.done = entry.handle.done;
    this.pending.set(clientId, entry);
    entry.done.then(
      (who) => {
        if (this.pending.get(clientId)?.attemptId !== attemptId) return;
        this.pending.delete(clientId);
        this.repo.saveConnection(
          {
            clientId,
            tenantId: who.tenantId,
            username: who.username,
            homeAccountId: who.homeAccountId,
            appClientId: app.clientId,
            cloud: app.cloud,
            method,
            exchangeConsented: who.exchangeConsented,
            signedInAt: this.s.clock.now().toISOString(),
          },
          this.s.actor(),
        );
        this.s.events.emit('data.changed', { prefixes: ['tenant.', 'audit.'] });
      },
      (err) => {
        if (this.pending.get(clientId)?.attemptId !== attemptId) return;
        this.pending.delete(clientId);
        this.lastError.set(clientId, describeSignInError(err, !app.clientId));
        this.s.log.warn('tenant sign-in failed', { clientId, error: (err as Error)?.message });
        this.s.events.emit('data.changed', { prefixes: ['tenant.'] });
      },
    );
    // Wait until there is something to show (the sign-in URL or the device code), or the attempt ends.
    await Promise.race([ready, entry.done.catch(() => undefined), new Promise((r) => setTimeout(r, 15_000))]);
    return this.status(clientId);
  }

  // For the CLI: wait for the pending sign-in to finish.
  async awaitSignIn(clientId: string): Promise<SignedIn> {
    const p = this.pending.get(clientId);
    if (!p) throw invalid('No sign-in is in progress.');
    try {
      return await p.done;
    } catch (err) {
      throw new AppError('forbidden', describeSignInError(err, !this.s.access.app().clientId));
    }
  }

  async cancelSignIn(clientId: string): Promise<TenantStatus> {
    const p = this.pending.get(clientId);
    if (p) {
      this.pending.delete(clientId);
      await p.handle.cancel();
      this.lastError.set(clientId, 'Sign-in cancelled.');
    }
    return this.status(clientId);
  }

  async signOut(clientId: string): Promise<TenantStatus> {
    this.s.clients.get(clientId);
    await this.cancelSignIn(clientId);
    const removed = this.repo.deleteConnection(clientId, this.s.actor(), this.s.clock.now().toISOString());
    // The MSAL account may serve other clients (one consultant, many tenants): forget it only when unused.
    if (removed && this.repo.connectionsFor(removed.homeAccountId).length === 0)
      await this.s.access.signIn().signOut(removed.homeAccountId);
    this.lastError.delete(clientId);
    return this.status(clientId);
  }
}

// MSAL errors are codes and AADSTS numbers; say what they mean for the consultant.
function describeSignInError(err: unknown, placeholderApp: boolean): string {
  const e = err as { errorCode?: string; errorMessage?: string; message?: string };
  const text = `${e?.errorCode ?? ''} ${e?.errorMessage ?? e?.message ?? ''}`;
  if (/access_denied|Cancelled/i.test(text)) return 'Sign-in was cancelled.';
  if (/AADSTS700016|AADSTS90002/.test(text) || (placeholderApp && /invalid_client|unauthorized_client/i.test(text))) {
    return placeholderApp
      ? 'This build has no Microsoft app registration yet. Enter your own app’s client ID in Settings › Microsoft 365 sign-in and try again.'
      : 'Microsoft does not know this app (client ID). Check the client ID in Settings › Microsoft 365 sign-in.';
  }
  if (/AADSTS65001|consent_required/i.test(text))
    return 'The app has not been granted consent in this tenant. Send the admin consent link to the customer’s administrator first.';
  if (/AADSTS50020|does not exist in tenant/i.test(text))
    return 'This account has no access to the client’s tenant. Sign in with an account from that tenant (or one invited as a guest or through GDAP).';
  if (/AADSTS53003|AADSTS50105/.test(text)) return 'The tenant’s policies blocked this sign-in (Conditional Access or app assignment).';
  if (/expired_token|AADSTS70019|device code.*expired/i.test(text)) return 'The device code expired before sign-in finished. Start again.';
  if (/AADSTS50199|AADSTS7000218|device.?code.*blocked/i.test(text))
    return 'The tenant blocks device code sign-in. Use the browser sign-in instead.';
  if (/ENOTFOUND|ECONNREFUSED|network|ETIMEDOUT/i.test(text))
    return 'Microsoft’s sign-in service could not be reached. Check the internet connection.';
  return `Sign-in failed: ${text.trim().slice(0, 200) || 'unknown error'}`;
}
