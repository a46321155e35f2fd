import type { RpcResult } from '../../../shared/contract';
import { createHttpBridge } from './http-bridge';

export interface UploadResult {
  uploadId: string;
  fileName: string;
  size: number;
}

interface DownloadRef {
  downloadId: string;
  fileName: string;
}

// What the renderer needs from whichever host loaded it. The Electron preload and the Playwright init
// script install it as window.api; in an ordinary browser (web mode) we build it over HTTP.
export interface Bridge {
  readonly host: 'electron' | 'web' | 'test';
  invoke(channel: string, input: unknown): Promise<RpcResult>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  uploadFile(file: File, onProgress?: (sent: number, total: number) => void): Promise<RpcResult<UploadResult>>;
  saveDownload(ref: DownloadRef): Promise<RpcResult<{ saved: boolean }>>;
  // https links open in the system browser; anything else is refused.
  openExternal(url: string): Promise<void>;
}

declare global {
  interface Window {
    api?: Bridge;
  }
}

let current: Bridge | undefined;

export function bridge(): Bridge {
  current ??= window.api ?? createHttpBridge();
  return current;
}
