import type { RpcResult } from './errors';

// What the renderer sees of its host, as window.api. Three hosts build it — the Electron preload
// (electron/preload), the web-mode bridge over HTTP (renderer/src/api/http-bridge.ts) and the Playwright
// harness (test/e2e/harness.ts) — and each one `satisfies Bridge`, so a host that drifts from the others
// is a compile error rather than a screen that only fails in one of them.
//
// Only types here: the preload bundles this module and must stay free of zod (scripts/build-electron.ts).

export interface UploadResult {
  uploadId: string;
  fileName: string;
  size: number;
}

export interface DownloadRef {
  downloadId: string;
  fileName: string;
}

// The least the hosts need of a picked or dropped file. Generic because shared/ and the preload compile
// without DOM types; the renderer's bridge is Bridge<File>.
export interface BridgeFile {
  readonly name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface Bridge<F extends BridgeFile = BridgeFile> {
  readonly host: 'electron' | 'web' | 'test';
  invoke(channel: string, input: unknown): Promise<RpcResult>;
  // Subscribes to a backend push (shared/contract/events.ts); returns the unsubscribe function.
  on(event: string, listener: (payload: unknown) => void): () => void;
  uploadFile(file: F, onProgress?: (sent: number, total: number) => void): Promise<RpcResult<UploadResult>>;
  saveDownload(ref: DownloadRef): Promise<RpcResult<{ saved: boolean }>>;
  // https links open in the system browser; anything else is refused.
  openExternal(url: string): Promise<unknown>;
}

// The Electron IPC channels between the preload and electron/main/ipc.ts, each with its arguments and its
// answer. Both sides use these names and types; neither writes a channel name as a string of its own.
export const IPC = {
  // The whole contract: (channel, input) → RpcResult.
  rpc: 'rpc',
  // Backend pushes, main → renderer: (event name, payload).
  event: 'evt',
  uploadPath: 'upload-path',
  uploadBytes: 'upload-bytes',
  saveDownload: 'save-download',
  openExternal: 'open-external',
} as const;

export interface IpcInvokes {
  [IPC.rpc]: { args: [channel: string, input: unknown]; result: RpcResult };
  [IPC.uploadPath]: { args: [path: string, fileName: string]; result: RpcResult<UploadResult> };
  [IPC.uploadBytes]: { args: [bytes: Uint8Array, fileName: string]; result: RpcResult<UploadResult> };
  [IPC.saveDownload]: { args: [downloadId: string]; result: RpcResult<{ saved: boolean }> };
  [IPC.openExternal]: { args: [url: string]; result: boolean };
}
export type IpcInvoke = keyof IpcInvokes;
export type IpcEventArgs = [name: string, payload: unknown];
