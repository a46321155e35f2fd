import {
  InteractionRequiredAuthError,
  LogLevel,
  PublicClientApplication,
  type AccountInfo,
  type AuthenticationResult,
  type DeviceCodeRequest,
  type ICachePlugin,
  type INetworkModule,
} from '@azure/msal-node';
import type { Cloud } from '../../../shared/contract/settings';
import type { Logger } from '../../logging/logger';
import { redactString } from '../../logging/redact';
import type { SecretStore } from '../../secrets/secret-store';
import { CLOUDS, exchangeScope, graphScopes } from './clouds';

// Sign-in to a customer's Microsoft 365 tenant with @azure/msal-node (pinned to ~7.2, the last major with
// the public-client flows). Runs in the backend, never the renderer:
//   • interactive: the system browser, a loopback redirect on 127.0.0.1 and PKCE (MSAL does both);
//   • device code: the fallback where no browser can be opened (hardened tenants may refuse it);
//   • authority: `organizations` for the interactive step, then the customer's own tenant for every
//     token — which is what makes guest and GDAP consultants land in the right tenant.
// The token cache lives behind the SecretStore port: OS-keychain encrypted on the desktop, memory only
// where no keychain exists (web mode, the CLI, Linux without a keyring). Tokens never leave this module
// except as a bearer header on a request to Microsoft.

// No app (client) ID ships with the build: a placeholder ID only sent consultants to a Microsoft error page
// and put a dead ID into the admin-consent link. The firm registers its own app once (Settings › Microsoft
// 365 sign-in shows the manifest, the one command and each permission); until then sign-in is unavailable.
export const DEFAULT_APP_ID = '';

const SUCCESS_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Signed in</title><body style="font-family:Segoe UI,system-ui,sans-serif;margin:3rem"><h1>Signed in</h1><p>You can close this tab and return to DCB1596 Workbench.</p></body>';
const ERROR_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Sign-in did not complete</title><body style="font-family:Segoe UI,system-ui,sans-serif;margin:3rem"><h1>Sign-in did not complete</h1><p>Return to DCB1596 Workbench to see why and try again.</p></body>';

export interface SignInConfig {
  appClientId: string;
  cloud: Cloud;
  secrets: SecretStore;
  log: Logger;
  // Tests only: answers MSAL's HTTP calls (a fake identity provider) so nothing leaves the machine.
  networkClient?: INetworkModule;
}

export interface SignedIn {
  homeAccountId: string;
  username: string;
  tenantId: string;
  exchangeConsented: boolean;
}

export interface DeviceCodeInfo {
  userCode: string;
  verificationUri: string;
  expiresInSeconds: number;
  message: string;
}

export interface PendingSignIn {
  readonly done: Promise<SignedIn>;
  cancel(): Promise<void>;
}

function cachePlugin(secrets: SecretStore, key: string): ICachePlugin {
  return {
    async beforeCacheAccess(ctx) {
      const data = await secrets.get(key);
      if (data) ctx.tokenCache.deserialize(data);
    },
    async afterCacheAccess(ctx) {
      if (ctx.cacheHasChanged) await secrets.set(key, ctx.tokenCache.serialize());
    },
  };
}

export class TenantSignIn {
  private readonly pca: PublicClientApplication;
  readonly cacheKey: string;

  constructor(private readonly cfg: SignInConfig) {
    this.cacheKey = `m365-token-cache.${cfg.cloud}.${cfg.appClientId}`;
    this.pca = new PublicClientApplication({
      auth: { clientId: cfg.appClientId, authority: this.authority('organizations') },
      cache: { cachePlugin: cachePlugin(cfg.secrets, this.cacheKey) },
      system: {
        ...(cfg.networkClient ? { networkClient: cfg.networkClient } : {}),
        loggerOptions: {
          logLevel: LogLevel.Warning,
          piiLoggingEnabled: false,
          loggerCallback: (level, message) => {
            if (level <= LogLevel.Warning) cfg.log.warn('msal', { message: redactString(message).slice(0, 500) });
          },
        },
      },
    });
  }

  authority(tenant: string): string {
    return `${CLOUDS[this.cfg.cloud].authorityHost}/${tenant}`;
  }

  private scopes(): string[] {
    return graphScopes(this.cfg.cloud);
  }

  // Browser sign-in. `openBrowser` receives the Microsoft sign-in URL (the host opens it, or hands it to
  // the renderer); the promise settles when the browser comes back to MSAL's loopback listener.
  interactive(opts: { tenantRef?: string; includeExchange: boolean; openBrowser: (url: string) => Promise<void> }): PendingSignIn {
    let authUrl: string | undefined;
    let cancelled = false;
    const done = (async () => {
      const result = await this.pca.acquireTokenInteractive({
        scopes: this.scopes(),
        extraScopesToConsent: opts.includeExchange ? [exchangeScope(this.cfg.cloud)] : [],
        prompt: 'select_account',
        successTemplate: SUCCESS_PAGE,
        errorTemplate: ERROR_PAGE,
        openBrowser: async (url) => {
          authUrl = url;
          if (!cancelled) await opts.openBrowser(url);
        },
      });
      return this.settle(result, opts);
    })();
    // Observed by whoever awaits `done`; a cancelled attempt nobody awaits must not crash the process.
    done.catch(() => undefined);
    return {
      done,
      cancel: async () => {
        cancelled = true;
        if (authUrl) await abortLoopback(authUrl);
      },
    };
  }

  deviceCode(opts: { tenantRef?: string; includeExchange: boolean; onCode: (c: DeviceCodeInfo) => void }): PendingSignIn {
    const request: DeviceCodeRequest = {
      scopes: [...this.scopes(), ...(opts.includeExchange ? [exchangeScope(this.cfg.cloud)] : [])],
      timeout: 900,
      deviceCodeCallback: (r) =>
        opts.onCode({ userCode: r.userCode, verificationUri: r.verificationUri, expiresInSeconds: r.expiresIn, message: r.message }),
    };
    const done = (async () => {
      const result = await this.pca.acquireTokenByDeviceCode(request);
      if (!result) throw new Error('The device code sign-in was cancelled.');
      return this.settle(result, opts);
    })();
    done.catch(() => undefined);
    return {
      done,
      cancel: async () => {
        // MSAL checks this flag between polls.
        request.cancel = true;
      },
    };
  }

  // After the `organizations` sign-in: a token for the customer's tenant proves the account can work
  // there (guest, GDAP) and gives the tenant ID we bind the client to.
  private async settle(result: AuthenticationResult, opts: { tenantRef?: string; includeExchange: boolean }): Promise<SignedIn> {
    const account = result.account;
    if (!account) throw new Error('Microsoft returned no account for this sign-in.');
    let tenantId = result.tenantId || account.tenantId;
    if (opts.tenantRef) {
      const silent = await this.pca.acquireTokenSilent({
        account: inTenant(account, opts.tenantRef),
        scopes: this.scopes(),
        authority: this.authority(opts.tenantRef),
      });
      tenantId = silent.tenantId || tenantId;
    }
    // Whether Exchange was really granted: a refused (or admin-only) consent leaves Graph working and no
    // Exchange token, and the probe then says "Exchange consent not granted" instead of failing.
    let exchangeConsented = false;
    if (opts.includeExchange) {
      try {
        await this.pca.acquireTokenSilent({
          account: opts.tenantRef ? inTenant(account, opts.tenantRef) : account,
          scopes: [exchangeScope(this.cfg.cloud)],
          authority: this.authority(opts.tenantRef ?? tenantId),
        });
        exchangeConsented = true;
      } catch (err) {
        this.cfg.log.warn('no Exchange Online token after sign-in (consent not granted?)', {
          error: redactString((err as Error)?.message ?? '').slice(0, 300),
        });
      }
    }
    return { homeAccountId: account.homeAccountId, username: account.username, tenantId, exchangeConsented };
  }

  async account(homeAccountId: string): Promise<AccountInfo | undefined> {
    const all = await this.pca.getAllAccounts();
    return all.find((a) => a.homeAccountId === homeAccountId);
  }

  // An access token for the customer's tenant, from the cache or the refresh token. Throws
  // SignInRequiredError when the user must sign in again. A probe asks once per request, dozens at once:
  // callers asking for the same token share one call, and calls into MSAL go one at a time, because each
  // reads and rewrites the persisted token cache (cachePlugin) and interleaved calls could read it half
  // written.
  token(homeAccountId: string, tenantId: string, audience: 'graph' | 'exchange', forceRefresh = false): Promise<string> {
    const key = `${homeAccountId}|${tenantId}|${audience}|${forceRefresh}`;
    const shared = this.pending.get(key);
    if (shared) return shared;
    const p = this.msalQueue.then(() => this.tokenNow(homeAccountId, tenantId, audience, forceRefresh));
    this.msalQueue = p.catch(() => undefined);
    this.pending.set(key, p);
    void p.finally(() => this.pending.delete(key)).catch(() => undefined);
    return p;
  }

  private readonly pending = new Map<string, Promise<string>>();
  private msalQueue: Promise<unknown> = Promise.resolve();

  private async tokenNow(homeAccountId: string, tenantId: string, audience: 'graph' | 'exchange', forceRefresh: boolean): Promise<string> {
    const account = await this.account(homeAccountId);
    if (!account) throw new SignInRequiredError('The sign-in is no longer remembered. Sign in again.');
    try {
      const r = await this.pca.acquireTokenSilent({
        account: inTenant(account, tenantId),
        scopes: audience === 'graph' ? this.scopes() : [exchangeScope(this.cfg.cloud)],
        authority: this.authority(tenantId),
        forceRefresh,
      });
      return r.accessToken;
    } catch (err) {
      if (err instanceof InteractionRequiredAuthError)
        throw new SignInRequiredError('Microsoft asks you to sign in again (the session expired or needs MFA).');
      throw err;
    }
  }

  async signOut(homeAccountId: string): Promise<void> {
    const account = await this.account(homeAccountId);
    if (account) await this.pca.getTokenCache().removeAccount(account);
  }
}

// MSAL looks tokens up by the account's tenant first; asking for another tenant (guest, GDAP) means
// presenting the account as that tenant's profile, so the refresh token is used for it.
function inTenant(account: AccountInfo, tenant: string): AccountInfo {
  const profile = account.tenantProfiles?.get(tenant);
  return { ...account, tenantId: tenant, ...(profile ? { localAccountId: profile.localAccountId } : {}) };
}

export class SignInRequiredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignInRequiredError';
  }
}

// Cancels a pending browser sign-in: MSAL's loopback listener only settles when the browser posts back,
// so we post the error a user's "Cancel" would have produced. Loopback only, never the network.
async function abortLoopback(authUrl: string): Promise<void> {
  const u = new URL(authUrl);
  const redirect = u.searchParams.get('redirect_uri');
  const state = u.searchParams.get('state');
  if (!redirect || !state) return;
  const r = new URL(redirect);
  if (r.hostname !== 'localhost' && r.hostname !== '127.0.0.1') return;
  const body = new URLSearchParams({ error: 'access_denied', error_description: 'Cancelled in DCB1596 Workbench', state });
  await fetch(`http://127.0.0.1:${r.port}/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
    signal: AbortSignal.timeout(5000),
  }).catch(() => undefined);
}

export function adminConsentUrl(opts: { cloud: Cloud; appClientId: string; tenant?: string; includeExchange?: boolean }): string {
  const host = CLOUDS[opts.cloud].authorityHost;
  const scopes = [...graphScopes(opts.cloud), ...(opts.includeExchange ? [exchangeScope(opts.cloud)] : [])];
  const params = new URLSearchParams({
    client_id: opts.appClientId,
    scope: scopes.join(' '),
    // The native-client page is registered on the app; the admin lands on a blank page once done.
    redirect_uri: `${host}/common/oauth2/nativeclient`,
    state: 'dcb1596-consent',
  });
  return `${host}/${encodeURIComponent(opts.tenant ?? 'organizations')}/v2.0/adminconsent?${params.toString()}`;
}
