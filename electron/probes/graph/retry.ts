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

export const RETRYABLE_STATUS = new Set([429, 503, 504]);

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

export function describeMs(ms: number): string {
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
