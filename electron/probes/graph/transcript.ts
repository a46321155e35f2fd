import { redact, redactString } from '../../logging/redact';

// Every HTTP exchange of a probe, as evidence: what was asked, when, what came back. Request headers are
// never recorded (the only interesting one is the bearer token). Bodies are stripped of secrets: a JSON
// body is redacted value by value and re-serialised (text patterns could break its syntax); anything else
// (a truncated body, an HTML page) is kept as text, pattern-redacted.
export interface HttpExchange {
  seq: number;
  startedAt: string;
  ms: number;
  method: string;
  url: string;
  requestBody?: string;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  bodyTruncated?: boolean;
  error?: string;
  attempt: number;
  purpose?: string;
}

// Response headers worth keeping: throttling, correlation IDs for a Microsoft support case, redirects.
const KEPT_HEADERS = ['content-type', 'retry-after', 'request-id', 'client-request-id', 'location', 'x-ms-ags-diagnostic', 'date'];

export function keptHeaders(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const v = h.get(name);
    if (v !== null) out[name] = redactString(v, 'evidence').slice(0, 2000);
  }
  return out;
}

export class Transcript {
  readonly exchanges: HttpExchange[] = [];
  private listeners = new Set<(e: HttpExchange) => void>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  begin(input: { method: string; url: string; requestBody?: string; attempt: number; purpose?: string }) {
    const started = this.now();
    const t0 = performance.now();
    const entry: HttpExchange = {
      seq: this.exchanges.length,
      startedAt: started.toISOString(),
      ms: 0,
      method: input.method,
      url: redactString(input.url, 'evidence'),
      ...(input.requestBody !== undefined ? { requestBody: redactBody(input.requestBody) } : {}),
      attempt: input.attempt,
      ...(input.purpose ? { purpose: input.purpose } : {}),
    };
    this.exchanges.push(entry);
    return {
      seq: entry.seq,
      finish: (r: { status?: number; headers?: Record<string, string>; body?: string; truncated?: boolean; error?: string }) => {
        entry.ms = Math.round(performance.now() - t0);
        if (r.status !== undefined) entry.status = r.status;
        if (r.headers) entry.headers = r.headers;
        if (r.body !== undefined) entry.body = r.truncated ? redactString(r.body, 'evidence') : redactBody(r.body);
        if (r.truncated) entry.bodyTruncated = true;
        if (r.error) entry.error = redactString(r.error, 'evidence').slice(0, 500);
        for (const l of this.listeners) l(entry);
        return entry;
      },
    };
  }

  onExchange(l: (e: HttpExchange) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  get(seq: number): HttpExchange | undefined {
    return this.exchanges[seq];
  }
}

function redactBody(text: string): string {
  const t = text.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.stringify(redact(JSON.parse(text), 'evidence'));
    } catch {
      // Not JSON after all (truncated): fall through to text redaction.
    }
  }
  return redactString(text, 'evidence');
}
