// The decisions behind `npm start` (scripts/start-electron.ts), with every effect passed in so that
// test/start-app.test.ts can run each path with the download stubbed:
//   Electron's binary installed            → open the desktop app;
//   missing, and Electron's own installer
//   (install-electron) downloads it        → open the desktop app;
//   the download fails (offline)           → say so in one line, serve web mode and open its link.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Where Electron's binary is, without require('electron') (which would start a download by itself).
export function findElectronBinary(require: NodeJS.Require): string | undefined {
  try {
    const pkgDir = dirname(require.resolve('electron/package.json'));
    const pathTxt = join(pkgDir, 'path.txt');
    if (!existsSync(pathTxt)) return undefined;
    const candidate = join(pkgDir, 'dist', readFileSync(pathTxt, 'utf8').trim());
    return existsSync(candidate) ? candidate : undefined;
  } catch {
    return undefined; // the electron package itself is not installed
  }
}

// The first line of what the installer printed, for the one-line explanation.
const firstLine = (text: string | undefined): string =>
  String(text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean) ?? 'no reason given';

export interface StartIO {
  findBinary(): string | undefined;
  // Electron's own installer (install-electron); output is what it printed.
  installElectron(): Promise<{ ok: boolean; output?: string }>;
  launchElectron(binary: string): Promise<number>;
  startWeb(): Promise<number>;
  log(line: string): void;
}

// Returns the exit code.
export async function startApp(io: StartIO): Promise<number> {
  let binary = io.findBinary();
  if (!binary) {
    io.log('Electron’s binary is not installed yet: downloading it with Electron’s installer (install-electron)…');
    const installed = await io.installElectron();
    binary = installed.ok ? io.findBinary() : undefined;
    if (!binary) {
      io.log(
        `Electron could not be downloaded (${installed.ok ? 'the installer finished but no binary appeared' : firstLine(installed.output)}; this machine looks offline), so DCB1596 Workbench opens in your browser instead (web mode).`,
      );
      return io.startWeb();
    }
  }
  return io.launchElectron(binary);
}
