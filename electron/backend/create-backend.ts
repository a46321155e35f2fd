import { join } from 'node:path';
import { z } from 'zod';
import {
  contract,
  isChannel,
  issuesFromZod,
  describeIssues,
  type Channel,
  type InputOf,
  type OutputOf,
  type RpcResult,
} from '../../shared/contract';
import { textIssues } from '../../shared/contract/text';
import { isSecretKey, redactString, registerSecret, registerSecretsIn } from '../logging/redact';
import type { SecretStore } from '../secrets/secret-store';
import { openDatabase, DatabaseRefusedError, busyError, isBusy, readOnlyReason } from '../store/database';
import { DISK_FULL_MESSAGE, isDiskFull } from '../files/disk-errors';
import { registerWriter, TRANSPORT_LABELS } from '../store/writers';
import { recordFactMerges } from '../store/fact-merges';
import type { DatabaseReplacement, WorkspaceLifecycle } from '../workspace/workspace-lifecycle';
import { AppError, unavailable } from './app-error';
import { EventHub } from './event-hub';
import { buildHandlers } from './handlers';
import type { BackendPorts, CallContext } from './ports';
import { buildServices, type BackendServices } from './services';
import { hostOperations, type HostOperations } from './host-operations';

export interface Backend {
  // Never throws: every outcome is an RpcResult, ready for any transport.
  dispatch(channel: string, input: unknown, ctx?: Partial<CallContext>): Promise<RpcResult>;
  // Typed convenience for the CLI and tests: returns the value or throws an AppError.
  call<C extends Channel>(channel: C, input: InputOf<C>, ctx?: Partial<CallContext>): Promise<OutputOf<C>>;
  readonly events: EventHub;
  // What the hosts do with this computer's files and waits (host-operations.ts).
  readonly host: HostOperations;
  // The services themselves: for tests, benchmarks and the demo seed; hosts use `call` and `host`.
  readonly services: BackendServices;
  // Why the workspace was opened read-only (a full or read-only disk at start-up); undefined when writable.
  readonly readOnly: string | undefined;
  close(): void;
}

export const DATABASE_FILE = 'workspace.sqlite';

// Channels that replace the database under the running backend: they wait for every other call to finish,
// so they must not count as in flight themselves.
const REPLACES_DATABASE = new Set<string>(['workspace.restore']);
const DRAIN_TIMEOUT_MS = 15_000;

export function createBackend(hostPorts: BackendPorts): Backend {
  // Every secret that passes through the secret store is registered with the redactor (logging/redact.ts).
  const ports: BackendPorts = { ...hostPorts, secrets: registeringSecrets(hostPorts.secrets) };
  const dbFile = join(ports.dataDir, DATABASE_FILE);
  const events = new EventHub();
  const open = () => openDatabase(dbFile, { now: () => ports.clock.now(), busyTimeoutMs: ports.busyTimeoutMs, readOnlyFallback: true });
  const unregister = registerWriter(ports.dataDir, { pid: process.pid, label: TRANSPORT_LABELS[ports.transport] ?? ports.transport });
  let db = open();
  let services!: BackendServices;
  let handlers!: ReturnType<typeof buildHandlers>;
  // A workspace restore (electron/workspace/) swaps the database file. Services hold the open handle, so the
  // backend closes it, lets the restore move files, reopens (running the normal migrations) and rebuilds the
  // services and handlers. Calls arriving meanwhile wait for the swap; the transfer store and event hub carry
  // over so upload and download IDs stay valid and subscribers stay connected.
  let inFlight = 0;
  let swapping: Promise<void> | undefined;
  const lifecycle: WorkspaceLifecycle = { replaceDatabase };
  wire();

  function wire(keep?: Pick<BackendServices, 'transfers'>) {
    // A workspace opened read-only (full or read-only disk) records its pending merges next time it opens
    // writable; until then the merged values are already in place and the note waits.
    if (!readOnlyReason(db)) recordFactMerges(db, ports.clock);
    services = buildServices(ports, db, events, { transfers: keep?.transfers, lifecycle });
    handlers = buildHandlers(services);
    if (!readOnlyReason(db)) services.blobs.sweepPartials();
  }

  async function replaceDatabase(job: DatabaseReplacement): Promise<void> {
    if (swapping) throw unavailable('The workspace is already being replaced. Wait for that to finish.');
    let release!: () => void;
    swapping = new Promise<void>((r) => (release = r));
    try {
      const deadline = Date.now() + DRAIN_TIMEOUT_MS;
      while (inFlight > 0) {
        if (Date.now() > deadline)
          throw unavailable('The workspace is busy with another task (a check or an export). Try again when it has finished.');
        await new Promise((r) => setTimeout(r, 25));
      }
      job.check(db);
      const keep = { transfers: services.transfers };
      db.close();
      let undo: (() => Promise<void>) | undefined;
      try {
        undo = await job.swap(dbFile);
        db = open();
        wire(keep);
      } catch (err) {
        // The swapped-in database was refused (or the services could not start on it): put the old files
        // back and carry on with them.
        if (db.open) db.close();
        await undo?.();
        db = open();
        wire(keep);
        throw err;
      }
    } finally {
      swapping = undefined;
      release();
    }
  }

  async function dispatch(channel: string, input: unknown, ctx: Partial<CallContext> = {}): Promise<RpcResult> {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'unknown-channel', message: `Unknown channel "${String(channel).slice(0, 80)}".` } };
    }
    const def = contract[channel];
    const badText = textIssues(input);
    if (badText.length) return { ok: false, error: { code: 'invalid-input', message: describeIssues(badText), issues: badText } };
    const parsed = def.input.safeParse(input === undefined ? {} : input);
    if (!parsed.success) {
      const issues = issuesFromZod(parsed.error);
      return { ok: false, error: { code: 'invalid-input', message: describeIssues(issues), issues } };
    }
    while (swapping) await swapping;
    const readOnly = readOnlyReason(db);
    if (readOnly && def.kind === 'mutation') return { ok: false, error: { code: 'unavailable', message: readOnlyMessage(readOnly) } };
    registerInputSecrets(parsed.data);
    const counted = !REPLACES_DATABASE.has(channel);
    if (counted) inFlight++;
    const started = performance.now();
    try {
      const handler = handlers[channel] as (i: unknown, c: CallContext) => unknown;
      const raw = await handler(parsed.data, { transport: ports.transport, ...ctx });
      // Outputs pass through the contract too: nothing the contract does not name (a token, an internal
      // path) can leak to a renderer, and a handler that drifts from the contract fails loudly in tests.
      const value = (def.output as z.ZodType).parse(raw);
      if (def.kind === 'mutation') ports.log.info('mutation', { channel, ms: Math.round(performance.now() - started) });
      return { ok: true, value };
    } catch (err) {
      return { ok: false, error: toRpcError(err, channel, ports) };
    } finally {
      if (counted) inFlight--;
    }
  }

  return {
    dispatch,
    async call(channel, input, ctx) {
      const r = await dispatch(channel, input, ctx);
      if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.issues);
      return r.value as never;
    },
    events,
    host: hostOperations(() => services),
    // A getter: a restore rebuilds the services.
    get services() {
      return services;
    },
    get readOnly() {
      return readOnlyReason(db);
    },
    close() {
      services.transfers.dispose();
      db.close();
      unregister();
    },
  };
}

function registeringSecrets(store: SecretStore): SecretStore {
  return {
    get persistent() {
      return store.persistent;
    },
    get description() {
      return store.description;
    },
    async get(key) {
      const value = await store.get(key);
      registerSecretsIn(value);
      return value;
    },
    async set(key, value) {
      registerSecretsIn(value);
      await store.set(key, value);
    },
    delete: (key) => store.delete(key),
  };
}

// A P12 passphrase, an auth code or a client secret typed into a form arrives as an input field: register it
// before any handler could log or echo it.
function registerInputSecrets(value: unknown, key = '', depth = 0): void {
  if (depth > 10) return;
  if (typeof value === 'string') {
    if (key && isSecretKey(key, 'evidence')) registerSecret(value);
  } else if (Array.isArray(value)) value.forEach((v) => registerInputSecrets(v, key, depth + 1));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) registerInputSecrets(v, k, depth + 1);
}

function readOnlyMessage(reason: string): string {
  return `The workspace is open read-only because ${reason}: you can look at everything and make a backup, but nothing can be changed. Nothing was saved. Restart the app once the disk can be written again.`;
}

function toRpcError(err: unknown, channel: string, ports: BackendPorts) {
  if (err instanceof AppError) return { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) };
  if (err instanceof z.ZodError) {
    ports.log.error('contract violation in handler output', { channel, issues: issuesFromZod(err) });
    return { code: 'internal' as const, message: 'The app produced a result it could not vouch for. Details are in the log.' };
  }
  if (err instanceof DatabaseRefusedError) return { code: 'unavailable' as const, message: err.message };
  const e = err as NodeJS.ErrnoException;
  if (isDiskFull(e)) return { code: 'unavailable' as const, message: DISK_FULL_MESSAGE };
  if (isBusy(e)) return { code: 'unavailable' as const, message: busyError(ports.dataDir).message };
  ports.log.error('handler failed', { channel, error: redactString(String(e?.stack ?? e), 'log') });
  return {
    code: 'internal' as const,
    message: `Something went wrong (${redactString(String(e?.message ?? e), 'log').slice(0, 200)}). Details are in the log.`,
  };
}
