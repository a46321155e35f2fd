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
import { redactString } from '../logging/redact';
import { openDatabase, DatabaseRefusedError } from '../store/database';
import { recordFactMerges } from '../store/fact-merges';
import type { DatabaseReplacement, WorkspaceLifecycle } from '../workspace/workspace-lifecycle';
import { AppError, unavailable } from './app-error';
import { EventHub } from './event-hub';
import { buildHandlers } from './handlers';
import type { BackendPorts, CallContext } from './ports';
import { buildServices, type Services } from './services';

export interface Backend {
  // Never throws: every outcome is an RpcResult, ready for any transport.
  dispatch(channel: string, input: unknown, ctx?: Partial<CallContext>): Promise<RpcResult>;
  // Typed convenience for the CLI and tests: returns the value or throws an AppError.
  call<C extends Channel>(channel: C, input: InputOf<C>, ctx?: Partial<CallContext>): Promise<OutputOf<C>>;
  readonly events: EventHub;
  readonly services: Services;
  close(): void;
}

export const DATABASE_FILE = 'workspace.sqlite';

// Channels that replace the database under the running backend: they wait for every other call to finish,
// so they must not count as in flight themselves.
const REPLACES_DATABASE = new Set<string>(['workspace.restore']);
const DRAIN_TIMEOUT_MS = 15_000;

export function createBackend(ports: BackendPorts): Backend {
  const dbFile = join(ports.dataDir, DATABASE_FILE);
  const events = new EventHub();
  let db = openDatabase(dbFile);
  let services!: Services;
  let handlers!: ReturnType<typeof buildHandlers>;
  // A workspace restore (electron/workspace/) swaps the database file. Services hold the open handle, so the
  // backend closes it, lets the restore move files, reopens (running the normal migrations) and rebuilds the
  // services and handlers. Calls arriving meanwhile wait for the swap; the transfer store and event hub carry
  // over so upload and download IDs stay valid and subscribers stay connected.
  let inFlight = 0;
  let swapping: Promise<void> | undefined;
  const lifecycle: WorkspaceLifecycle = { replaceDatabase };
  wire();

  function wire(keep?: Pick<Services, 'transfers'>) {
    recordFactMerges(db, ports.clock);
    services = buildServices(ports, db, events);
    if (keep) Object.assign(services, { transfers: keep.transfers });
    services.workspace.attach(lifecycle);
    handlers = buildHandlers(services);
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
        db = openDatabase(dbFile);
        wire(keep);
      } catch (err) {
        // The swapped-in database was refused (or the services could not start on it): put the old files
        // back and carry on with them.
        if (db.open) db.close();
        await undo?.();
        db = openDatabase(dbFile);
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
    const parsed = def.input.safeParse(input === undefined ? {} : input);
    if (!parsed.success) {
      const issues = issuesFromZod(parsed.error);
      return { ok: false, error: { code: 'invalid-input', message: describeIssues(issues), issues } };
    }
    while (swapping) await swapping;
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
    // A getter: a restore rebuilds the services.
    get services() {
      return services;
    },
    close() {
      services.transfers.dispose();
      db.close();
    },
  };
}

function toRpcError(err: unknown, channel: string, ports: BackendPorts) {
  if (err instanceof AppError) return { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) };
  if (err instanceof z.ZodError) {
    ports.log.error('contract violation in handler output', { channel, issues: issuesFromZod(err) });
    return { code: 'internal' as const, message: 'The app produced a result it could not vouch for. Details are in the log.' };
  }
  if (err instanceof DatabaseRefusedError) return { code: 'unavailable' as const, message: err.message };
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOSPC')
    return { code: 'unavailable' as const, message: 'The disk is full. Free some space and try again; nothing was saved.' };
  if (e?.code === 'SQLITE_BUSY')
    return {
      code: 'unavailable' as const,
      message: 'The workspace is busy (another window or the command line is writing). Try again in a moment.',
    };
  ports.log.error('handler failed', { channel, error: redactString(String(e?.stack ?? e)) });
  return {
    code: 'internal' as const,
    message: `Something went wrong (${redactString(String(e?.message ?? e)).slice(0, 200)}). Details are in the log.`,
  };
}
