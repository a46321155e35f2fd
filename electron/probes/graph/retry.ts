import type { SourceFailure } from './graph-errors';

// Throttling and transient failures: honour Retry-After, back off exponentially without it, and cap the
// total time a whole probe may spend waiting. Microsoft 365 can answer with a Retry-After of hours
// (M365DSC users hit endless throttling loops); we would rather report "throttled" than hang.

export interface RetryOptions {
  // Attempts per request, the first included.
  maxAttempts: number;
  // The longest single wait we accept; a longer Retry-After fails the request at once.
  maxSingleWaitMs: number;
  // The most waiting the whole probe may do, summed over every retry.
  maxTotalWaitMs: number;
  // First back-off step when the service gave no Retry-After.
  baseBackoffMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 4,
  maxSingleWaitMs: 60_000,
  maxTotalWaitMs: 120_000,
  baseBackoffMs: 1_000,
};

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

// Retry-After is delta-seconds or an HTTP date. Returns milliseconds, or undefined when absent/garbage.
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = String(value).trim();
  if (/^\d{1,10}$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (!Number.isNaN(at) && /[a-z]/i.test(v)) return Math.max(0, at - now.getTime());
  return undefined;
}

// The one set of statuses worth asking again, for Graph (whole requests and $batch sub-responses) and
// Exchange alike: throttling (429, and 503 with Retry-After) and transient server failures. Of these only
// 429 and 503 mean "throttled"; a 5xx that outlasts the retries is reported as the failure it is.
export const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
export const THROTTLE_STATUS = new Set([429, 503]);
// Some Entra P1 endpoints answer 403 intermittently (docs-contrib #3033): wait this long and ask once more.
export const FORBIDDEN_RETRY_MS = 1_000;

// One attempt's outcome, as each adapter's transport reports it.
export type RawOutcome =
  | { kind: 'response'; seq: number; status: number; headers: Headers; text: string; truncated: boolean }
  | { kind: 'error'; seq: number; error: 'timeout' | 'network' | 'cancelled' | 'consent'; message: string };
export type RawResponse = Extract<RawOutcome, { kind: 'response' }>;

export interface RetryContext {
  budget: RetryBudget;
  sleep: Sleep;
  signal?: AbortSignal;
  retryForbiddenOnce?: boolean;
  now?: () => Date;
}

// The one retry loop for every Graph and Exchange request: a fresh token once on 401, Retry-After (or
// exponential back-off) on a retryable status within the shared budget, one more try on an intermittent
// 403 where the source allows it. Returns the answer to interpret, or why there is none.
export async function sendWithRetries(
  send: (a: { attempt: number; forceRefresh: boolean }) => Promise<RawOutcome>,
  ctx: RetryContext,
): Promise<{ ok: true; raw: RawResponse } | { ok: false; failure: SourceFailure }> {
  let attempt = 0;
  let refreshed = false;
  let forceRefresh = false;
  let forbiddenRetried = false;
  for (;;) {
    attempt++;
    const raw = await send({ attempt, forceRefresh });
    forceRefresh = false;
    const ref = raw.seq >= 0 ? { exchange: raw.seq } : undefined;
    if (raw.kind === 'error') {
      if (raw.error === 'cancelled') return { ok: false, failure: { kind: 'cancelled', message: 'Cancelled.', ...(ref ? { ref } : {}) } };
      if (raw.error === 'consent') return { ok: false, failure: { kind: 'consent', message: raw.message } };
      const plan = ctx.budget.plan(attempt, undefined);
      if ('stop' in plan)
        return { ok: false, failure: { kind: raw.error, message: `${raw.message} (${plan.stop}).`, ...(ref ? { ref } : {}) } };
      await ctx.sleep(plan.waitMs, ctx.signal);
      continue;
    }
    // An expired access token: ask for a fresh one once, then give up.
    if (raw.status === 401 && !refreshed) {
      refreshed = forceRefresh = true;
      attempt--;
      continue;
    }
    if (RETRYABLE_STATUS.has(raw.status)) {
      const plan = ctx.budget.plan(attempt, parseRetryAfter(raw.headers.get('retry-after'), ctx.now?.() ?? new Date()));
      if (!('stop' in plan)) {
        await ctx.sleep(plan.waitMs, ctx.signal);
        continue;
      }
      if (THROTTLE_STATUS.has(raw.status))
        return { ok: false, failure: { kind: 'throttled', status: raw.status, message: `Throttled: ${plan.stop}.`, ref: ref! } };
      return { ok: true, raw };
    }
    if (raw.status === 403 && ctx.retryForbiddenOnce && !forbiddenRetried) {
      forbiddenRetried = true;
      attempt--;
      await ctx.sleep(FORBIDDEN_RETRY_MS, ctx.signal);
      continue;
    }
    return { ok: true, raw };
  }
}

// Shared by every request of one probe, so a throttling storm cannot multiply the wait by the number of
// endpoints.
export class RetryBudget {
  private spentMs = 0;
  constructor(readonly options: RetryOptions = DEFAULT_RETRY) {}

  get spent(): number {
    return this.spentMs;
  }

  // How long to wait before attempt `attempt + 1`, or a refusal explaining why we stop.
  plan(attempt: number, retryAfterMs: number | undefined): { waitMs: number } | { stop: string } {
    if (attempt >= this.options.maxAttempts) return { stop: `gave up after ${attempt} attempts` };
    const wait = retryAfterMs ?? this.options.baseBackoffMs * 2 ** (attempt - 1);
    if (wait > this.options.maxSingleWaitMs) {
      return {
        stop: `the service asked us to wait ${describeMs(wait)}, longer than the ${describeMs(this.options.maxSingleWaitMs)} we allow`,
      };
    }
    if (this.spentMs + wait > this.options.maxTotalWaitMs) {
      return {
        stop: `the probe already spent ${describeMs(this.spentMs)} waiting on throttling (limit ${describeMs(this.options.maxTotalWaitMs)})`,
      };
    }
    this.spentMs += wait;
    return { waitMs: wait };
  }
}

function describeMs(ms: number): string {
  if (ms >= 3_600_000) return `${(ms / 3_600_000).toFixed(ms % 3_600_000 === 0 ? 0 : 1)} h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 1000)} s`;
}

// A fixed number of requests in flight; Microsoft 365 throttles per user and per app, and Exchange
// Online allows only a few concurrent connections.
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  maxSeen = 0;
  constructor(readonly max: number) {
    if (max < 1) throw new Error('Limiter needs at least one slot');
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((r) => this.queue.push(r));
    this.active++;
    this.maxSeen = Math.max(this.maxSeen, this.active);
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}
