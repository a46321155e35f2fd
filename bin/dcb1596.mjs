#!/usr/bin/env node
// `npx dcb1596 …` in a checkout: runs the TypeScript CLI through tsx, over the same backend and data
// directory as the app.
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  console.error(`dcb1596 needs Node.js 22 or newer (this is ${process.version}). On an offline machine: source .ci/node22.sh`);
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
