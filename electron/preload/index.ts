import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { IPC, type Bridge, type BridgeFile, type IpcEventArgs, type IpcInvoke, type IpcInvokes } from '../../shared/contract/bridge';

// The whole preload. It exposes a closed API — never a generic ipcRenderer — so a renderer bug cannot
// reach anything but the contract's channels. The channel and event lists are written in at build time
// from shared/contract (scripts/build-electron.ts), keeping zod and the schemas out of this bundle.
declare const __DCB_CHANNELS__: readonly string[];
declare const __DCB_EVENTS__: readonly string[];

const channels = new Set(__DCB_CHANNELS__);
const events = new Set(__DCB_EVENTS__);
const unknownChannel = { ok: false, error: { code: 'unknown-channel', message: 'Unknown channel.' } } as const;

// ipcRenderer.invoke typed by the side-channel map that electron/main/ipc.ts registers from.
const invoke = <K extends IpcInvoke>(channel: K, ...args: IpcInvokes[K]['args']): Promise<IpcInvokes[K]['result']> =>
  ipcRenderer.invoke(channel, ...args);

const api = {
  host: 'electron',
  invoke: (channel: string, input: unknown) => (channels.has(channel) ? invoke(IPC.rpc, channel, input) : Promise.resolve(unknownChannel)),
  on(event: string, listener: (payload: unknown) => void) {
    if (!events.has(event)) return () => {};
    const handler = (_e: unknown, ...[name, payload]: IpcEventArgs) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC.event, handler);
    return () => ipcRenderer.removeListener(IPC.event, handler);
  },
  async uploadFile(file: BridgeFile) {
    // A real file the user picked or dropped has a path only the preload can see; the renderer never does.
    const path = webUtils.getPathForFile(file as never);
    if (path) return invoke(IPC.uploadPath, path, file.name);
    return invoke(IPC.uploadBytes, new Uint8Array(await file.arrayBuffer()), file.name);
  },
  saveDownload: (ref: { downloadId: string }) => invoke(IPC.saveDownload, ref.downloadId),
  openExternal: (url: string) => invoke(IPC.openExternal, url),
} satisfies Bridge;

contextBridge.exposeInMainWorld('api', api);
