import type { Readable } from 'node:stream';
import type { Logger } from '../logging/logger';
import type { BackendServices } from './services';

// What a host does that no channel carries, because it names this computer's files or waits on this process:
// a local file or a stream into the transfer store (the CLI's file arguments, the Electron shell's picker,
// the web server's upload), a download's file, a backup written straight to a path and a restore from one,
// waiting for a browser sign-in to end, the file of an exported bundle. The hosts (electron/main, web, cli)
// use these and `call`, never the services themselves (an ESLint rule keeps it so); tests and the demo seed
// may reach `services`.
export interface HostOperations {
  readonly dataDir: string;
  readonly log: Logger;
  now(): Date;
  receiveLocalFile: BackendServices['transfers']['receiveLocalFile'];
  receive(source: Readable, fileName: string): ReturnType<BackendServices['transfers']['receive']>;
  download: BackendServices['transfers']['download'];
  backupTo: BackendServices['workspace']['backupTo'];
  restoreFrom: BackendServices['workspace']['restoreFrom'];
  awaitSignIn: BackendServices['tenant']['awaitSignIn'];
  bundleFile(bundleId: string): string;
}

// Each operation reads the services when it runs: a restore rebuilds them under the running backend.
export function hostOperations(current: () => BackendServices): HostOperations {
  return {
    get dataDir() {
      return current().dataDir;
    },
    get log() {
      return current().log;
    },
    now: () => current().clock.now(),
    receiveLocalFile: (path, fileName) => current().transfers.receiveLocalFile(path, fileName),
    receive: (source, fileName) => current().transfers.receive(source, fileName),
    download: (downloadId) => current().transfers.download(downloadId),
    backupTo: (target, opts) => current().workspace.backupTo(target, opts),
    restoreFrom: (path, opts) => current().workspace.restoreFrom(path, opts),
    awaitSignIn: (clientId) => current().tenant.awaitSignIn(clientId),
    bundleFile: (bundleId) => current().bundles.get(bundleId).path,
  };
}
