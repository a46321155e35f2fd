import { createBackend, type Backend } from '../backend/create-backend';
import { systemClock, type Clock, type ProbeRouting, type TransportName } from '../backend/ports';
import { createFileLogger } from '../logging/logger';
import type { SecretStore } from '../secrets/secret-store';
import { MemorySecretStore } from '../secrets/secret-store';
import { APP_VERSION } from './app-version';
import { defaultDataDir } from './data-dir';

// How each host (Electron shell, web server, CLI) builds the one backend over the user's workspace.
export function openHostBackend(opts: {
  transport: TransportName;
  dataDir?: string;
  secrets?: SecretStore;
  echoLogs?: boolean;
  openExternal?: (url: string) => Promise<void>;
  // Tests that seed a workspace on a fixed day run the command line on that day too.
  clock?: Clock;
  probeRouting?: ProbeRouting;
}): Backend {
  const dataDir = opts.dataDir ?? defaultDataDir();
  const log = createFileLogger(dataDir, {
    level: process.env.DCB_LOG_LEVEL === 'debug' ? 'debug' : 'info',
    echo: opts.echoLogs ? (line) => process.stderr.write(line + '\n') : undefined,
  });
  return createBackend({
    dataDir,
    clock: opts.clock ?? systemClock,
    secrets: opts.secrets ?? new MemorySecretStore(),
    log,
    appVersion: APP_VERSION,
    transport: opts.transport,
    ...(opts.openExternal ? { openExternal: opts.openExternal } : {}),
    ...(opts.probeRouting ? { probeRouting: opts.probeRouting } : {}),
  });
}
