// npm run bench:probe — the Microsoft 365 tenant probe against the fake Microsoft 365 with 100 ms of injected
// latency on every response and a 5,000-user tenant, beside a one-request-at-a-time baseline on the same
// server. The probe runs through the real backend (TenantService, as the app and the CLI run it); the
// baseline runs the same collection (the same requests, the same adapters) with one request in flight
// and no $batch. A benchmark, not a test: it prints numbers beside their goals and asserts nothing.
// BENCH_LATENCY_MS and BENCH_USERS change the set-up.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startFakeM365, type RequestLogEntry } from '../test/fixtures/m365/fake-m365';
import { FAKE_ACCESS_TOKEN, largeTenant } from '../test/fixtures/m365/tenants';
import { createTestBackend, sampleClientInput } from '../test/support/temp-backend';
import type { ProbeRouting } from '../electron/backend/ports';
import { GraphAdapter } from '../electron/probes/graph/graph-adapter';
import { Limiter, RetryBudget } from '../electron/probes/graph/retry';
import { Transcript } from '../electron/probes/graph/transcript';
import { ExchangeRest } from '../electron/probes/exchange/invoke-command';
import { collectTenant } from '../electron/tenant/collect';
import { extractFacts } from '../electron/tenant/facts';
import { evaluate } from '../electron/tenant/grading';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const USERS = Number(process.env.BENCH_USERS ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

// Where the backend sends the probe: each measured run points it at that run's fake Microsoft 365.
const routing: ProbeRouting = {};
const b = createTestBackend({ probeRouting: routing });
// Graph serves collections in pages of 1,000 for a tenant this size, and Exchange the 1,000 rows a page the
// probe asks for, as Microsoft does.
const tenant = largeTenant({ now: b.clock.now(), users: USERS });

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

async function once(name: string, run: (url: string) => Promise<void>) {
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

// One warm-up run (module loading and JIT on the first call would otherwise count as round trips: a
// request that waits for the CPU starts after the previous answer), then the median of RUNS runs.
async function measure(name: string, run: (url: string) => Promise<void>, runs: number) {
  await once(name, run);
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await once(name, run));
  results.sort((x, y) => x.ms - y.ms);
  return { ...results[Math.floor(results.length / 2)]!, runs, depths: results.map((r) => r.depth) };
}

const client = await b.call('client.create', sampleClientInput({ tenant: tenant.tenantId }));

let probeVerdicts = '';
const probe = await measure(
  'Workbench probe (two $batch rounds, Exchange in one wave)',
  async (url) => {
    routing.tenant = { suppliedToken: { token: FAKE_ACCESS_TOKEN, graphBaseUrl: url, exchangeBaseUrl: url } };
    const r = await b.call('tenant.probe.run', { clientId: client.id, exchange: 'rest' });
    const na = r.run.findings.filter((f) => f.status === 'not-assessable');
    if (na.length && !probeVerdicts)
      console.warn(`note: ${na.length} checks not assessable: ${na.map((f) => `${f.check} (${f.reason})`).join(', ')}`);
    probeVerdicts = JSON.stringify(r.run.findings.map((f) => [f.check, f.status]));
  },
  RUNS,
);

let baselineVerdicts = '';
const baseline = await measure(
  'Baseline (one request at a time)',
  async (url) => {
    const tokens = { getToken: async () => FAKE_ACCESS_TOKEN };
    const transcript = new Transcript();
    const budget = new RetryBudget();
    const one = new Limiter(1);
    const graph = new GraphAdapter({ baseUrl: url, tokens, transcript, budget, limiter: one, unbatched: true });
    const snap = await collectTenant({
      graph,
      transcript,
      clock: b.clock,
      appVersion: 'bench',
      cloud: 'global',
      graphBaseUrl: url,
      tenantRef: tenant.tenantId,
      exchange: {
        kind: 'rest',
        connect: (t) => new ExchangeRest({ baseUrl: url, cloud: 'global', ...t, tokens, transcript, budget, limiter: one }),
      },
    });
    baselineVerdicts = JSON.stringify(evaluate(extractFacts(snap)).map((f) => [f.check, f.status]));
  },
  1,
);
b.dispose();

const DEPTH_GOAL = 4;
const RATIO_GOAL = 5;
const ratio = baseline.ms / probe.ms;
const load = loadavg()
  .map((x) => x.toFixed(2))
  .join(', ');
console.log(
  `\nTenant: ${USERS.toLocaleString('en-GB')} users; ${LATENCY_MS} ms injected latency per response; Graph + Exchange Online; load average ${load}` +
    `\nEach side warmed up once; the probe's figures are the median of ${RUNS} runs, the baseline's of 1.\n`,
);
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
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
console.log(
  `\nGoal                                   measured                   goal      verdict` +
    `\nSequential depth                       ${`${probe.depth} (runs: ${probe.depths.join(', ')})`.padEnd(27)}≤ ${DEPTH_GOAL}       ${verdict(probe.depth <= DEPTH_GOAL)}` +
    `\nSpeed-up over the baseline             ${`${ratio.toFixed(1)}× (${(probe.ms / 1000).toFixed(2)} s vs ${(baseline.ms / 1000).toFixed(2)} s)`.padEnd(27)}≥ ${RATIO_GOAL}×      ${verdict(ratio >= RATIO_GOAL)}` +
    `\nVerdicts the same as the baseline's    ${(probeVerdicts === baselineVerdicts ? 'yes' : 'NO').padEnd(27)}same      ${verdict(probeVerdicts === baselineVerdicts)}` +
    `\n\n"Graph/EXO calls" counts each $batch sub-request; "sequential depth" is the longest chain of requests that each waited for the previous answer.`,
);
// Idle keep-alive sockets in fetch's pool would hold the process open for a few seconds more.
process.exit(0);
