// npm run bench:portfolio — the home dashboard at 500 clients × 6 cycles: the backend query and the first
// render in Chromium, each beside a baseline measured in the same run.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { createTestBackend } from '../test/support/temp-backend';
import { startWebServer } from '../electron/web/http-transport';
import { CHROMIUM_ARGS } from '../test/e2e/playwright.config';
import { seedPortfolio } from './seed-portfolio';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 500);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 6);
const RUNS = 9;

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

const b = createTestBackend();
b.clock.current = new Date('2026-11-23T09:00:00Z');
console.log(`Seeding ${CLIENTS} clients × ${CYCLES} cycles…`);
const seedMs = await time(() => seedPortfolio(b, CLIENTS, CYCLES));
const counts = b.services.db.prepare('SELECT (SELECT COUNT(*) FROM assessments) AS a, (SELECT COUNT(*) FROM responses) AS r').get() as {
  a: number;
  r: number;
};
console.log(`  ${counts.a} assessments, ${counts.r} responses (seeded in ${(seedMs / 1000).toFixed(1)} s)\n`);

// Baseline: reading every row the overview reads, with no logic on top.
const baseline = await measure(() => {
  b.services.db.prepare('SELECT * FROM clients').all();
  b.services.db.prepare('SELECT * FROM assessments').all();
  b.services.db.prepare('SELECT * FROM responses').all();
  b.services.db.prepare('SELECT * FROM probe_runs').all();
});
const overview = await measure(() => b.dispatch('portfolio.overview', {}));
const rows = ((await b.dispatch('portfolio.overview', {})) as { ok: true; value: { rows: unknown[] } }).value.rows.length;

// First render in Chromium, over the Playwright transport, against a plain page of the same app.
const rendererDir = process.env.DCB_RENDERER_OUT ?? fileURLToPath(new URL('../dist/renderer', import.meta.url));
const server = await startWebServer({ backend: b, rendererDir, rpc: false });
const browser = await chromium.launch({ executablePath: process.env.DCB_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
await page.exposeBinding('__dcbRpc', (_s, channel: string, input: unknown) => b.dispatch(channel, input));
// A string, not a function: tsx's transform would inject helpers the page does not have.
await page.addInitScript(
  `window.api = { host: 'test', invoke: (c, i) => window.__dcbRpc(c, i), on: () => () => {}, uploadFile: async () => ({ ok: false }), saveDownload: async () => ({ ok: false }), openExternal: async () => {} };`,
);
async function firstRender(hash: string, selector: string): Promise<number> {
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
const renderBaseline = await firstRender('/settings', 'text=Requirement catalogue');
const render = await firstRender('/', '[data-testid^="portfolio-row-"]');
const domRows = await page.locator('[data-testid^="portfolio-row-"]').count();
await browser.close();
await server.close();
b.dispose();

const pad = (s: string) => s.padEnd(46);
console.log(`${pad('Backend (median of ' + RUNS + ')')}ms`);
console.log(`${pad('  baseline: read all rows, no logic')}${baseline.toFixed(1)}`);
console.log(`${pad(`  portfolio.overview (${rows} rows)`)}${overview.toFixed(1)}   (${(overview / baseline).toFixed(1)}× baseline)`);
console.log(`\n${pad('First render in Chromium (median of 5)')}ms`);
console.log(`${pad('  baseline: Settings page')}${renderBaseline.toFixed(0)}`);
console.log(`${pad('  Portfolio page, rows visible')}${render.toFixed(0)}   (+${(render - renderBaseline).toFixed(0)} ms over baseline)`);
console.log(`${pad('  rows in the DOM (virtualised)')}${domRows} of ${rows}`);
