import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { copyFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Backend } from '../backend/create-backend';
import { APP_ORIGIN } from './protocol';
import { openExternalHttps } from './external-links';
import { IPC, type IpcEventArgs, type IpcInvoke, type IpcInvokes } from '../../shared/contract/bridge';

const refuse = { ok: false, error: { code: 'forbidden', message: 'Request refused.' } } as const;

// ipcMain.handle for one channel of the side-channel map the preload calls. The arguments stay unknown:
// they come from another process and are checked here before use.
type Untrusted<T extends unknown[]> = { [I in keyof T]: unknown };
function handle<K extends IpcInvoke>(
  channel: K,
  listener: (
    e: IpcMainInvokeEvent,
    ...args: Untrusted<IpcInvokes[K]['args']>
  ) => IpcInvokes[K]['result'] | Promise<IpcInvokes[K]['result']>,
): void {
  ipcMain.handle(channel, listener as (e: IpcMainInvokeEvent, ...args: unknown[]) => unknown);
}

// One invoke channel for the whole contract, plus the file hand-offs the preload needs. Every message is
// checked first: it must come from a window we created, showing our app:// origin.
export function registerIpc(backend: Backend, isOurWindow: (w: BrowserWindow | null) => boolean): void {
  const trusted = (e: IpcMainInvokeEvent) => {
    const url = e.senderFrame?.url ?? '';
    return url.startsWith(`${APP_ORIGIN}/`) && isOurWindow(BrowserWindow.fromWebContents(e.sender));
  };

  handle(IPC.rpc, (e, channel, input) => {
    if (!trusted(e)) return refuse;
    return backend.dispatch(String(channel), input, { transport: 'electron' });
  });

  handle(IPC.uploadPath, async (e, path, name) => {
    if (!trusted(e) || typeof path !== 'string' || path === '') return refuse;
    try {
      return { ok: true, value: await backend.host.receiveLocalFile(path, String(name ?? 'file')) };
    } catch (err) {
      return { ok: false, error: { code: 'invalid-input', message: (err as Error).message } };
    }
  });

  handle(IPC.uploadBytes, async (e, bytes, name) => {
    if (!trusted(e) || !(bytes instanceof Uint8Array)) return refuse;
    try {
      return { ok: true, value: await backend.host.receive(Readable.from([Buffer.from(bytes)]), String(name ?? 'file')) };
    } catch (err) {
      return { ok: false, error: { code: 'invalid-input', message: (err as Error).message } };
    }
  });

  handle(IPC.saveDownload, async (e, downloadId) => {
    if (!trusted(e) || typeof downloadId !== 'string') return refuse;
    let d;
    try {
      d = backend.host.download(downloadId);
    } catch {
      return { ok: false, error: { code: 'not-found', message: 'That file is no longer available. Export it again.' } };
    }
    const win = BrowserWindow.fromWebContents(e.sender)!;
    const choice = await dialog.showSaveDialog(win, { defaultPath: d.fileName });
    if (choice.canceled || !choice.filePath) return { ok: true, value: { saved: false } };
    try {
      await copyFile(d.path, choice.filePath);
    } catch {
      // A plain answer instead of a rejected invoke: the error text would carry our internal transfer path.
      return {
        ok: false,
        error: { code: 'unavailable', message: 'The file could not be saved there. Choose another folder and try again.' },
      };
    }
    return { ok: true, value: { saved: true } };
  });

  handle(IPC.openExternal, (e, url) => (trusted(e) ? openExternalHttps(url) : false));
}

export function forwardEvents(backend: Backend, windows: () => BrowserWindow[]): void {
  backend.events.on((name, payload) => {
    const args: IpcEventArgs = [name, payload];
    for (const w of windows()) if (!w.isDestroyed()) w.webContents.send(IPC.event, ...args);
  });
}
