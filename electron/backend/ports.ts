import type { Logger } from '../logging/logger';
import type { SecretStore } from '../secrets/secret-store';
import type { DomainLabOptions } from '../mail-domain/probe-options';
import type { SuppliedToken, TenantRouting } from '../tenant/routing';

export type { SuppliedToken };

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

// The backend's one clock, handed to every service: the host's clock, unless the time is pinned. Only the
// sample workspace pins it (electron/demo/), to stamp a fictional history at moments of the past.
export class BackendClock implements Clock {
  private pinned: Date | undefined;
  constructor(private readonly host: Clock) {}
  now(): Date {
    return this.pinned ? new Date(this.pinned.getTime()) : this.host.now();
  }
  hostNow(): Date {
    return this.host.now();
  }
  pin(at: Date | undefined): void {
    this.pinned = at;
  }
}

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
  // Where the probes go instead of the real DNS, SMTP and Microsoft's clouds. The app never sets it.
  probeRouting?: ProbeRouting;
}

// The host's say over where probe traffic goes: the CLI builds it from its lab flags and --token-env, the
// test harnesses point it at their fakes on loopback. The services read it at each check, so a harness may
// aim it at a fake it starts after the backend; no channel can reach it.
export interface ProbeRouting {
  mailDomain?: DomainLabOptions;
  tenant?: TenantRouting;
}

export interface CallContext {
  transport: TransportName;
  signal?: AbortSignal;
}
