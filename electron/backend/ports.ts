import type { Logger } from '../logging/logger';
import type { SecretStore } from '../secrets/secret-store';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type TransportName = 'electron' | 'web' | 'test' | 'cli';

// Everything the backend needs from its host. Tests pass real implementations on temp directories;
// the Electron shell, the web server and the CLI each pass their own.
export interface BackendPorts {
  dataDir: string;
  clock: Clock;
  secrets: SecretStore;
  log: Logger;
  appVersion: string;
  transport: TransportName;
  // Opens an https URL in the system browser (the Electron shell passes its https-only opener). Absent in
  // web mode, tests and the CLI: there the URL is handed to the renderer or printed instead.
  openExternal?(url: string): Promise<void>;
  // How long a write waits for another process's write lock (default 5 s; tests shorten it).
  busyTimeoutMs?: number;
}

export interface CallContext {
  transport: TransportName;
  signal?: AbortSignal;
}
