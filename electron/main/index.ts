import type { BrowserWindow } from 'electron';
import { app, dialog, Menu, session } from 'electron';
import { join } from 'node:path';
import { openHostBackend } from '../host/open-backend';
import { defaultDataDir } from '../host/data-dir';
import { DatabaseRefusedError } from '../store/database';
import type { Backend } from '../backend/create-backend';
import { registerAppScheme, serveRenderer } from './protocol';
import { hardenSessions } from './security';
import { createSecretStore } from './secret-store';
import { registerIpc, forwardEvents } from './ipc';
import { createMainWindow, rendererDirFrom } from './window';
import { buildMenu } from './menu';

// The shell: lifecycle, one hardened window, the app:// protocol and the IPC transport. Everything it
// serves comes from the plain-Node backend; nothing here holds domain logic.

registerAppScheme();
app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

let backend: Backend | undefined;
const windows = new Set<BrowserWindow>();

function openWindow() {
  const win = createMainWindow(join(__dirname, 'preload.cjs'));
  windows.add(win);
  win.on('closed', () => windows.delete(win));
  return win;
}

app.whenReady().then(() => {
  hardenSessions();
  session.defaultSession.allowNTLMCredentialsForDomains('');
  const dataDir = defaultDataDir();
  try {
    backend = openHostBackend({ transport: 'electron', dataDir, secrets: createSecretStore(dataDir) });
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
  Menu.setApplicationMenu(buildMenu({ dataDir, newWindow: openWindow }));
  openWindow();
});

app.on('second-instance', () => {
  const [w] = windows;
  if (w) {
    if (w.isMinimized()) w.restore();
    w.focus();
  }
});
app.on('activate', () => {
  if (windows.size === 0 && app.isReady()) openWindow();
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('will-quit', () => backend?.close());
