import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startFakeM365, type FakeM365, type FixtureTenant } from '../../../test/fixtures/m365/fake-m365';
import { FIXTURE_TENANTS } from '../../../test/fixtures/m365/tenants';
import { scriptOutputFor } from '../../../test/fixtures/m365/script-output';
import { RetryBudget } from '../graph/retry';
import { Transcript } from '../graph/transcript';
import { assertReadOnlyCmdlet, CMDLET_NAMES, EXO_CMDLETS, UnsafeCmdletError } from './cmdlets';
import { ExchangeRest, regionalPrefix } from './invoke-command';
import { exchangeScriptPath } from './script-file';
import { parseScriptFile } from './script-output';

const TOKEN = 'exchange-test-token-77aa';
let server: FakeM365 | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function rest(t: FixtureTenant, waits: number[] = []) {
  return new ExchangeRest({
    baseUrl: server!.exchangeUrl,
    cloud: 'global',
    tenantId: t.tenantId,
    tenantDomain: t.initialDomain,
    tokens: { getToken: async () => TOKEN },
    transcript: new Transcript(),
    budget: new RetryBudget({ maxAttempts: 3, maxSingleWaitMs: 10_000, maxTotalWaitMs: 20_000, baseBackoffMs: 100 }),
    sleep: async (ms) => void waits.push(ms),
  });
}

describe('Exchange Online InvokeCommand adapter (experimental)', () => {
  it('discovers the regional host from the EXOModuleFile redirect and pages through results', async () => {
    const t = { ...FIXTURE_TENANTS.e3Compliant(), exchangeHostPrefix: 'eur03b' };
    server = await startFakeM365({ tenant: t, token: TOKEN });
    const r = rest(t);
    expect(await r.discover()).toEqual({ invokeUrl: `${server.url}/eur03b/adminapi/beta/${t.tenantId}/InvokeCommand`, discovered: true });
    const dkim = await r.run(EXO_CMDLETS.find((c) => c.name === 'Get-DkimSigningConfig')!);
    expect(dkim.failure).toBeUndefined();
    // Two domains, served two rows per page by the fake: one page; accepted domains likewise.
    expect(dkim.pages.length).toBe(1);
    const requests = server.log.filter((l) => l.path.endsWith('/InvokeCommand'));
    expect(requests.every((l) => l.authorized)).toBe(true);
  });

  it('retries 429 with Retry-After and 5xx with back-off, then reports a cmdlet the role may not run', async () => {
    const base = FIXTURE_TENANTS.e3Compliant();
    const t: FixtureTenant = {
      ...base,
      exchange: {
        ...base.exchange,
        'Get-TransportConfig': {
          status: 400,
          body: { error: { code: 'BadRequest', message: "The term 'Get-TransportConfig' is not recognized as a name of a cmdlet." } },
        },
      },
      fault: ({ key, attempt }) =>
        key.endsWith('Get-DkimSigningConfig') && attempt === 1
          ? { status: 429, headers: { 'Retry-After': '4' }, body: { error: { code: 'TooManyRequests', message: 'slow' } } }
          : key.endsWith('Get-DkimSigningConfig') && attempt === 2
            ? { status: 500, raw: 'Internal error' }
            : undefined,
    };
    server = await startFakeM365({ tenant: t, token: TOKEN });
    const waits: number[] = [];
    const r = rest(t, waits);
    expect((await r.run({ name: 'Get-DkimSigningConfig', parameters: {} })).failure).toBeUndefined();
    expect(waits).toEqual([4000, 200]);
    expect((await r.run({ name: 'Get-TransportConfig', parameters: {} })).failure).toMatchObject({ kind: 'http', status: 400 });
  });

  it.each([
    ['https://NAM13B.outlook.office365.com/AdminApi/v1.0/t/EXOModuleFile', 'outlook.office365.com', 'nam13b'],
    ['https://eur03b.outlook.office365.us/x', 'outlook.office365.us', 'eur03b'],
    ['https://evil.example/AdminApi', 'outlook.office365.com', undefined],
    ['http://nam13b.outlook.office365.com/x', 'outlook.office365.com', undefined],
    ['https://a.b.outlook.office365.com/x', 'outlook.office365.com', undefined],
    ['not a url', 'outlook.office365.com', undefined],
  ])('reads the region of %s', (location, host, prefix) => {
    expect(regionalPrefix(location, host)).toBe(prefix);
  });
});

describe('the read-only allow-list', () => {
  it('holds only Get-* cmdlets: any other verb fails this test', () => {
    const others = CMDLET_NAMES.filter((n) => !/^Get-[A-Za-z]+$/.test(n));
    expect(others).toEqual([]);
  });

  it.each([
    'Set-Mailbox',
    'New-InboxRule',
    'Remove-TransportRule',
    'Enable-OrganizationCustomization',
    'Invoke-Expression',
    'Get-Foo',
    'get-mailbox',
  ])('refuses %s before any request is sent', async (name) => {
    const t = FIXTURE_TENANTS.e3Compliant();
    server = await startFakeM365({ tenant: t, token: TOKEN });
    expect(() => assertReadOnlyCmdlet({ name, parameters: {} })).toThrow(UnsafeCmdletError);
    await expect(rest(t).run({ name, parameters: {} })).rejects.toThrow(UnsafeCmdletError);
    expect(server.log.filter((l) => l.path.endsWith('/InvokeCommand'))).toEqual([]);
  });

  it('refuses an allowed cmdlet with widened parameters', () => {
    expect(() => assertReadOnlyCmdlet({ name: 'Get-Mailbox', parameters: { ResultSize: 'Unlimited' } })).toThrow(UnsafeCmdletError);
    for (const c of EXO_CMDLETS) expect(() => assertReadOnlyCmdlet(c)).not.toThrow();
  });

  it('falls back to the global endpoint when the regional host does not serve InvokeCommand', async () => {
    const t = { ...FIXTURE_TENANTS.e3Compliant(), exchangeHostPrefix: 'eur03b' };
    server = await startFakeM365({ tenant: t, token: TOKEN });
    const r = rest(t);
    expect((await r.discover()).invokeUrl).toContain('/eur03b/');
    // The region moves: the discovered host now answers 421 (misdirected), as a regional host that moved would.
    server.setTenant({ ...t, exchangeHostPrefix: 'nam13b' });
    const res = await r.run(EXO_CMDLETS.find((c) => c.name === 'Get-TransportConfig')!);
    expect(res.failure).toBeUndefined();
    expect(res.pages.length).toBe(1);
    expect(server.log.some((l) => l.path === `/adminapi/beta/${t.tenantId}/InvokeCommand`)).toBe(true);
  });

  it('reports a missing Exchange token as consent, sending nothing', async () => {
    const t = FIXTURE_TENANTS.e3Compliant();
    server = await startFakeM365({ tenant: t, token: TOKEN });
    const r = new ExchangeRest({
      baseUrl: server.exchangeUrl,
      cloud: 'global',
      tenantId: t.tenantId,
      tenantDomain: t.initialDomain,
      tokens: {
        getToken: async () => {
          throw new Error('AADSTS65001: The user or administrator has not consented to use the application.');
        },
      },
      transcript: new Transcript(),
      budget: new RetryBudget({ maxAttempts: 3, maxSingleWaitMs: 10, maxTotalWaitMs: 20, baseBackoffMs: 1 }),
    });
    const res = await r.run(EXO_CMDLETS[0]);
    expect(res.failure).toMatchObject({ kind: 'consent' });
    expect(server.log).toEqual([]);
  });
});

describe('the read-only PowerShell collection script', () => {
  const script = readFileSync(exchangeScriptPath()!, 'utf8');

  it('runs exactly the cmdlets the REST path runs', () => {
    const listed = [...script.matchAll(/^\s{4}'(Get-[A-Za-z]+)'\s+= @\{/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...CMDLET_NAMES].sort());
    expect(script).toContain("Filter = 'SmtpClientAuthenticationDisabled -eq $false'");
  });

  it('changes nothing: no Set-, New-, Remove-, Enable- or Disable- cmdlets', () => {
    const code = script.replace(/<#[\s\S]*?#>/g, '').replace(/#.*$/gm, '');
    const verbs = code.match(/\b(Set|New|Remove|Enable|Disable|Add|Update|Clear|Start|Stop|Invoke|Send)-[A-Z][A-Za-z]+/g) ?? [];
    // PowerShell's own helpers, not Exchange cmdlets.
    expect(verbs.filter((v) => v !== 'Set-StrictMode' && v !== 'New-Object')).toEqual([]);
  });

  it('writes the format the app imports (schema, version, depth, UTF-8 without BOM)', () => {
    expect(script).toContain("schema            = 'dcb1596.exchange-facts'");
    expect(script).toContain('schemaVersion     = 1');
    expect(script).toMatch(/ConvertTo-Json -Depth 20/);
    expect(script).toContain('UTF8Encoding($false)');
  });
});

describe('script output import', () => {
  const good = () => scriptOutputFor(FIXTURE_TENANTS.e3Compliant());

  it('accepts the script output, with a BOM or as UTF-16 from a `>` redirect', () => {
    const json = JSON.stringify(good(), null, 4);
    expect(parseScriptFile(Buffer.from(json))).toMatchObject({ ok: true });
    expect(parseScriptFile(Buffer.from('\uFEFF' + json))).toMatchObject({ ok: true });
    expect(parseScriptFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]))).toMatchObject({ ok: true });
  });

  it('accepts a one-row collection written as a bare object, and a cmdlet that failed', () => {
    const o = good();
    o.cmdlets['Get-TransportConfig'] = { ok: true, data: { SmtpClientAuthenticationDisabled: true } };
    o.cmdlets['Get-IRMConfiguration'] = { ok: false, error: "The term 'Get-IRMConfiguration' is not recognized" };
    const r = parseScriptFile(Buffer.from(JSON.stringify(o)));
    if (!r.ok) throw new Error(r.error);
    expect(r.value.cmdlets['Get-TransportConfig']).toEqual({ ok: true, data: [{ SmtpClientAuthenticationDisabled: true }] });
  });

  it.each([
    ['an empty file', '', /not valid JSON/],
    ['a CSV', 'Domain,Enabled\nx.org,True', /not valid JSON/],
    ['an array', '[]', /file: /],
    ['an unknown top-level field', JSON.stringify({ ...good(), extra: 1 }), /Unrecognized key/],
    ['a tenant ID that is not a GUID', JSON.stringify({ ...good(), tenantId: 'contoso' }), /tenantId: Expected the tenant ID/],
    [
      'a cmdlet that is neither ok nor an error',
      JSON.stringify({ ...good(), cmdlets: { 'Get-DkimSigningConfig': { ok: true } } }),
      /cmdlets\.Get-DkimSigningConfig/,
    ],
  ])('rejects %s with a message naming the problem', (_n, text, message) => {
    const r = parseScriptFile(Buffer.from(text));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('rejects big-endian UTF-16 and oversized files', () => {
    expect(parseScriptFile(Buffer.from([0xfe, 0xff, 0, 0x7b]))).toMatchObject({ ok: false, error: expect.stringContaining('big-endian') });
    expect(parseScriptFile(Buffer.alloc(51 * 1024 * 1024, 0x20))).toMatchObject({ ok: false, error: expect.stringContaining('50 MB') });
  });
});
