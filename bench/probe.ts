// npm run bench:probe — the Microsoft 365 tenant probe against the fake Microsoft 365 with 100 ms of injected
// latency on every response and a 5,000-user tenant, beside a one-request-at-a-time baseline on the same
// server. The probe runs through the real backend (TenantService, as the app and the CLI run it); the
// baseline reads the same sources with the same adapters, one request after another and no $batch.
// A benchmark, not a test: it prints numbers and asserts nothing. BENCH_LATENCY_MS and BENCH_USERS change
// the set-up.
import { performance } from 'node:perf_hooks';
import { startFakeM365, type RequestLogEntry } from '../test/fixtures/m365/fake-m365';
import { FAKE_ACCESS_TOKEN, e3Compliant } from '../test/fixtures/m365/tenants';
import { createTestBackend, sampleClientInput } from '../test/support/temp-backend';
import { GraphAdapter, type GraphResult } from '../electron/probes/graph/graph-adapter';
import { Limiter, RetryBudget } from '../electron/probes/graph/retry';
import { Transcript } from '../electron/probes/graph/transcript';
import { ExchangeRest } from '../electron/probes/exchange/invoke-command';
import { EXO_CMDLETS } from '../electron/probes/exchange/cmdlets';
import { domainRecordsPath, roundOneSources, SIGN_IN_WINDOW_DAYS } from '../electron/probes/tenant/sources';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const USERS = Number(process.env.BENCH_USERS ?? 5000);

const b = createTestBackend();
// Graph serves userRegistrationDetails in pages of 1,000 for a tenant this size, as Microsoft does.
const tenant = { ...e3Compliant({ now: b.clock.now(), users: USERS }), pageSize: 1000 };

// The longest chain of requests where each starts only after the previous one was answered: the number of
// round trips the run could not overlap, whatever its concurrency.
function sequentialDepth(log: RequestLogEntry[]): number {
  const rs = [...log].sort((x, y) => x.at - y.at);
  const depth: number[] = [];
  rs.forEach((r, i) => {
    let d = 1;
    for (let j = 0; j < i; j++) if (rs[j]!.doneAt !== undefined && rs[j]!.doneAt! <= r.at) d = Math.max(d, depth[j]! + 1);
    depth.push(d);
  });
  return Math.max(0, ...depth);
}

async function measure(name: string, run: (url: string) => Promise<void>) {
  const server = await startFakeM365({ tenant, token: FAKE_ACCESS_TOKEN, latencyMs: LATENCY_MS });
  try {
    const t0 = performance.now();
    await run(server.url);
    const ms = performance.now() - t0;
    return {
      name,
      ms,
      requests: server.log.length,
      subRequests: server.log.reduce((n, r) => n + (r.batchSize ?? 1), 0),
      depth: sequentialDepth(server.log),
      maxInFlight: server.maxInFlight,
    };
  } finally {
    await server.close();
  }
}

const client = await b.call('client.create', sampleClientInput({ tenant: tenant.tenantId }));

const probe = await measure('Workbench probe ($batch, parallel paging)', async (url) => {
  b.services.tenant.useSuppliedToken({ token: FAKE_ACCESS_TOKEN, graphBaseUrl: url, exchangeBaseUrl: url });
  const r = await b.call('tenant.probe.run', { clientId: client.id, exchange: 'rest' });
  const na = r.run.findings.filter((f) => f.status === 'not-assessable');
  if (na.length) console.warn(`warning: ${na.length} checks not assessable: ${na.map((f) => `${f.check} (${f.reason})`).join(', ')}`);
});

const baseline = await measure('Baseline (one request at a time)', async (url) => {
  const tokens = { getToken: async () => FAKE_ACCESS_TOKEN };
  const transcript = new Transcript();
  const budget = new RetryBudget();
  const one = new Limiter(1);
  const graph = new GraphAdapter({ baseUrl: url, tokens, transcript, budget, limiter: one });
  const since = new Date(b.clock.now().getTime() - SIGN_IN_WINDOW_DAYS * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (const s of roundOneSources(since)) {
    const first: GraphResult = await graph.get({ id: s.key, path: s.path });
    if (first.ok && s.pageCap) await graph.pages(first, { pageCap: s.pageCap, purpose: s.key });
  }
  for (const d of ['meadowbank-care.co.uk']) await graph.get({ id: d, path: domainRecordsPath(d) });
  const rest = new ExchangeRest({
    baseUrl: url,
    cloud: 'global',
    tenantId: tenant.tenantId,
    tenantDomain: tenant.initialDomain,
    tokens,
    transcript,
    budget,
    limiter: one,
  });
  await rest.discover();
  for (const c of EXO_CMDLETS) await rest.run(c);
});
b.dispose();

console.log(`\nTenant: ${USERS.toLocaleString('en-GB')} users; ${LATENCY_MS} ms injected latency per response; Graph + Exchange Online\n`);
const rows = [probe, baseline];
const head = ['', 'wall time', 'HTTP requests', 'Graph/EXO calls', 'sequential depth', 'max in flight'];
const cells = rows.map((r) => [
  r.name,
  `${(r.ms / 1000).toFixed(2)} s`,
  String(r.requests),
  String(r.subRequests),
  `${r.depth} round trips`,
  String(r.maxInFlight),
]);
const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('   ');
console.log(line(head));
for (const c of cells) console.log(line(c));
console.log(
  `\nThe probe is ${(baseline.ms / probe.ms).toFixed(1)}× faster with ${baseline.depth - probe.depth} fewer sequential round trips.` +
    `\n"Graph/EXO calls" counts each $batch sub-request; "sequential depth" is the longest chain of requests that each waited for the previous answer.`,
);
// Idle keep-alive sockets in fetch's pool would hold the process open for a few seconds more.
process.exit(0);
