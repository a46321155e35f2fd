import { promises as dns } from 'node:dns';

// The Resolver port: every name the domain probe looks up goes through one of these, pointed at the
// servers the consultant chose (Settings › DNS). It never falls back to the laptop's own resolver (split
// horizon, VPN, a home router that strips DNSSEC), records which server gave each answer, and keeps
// "the record does not exist" (NXDOMAIN, NODATA) apart from "we could not find out" (timeout, SERVFAIL,
// refused) — the second must never be reported as a missing record.

export type LookupOutcome = 'answer' | 'nxdomain' | 'nodata' | 'timeout' | 'servfail' | 'refused' | 'bad-name' | 'error';

export interface LookupAttempt {
  server: string;
  outcome: LookupOutcome;
  code?: string;
  ms: number;
}

export interface DnsLookup {
  name: string;
  type: string;
  outcome: LookupOutcome;
  // The server whose answer we used (for answers, NXDOMAIN and NODATA), else the last one tried.
  server?: string;
  attempts: LookupAttempt[];
  ms: number;
  // A bounded copy of the answer, for the evidence snapshot.
  answer?: unknown;
}

export interface ResolverConfig {
  servers: readonly string[];
  timeoutMs: number;
  tries: number;
}

export interface ResolverOptions extends ResolverConfig {
  // Epoch milliseconds after which no query is sent (the probe's overall time budget).
  deadline?: number;
  // A hostile zone (huge include trees, 10 MX with 50 addresses each) cannot make us send more than this.
  maxLookups?: number;
  signal?: AbortSignal;
}

const CODES: Record<string, LookupOutcome> = {
  ENOTFOUND: 'nxdomain',
  ENODATA: 'nodata',
  ETIMEOUT: 'timeout',
  ECANCELLED: 'timeout',
  ESERVFAIL: 'servfail',
  EREFUSED: 'refused',
  EBADNAME: 'bad-name',
};

// What each outcome means for a reader of the report.
export const OUTCOME_TEXT: Record<LookupOutcome, string> = {
  answer: 'answered',
  nxdomain: 'the name does not exist (NXDOMAIN)',
  nodata: 'the name exists but has no record of this type (NODATA)',
  timeout: 'no answer before the time limit (timeout)',
  servfail: 'the DNS server could not get an answer (SERVFAIL)',
  refused: 'the DNS server refused the query (REFUSED)',
  'bad-name': 'the name is not a valid DNS name',
  error: 'the lookup failed',
};

export class DnsLookupError extends Error {
  // The c-ares style code (ENOTFOUND, ETIMEOUT…): mailauth and our own checks classify errors by it.
  readonly code: string;
  constructor(
    readonly outcome: LookupOutcome,
    code: string,
    readonly lookup: DnsLookup,
  ) {
    super(`${lookup.type} ${lookup.name}: ${OUTCOME_TEXT[outcome]}${lookup.server ? ` (resolver ${lookup.server})` : ''}`);
    this.name = 'DnsLookupError';
    this.code = code;
  }
}

export function outcomeOf(err: unknown): LookupOutcome {
  if (err instanceof DnsLookupError) return err.outcome;
  const code = (err as { code?: string } | undefined)?.code;
  return (code && CODES[code]) || 'error';
}

// NXDOMAIN or NODATA: the zone answered and there is nothing there.
export function isAbsent(err: unknown): boolean {
  const o = outcomeOf(err);
  return o === 'nxdomain' || o === 'nodata';
}

// Outcomes that say nothing about the record, only about our view of the DNS.
export function isIndeterminate(outcome: LookupOutcome): boolean {
  return outcome === 'timeout' || outcome === 'servfail' || outcome === 'refused' || outcome === 'error';
}

const MAX_NAME = 253;

export function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

function validName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_NAME && name.split('.').every((l) => l.length > 0 && l.length <= 63);
}

function boundedCopy(answer: unknown): unknown {
  const clip = (s: string) => (s.length > 2048 ? `${s.slice(0, 2048)}… (${s.length} characters)` : s);
  if (!Array.isArray(answer)) return answer;
  return answer.slice(0, 50).map((item) => {
    if (typeof item === 'string') return clip(item);
    if (Array.isArray(item)) return item.slice(0, 50).map((s) => (typeof s === 'string' ? clip(s) : s));
    return item;
  });
}

export class DnsResolverPort {
  readonly servers: readonly string[];
  readonly timeoutMs: number;
  readonly tries: number;
  private readonly perServer: { server: string; resolver: dns.Resolver }[];
  private readonly cache = new Map<string, Promise<unknown[]>>();
  private readonly log: DnsLookup[] = [];
  private readonly deadline?: number;
  private readonly maxLookups: number;
  private sent = 0;

  constructor(private readonly opts: ResolverOptions) {
    if (opts.servers.length === 0) throw new Error('No DNS servers configured: the probe never uses the system resolver.');
    this.servers = [...opts.servers];
    this.timeoutMs = opts.timeoutMs;
    this.tries = opts.tries;
    this.deadline = opts.deadline;
    this.maxLookups = opts.maxLookups ?? 600;
    // One c-ares channel per server, so we know which server answered and can move on to the next one
    // on a timeout or SERVFAIL ourselves (c-ares would rotate silently).
    this.perServer = this.servers.map((server) => {
      const resolver = new dns.Resolver({ timeout: opts.timeoutMs, tries: opts.tries });
      resolver.setServers([server]);
      return { server, resolver };
    });
    opts.signal?.addEventListener('abort', () => this.cancel(), { once: true });
  }

  // The (name, rrtype) function mailauth accepts for SPF, DMARC and MTA-STS lookups.
  readonly mailauthResolver = (name: string, rrtype: string): Promise<never> => this.resolve(name, rrtype) as Promise<never>;

  resolve(rawName: string, type: string): Promise<unknown[]> {
    const name = normaliseName(rawName);
    const key = `${type}:${name}`;
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.query(name, type);
      // Failures reach every caller; an unobserved copy must not become an unhandled rejection.
      pending.catch(() => {});
      this.cache.set(key, pending);
    }
    return pending.then((v) => (Array.isArray(v) ? v.slice() : v));
  }

  txt(name: string): Promise<string[][]> {
    return this.resolve(name, 'TXT') as Promise<string[][]>;
  }
  mx(name: string): Promise<{ exchange: string; priority: number }[]> {
    return this.resolve(name, 'MX') as Promise<{ exchange: string; priority: number }[]>;
  }
  a(name: string): Promise<string[]> {
    return this.resolve(name, 'A') as Promise<string[]>;
  }
  aaaa(name: string): Promise<string[]> {
    return this.resolve(name, 'AAAA') as Promise<string[]>;
  }
  cname(name: string): Promise<string[]> {
    return this.resolve(name, 'CNAME') as Promise<string[]>;
  }

  lookups(): readonly DnsLookup[] {
    return this.log;
  }

  // Servers that gave at least one answer (including "no such name") in this run.
  answeredBy(): string[] {
    const used = new Set(this.log.filter((l) => !isIndeterminate(l.outcome) && l.server).map((l) => l.server!));
    return this.servers.filter((s) => used.has(s));
  }

  cancel(): void {
    for (const p of this.perServer) p.resolver.cancel();
  }

  private async query(name: string, type: string): Promise<unknown[]> {
    const started = Date.now();
    const lookup: DnsLookup = { name, type, outcome: 'error', attempts: [], ms: 0 };
    this.log.push(lookup);
    const fail = (outcome: LookupOutcome, code: string): never => {
      lookup.outcome = outcome;
      lookup.ms = Date.now() - started;
      throw new DnsLookupError(outcome, code, lookup);
    };
    if (!validName(name)) return fail('bad-name', 'EBADNAME');
    if (this.opts.signal?.aborted) return fail('timeout', 'ECANCELLED');
    if (this.deadline !== undefined && Date.now() >= this.deadline) return fail('timeout', 'ETIMEOUT');
    if (++this.sent > this.maxLookups) return fail('error', 'ELIMIT');

    let lastCode = 'ETIMEOUT';
    let lastOutcome: LookupOutcome = 'timeout';
    for (const { server, resolver } of this.perServer) {
      if (this.opts.signal?.aborted) break;
      const t0 = Date.now();
      try {
        const answer = (await resolver.resolve(name, type)) as unknown[];
        lookup.attempts.push({ server, outcome: 'answer', ms: Date.now() - t0 });
        lookup.outcome = 'answer';
        lookup.server = server;
        lookup.ms = Date.now() - started;
        lookup.answer = boundedCopy(answer);
        return answer;
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'EUNKNOWN';
        const outcome = CODES[code] ?? 'error';
        lookup.attempts.push({ server, outcome, code, ms: Date.now() - t0 });
        lookup.server = server;
        lastCode = code;
        lastOutcome = outcome;
        // NXDOMAIN and NODATA are answers: asking another server would only hide a disagreement.
        if (!isIndeterminate(outcome)) return fail(outcome, code);
        if (this.deadline !== undefined && Date.now() >= this.deadline) break;
      }
    }
    return fail(lastOutcome, lastCode);
  }
}
