import { z } from 'zod';
import { Cloud } from '../../shared/contract/settings';
import { ExchangeScriptOutput } from '../probes/exchange/script-output';
import type { BodyRef, SourceFailure } from '../probes/graph/graph-errors';
import type { HttpExchange } from '../probes/graph/transcript';

// A tenant probe run as evidence: every request and raw response (secrets stripped), which responses
// answer which question, and the Exchange facts with their provenance. Verdicts are always computed from
// this document — live and when re-evaluated offline — so both give the same answer for the same data.

export const SNAPSHOT_FORMAT = 'dcb1596.tenant-probe-snapshot';
export const SNAPSHOT_VERSION = 1;

export interface SourceRecord {
  pages: BodyRef[];
  failure?: SourceFailure;
}

export type ExchangeEvidence =
  // consent-refused: the customer's admin did not grant the Exchange permission, so nothing was asked.
  | { source: 'none'; reason?: 'consent-refused' | 'not-requested' }
  | { source: 'rest'; invokeUrl: string; discovered: boolean; cmdlets: Record<string, SourceRecord> }
  | { source: 'script'; fileName: string; sha256: string; importedAt: string; output: ExchangeScriptOutput };

export interface TenantSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  formatVersion: typeof SNAPSHOT_VERSION;
  appVersion: string;
  tenantId: string;
  tenantRef?: string;
  cloud: Cloud;
  graphBaseUrl: string;
  collectedAt: string;
  finishedAt: string;
  collectedBy?: string;
  params: { signInsSince: string; signInWindowDays: number };
  exchanges: HttpExchange[];
  graph: Record<string, SourceRecord>;
  exchange: ExchangeEvidence;
}

const Ref = z.object({ exchange: z.number().int().nonnegative(), sub: z.string().optional() });
const Failure = z.object({
  kind: z.enum(['http', 'timeout', 'network', 'throttled', 'malformed', 'too-large', 'page-cap', 'unsafe-link', 'consent', 'cancelled']),
  status: z.number().int().optional(),
  code: z.string().optional(),
  message: z.string(),
  ref: Ref.optional(),
});
const Source = z.object({ pages: z.array(Ref), failure: Failure.optional() });
const Exchange = z.object({
  seq: z.number().int(),
  startedAt: z.string(),
  ms: z.number(),
  method: z.string(),
  url: z.string(),
  requestBody: z.string().optional(),
  status: z.number().int().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
  bodyTruncated: z.boolean().optional(),
  error: z.string().optional(),
  attempt: z.number().int(),
  purpose: z.string().optional(),
});

const TenantSnapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  formatVersion: z.literal(SNAPSHOT_VERSION),
  appVersion: z.string(),
  tenantId: z.string(),
  tenantRef: z.string().optional(),
  cloud: Cloud,
  graphBaseUrl: z.string(),
  collectedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }),
  collectedBy: z.string().optional(),
  params: z.object({ signInsSince: z.string(), signInWindowDays: z.number() }),
  exchanges: z.array(Exchange),
  graph: z.record(z.string(), Source),
  exchange: z.discriminatedUnion('source', [
    z.object({ source: z.literal('none'), reason: z.enum(['consent-refused', 'not-requested']).optional() }),
    z.object({ source: z.literal('rest'), invokeUrl: z.string(), discovered: z.boolean(), cmdlets: z.record(z.string(), Source) }),
    z.object({
      source: z.literal('script'),
      fileName: z.string(),
      sha256: z.string(),
      importedAt: z.string(),
      output: ExchangeScriptOutput,
    }),
  ]),
});

export function parseSnapshot(bytes: Uint8Array | string): TenantSnapshot {
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
  return TenantSnapshotSchema.parse(JSON.parse(text)) as TenantSnapshot;
}

export function serialiseSnapshot(s: TenantSnapshot): string {
  return JSON.stringify(s);
}

export function snapshotFileName(s: Pick<TenantSnapshot, 'tenantId' | 'collectedAt'>): string {
  return `tenant-${s.tenantId}-${s.collectedAt.replace(/[:.]/g, '').replace(/-/g, '')}.json`;
}

// The JSON body a reference points at: a whole response, or one $batch sub-response's body.
export function bodyAt(s: Pick<TenantSnapshot, 'exchanges'>, ref: BodyRef): { ok: true; body: unknown } | { ok: false; error: string } {
  const ex = s.exchanges[ref.exchange];
  if (!ex || ex.body === undefined) return { ok: false, error: 'The response is missing from the snapshot.' };
  if (ex.bodyTruncated) return { ok: false, error: 'The response was cut off at the size limit.' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(ex.body);
  } catch {
    return { ok: false, error: 'The response is not valid JSON.' };
  }
  if (ref.sub === undefined) return { ok: true, body: parsed };
  const responses = (parsed as { responses?: unknown })?.responses;
  const sub = Array.isArray(responses) ? responses.find((r) => (r as { id?: unknown })?.id === ref.sub) : undefined;
  if (!sub) return { ok: false, error: 'The $batch sub-response is missing.' };
  return { ok: true, body: (sub as { body?: unknown }).body };
}
