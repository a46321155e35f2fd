import type { Answer, RecordType } from 'dns-packet';
import { exchange } from './raw-query';

// The Resolver port: every name the domain probe looks up goes through one of these, pointed at the
// servers the consultant chose (Settings › DNS). It never falls back to the laptop's own resolver (split
// horizon, VPN, a home router that strips DNSSEC), records which server gave each answer, and keeps
// "the record does not exist" (NXDOMAIN, NODATA) apart from "we could not find out" (timeout, SERVFAIL,
// refused) — the second must never be reported as a missing record. Queries go out through the project's
// own DNS client (raw-query.ts), not the OS resolver library: any name the DNS can carry is asked as it
// is (RFC 7208 allows `:`, `/` and spaces in macro-expanded names), and an empty TXT string is read as
// one. Answers are handed on in the shapes node:dns uses, which is what mailauth expects.

export type LookupOutcome = 'answer' | 'nxdomain' | 'nodata' | 'timeout' | 'servfail' | 'refused' | 'bad-name' | 'error';

interface LookupAttempt {
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

// Only ASCII letters are folded: a macro-expanded name keeps everything else as it is.
function normaliseName(name: string): string {
  return name
    .replace(/^[ \t]+|[ \t]+$/g, '')
    .replace(/[A-Z]+/g, (s) => s.toLowerCase())
    .replace(/\.$/, '');
}

// The limits of the wire format itself (RFC 1035 §2.3.4, in octets), and nothing more: which characters
// a label may hold is for the zone to decide, not for the client.
function validName(name: string): boolean {
  return name.length > 0 && Buffer.byteLength(name) <= MAX_NAME && name.split('.').every((l) => l.length > 0 && Buffer.byteLength(l) <= 63);
}

const RCODE_OUTCOME: Record<string, { outcome: LookupOutcome; code: string }> = {
  NXDOMAIN: { outcome: 'nxdomain', code: 'ENOTFOUND' },
  SERVFAIL: { outcome: 'servfail', code: 'ESERVFAIL' },
  REFUSED: { outcome: 'refused', code: 'EREFUSED' },
  FORMERR: { outcome: 'error', code: 'EFORMERR' },
  NOTIMP: { outcome: 'error', code: 'ENOTIMP' },
};

const sameName = (a: string, b: string) => a.toLowerCase().replace(/\.$/, '') === b.toLowerCase().replace(/\.$/, '');

// The records of `type` at the end of the CNAME chain that starts at the question, in node:dns shapes.
// Records for any other owner name in the answer are ignored (a hostile resolver cannot add them).
function recordsOf(name: string, type: string, answers: readonly Answer[]): unknown[] {
  let owner = name;
  const seen = new Set<string>();
  if (type !== 'CNAME') {
    for (;;) {
      const cname = answers.find((a) => a.type === 'CNAME' && sameName(a.name, owner));
      if (!cname || seen.has(owner)) break;
      seen.add(owner);
      owner = String((cname as unknown as { data: unknown }).data);
    }
  }
  const out: unknown[] = [];
  for (const a of answers) {
    if (a.type !== type || !sameName(a.name, owner)) continue;
    const data = (a as unknown as { data: unknown }).data;
    switch (a.type) {
      case 'TXT':
        out.push((Array.isArray(data) ? data : [data]).map((b) => (Buffer.isBuffer(b) ? b.toString('utf8') : String(b))));
        break;
      case 'MX': {
        const mx = data as { preference?: number; exchange: string };
        out.push({ exchange: mx.exchange === '.' ? '' : mx.exchange, priority: mx.preference ?? 0 });
        break;
      }
      case 'SOA': {
        const soa = data as {
          mname: string;
          rname: string;
          serial: number;
          refresh: number;
          retry: number;
          expire: number;
          minimum: number;
        };
        out.push({
          nsname: soa.mname,
          hostmaster: soa.rname,
          serial: soa.serial,
          refresh: soa.refresh,
          retry: soa.retry,
          expire: soa.expire,
          minttl: soa.minimum,
        });
        break;
      }
      default:
        out.push(data);
    }
  }
  return out;
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
  private readonly abort = new AbortController();
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

  // The control question: the root zone's NS records, which every working resolver can give. A resolver
  // that says the root does not exist (as captive portals and broken networks do, answering NXDOMAIN for
  // every name) cannot be believed about any other name either.
  async rootCheck(): Promise<LookupOutcome> {
    try {
      await this.query('', 'NS', true);
      return 'answer';
    } catch (err) {
      return outcomeOf(err);
    }
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
    this.abort.abort();
  }

  // One server, up to `tries` times while it does not answer. Resolves to the records (possibly none:
  // NODATA) or rejects with the outcome and its c-ares style code.
  private async askServer(
    server: string,
    name: string,
    type: string,
  ): Promise<{ records: unknown[] } | { outcome: LookupOutcome; code: string }> {
    let last: { outcome: LookupOutcome; code: string } = { outcome: 'timeout', code: 'ETIMEOUT' };
    for (let attempt = 0; attempt < Math.max(1, this.tries); attempt++) {
      if (this.abort.signal.aborted) return { outcome: 'timeout', code: 'ECANCELLED' };
      try {
        const via = await exchange(server, name, type as RecordType, { timeoutMs: this.timeoutMs, signal: this.abort.signal, edns: false });
        const rcode = via.packet.rcode ?? 'NOERROR';
        if (rcode !== 'NOERROR') return RCODE_OUTCOME[rcode] ?? { outcome: 'error', code: `E${rcode}` };
        return { records: recordsOf(name, type, via.packet.answers ?? []) };
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'EUNKNOWN';
        last = { outcome: CODES[code] ?? 'error', code };
        if (code !== 'ETIMEOUT') return last;
        if (this.deadline !== undefined && Date.now() >= this.deadline) return last;
      }
    }
    return last;
  }

  private async query(name: string, type: string, root = false): Promise<unknown[]> {
    const started = Date.now();
    const lookup: DnsLookup = { name: root ? '.' : name, type, outcome: 'error', attempts: [], ms: 0 };
    this.log.push(lookup);
    const fail = (outcome: LookupOutcome, code: string): never => {
      lookup.outcome = outcome;
      lookup.ms = Date.now() - started;
      throw new DnsLookupError(outcome, code, lookup);
    };
    if (!root && !validName(name)) return fail('bad-name', 'EBADNAME');
    if (this.opts.signal?.aborted || this.abort.signal.aborted) return fail('timeout', 'ECANCELLED');
    if (this.deadline !== undefined && Date.now() >= this.deadline) return fail('timeout', 'ETIMEOUT');
    if (++this.sent > this.maxLookups) return fail('error', 'ELIMIT');

    let lastCode = 'ETIMEOUT';
    let lastOutcome: LookupOutcome = 'timeout';
    for (const server of this.servers) {
      if (this.abort.signal.aborted) break;
      const t0 = Date.now();
      const r = await this.askServer(server, name, type);
      lookup.server = server;
      if ('records' in r) {
        if (r.records.length === 0) {
          lookup.attempts.push({ server, outcome: 'nodata', code: 'ENODATA', ms: Date.now() - t0 });
          return fail('nodata', 'ENODATA');
        }
        lookup.attempts.push({ server, outcome: 'answer', ms: Date.now() - t0 });
        lookup.outcome = 'answer';
        lookup.ms = Date.now() - started;
        lookup.answer = boundedCopy(r.records);
        return r.records;
      }
      lookup.attempts.push({ server, outcome: r.outcome, code: r.code, ms: Date.now() - t0 });
      lastCode = r.code;
      lastOutcome = r.outcome;
      // NXDOMAIN and NODATA are answers: asking another server would only hide a disagreement.
      if (!isIndeterminate(r.outcome)) return fail(r.outcome, r.code);
      if (this.deadline !== undefined && Date.now() >= this.deadline) break;
    }
    return fail(lastOutcome, lastCode);
  }
}
