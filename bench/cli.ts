// npm run bench:cli — how long `dcb1596` takes to answer, started as a user starts it (a new Node process
// running bin/dcb1596.mjs with the build in dist/), beside `node -e 0` (starting Node and doing nothing)
// measured in the same run. The workspace is empty (created and migrated by a warm-up call).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const BIN = fileURLToPath(new URL('../bin/dcb1596.mjs', import.meta.url));
const workspace = mkdtempSync(join(tmpdir(), 'dcb-bench-cli-'));

function median(args: string[], env: Record<string, string> = {}): number {
  const opts = { env: { ...process.env, DCB_DATA_DIR: workspace, ...env }, encoding: 'utf8' as const };
  const warm = spawnSync(process.execPath, args, opts);
  if (warm.status !== 0) throw new Error(`${args.join(' ')} failed: ${warm.stderr}`);
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    spawnSync(process.execPath, args, opts);
    xs.push(performance.now() - t);
  }
  return xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

const baseline = median(['-e', '0']);
// As installed (no sources beside the build: DCB_CLI_DEV=0 skips the checkout's staleness check), then the
// checkout's launcher with that check, then the sources through tsx (what every call cost before the build).
const BUILD = { DCB_CLI_DEV: '0' };
const rows: [string, number, number | undefined][] = [
  ['dcb1596 --version', median([BIN, '--version'], BUILD), 150],
  ['dcb1596 clients list (empty workspace)', median([BIN, 'clients', 'list'], BUILD), 400],
  ['  in a checkout (checks the build is current)', median([BIN, 'clients', 'list']), undefined],
  ['  through tsx (development; every call before)', median([BIN, 'clients', 'list'], { DCB_CLI_DEV: '1' }), undefined],
];
rmSync(workspace, { recursive: true, force: true });

const pad = (s: string) => s.padEnd(48);
console.log(`bench:cli — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, median of ${RUNS}\n`);
console.log(`${pad('baseline: node -e 0')}${baseline.toFixed(0)} ms`);
for (const [name, ms, goal] of rows)
  console.log(
    `${pad(name)}${ms.toFixed(0)} ms   ${(ms / baseline).toFixed(1)}× baseline` +
      (goal ? `   goal ≤ ${goal} ms: ${ms <= goal ? 'meets goal' : 'MISSES goal'}` : ''),
  );
