// npm run bench:portfolio — the home dashboard at 500 and 5,000 clients × 6 cycles: the backend query beside
// a read-all-rows baseline, the renderer's initial JavaScript, and the first render in Chromium beside the
// Settings page, all measured in the same run. Each figure is printed with its goal (issue 19).
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { createTestBackend, type TestBackend } from '../test/support/temp-backend';
import { startWebServer } from '../electron/web/http-transport';
import { CHROMIUM_ARGS } from '../test/e2e/playwright.config';
import { seedPortfolio } from './seed-portfolio';

const SIZES = (process.env.BENCH_CLIENTS ?? '500,5000').split(',').map(Number);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 6);
const RENDER = process.env.BENCH_RENDER !== '0';
const RUNS = 9;
// The goals of issue 19: milliseconds for the query per size, and ratios to the baselines.
const QUERY_GOAL_MS: Record<number, number> = { 500: 50, 5000: 300 };
const QUERY_GOAL_RATIO = 2;
const INITIAL_JS_GOAL_KB = 250;
const RENDER_GOAL_RATIO = 1.5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(fn: () => unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
async function measure(fn: () => unknown): Promise<number> {
  await fn(); // warm-up
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) xs.push(await time(fn));
  return median(xs);
}
const pad = (s: string) => s.padEnd(50);
const verdict = (ok: boolean) => (ok ? 'meets goal' : 'MISSES goal');
const lines: string[] = [];
const say = (s: string) => {
  lines.push(s);
  console.log(s);
};

async function backendAt(clients: number): Promise<TestBackend> {
  const b = createTestBackend();
  b.clock.current = new Date('2026-11-23T09:00:00Z');
  const seedMs = await time(() => seedPortfolio(b, clients, CYCLES));
  const counts = b.services.db.prepare('SELECT (SELECT COUNT(*) FROM assessments) AS a, (SELECT COUNT(*) FROM responses) AS r').get() as {
    a: number;
    r: number;
  };
  // Baseline: reading every row the overview reads, with no logic on top.
  const baseline = await measure(() => {
    b.services.db.prepare('SELECT * FROM clients').all();
    b.services.db.prepare('SELECT * FROM assessments').all();
    b.services.db.prepare('SELECT * FROM responses').all();
    b.services.db.prepare('SELECT * FROM probe_runs').all();
  });
  // The first call after seeding computes and stores every client's figures (as after an upgrade).
  const cold = await time(() => b.dispatch('portfolio.overview', {}));
  const overview = await measure(() => b.dispatch('portfolio.overview', {}));
  // One client changed since the last visit: its figures are recomputed, the others read.
  const changed: number[] = [];
  const current = b.services.db.prepare('SELECT id FROM assessments ORDER BY cycle DESC, id LIMIT ?').all(RUNS) as { id: string }[];
  for (const { id } of current) {
    b.services.db.prepare("UPDATE responses SET notes = 'touched' WHERE assessment_id = ?").run(id);
    changed.push(await time(() => b.dispatch('portfolio.overview', {})));
  }
  const oneChanged = median(changed);
  const rows = ((await b.dispatch('portfolio.overview', {})) as { ok: true; value: { rows: unknown[] } }).value.rows.length;
  const goal = QUERY_GOAL_MS[clients];
  say(
    `\nBackend, ${clients.toLocaleString('en-GB')} clients × ${CYCLES} cycles: ${counts.a} assessments, ${counts.r} responses (seeded in ${(seedMs / 1000).toFixed(1)} s)`,
  );
  say(`${pad(`  median of ${RUNS}`)}ms`);
  say(`${pad('  baseline: read all rows, no logic')}${baseline.toFixed(1)}`);
  say(
    `${pad(`  portfolio.overview (${rows} rows)`)}${overview.toFixed(1)}   ${(overview / baseline).toFixed(2)}× baseline` +
      (goal
        ? `   goal ≤ ${goal} ms and ≤ ${QUERY_GOAL_RATIO}× baseline: ${verdict(overview <= goal && overview / baseline <= QUERY_GOAL_RATIO)}`
        : ''),
  );
  say(`${pad('  … after one client changed')}${oneChanged.toFixed(1)}   ${(oneChanged / baseline).toFixed(2)}× baseline`);
  say(
    `${pad('  … first call, every figure computed and stored')}${cold.toFixed(0)}   ${(cold / baseline).toFixed(1)}× baseline   (once, after an upgrade)`,
  );
  return b;
}

// The JavaScript the page loads before the first render: the entry script and the chunks it preloads.
function initialJs(dir: string): { files: number; raw: number; gzip: number } {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const srcs = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]!);
  const bytes = srcs.map((s) => readFileSync(join(dir, s)));
  return { files: srcs.length, raw: bytes.reduce((n, b) => n + b.length, 0), gzip: bytes.reduce((n, b) => n + gzipSync(b).length, 0) };
}

async function firstRender(b: TestBackend) {
  const rendererDir = process.env.DCB_RENDERER_OUT ?? fileURLToPath(new URL('../dist/renderer', import.meta.url));
  const js = initialJs(rendererDir);
  const server = await startWebServer({ backend: b, rendererDir, rpc: false });
  const browser = await chromium.launch({ executablePath: process.env.DCB_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  await page.exposeBinding('__dcbRpc', (_s, channel: string, input: unknown) => b.dispatch(channel, input));
  // A string, not a function: tsx's transform would inject helpers the page does not have.
  await page.addInitScript(
    `window.api = { host: 'test', invoke: (c, i) => window.__dcbRpc(c, i), on: () => () => {}, uploadFile: async () => ({ ok: false }), saveDownload: async () => ({ ok: false }), openExternal: async () => {} };`,
  );
  async function render(hash: string, selector: string): Promise<number> {
    const xs: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.goto('about:blank');
      const t = performance.now();
      await page.goto(`${server.url}#${hash}`);
      await page.waitForSelector(selector);
      xs.push(performance.now() - t);
    }
    return median(xs);
  }
  const settings = await render('/settings', 'text=Requirement catalogue');
  const portfolio = await render('/', '[data-testid^="portfolio-row-"]');
  const domRows = await page.locator('[data-testid^="portfolio-row-"]').count();
  await browser.close();
  await server.close();

  say(`\nRenderer (dist/renderer)`);
  say(
    `${pad(`  initial JS (${js.files} files, ${(js.raw / 1024).toFixed(0)} KB raw)`)}${(js.gzip / 1024).toFixed(0)} KB gzip   goal ≤ ${INITIAL_JS_GOAL_KB} KB: ${verdict(js.gzip / 1024 <= INITIAL_JS_GOAL_KB)}`,
  );
  say(`\nFirst render in Chromium (median of 5)            ms`);
  say(`${pad('  baseline: Settings page')}${settings.toFixed(0)}`);
  say(
    `${pad('  Portfolio page, rows visible')}${portfolio.toFixed(0)}   ${(portfolio / settings).toFixed(2)}× baseline   goal ≤ ${RENDER_GOAL_RATIO}×: ${verdict(portfolio / settings <= RENDER_GOAL_RATIO)}`,
  );
  say(`${pad('  rows in the DOM (virtualised)')}${domRows}`);
}

say(`bench:portfolio — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}`);
for (const [i, n] of SIZES.entries()) {
  const b = await backendAt(n);
  if (RENDER && i === 0) await firstRender(b);
  b.dispose();
}
