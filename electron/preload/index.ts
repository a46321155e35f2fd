import { contextBridge, ipcRenderer, webUtils } from 'electron';

// The whole preload. It exposes a closed API — never a generic ipcRenderer — so a renderer bug cannot
// reach anything but the contract's channels. The channel and event lists are written in at build time
// from shared/contract (scripts/build-electron.ts), keeping zod and the schemas out of this bundle.
declare const __DCB_CHANNELS__: readonly string[];
declare const __DCB_EVENTS__: readonly string[];

const channels = new Set(__DCB_CHANNELS__);
const events = new Set(__DCB_EVENTS__);
const unknownChannel = { ok: false, error: { code: 'unknown-channel', message: 'Unknown channel.' } };

interface FileLike {
  name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

contextBridge.exposeInMainWorld('api', {
  host: 'electron',
  invoke: (channel: string, input: unknown) =>
    channels.has(channel) ? ipcRenderer.invoke('rpc', channel, input) : Promise.resolve(unknownChannel),
  on(event: string, listener: (payload: unknown) => void) {
    if (!events.has(event)) return () => {};
    const handler = (_e: unknown, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on('evt', handler);
    return () => ipcRenderer.removeListener('evt', handler);
  },
  async uploadFile(file: FileLike) {
    // A real file the user picked or dropped has a path only the preload can see; the renderer never does.
    const path = webUtils.getPathForFile(file as never);
    if (path) return ipcRenderer.invoke('upload-path', path, file.name);
    return ipcRenderer.invoke('upload-bytes', new Uint8Array(await file.arrayBuffer()), file.name);
  },
  saveDownload: (ref: { downloadId: string }) => ipcRenderer.invoke('save-download', ref.downloadId),
  openExternal: (url: string) => ipcRenderer.invoke('open-external', url),
});
