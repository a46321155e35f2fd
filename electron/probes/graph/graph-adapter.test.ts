import { afterEach, describe, expect, it } from 'vitest';
import { startFakeM365, type FakeM365, type FixtureTenant } from '../../../test/fixtures/m365/fake-m365';
import { collection, graphError, ok } from '../../../test/fixtures/m365/builders';
import { GraphAdapter, type GraphResult } from './graph-adapter';
import { Limiter, RetryBudget } from './retry';
import { Transcript } from './transcript';

const TOKEN = 'adapter-test-token-3b9f0c1d2e';
let server: FakeM365 | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function tenant(graph: FixtureTenant['graph'], extra: Partial<FixtureTenant> = {}): FixtureTenant {
  return { name: 'adapter', tenantId: 't', initialDomain: 't.onmicrosoft.com', graph, exchange: {}, ...extra };
}

function adapter(opts: { budget?: RetryBudget; timeoutMs?: number; maxBodyBytes?: number; limiter?: Limiter; token?: () => string } = {}) {
  const waits: number[] = [];
  const tokenCalls: boolean[] = [];
  const transcript = new Transcript();
  const a = new GraphAdapter({
    baseUrl: server!.graphUrl,
    tokens: {
      async getToken(o) {
        tokenCalls.push(!!o?.forceRefresh);
        return opts.token?.() ?? TOKEN;
      },
    },
    transcript,
    budget: opts.budget,
    limiter: opts.limiter,
    timeoutMs: opts.timeoutMs,
    maxBodyBytes: opts.maxBodyBytes,
    // Waits are recorded, not slept: the retry policy is under test, not the clock.
    sleep: async (ms) => void waits.push(ms),
  });
  return { a, waits, tokenCalls, transcript };
}

const okBody = (r: GraphResult | undefined) => {
  if (!r?.ok) throw new Error(`expected success, got ${JSON.stringify(r)}`);
  return r.body;
};

describe('GraphAdapter against the fake Microsoft 365', () => {
  it('answers a $batch with one POST and maps each sub-response back by ID (order not guaranteed)', async () => {
    server = await startFakeM365({
      token: TOKEN,
      tenant: tenant({
        '/organization': collection('organization', [{ id: 'org-1' }]),
        '/subscribedSkus': collection('subscribedSkus', [{ skuPartNumber: 'SPE_E3' }]),
        '/policies/authorizationPolicy': ok({ id: 'authorizationPolicy' }),
      }),
    });
    const { a, transcript } = adapter();
    const res = await a.batch([
      { id: 'org', path: '/organization' },
      { id: 'skus', path: '/subscribedSkus' },
      { id: 'authz', path: '/policies/authorizationPolicy' },
    ]);
    expect((okBody(res.get('org')).value as { id: string }[])[0]!.id).toBe('org-1');
    expect((okBody(res.get('skus')).value as { skuPartNumber: string }[])[0]!.skuPartNumber).toBe('SPE_E3');
    expect(okBody(res.get('authz')).id).toBe('authorizationPolicy');
    expect(server.log.map((l) => `${l.method} ${l.path}`)).toEqual(['POST /v1.0/$batch']);
    expect(server.log[0]!.authorized).toBe(true);
    const r = res.get('skus') as Extract<GraphResult, { ok: true }>;
    expect(r.ref.exchange).toBe(0);
    expect(r.ref.sub).toMatch(/^\d+$/);
    expect(transcript.exchanges[0]!.requestBody).toContain('"url":"/subscribedSkus"');
  });

  it('never puts more than 20 requests in one $batch', async () => {
    const graph: FixtureTenant['graph'] = {};
    for (let i = 0; i < 45; i++) graph[`/things/${i}`] = ok({ id: String(i) });
    server = await startFakeM365({ token: TOKEN, tenant: tenant(graph) });
    const { a } = adapter();
    const res = await a.batch(Array.from({ length: 45 }, (_, i) => ({ id: `t${i}`, path: `/things/${i}` })));
    expect([...res.values()].every((r) => r.ok)).toBe(true);
    expect(server.log.map((l) => l.batchSize)).toEqual(expect.arrayContaining([20, 20, 5]));
    expect(Math.max(...server.log.map((l) => l.batchSize ?? 0))).toBeLessThanOrEqual(20);
  });

  it('follows @odata.nextLink verbatim, keeping the query, until the last page', async () => {
    const value = Array.from({ length: 25 }, (_, i) => ({ id: `u${i}` }));
    server = await startFakeM365({ token: TOKEN, tenant: tenant({ '/users': collection('users', value) }, { pageSize: 10 }) });
    const { a, transcript } = adapter();
    const first = await a.get({ id: 'users', path: '/users?$filter=accountEnabled eq true&$select=id' });
    if (!first.ok) throw new Error('first page failed');
    const paged = await a.pages(first, { pageCap: 10, purpose: 'users' });
    expect(paged.failure).toBeUndefined();
    expect(paged.pages).toHaveLength(3);
    const followed = server.log.slice(1).map((l) => decodeURIComponent(l.query));
    expect(followed.every((q) => q.includes('$filter=accountEnabled eq true') && q.includes('$skiptoken='))).toBe(true);
    expect(transcript.exchanges.map((e) => e.purpose)).toEqual(['users', 'users page 2', 'users page 3']);
  });

  it('stops at the page cap and detects a nextLink loop', async () => {
    const value = Array.from({ length: 50 }, (_, i) => ({ id: `u${i}` }));
    server = await startFakeM365({
      token: TOKEN,
      tenant: tenant(
        { '/users': collection('users', value), '/loop': ok({ value: [], '@odata.nextLink': '__ORIGIN__/v1.0/loop?$skiptoken=same' }) },
        { pageSize: 5 },
      ),
    });
    const { a } = adapter();
    const capped = await a.pages((await a.get({ id: 'u', path: '/users' })) as Extract<GraphResult, { ok: true }>, {
      pageCap: 3,
      purpose: 'u',
    });
    expect(capped.pages).toHaveLength(3);
    expect(capped.failure).toMatchObject({ kind: 'page-cap', message: 'Stopped after 3 pages.' });
    const loop = await a.pages((await a.get({ id: 'l', path: '/loop' })) as Extract<GraphResult, { ok: true }>, {
      pageCap: 100,
      purpose: 'l',
    });
    expect(loop.failure).toMatchObject({ kind: 'page-cap', message: expect.stringContaining('paging loop') });
    expect(loop.pages.length).toBeLessThan(5);
  });

  it('never follows a nextLink to another host (it would carry our token)', async () => {
    server = await startFakeM365({
      token: TOKEN,
      tenant: tenant({ '/x': ok({ value: [], '@odata.nextLink': 'https://attacker.example/v1.0/x?$skiptoken=1' }) }),
    });
    const { a } = adapter();
    const paged = await a.pages((await a.get({ id: 'x', path: '/x' })) as Extract<GraphResult, { ok: true }>, { pageCap: 5, purpose: 'x' });
    expect(paged.failure?.kind).toBe('unsafe-link');
    expect(server.log).toHaveLength(1);
  });

  it('retries a transient 5xx the same way for a whole request and a $batch sub-request (one retryable set)', async () => {
    server = await startFakeM365({
      token: TOKEN,
      tenant: tenant(
        { '/a': ok({ id: 'a' }), '/b': ok({ id: 'b' }), '/down': ok({ id: 'never' }) },
        {
          fault: ({ path, attempt }) =>
            (path === '/a' || path === '/b') && attempt === 1
              ? { status: 502, raw: '<html>Bad gateway</html>' }
              : path === '/down'
                ? { status: 500, body: { error: { code: 'InternalServerError', message: 'Down' } } }
                : undefined,
        },
      ),
    });
    const { a, waits } = adapter({
      budget: new RetryBudget({ maxAttempts: 2, maxSingleWaitMs: 1000, maxTotalWaitMs: 5000, baseBackoffMs: 10 }),
    });
    expect(okBody(await a.get({ id: 'a', path: '/a' })).id).toBe('a');
    const res = await a.batch([{ id: 'b', path: '/b' }]);
    expect(okBody(res.get('b')).id).toBe('b');
    expect(waits).toEqual([10, 10]);
    // A 5xx that outlasts the retries is reported as the server failure it is, not as throttling.
    expect(await a.get({ id: 'down', path: '/down' })).toMatchObject({ ok: false, failure: { kind: 'http', status: 500 } });
    expect((await a.batch([{ id: 'down', path: '/down' }])).get('down')).toMatchObject({
      ok: false,
      failure: { kind: 'http', status: 500 },
    });
  });

  it('retries throttled batch sub-requests after their Retry-After, and only those', async () => {
    server = await startFakeM365({
      token: TOKEN,
      tenant: tenant(
        { '/a': ok({ id: 'a' }), '/b': ok({ id: 'b' }) },
        {
          fault: ({ path, attempt }) =>
            path === '/b' && attempt <= 2
              ? {
                  status: 429,
                  headers: { 'Retry-After': String(attempt * 2) },
                  body: { error: { code: 'TooManyRequests', message: 'slow down' } },
                }
              : undefined,
        },
      ),
    });
    const { a, waits, transcript } = adapter();
    const res = await a.batch([
      { id: 'a', path: '/a' },
      { id: 'b', path: '/b' },
    ]);
    expect(okBody(res.get('a')).id).toBe('a');
    expect(okBody(res.get('b')).id).toBe('b');
    expect(waits).toEqual([2000, 4000]);
    const bodies = transcript.exchanges.map((e) => JSON.parse(e.requestBody!).requests.map((r: { url: string }) => r.url));
    expect(bodies).toEqual([['/a', '/b'], ['/b'], ['/b']]);
  });

  it('gives up at once on a Retry-After of hours, and caps the total waiting of a storm', async () => {
    server = await startFakeM365({
      token: TOKEN,
      tenant: tenant(
        { '/hours': ok({}), '/storm': ok({}) },
        {
          fault: ({ path }) =>
            path === '/hours'
              ? { status: 429, headers: { 'Retry-After': '7200' }, body: { error: { code: 'TooManyRequests', message: '' } } }
              : path === '/storm'
                ? { status: 503, headers: { 'Retry-After': '3' }, body: { error: { code: 'ServiceUnavailable', message: '' } } }
                : undefined,
        },
      ),
    });
    const { a, waits } = adapter({
      budget: new RetryBudget({ maxAttempts: 10, maxSingleWaitMs: 60_000, maxTotalWaitMs: 7_000, baseBackoffMs: 1000 }),
    });
    const hours = await a.get({ id: 'h', path: '/hours' });
    expect(hours).toMatchObject({ ok: false, failure: { kind: 'throttled', status: 429, message: expect.stringContaining('2 h') } });
    expect(waits).toEqual([]);
    const storm = await a.get({ id: 's', path: '/storm' });
    expect(storm).toMatchObject({ ok: false, failure: { kind: 'throttled', status: 503 } });
    expect(waits).toEqual([3000, 3000]);
    expect(waits.reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(7000);
  });

  it('reports truncated JSON, HTML pages and oversized bodies as malformed instead of crashing', async () => {
    server = await startFakeM365({
      token: TOKEN,
      tenant: tenant({
        '/truncated': { status: 200, raw: '{"value":[{"id":"a","displayName":"Requi' },
        '/html': { status: 200, raw: '<html><body>Service unavailable</body></html>' },
        '/big': ok({ value: [{ blob: 'x'.repeat(5000) }] }),
        '/array': { status: 200, raw: '[1,2,3]' },
      }),
    });
    const { a } = adapter({ maxBodyBytes: 2000 });
    expect(await a.get({ id: 't', path: '/truncated' })).toMatchObject({
      ok: false,
      failure: { kind: 'malformed', message: expect.stringContaining('not valid JSON') },
    });
    expect(await a.get({ id: 'h', path: '/html' })).toMatchObject({
      ok: false,
      failure: { kind: 'malformed', message: expect.stringContaining('HTML') },
    });
    expect(await a.get({ id: 'b', path: '/big' })).toMatchObject({ ok: false, failure: { kind: 'too-large' } });
    expect(await a.get({ id: 'a', path: '/array' })).toMatchObject({ ok: false, failure: { kind: 'malformed' } });
  });

  it('asks for a fresh token once on 401, then reports the expired token', async () => {
    server = await startFakeM365({ token: TOKEN, expiredToken: true, tenant: tenant({ '/organization': collection('organization', []) }) });
    const { a, tokenCalls } = adapter();
    const r = await a.get({ id: 'org', path: '/organization' });
    expect(r).toMatchObject({ ok: false, failure: { kind: 'http', status: 401, code: 'InvalidAuthenticationToken' } });
    expect(tokenCalls).toEqual([false, true]);
    const b = await a.batch([{ id: 'org', path: '/organization' }]);
    expect(b.get('org')).toMatchObject({ ok: false, failure: { status: 401 } });
  });

  it('recovers when the refreshed token is accepted', async () => {
    server = await startFakeM365({ token: TOKEN, tenant: tenant({ '/organization': collection('organization', [{ id: 'o' }]) }) });
    let calls = 0;
    const { a } = adapter({ token: () => (calls++ === 0 ? 'stale-token' : TOKEN) });
    expect((await a.get({ id: 'org', path: '/organization' })).ok).toBe(true);
  });

  it('retries an intermittent 403 once for the endpoints that need it', async () => {
    server = await startFakeM365({
      token: TOKEN,
      tenant: tenant(
        { '/reports/x': ok({ value: [] }), '/plain': ok({}) },
        {
          fault: ({ path, attempt }) =>
            path !== '/$batch' && attempt === 1
              ? graphError(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', 'nope')
              : undefined,
        },
      ),
    });
    const { a } = adapter();
    const res = await a.batch([
      { id: 'flaky', path: '/reports/x', retryForbiddenOnce: true },
      { id: 'plain', path: '/plain' },
    ]);
    expect(res.get('flaky')!.ok).toBe(true);
    expect(res.get('plain')).toMatchObject({
      ok: false,
      failure: { status: 403, code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant' },
    });
  });

  it('times out a request that does not answer', async () => {
    server = await startFakeM365({ token: TOKEN, latencyMs: 400, tenant: tenant({ '/slow': ok({}) }) });
    const { a, waits } = adapter({
      timeoutMs: 100,
      budget: new RetryBudget({ maxAttempts: 2, maxSingleWaitMs: 1000, maxTotalWaitMs: 5000, baseBackoffMs: 10 }),
    });
    const r = await a.get({ id: 's', path: '/slow' });
    expect(r).toMatchObject({ ok: false, failure: { kind: 'timeout' } });
    expect(waits).toEqual([10]);
  });

  it('keeps requests in flight within the limit', async () => {
    const graph: FixtureTenant['graph'] = {};
    for (let i = 0; i < 12; i++) graph[`/p/${i}`] = ok({ id: i });
    server = await startFakeM365({ token: TOKEN, latencyMs: 30, tenant: tenant(graph) });
    const { a } = adapter({ limiter: new Limiter(3) });
    await Promise.all(Array.from({ length: 12 }, (_, i) => a.get({ id: `p${i}`, path: `/p/${i}` })));
    expect(server.maxInFlight).toBeLessThanOrEqual(3);
    expect(server.maxInFlight).toBeGreaterThan(1);
  });

  it('never records the bearer token in the transcript', async () => {
    server = await startFakeM365({ token: TOKEN, tenant: tenant({ '/organization': collection('organization', [{ id: 'o' }]) }) });
    const { a, transcript } = adapter();
    await a.batch([{ id: 'org', path: '/organization' }]);
    await a.get({ id: 'org', path: '/organization' });
    expect(JSON.stringify(transcript.exchanges)).not.toContain(TOKEN);
  });

  it('refuses to send a token over plain http to anything but loopback', () => {
    const make = (baseUrl: string) => () =>
      new GraphAdapter({ baseUrl, tokens: { getToken: async () => 't' }, transcript: new Transcript() });
    expect(make('http://graph.example.com')).toThrow(/Refusing/);
    expect(make('https://graph.microsoft.com')).not.toThrow();
    expect(make('http://127.0.0.1:8080')).not.toThrow();
  });
});
