import { z } from 'zod';

// JSON batching as Microsoft documents it (learn.microsoft.com/graph/json-batching):
// at most 20 requests, relative URLs, and an answer of 200 whose `responses[]` each carry their own
// status, headers and body, in any order. The envelope and every sub-response are hostile input: they are
// checked here before anything reads them.

export const MAX_BATCH = 20;

const SubRequest = z.object({
  id: z.string().min(1),
  method: z.literal('GET'),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).optional(),
});
const BatchRequestBody = z.object({ requests: z.array(SubRequest).min(1).max(MAX_BATCH) }).strict();

export class ReadOnlyViolation extends Error {
  constructor(what: string) {
    super(`Refusing to send ${what}: the probe only reads (GET, or a $batch of GETs).`);
    this.name = 'ReadOnlyViolation';
  }
}

// The probe's one write-shaped request is POST /$batch, and only when it carries nothing but GETs to
// relative URLs. Everything else that is not a GET is refused before it leaves the machine.
export function assertReadOnlyGraphRequest(method: string, path: string | undefined, body: unknown): void {
  if (method === 'GET' && body === undefined) return;
  if (method !== 'POST' || path !== '/$batch') throw new ReadOnlyViolation(`${method} ${path ?? '(a link)'}`);
  const r = BatchRequestBody.safeParse(body);
  if (!r.success) throw new ReadOnlyViolation('a $batch that is not made only of GET requests');
  for (const q of r.data.requests)
    if (/^[a-z][a-z0-9+.-]*:/i.test(q.url) || q.url.startsWith('//')) throw new ReadOnlyViolation(`a $batch request to ${q.url}`);
}

// Sub-response ids are ours ("1"…"20"); Graph echoes them as strings.
const SubResponse = z.object({
  id: z.string(),
  status: z.number().int().min(100).max(599),
  headers: z.record(z.string(), z.unknown()).nullish(),
  body: z.unknown().optional(),
});
type SubResponse = z.infer<typeof SubResponse>;

const Envelope = z.object({ responses: z.array(z.unknown()).max(MAX_BATCH * 2) });

export type ParsedBatch = { ok: true; byId: Map<string, SubResponse>; bad: Set<string> } | { ok: false; message: string };

// Reads a $batch answer: which of our ids were answered (validated), and which answered in a shape we
// cannot read. Duplicates keep the first answer; ids we never sent are ignored.
export function parseBatchAnswer(body: unknown, sentIds: ReadonlySet<string>): ParsedBatch {
  const env = Envelope.safeParse(body);
  if (!env.success) return { ok: false, message: 'The $batch answer has no responses array.' };
  const byId = new Map<string, SubResponse>();
  const bad = new Set<string>();
  for (const raw of env.data.responses) {
    const r = SubResponse.safeParse(raw);
    const id = (raw as { id?: unknown } | null)?.id;
    if (!r.success) {
      if (typeof id === 'string' && sentIds.has(id) && !byId.has(id)) bad.add(id);
      continue;
    }
    if (!sentIds.has(r.data.id) || byId.has(r.data.id)) continue;
    bad.delete(r.data.id);
    byId.set(r.data.id, r.data);
  }
  return { ok: true, byId, bad };
}

export function lowerKeys(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (h && typeof h === 'object')
    for (const [k, v] of Object.entries(h)) if (typeof v === 'string' || typeof v === 'number') out[k.toLowerCase()] = String(v);
  return out;
}
