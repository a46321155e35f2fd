import type { BrowserWindow } from 'electron';
import { app, dialog, Menu, session } from 'electron';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openHostBackend } from '../host/open-backend';
import { dataDirFromArgs, defaultDataDir, sampleDataDir } from '../host/data-dir';
import { ensureSampleWorkspace } from '../demo/open-sample';
import { DatabaseRefusedError } from '../store/database';
import type { Backend } from '../backend/create-backend';
import { registerAppScheme, serveRenderer } from './protocol';
import { openExternalHttps } from './external-links';
import { hardenSessions } from './security';
import { createSecretStore } from './secret-store';
import { registerIpc, forwardEvents } from './ipc';
import { createMainWindow, rendererDirFrom } from './window';
import { buildMenu } from './menu';
import { cliArguments, runCommandLine } from './command-line';

// The shell: lifecycle, one hardened window, the app:// protocol and the IPC transport. Everything it
// serves comes from the plain-Node backend; nothing here holds domain logic.

// `--cli <command…>` runs the command line and exits: no window, no single-instance lock (the CLI may run
// beside an open window on the same workspace, as `dcb1596` does).
const cli = cliArguments(process.argv);
if (cli) runCommandLine(cli);

registerAppScheme();
app.enableSandbox();
// One workspace, one Electron profile: userData is the workspace folder (already Electron's default when no
// DCB_DATA_DIR or --data-dir is given), so the single-instance lock is per workspace and Chromium's files
// stay with it. A second launch on the same workspace hands over to the first and never opens the database.
const dataDir = dataDirFromArgs(process.argv) ?? defaultDataDir();
mkdirSync(dataDir, { recursive: true });
app.setPath('userData', dataDir);
const primary = !cli && app.requestSingleInstanceLock();
if (!primary && !cli) app.quit();

let backend: Backend | undefined;
const windows = new Set<BrowserWindow>();

function openWindow() {
  const win = createMainWindow(join(__dirname, 'preload.cjs'));
  windows.add(win);
  win.on('closed', () => windows.delete(win));
  return win;
}

app.whenReady().then(() => {
  if (!primary) return;
  hardenSessions();
  session.defaultSession.allowNTLMCredentialsForDomains('');
  try {
    backend = openHostBackend({
      transport: 'electron',
      dataDir,
      secrets: createSecretStore(dataDir),
      // Microsoft sign-in opens in the system browser (passkeys, MFA and device compliance work there).
      openExternal: async (url) => {
        if (!(await openExternalHttps(url))) throw new Error('Only https links can be opened.');
      },
    });
  } catch (err) {
    dialog.showErrorBox(
      'DCB1596 Workbench cannot open its workspace',
      err instanceof DatabaseRefusedError ? err.message : String((err as Error).message),
    );
    app.exit(1);
    return;
  }
  serveRenderer(rendererDirFrom(__dirname));
  registerIpc(backend, (w) => w !== null && windows.has(w));
  forwardEvents(backend, () => [...windows]);
  Menu.setApplicationMenu(
    buildMenu({
      dataDir,
      newWindow: openWindow,
      inSample: dataDir === sampleDataDir(),
      switchWorkspace: (sample) => void switchWorkspace(sample),
    }),
  );
  openWindow();
});

// The sample workspace is a separate folder; switching relaunches the app on it (or back).
async function switchWorkspace(sample: boolean) {
  const args = process.argv.slice(1).filter((a) => !a.startsWith('--data-dir='));
  if (sample) args.push(`--data-dir=${await ensureSampleWorkspace()}`);
  app.relaunch({ args });
  app.exit(0);
}

app.on('second-instance', () => {
  const [w] = windows;
  if (w) {
    if (w.isMinimized()) w.restore();
    w.focus();
  }
});
app.on('activate', () => {
  if (!cli && windows.size === 0 && app.isReady()) openWindow();
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('will-quit', () => backend?.close());
