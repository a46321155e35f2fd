import type { Bridge as HostBridge } from '../../../shared/contract/bridge';
import { createHttpBridge } from './http-bridge';

// What the renderer needs from whichever host loaded it (shared/contract/bridge.ts). The Electron preload
// and the Playwright init script install it as window.api; in an ordinary browser (web mode) we build it over HTTP.
export type Bridge = HostBridge<File>;

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
