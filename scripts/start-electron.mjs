// `npm start`: launch the desktop app when Electron's binary is installed, otherwise say so in one line.
// Electron 42+ downloads its binary on the first require('electron'); we look for it without requiring.
import { existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
let binary;
try {
  const pkgDir = dirname(require.resolve('electron/package.json'));
  const pathTxt = join(pkgDir, 'path.txt');
  if (existsSync(pathTxt)) {
    const candidate = join(pkgDir, 'dist', readFileSync(pathTxt, 'utf8').trim());
    if (existsSync(candidate)) binary = candidate;
  }
} catch {
  // electron not installed at all
}

if (!binary) {
  console.error(
    'Electron is not installed on this machine (its binary downloads on first use and this machine is offline): run `npm run web` to use DCB1596 Workbench in your browser, or `npx install-electron` where the internet is reachable.',
  );
  process.exit(1);
}

const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
