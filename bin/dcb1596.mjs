#!/usr/bin/env node
// `dcb1596 …`: starts the bundled command line (dist/cli.mjs, built by `npm run build:cli`) over the same
// backend and workspace as the app. In a source checkout whose TypeScript is newer than the build, it runs
// the sources through tsx instead (development only; installed packages have no sources).
import { existsSync, readdirSync, statSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  console.error(`dcb1596 needs Node.js 22 or newer (this is ${process.version}). On an offline machine: source .ci/node22.sh`);
  process.exit(1);
}
// Node keeps the compiled bundle on disk between calls (node:module enableCompileCache, Node 22.1+).
module.enableCompileCache?.();

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli.mjs');
const sources = join(root, 'electron', 'cli', 'main.ts');
const checkout = existsSync(sources);
const REBUILD = checkout ? 'npm run build:cli' : 'npm install --global <the dcb1596 package> (reinstall it)';

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') || e.name.endsWith('.json')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}
const stale = () =>
  statSync(built).mtimeMs < Math.max(...['electron', 'shared', 'resources/catalogue'].map((d) => newestSource(join(root, d))));

const argv = process.argv.slice(2);
// DCB_CLI_DEV=1 forces the sources, DCB_CLI_DEV=0 the build (skipping the staleness check).
const dev = process.env.DCB_CLI_DEV;
if (checkout && dev !== '0' && (!existsSync(built) || dev === '1' || stale())) {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import(pathToFileURL(sources).href);
  process.exitCode = await main(argv);
} else {
  let run;
  try {
    if (!existsSync(built)) throw new Error(`${built} is missing`);
    ({ run } = await import(pathToFileURL(built).href));
    if (typeof run !== 'function') throw new Error(`${built} does not export the command line`);
  } catch (err) {
    console.error(`dcb1596: the command line build is missing or damaged (${err.message.split('\n')[0]}). Rebuild it with: ${REBUILD}`);
    process.exit(1);
  }
  process.exitCode = await run(argv, { rebuild: REBUILD });
}
