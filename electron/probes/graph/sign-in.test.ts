import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../logging/logger';
import { EncryptedFileSecretStore } from '../../secrets/encrypted-file-secret-store';
import { MemorySecretStore } from '../../secrets/secret-store';
import { FakeIdentity, type FakeUser } from '../../../test/fixtures/m365/fake-identity';
import { tempDir } from '../../../test/support/temp-backend';
import { adminConsentUrl, SignInRequiredError, TenantSignIn } from './sign-in';

const APP = '4f1d7c2a-9e3b-4c8d-a1f0-6b2e8d9c0a11';
const CUSTOMER = 'a3c1f0de-5b8e-4d2a-9f61-7e0c2b9d4f11';
const consultant: FakeUser = {
  oid: 'c0ffee00-0000-4000-8000-000000000001',
  homeTenant: 'f00dfeed-0000-4000-8000-00000000000f',
  username: 'alex@itfirm.example',
  name: 'Alex',
  tenants: [CUSTOMER],
};

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

// A reversible stand-in for safeStorage: what matters is that tokens are not on disk in clear text.
const cipher = {
  encrypt: async (plain: string) => Buffer.from([...Buffer.from(plain, 'utf8')].map((b) => b ^ 0x5a)),
  decrypt: async (c: Uint8Array) => Buffer.from([...c].map((b) => b ^ 0x5a)).toString('utf8'),
};

function setup(secrets = new MemorySecretStore()) {
  const idp = new FakeIdentity(undefined, APP);
  const auth = new TenantSignIn({ appClientId: APP, cloud: 'global', secrets, log: silentLogger, networkClient: idp });
  return { idp, auth, secrets };
}

describe('TenantSignIn (msal-node against a fake identity provider)', () => {
  it('signs in through the system browser with PKCE, then gets tokens for the customer tenant silently', async () => {
    const { idp, auth } = setup();
    const opened: string[] = [];
    const pending = auth.interactive({ tenantRef: CUSTOMER, includeExchange: false, openBrowser: async (url) => void opened.push(url) });
    await waitFor(() => opened.length === 1);
    const url = new URL(opened[0]!);
    expect(url.origin + url.pathname).toBe('https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+$/);
    expect(url.searchParams.get('scope')).toContain('https://graph.microsoft.com/Policy.Read.All');
    await idp.browser(opened[0]!, consultant);
    const who = await pending.done;
    expect(who).toMatchObject({ username: 'alex@itfirm.example', tenantId: CUSTOMER });
    // The second token came from the customer's own authority, not "organizations".
    expect(
      idp.requests.some((r) => r.method === 'POST' && r.url.startsWith(`https://login.microsoftonline.com/${CUSTOMER}/oauth2/v2.0/token`)),
    ).toBe(true);
    const token = await auth.token(who.homeAccountId, CUSTOMER, 'graph');
    expect(idp.issuedAccessTokens).toContain(token);
  });

  it('persists the token cache only through the SecretStore, encrypted', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const store = new EncryptedFileSecretStore(join(dir, 'secrets'), cipher, 'test keychain');
    const { idp, auth } = setup(store as unknown as MemorySecretStore);
    const opened: string[] = [];
    const pending = auth.interactive({ includeExchange: false, openBrowser: async (url) => void opened.push(url) });
    await waitFor(() => opened.length === 1);
    await idp.browser(opened[0]!, consultant);
    const who = await pending.done;
    const files = readdirSync(join(dir, 'secrets'));
    expect(files).toEqual([`${auth.cacheKey}.bin`]);
    const onDisk = readFileSync(join(dir, 'secrets', files[0]!));
    for (const t of idp.issuedAccessTokens) expect(onDisk.includes(Buffer.from(t))).toBe(false);
    // A new app instance (a restart) reads the cache back through the store.
    const again = new TenantSignIn({ appClientId: APP, cloud: 'global', secrets: store, log: silentLogger, networkClient: idp });
    expect(await again.account(who.homeAccountId)).toMatchObject({ username: 'alex@itfirm.example' });
  });

  it('cancels a pending browser sign-in by answering MSAL’s loopback listener', async () => {
    const { auth } = setup();
    const opened: string[] = [];
    const pending = auth.interactive({ includeExchange: false, openBrowser: async (url) => void opened.push(url) });
    await waitFor(() => opened.length === 1);
    await pending.cancel();
    await expect(pending.done).rejects.toThrow(/access_denied|Cancelled/);
  });

  it('falls back to the device code flow', async () => {
    const { idp, auth } = setup();
    idp.deviceCodeUser = consultant;
    const codes: string[] = [];
    const who = await auth.deviceCode({ tenantRef: CUSTOMER, includeExchange: true, onCode: (c) => codes.push(c.userCode) }).done;
    expect(codes).toEqual(['FAKE-CODE']);
    expect(who).toMatchObject({ tenantId: CUSTOMER, exchangeConsented: true });
  });

  it('answers many concurrent token requests (a probe asks for one per request, 30+ at once)', async () => {
    const { idp, auth } = setup();
    idp.deviceCodeUser = consultant;
    const who = await auth.deviceCode({ tenantRef: CUSTOMER, includeExchange: true, onCode: () => {} }).done;
    const asks = Array.from({ length: 40 }, (_, i) =>
      auth.token(who.homeAccountId, CUSTOMER, i % 2 ? 'exchange' : 'graph', i === 7 || i === 8),
    );
    const tokens = await Promise.all(asks);
    expect(tokens.every((t) => typeof t === 'string' && t.length > 0)).toBe(true);
  });

  it('says "sign in again" when the refresh token needs interaction, and forgets accounts on sign-out', async () => {
    const { idp, auth } = setup();
    idp.deviceCodeUser = consultant;
    const who = await auth.deviceCode({ includeExchange: false, onCode: () => {} }).done;
    idp.requireInteraction = true;
    await expect(auth.token(who.homeAccountId, CUSTOMER, 'graph', true)).rejects.toThrow(SignInRequiredError);
    await auth.signOut(who.homeAccountId);
    expect(await auth.account(who.homeAccountId)).toBeUndefined();
    await expect(auth.token(who.homeAccountId, CUSTOMER, 'graph')).rejects.toThrow(/no longer remembered/);
  });

  it('refuses a tenant the account cannot reach', async () => {
    const { idp, auth } = setup();
    idp.deviceCodeUser = consultant;
    await expect(
      auth.deviceCode({ tenantRef: 'b7d2e1f0-6c9a-4b3d-8e72-0f1d3c5a6b22', includeExchange: false, onCode: () => {} }).done,
    ).rejects.toThrow(/AADSTS50020/);
  });

  it('builds the admin consent link for the customer’s admin', () => {
    const url = new URL(adminConsentUrl({ cloud: 'global', appClientId: APP, tenant: CUSTOMER }));
    expect(url.origin + url.pathname).toBe(`https://login.microsoftonline.com/${CUSTOMER}/v2.0/adminconsent`);
    expect(url.searchParams.get('client_id')).toBe(APP);
    expect(url.searchParams.get('scope')!.split(' ')).toContain('https://graph.microsoft.com/AuditLog.Read.All');
    const gov = new URL(adminConsentUrl({ cloud: 'usgov', appClientId: APP }));
    expect(gov.host).toBe('login.microsoftonline.us');
    expect(gov.searchParams.get('scope')).toContain('https://graph.microsoft.us/');
  });
});

async function waitFor(cond: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
