import {
  BatchRequestContent,
  Client,
  ResponseType,
  type Context,
  type Middleware,
  type MiddlewareOptions,
} from '@microsoft/microsoft-graph-client';
import { isTokenSafeBase } from './clouds';
import { parseGraphError, type BodyRef, type SourceFailure } from './graph-errors';
import { assertReadOnlyGraphRequest, lowerKeys, MAX_BATCH, parseBatchAnswer } from './batch';
import {
  DEFAULT_RETRY,
  FORBIDDEN_RETRY_MS,
  Limiter,
  parseRetryAfter,
  realSleep,
  RETRYABLE_STATUS,
  RetryBudget,
  sendWithRetries,
  THROTTLE_STATUS,
  type RawOutcome,
  type RetryContext,
  type Sleep,
} from './retry';
import { describeNetworkError, interpret, interpretParsed, readCapped, type JsonResult } from './http-body';
import { keptHeaders, type Transcript } from './transcript';

// A thin adapter over @microsoft/microsoft-graph-client: the SDK builds request URLs, runs the
// middleware chain and assembles $batch bodies; everything Microsoft documents as the caller's job
// lives here — reading each batch sub-response's status and Retry-After, following @odata.nextLink,
// honouring 429/503 with a cap on total waiting, timeouts, bounded concurrency, a transcript of every
// exchange. Base URL and token provider are injected, so the fake Microsoft 365 can stand in and the
// SDK stays replaceable.

export interface TokenProvider {
  getToken(opts?: { forceRefresh?: boolean }): Promise<string>;
}

export interface GraphAdapterOptions {
  // Origin of Graph for the cloud (https://graph.microsoft.com) or of a loopback fake.
  baseUrl: string;
  version?: string;
  tokens: TokenProvider;
  transcript: Transcript;
  budget?: RetryBudget;
  limiter?: Limiter;
  timeoutMs?: number;
  maxBodyBytes?: number;
  sleep?: Sleep;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
  // Send a batch's requests one by one instead of as a $batch: only the benchmark's one-at-a-time
  // baseline asks for this.
  unbatched?: boolean;
}

export type GraphResult = JsonResult;

export interface GraphRequestSpec {
  id: string;
  // Relative to the version: "/organization", "/security/secureScores?$top=1".
  path: string;
  headers?: Record<string, string>;
  // Some Entra P1 endpoints answer 403 intermittently (docs-contrib #3033): try once more first.
  retryForbiddenOnce?: boolean;
}

export interface PagedResult {
  pages: BodyRef[];
  failure?: SourceFailure;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BODY = 25 * 1024 * 1024;

// Per-request tuning carried through the SDK's middleware chain.
class RequestTuning implements MiddlewareOptions {
  constructor(
    readonly signal: AbortSignal,
    readonly token: string,
    // @odata.nextLink must be followed verbatim; the SDK's URL parser would re-order its query.
    readonly verbatimUrl?: string,
  ) {}
}

function tuningOf(context: Context): RequestTuning | undefined {
  return context.middlewareControl?.getMiddlewareOptions(RequestTuning) as RequestTuning | undefined;
}

function setHeader(context: Context, name: string, value: string) {
  context.options ??= {};
  const h = context.options.headers;
  if (h instanceof Headers) h.set(name, value);
  else context.options.headers = { ...(h as Record<string, string> | undefined), [name]: value };
}

// The token is fetched before the request enters the SDK, so a failed sign-in surfaces as itself rather
// than as a network error wrapped by the SDK.
class BearerTokenMiddleware implements Middleware {
  private next?: Middleware;
  async execute(context: Context): Promise<void> {
    const token = tuningOf(context)?.token;
    if (!token) throw new Error('No access token for this request.');
    setHeader(context, 'Authorization', `Bearer ${token}`);
    await this.next!.execute(context);
  }
  setNext(next: Middleware) {
    this.next = next;
  }
}

class FetchMiddleware implements Middleware {
  constructor(private readonly fetchImpl: typeof fetch) {}
  async execute(context: Context): Promise<void> {
    const t = tuningOf(context);
    const url = t?.verbatimUrl ?? (context.request as string);
    context.response = await this.fetchImpl(url, { ...(context.options as RequestInit), signal: t?.signal, redirect: 'manual' });
  }
}

export class GraphAdapter {
  readonly origin: string;
  readonly version: string;
  readonly budget: RetryBudget;
  readonly limiter: Limiter;
  private readonly client: Client;
  private readonly tokens: TokenProvider;
  private readonly transcript: Transcript;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;
  private readonly sleep: Sleep;
  private readonly signal?: AbortSignal;
  private readonly now: () => Date;
  private readonly unbatched: boolean;

  constructor(opts: GraphAdapterOptions) {
    if (!isTokenSafeBase(opts.baseUrl))
      throw new Error(`Refusing to send a Microsoft 365 token to ${opts.baseUrl}: use https (or loopback for a lab).`);
    this.origin = new URL(opts.baseUrl).origin;
    this.version = opts.version ?? 'v1.0';
    this.transcript = opts.transcript;
    this.tokens = opts.tokens;
    this.budget = opts.budget ?? new RetryBudget(DEFAULT_RETRY);
    this.limiter = opts.limiter ?? new Limiter(4);
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
    this.sleep = opts.sleep ?? realSleep;
    this.signal = opts.signal;
    this.now = () => new Date();
    this.unbatched = opts.unbatched ?? false;
    this.client = Client.initWithMiddleware({
      baseUrl: this.origin,
      defaultVersion: this.version,
      middleware: chain(new BearerTokenMiddleware(), new FetchMiddleware(opts.fetchImpl ?? fetch)),
    });
  }

  // One GET, with retries. `path` is relative to the version.
  get(spec: GraphRequestSpec, purpose?: string): Promise<GraphResult> {
    return this.withRetries(
      { method: 'GET', path: spec.path, headers: spec.headers, purpose: purpose ?? spec.id },
      spec.retryForbiddenOnce,
    );
  }

  // Up to 20 requests per $batch; the batches themselves run in parallel (bounded by the limiter). A
  // batch answers 200 even when sub-requests were throttled or refused, so each sub-response is read on
  // its own and throttled ones are sent again in a later batch, after the longest Retry-After.
  async batch(specs: GraphRequestSpec[], label = '$batch'): Promise<Map<string, GraphResult>> {
    const results = new Map<string, GraphResult>();
    if (this.unbatched) {
      await Promise.all(specs.map(async (s) => results.set(s.id, await this.get(s, `${label}: ${s.id}`))));
      return results;
    }
    const lastFailure = new Map<string, SourceFailure>();
    const forbiddenRetried = new Set<string>();
    let pending = [...specs];
    let round = 0;
    while (pending.length) {
      round++;
      const chunks: GraphRequestSpec[][] = [];
      for (let i = 0; i < pending.length; i += MAX_BATCH) chunks.push(pending.slice(i, i + MAX_BATCH));
      const answers = await Promise.all(
        chunks.map((c, i) =>
          this.sendBatch(c, `${label}${round > 1 ? `, retry ${round - 1}` : ''}${chunks.length > 1 ? `, part ${i + 1}` : ''}`),
        ),
      );
      const again: GraphRequestSpec[] = [];
      let waitMs = 0;
      chunks.forEach((chunk, i) => {
        for (const spec of chunk) {
          const sub = answers[i]!.get(spec.id)!;
          if (sub.kind === 'final') {
            results.set(spec.id, sub.result);
          } else if (sub.kind === 'forbidden' && !(spec.retryForbiddenOnce && !forbiddenRetried.has(spec.id))) {
            results.set(spec.id, { ok: false, failure: sub.failure });
          } else if (sub.kind === 'retry' && (sub.retryAfterMs ?? 0) > this.budget.options.maxSingleWaitMs) {
            // One endpoint asking for hours must not hold back the rest of the batch.
            const plan = this.budget.plan(round, sub.retryAfterMs);
            results.set(spec.id, {
              ok: false,
              failure: { ...sub.failure, message: `Throttled: ${'stop' in plan ? plan.stop : 'too long'}.` },
            });
          } else {
            if (sub.kind === 'forbidden') forbiddenRetried.add(spec.id);
            lastFailure.set(spec.id, sub.failure);
            again.push(spec);
            waitMs = Math.max(waitMs, sub.kind === 'retry' ? (sub.retryAfterMs ?? 0) : FORBIDDEN_RETRY_MS);
          }
        }
      });
      if (again.length === 0) break;
      const plan = this.budget.plan(round, waitMs || undefined);
      if ('stop' in plan) {
        for (const spec of again) {
          const last = lastFailure.get(spec.id)!;
          results.set(spec.id, {
            ok: false,
            failure: last.kind === 'http' ? last : { ...last, kind: 'throttled', message: `Throttled: ${plan.stop}.` },
          });
        }
        break;
      }
      await this.sleep(plan.waitMs, this.signal);
      pending = again;
    }
    return results;
  }

  // Follows @odata.nextLink from a first page, verbatim, same origin only, up to `pageCap` pages.
  async pages(first: Extract<GraphResult, { ok: true }>, opts: { pageCap: number; purpose: string }): Promise<PagedResult> {
    const pages: BodyRef[] = [first.ref];
    const seen = new Set<string>();
    let body = first.body;
    while (body['@odata.nextLink'] !== undefined) {
      const next = body['@odata.nextLink'];
      if (typeof next !== 'string') return { pages, failure: { kind: 'malformed', message: 'The next-page link is not a string.' } };
      if (seen.has(next))
        return { pages, failure: { kind: 'page-cap', message: 'The service returned the same next-page link twice (a paging loop).' } };
      if (pages.length >= opts.pageCap) return { pages, failure: { kind: 'page-cap', message: `Stopped after ${opts.pageCap} pages.` } };
      seen.add(next);
      if (!this.isOwnUrl(next)) {
        return { pages, failure: { kind: 'unsafe-link', message: 'The next-page link points outside Microsoft Graph; not followed.' } };
      }
      const r = await this.withRetries({ method: 'GET', verbatimUrl: next, purpose: `${opts.purpose} page ${pages.length + 1}` });
      if (!r.ok) return { pages, failure: r.failure };
      pages.push(r.ref);
      body = r.body;
    }
    return { pages };
  }

  isOwnUrl(raw: string): boolean {
    try {
      const u = new URL(raw);
      return u.origin === this.origin && u.pathname.startsWith(`/${this.version}/`) && !u.username && !u.password;
    } catch {
      return false;
    }
  }

  private async withRetries(
    req: { method: 'GET'; path?: string; verbatimUrl?: string; headers?: Record<string, string>; purpose?: string },
    retryForbiddenOnce = false,
  ): Promise<GraphResult> {
    const r = await sendWithRetries((a) => this.send({ ...req, ...a }), this.retryContext(retryForbiddenOnce));
    if (!r.ok) return r;
    return interpret(r.raw.status, r.raw.text, r.raw.truncated, { exchange: r.raw.seq });
  }

  private retryContext(retryForbiddenOnce = false): RetryContext {
    return { budget: this.budget, sleep: this.sleep, signal: this.signal, retryForbiddenOnce, now: this.now };
  }

  private async sendBatch(chunk: GraphRequestSpec[], purpose: string): Promise<Map<string, SubAnswer>> {
    const ids = new Map(chunk.map((s, i) => [String(i + 1), s.id]));
    const content = new BatchRequestContent(
      chunk.map((s, i) => ({
        id: String(i + 1),
        // The SDK derives the sub-request URL by stripping scheme and host; this host is never contacted.
        request: new Request(new URL(s.path.replace(/^\//, ''), BATCH_URL_BASE), { method: 'GET', headers: s.headers }),
      })),
    );
    const body = await content.getContent();
    const out = new Map<string, SubAnswer>();
    const failAll = (failure: SourceFailure) => {
      for (const s of chunk) out.set(s.id, { kind: 'final', result: { ok: false, failure } });
      return out;
    };
    const sent = await sendWithRetries((a) => this.send({ method: 'POST', path: '/$batch', body, purpose, ...a }), this.retryContext());
    if (!sent.ok) return failAll(sent.failure);
    const raw = sent.raw;
    const whole = interpret(raw.status, raw.text, raw.truncated, { exchange: raw.seq });
    if (!whole.ok) return failAll(whole.failure);
    const parsed = parseBatchAnswer(whole.body, new Set(ids.keys()));
    if (!parsed.ok) return failAll({ kind: 'malformed', message: parsed.message, ref: whole.ref });
    for (const [subId, key] of ids) {
      const ref = { exchange: raw.seq, sub: subId };
      const sub = parsed.byId.get(subId);
      if (!sub) {
        const message = parsed.bad.has(subId)
          ? 'A $batch sub-response does not have the documented shape.'
          : 'The $batch answer left this request out.';
        out.set(key, { kind: 'final', result: { ok: false, failure: { kind: 'malformed', message, ref } } });
        continue;
      }
      const headers = lowerKeys(sub.headers);
      if (RETRYABLE_STATUS.has(sub.status)) {
        const e = parseGraphError(sub.body);
        out.set(key, {
          kind: 'retry',
          retryAfterMs: parseRetryAfter(headers['retry-after'], this.now()),
          failure: THROTTLE_STATUS.has(sub.status)
            ? { kind: 'throttled', status: sub.status, code: e.code, message: `HTTP ${sub.status}`, ref }
            : { kind: 'http', status: sub.status, code: e.code, message: e.message ?? `HTTP ${sub.status}`, ref },
        });
      } else if (sub.status === 403) {
        const e = parseGraphError(sub.body);
        out.set(key, { kind: 'forbidden', failure: { kind: 'http', status: 403, code: e.code, message: e.message ?? 'Forbidden', ref } });
      } else {
        out.set(key, { kind: 'final', result: interpretParsed(sub.status, sub.body, ref) });
      }
    }
    return out;
  }

  private async send(req: {
    method: 'GET' | 'POST';
    path?: string;
    verbatimUrl?: string;
    body?: unknown;
    headers?: Record<string, string>;
    attempt: number;
    purpose?: string;
    forceRefresh: boolean;
  }): Promise<RawOutcome> {
    assertReadOnlyGraphRequest(req.method, req.verbatimUrl ? undefined : req.path, req.body);
    return this.limiter.run(async () => {
      const token = await this.tokens.getToken({ forceRefresh: req.forceRefresh });
      const requestBody = req.body === undefined ? undefined : JSON.stringify(req.body);
      const display = req.verbatimUrl ?? `${this.origin}/${this.version}${req.path}`;
      const rec = this.transcript.begin({ method: req.method, url: display, requestBody, attempt: req.attempt, purpose: req.purpose });
      const timeout = AbortSignal.timeout(this.timeoutMs);
      const signal = this.signal ? AbortSignal.any([timeout, this.signal]) : timeout;
      try {
        const tuning = new RequestTuning(signal, token, req.verbatimUrl);
        let request = this.client
          .api(req.verbatimUrl ? '/' : req.path!)
          .responseType(ResponseType.RAW)
          .middlewareOptions([tuning])
          .header('Accept', 'application/json');
        if (req.headers) request = request.headers(req.headers);
        const res = (await (req.method === 'GET' ? request.get() : request.post(requestBody))) as Response;
        const { text, truncated } = await readCapped(res, this.maxBodyBytes);
        rec.finish({ status: res.status, headers: keptHeaders(res.headers), body: text, truncated });
        const stored = this.transcript.get(rec.seq)!;
        return { kind: 'response', seq: rec.seq, status: res.status, headers: res.headers, text: stored.body ?? '', truncated };
      } catch (err) {
        const kind = this.signal?.aborted ? 'cancelled' : timeout.aborted ? 'timeout' : 'network';
        const message =
          kind === 'timeout'
            ? `No answer within ${Math.round(this.timeoutMs / 1000)} s`
            : kind === 'cancelled'
              ? 'Cancelled'
              : describeNetworkError(err);
        rec.finish({ error: message });
        return { kind: 'error', seq: rec.seq, error: kind, message };
      }
    });
  }
}

type SubAnswer =
  | { kind: 'final'; result: GraphResult }
  | { kind: 'retry'; retryAfterMs?: number; failure: SourceFailure }
  | { kind: 'forbidden'; failure: SourceFailure };

const BATCH_URL_BASE = 'https://batch.invalid/';

function chain(...ms: Middleware[]): Middleware[] {
  for (let i = 0; i < ms.length - 1; i++) ms[i]!.setNext?.(ms[i + 1]!);
  return ms;
}
