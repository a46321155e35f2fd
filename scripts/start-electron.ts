// `npm start` (after `npm run build`): open the desktop app, installing Electron's binary first when it is
// missing; where it cannot be downloaded, serve web mode and open its link. The decisions are in
// scripts/start-app.ts (test/start-app.test.ts); this file supplies the real effects.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary, startApp } from './start-app';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const exitOf = (child: ChildProcess) => new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 0)));

// Electron's own installer (the `install-electron` bin of the electron package), output kept for the message.
async function installElectron(): Promise<{ ok: boolean; output?: string }> {
  let installer: string;
  try {
    installer = join(dirname(require.resolve('electron/package.json')), 'install.js');
  } catch {
    return { ok: false, output: 'the electron package is not installed: run npm ci' };
  }
  const child = spawn(process.execPath, [installer], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await exitOf(child);
  return { ok: code === 0, output };
}

function launchElectron(binary: string): Promise<number> {
  return exitOf(spawn(binary, ['.', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' }));
}

// The browser: the system's opener where there is one; the link is printed either way.
function openInBrowser(url: string) {
  const [cmd, args]: [string, string[]] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', () => console.log('(No browser could be opened from here: open the link above yourself.)'));
  child.unref();
}

function startWeb(): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/web/main.ts', ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  let opened = false;
  child.stdout!.on('data', (d: Buffer) => {
    process.stdout.write(d);
    const url = !opened && String(d).match(/^Open: (\S+)/m)?.[1];
    if (url) {
      opened = true;
      openInBrowser(url);
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
  return exitOf(child);
}

process.exitCode = await startApp({
  findBinary: () => findElectronBinary(require),
  installElectron,
  launchElectron,
  startWeb,
  log: (line) => console.log(line),
});
