// `npm run test:electron`: the real-Electron smoke suite. It needs the Electron binary (development build) or
// a packaged app in release/ — both only exist on a networked release machine — and otherwise says so in one
// line and succeeds, so the offline CI can call it unconditionally.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findElectronBinary, findPackagedApp, ROOT, SKIP_REASON } from './electron-binary';

const binary = findElectronBinary();
const packaged = findPackagedApp();
if (!binary && !packaged) {
  console.log(SKIP_REASON);
  process.exit(0);
}

// The suite drives dist/ through the development binary: rebuild it when any source is newer.
function buildIsStale(): boolean {
  const built = ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html'].map((f) => join(ROOT, f));
  if (!built.every((f) => existsSync(f))) return true;
  const builtAt = Math.min(...built.map((f) => statSync(f).mtimeMs));
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? newer(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs > builtAt,
    );
  return ['electron', 'shared', 'renderer'].some((d) => newer(join(ROOT, d)));
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const shell = process.platform === 'win32';
if (binary && buildIsStale()) {
  const build = spawnSync(npm, ['run', 'build'], { cwd: ROOT, stdio: 'inherit', shell });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
console.log(
  `Electron smoke suite: ${binary ? `development build with ${binary}` : 'no development binary'}; ${packaged ? `packaged app ${packaged}` : 'no packaged app'}.`,
);
const run = spawnSync('npx', ['playwright', 'test', '-c', 'test/electron/playwright.config.ts', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  shell,
});
process.exit(run.status ?? 1);
