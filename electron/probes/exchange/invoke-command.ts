import { randomUUID } from 'node:crypto';
import type { Cloud } from '../../../shared/contract/settings';
import { CLOUDS, isTokenSafeBase } from '../graph/clouds';
import type { TokenProvider } from '../graph/graph-adapter';
import type { BodyRef, SourceFailure } from '../graph/graph-errors';
import { describeNetworkError, interpret, readCapped, type JsonResult } from '../graph/http-body';
import type { RetryBudget } from '../graph/retry';
import { Limiter, realSleep, sendWithRetries, type RawOutcome, type Sleep } from '../graph/retry';
import { keptHeaders, type Transcript } from '../graph/transcript';
import { assertReadOnlyCmdlet, type CmdletSpec } from './cmdlets';

// The Exchange Online PowerShell module (v3) talks REST to the InvokeCommand endpoint with the signed-in
// admin's delegated Exchange.Manage permission; ScubaGear, Maester and Monkey365 read Exchange the same way.
// The probe reads it by default on the consultant's one sign-in, and only ever runs the read-only Get-*
// cmdlets on the allow-list in ./cmdlets (checked here, before any request is built). Where the customer's
// admin refuses the Exchange consent, the PowerShell script stays the fallback.
//
// Host discovery: GET …/AdminApi/v1.0/{tenant}/EXOModuleFile with redirects off; the Location's host
// prefix (e.g. "nam13b") names the tenant's regional host. Every request carries X-AnchorMailbox for the
// tenant's system mailbox. Results come back as `value[]` and are paged with @odata.nextLink.

const SYSTEM_MAILBOX_ANCHOR = (tenantDomain: string) => `UPN:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@${tenantDomain}`;

export interface ExchangeRestOptions {
  // https://outlook.office365.com for the cloud, or a loopback fake for tests and labs.
  baseUrl: string;
  cloud: Cloud;
  tenantId: string;
  tenantDomain: string;
  tokens: TokenProvider;
  transcript: Transcript;
  budget: RetryBudget;
  limiter?: Limiter;
  timeoutMs?: number;
  maxBodyBytes?: number;
  pageCap?: number;
  sleep?: Sleep;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
}

// At least the number of cmdlets on the allow-list (31), and no more than Exchange Online queues per user.
const EXCHANGE_CONCURRENCY = 32;

export interface CmdletResult {
  pages: BodyRef[];
  failure?: SourceFailure;
}

export class ExchangeRest {
  private readonly base: URL;
  private readonly limiter: Limiter;
  private readonly sleep: Sleep;
  private readonly fetchImpl: typeof fetch;
  private invokeUrl?: string;
  private discovery?: Promise<{ invokeUrl: string; discovered: boolean }>;

  constructor(private readonly o: ExchangeRestOptions) {
    if (!isTokenSafeBase(o.baseUrl)) throw new Error(`Refusing to send an Exchange token to ${o.baseUrl}.`);
    this.base = new URL(o.baseUrl);
    // The REST endpoint is stateless (no PowerShell session to share), so the probe's read-only cmdlets go
    // out in one wave rather than queueing behind each other; a 429 is honoured per request with its
    // Retry-After, and the shared retry budget caps the waiting.
    this.limiter = o.limiter ?? new Limiter(EXCHANGE_CONCURRENCY);
    this.sleep = o.sleep ?? realSleep;
    this.fetchImpl = o.fetchImpl ?? fetch;
  }

  private get isLab(): boolean {
    return this.base.protocol === 'http:';
  }

  // Returns the InvokeCommand URL for the tenant. Never throws: a failed discovery falls back to the
  // global endpoint, which also works (more slowly) for most tenants.
  discover(): Promise<{ invokeUrl: string; discovered: boolean }> {
    // Every cmdlet asks; the first asking discovers, the rest wait for the same answer.
    this.discovery ??= this.discoverOnce();
    return this.discovery;
  }

  private async discoverOnce(): Promise<{ invokeUrl: string; discovered: boolean }> {
    const origin = this.base.origin;
    const fallback = this.globalInvokeUrl();
    const raw = await this.send({
      method: 'GET',
      url: `${origin}/AdminApi/v1.0/${this.o.tenantId}/EXOModuleFile`,
      attempt: 1,
      purpose: 'Exchange host discovery',
    });
    const location = raw.kind === 'response' && raw.status >= 300 && raw.status < 400 ? raw.headers.get('location') : null;
    const prefix = location
      ? regionalPrefix(location, this.isLab ? new URL(CLOUDS[this.o.cloud].exchange).hostname : this.base.hostname)
      : undefined;
    if (!prefix) {
      this.invokeUrl = fallback;
      return { invokeUrl: fallback, discovered: false };
    }
    // A lab fake cannot have per-region host names, so it serves the region as a path segment.
    this.invokeUrl = this.isLab
      ? `${origin}/${prefix}/adminapi/beta/${this.o.tenantId}/InvokeCommand`
      : `https://${prefix}.${this.base.hostname}/adminapi/beta/${this.o.tenantId}/InvokeCommand`;
    return { invokeUrl: this.invokeUrl, discovered: true };
  }

  globalInvokeUrl(): string {
    return `${this.base.origin}/adminapi/beta/${encodeURIComponent(this.o.tenantId)}/InvokeCommand`;
  }

  async run(cmdlet: CmdletSpec): Promise<CmdletResult> {
    assertReadOnlyCmdlet(cmdlet);
    await this.discover();
    // After one cmdlet fell back to the global endpoint, the rest go there directly.
    const invokeUrl = this.invokeUrl!;
    const body = JSON.stringify({ CmdletInput: { CmdletName: cmdlet.name, Parameters: cmdlet.parameters } });
    const pages: BodyRef[] = [];
    const seen = new Set<string>();
    let url = invokeUrl;
    const cap = this.o.pageCap ?? 50;
    for (;;) {
      let r = await this.withRetries(url, body, `${cmdlet.name}${pages.length ? ` page ${pages.length + 1}` : ''}`);
      // A regional host that does not know the endpoint (421 misdirected, 404): use the global one.
      if (!r.ok && pages.length === 0 && r.failure.kind === 'http' && (r.failure.status === 404 || r.failure.status === 421)) {
        const global = this.globalInvokeUrl();
        if (url !== global) {
          this.invokeUrl = url = global;
          r = await this.withRetries(url, body, `${cmdlet.name} (global endpoint)`);
        }
      }
      if (!r.ok) return { pages, failure: r.failure };
      pages.push(r.ref);
      const next = r.body['@odata.nextLink'];
      if (next === undefined) return { pages };
      if (typeof next !== 'string') return { pages, failure: { kind: 'malformed', message: 'The next-page link is not a string.' } };
      if (seen.has(next))
        return { pages, failure: { kind: 'page-cap', message: 'The service returned the same next-page link twice (a paging loop).' } };
      if (pages.length >= cap) return { pages, failure: { kind: 'page-cap', message: `Stopped after ${cap} pages.` } };
      if (new URL(next, invokeUrl).origin !== new URL(invokeUrl).origin) {
        return { pages, failure: { kind: 'unsafe-link', message: 'The next-page link points to another host; not followed.' } };
      }
      seen.add(next);
      url = new URL(next, invokeUrl).toString();
    }
  }

  private async withRetries(url: string, body: string, purpose: string): Promise<JsonResult> {
    const r = await sendWithRetries((a) => this.send({ method: 'POST', url, body, purpose, ...a }), {
      budget: this.o.budget,
      sleep: this.sleep,
      signal: this.o.signal,
    });
    if (!r.ok) return r;
    return interpret(r.raw.status, r.raw.text, r.raw.truncated, { exchange: r.raw.seq });
  }

  private send(req: { method: 'GET' | 'POST'; url: string; body?: string; attempt: number; purpose: string; forceRefresh?: boolean }) {
    return this.limiter.run(async (): Promise<RawOutcome> => {
      let token: string;
      try {
        token = await this.o.tokens.getToken({ forceRefresh: req.forceRefresh ?? false });
      } catch (err) {
        // No Exchange token: the permission was not granted (or the sign-in lapsed). Nothing is sent.
        return { kind: 'error', seq: -1, error: 'consent', message: (err as Error)?.message ?? 'No Exchange Online token.' };
      }
      const rec = this.o.transcript.begin({
        method: req.method,
        url: req.url,
        requestBody: req.body,
        attempt: req.attempt,
        purpose: req.purpose,
      });
      const timeout = AbortSignal.timeout(this.o.timeoutMs ?? 60_000);
      const signal = this.o.signal ? AbortSignal.any([timeout, this.o.signal]) : timeout;
      try {
        const res = await this.fetchImpl(req.url, {
          method: req.method,
          redirect: 'manual',
          signal,
          headers: {
            Authorization: `Bearer ${token}`,
            'X-AnchorMailbox': SYSTEM_MAILBOX_ANCHOR(this.o.tenantDomain),
            'X-ResponseFormat': 'json',
            Prefer: 'odata.maxpagesize=1000',
            'client-request-id': randomUUID(),
            Accept: 'application/json',
            ...(req.body ? { 'Content-Type': 'application/json' } : {}),
          },
          body: req.body,
        });
        const { text, truncated } = await readCapped(res, this.o.maxBodyBytes ?? 25 * 1024 * 1024);
        rec.finish({ status: res.status, headers: keptHeaders(res.headers), body: text, truncated });
        return {
          kind: 'response',
          seq: rec.seq,
          status: res.status,
          headers: res.headers,
          text: this.o.transcript.get(rec.seq)!.body ?? '',
          truncated,
        };
      } catch (err) {
        const kind = this.o.signal?.aborted ? 'cancelled' : timeout.aborted ? 'timeout' : 'network';
        const message = kind === 'timeout' ? 'No answer in time' : kind === 'cancelled' ? 'Cancelled' : describeNetworkError(err);
        rec.finish({ error: message });
        return { kind: 'error', seq: rec.seq, error: kind, message };
      }
    });
  }
}

// "https://NAM13B.outlook.office365.com/…" with host "outlook.office365.com" → "nam13b".
export function regionalPrefix(location: string, host: string): string | undefined {
  let u: URL;
  try {
    u = new URL(location);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:') return undefined;
  const h = u.hostname.toLowerCase();
  const suffix = `.${host.toLowerCase()}`;
  if (!h.endsWith(suffix)) return undefined;
  const prefix = h.slice(0, -suffix.length);
  return /^[a-z0-9]{2,24}$/.test(prefix) ? prefix : undefined;
}
