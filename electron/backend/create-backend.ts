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
import { AppError } from './app-error';
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

export function createBackend(ports: BackendPorts): Backend {
  const db = openDatabase(join(ports.dataDir, DATABASE_FILE));
  const events = new EventHub();
  const services = buildServices(ports, db, events);
  const handlers = buildHandlers(services);

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
    services,
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
