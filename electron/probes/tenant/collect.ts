import type { Cloud } from '../../../shared/contract/settings';
import type { Clock } from '../../backend/ports';
import { CMDLET_NAMES, EXO_CMDLETS } from '../exchange/cmdlets';
import type { ExchangeRest } from '../exchange/invoke-command';
import type { GraphAdapter, GraphResult } from '../graph/graph-adapter';
import type { SourceFailure } from '../graph/graph-errors';
import type { Transcript } from '../graph/transcript';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type ExchangeEvidence, type SourceRecord, type TenantSnapshot } from './snapshot';
import { domainRecordsKey, domainRecordsPath, roundOneSources, SIGN_IN_WINDOW_DAYS, type GraphSource } from './sources';

// The probe's call order (microsoft-365.md §1): one $batch with everything that depends on nothing,
// then — in parallel — paging, the per-domain DNS expectations and Exchange. A 5,000-user tenant costs a
// handful of sequential round trips, not one per endpoint.

export class ProbeAbort extends Error {
  constructor(
    readonly code: 'unauthenticated' | 'tenant-unreadable' | 'tenant-mismatch' | 'cancelled',
    message: string,
  ) {
    super(message);
    this.name = 'ProbeAbort';
  }
}

export type ExchangePlan =
  | { kind: 'none'; reason?: 'consent-refused' | 'not-requested' }
  | { kind: 'rest'; connect: (tenant: { tenantId: string; tenantDomain: string }) => ExchangeRest }
  | { kind: 'evidence'; evidence: ExchangeEvidence };

export interface CollectOptions {
  graph: GraphAdapter;
  transcript: Transcript;
  clock: Clock;
  appVersion: string;
  cloud: Cloud;
  graphBaseUrl: string;
  // The tenant the client record names (GUID or *.onmicrosoft.com); the probe refuses any other.
  tenantRef?: string;
  collectedBy?: string;
  exchange: ExchangePlan;
  signInWindowDays?: number;
  signal?: AbortSignal;
  onSource?: (key: string, state: 'running' | 'done') => void;
}

export async function collectTenant(o: CollectOptions): Promise<TenantSnapshot> {
  const started = o.clock.now();
  const windowDays = o.signInWindowDays ?? SIGN_IN_WINDOW_DAYS;
  const since = new Date(started.getTime() - windowDays * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const sources = roundOneSources(since);
  const graph: Record<string, SourceRecord> = {};
  const note = (key: string, state: 'running' | 'done') => o.onSource?.(key, state);

  sources.forEach((s) => note(s.key, 'running'));
  const first = await o.graph.batch(
    sources.map((s) => ({ id: s.key, path: s.path, retryForbiddenOnce: s.retryForbiddenOnce })),
    '$batch: tenant settings',
  );
  if (o.signal?.aborted) throw new ProbeAbort('cancelled', 'The probe was cancelled.');

  const org = first.get('organization')!;
  if (!org.ok) {
    if (org.failure.status === 401) {
      throw new ProbeAbort(
        'unauthenticated',
        'Microsoft 365 did not accept the sign-in (the access token is expired or for another service). Sign in again.',
      );
    }
    throw new ProbeAbort(
      'tenant-unreadable',
      `The probe could not read the tenant's organisation details, so it stopped: ${org.failure.message}`,
    );
  }
  const orgEntity = (org.body.value as { id?: unknown; verifiedDomains?: { name?: unknown; isInitial?: unknown }[] }[] | undefined)?.[0];
  const tenantId = typeof orgEntity?.id === 'string' ? orgEntity.id : undefined;
  if (!tenantId) throw new ProbeAbort('tenant-unreadable', 'The organisation details did not include the tenant ID.');
  const domains = (orgEntity?.verifiedDomains ?? []).map((d) => String(d?.name ?? '').toLowerCase()).filter(Boolean);
  const tenantDomain = String(
    orgEntity?.verifiedDomains?.find((d) => d?.isInitial === true)?.name ?? domains.find((d) => d.endsWith('.onmicrosoft.com')) ?? '',
  );
  assertSameTenant(o.tenantRef, tenantId, domains);

  // Paging, domain records and Exchange all depend only on round one: run them side by side.
  const paged = new Map(
    sources.map((s) => [
      s.key,
      pageSource(o.graph, s, first.get(s.key)!).then((rec) => {
        graph[s.key] = rec;
        if (s.key !== 'domains') note(s.key, 'done');
      }),
    ]),
  );
  const paging = Promise.all(paged.values());
  const records = (async () => {
    await paged.get('domains');
    const list = emailDomainsToQuery(o, graph.domains);
    if (list.length) {
      const res = await o.graph.batch(
        list.map((d) => ({ id: domainRecordsKey(d), path: domainRecordsPath(d) })),
        '$batch: mail domain DNS records',
      );
      await Promise.all(
        list.map(async (d) => {
          graph[domainRecordsKey(d)] = await pageSource(
            o.graph,
            { key: domainRecordsKey(d), path: '', pageCap: 5, permission: 'Domain.Read.All', feeds: [] },
            res.get(domainRecordsKey(d))!,
          );
        }),
      );
    }
    note('domains', 'done');
  })();
  const exchange = collectExchange(o, tenantId, tenantDomain, note);
  const [, , exchangeEvidence] = await Promise.all([paging, records, exchange]);
  if (o.signal?.aborted) throw new ProbeAbort('cancelled', 'The probe was cancelled.');

  return {
    format: SNAPSHOT_FORMAT,
    formatVersion: SNAPSHOT_VERSION,
    appVersion: o.appVersion,
    tenantId,
    ...(o.tenantRef ? { tenantRef: o.tenantRef } : {}),
    cloud: o.cloud,
    graphBaseUrl: o.graphBaseUrl,
    collectedAt: started.toISOString(),
    finishedAt: o.clock.now().toISOString(),
    ...(o.collectedBy ? { collectedBy: o.collectedBy } : {}),
    params: { signInsSince: since, signInWindowDays: windowDays },
    exchanges: o.transcript.exchanges,
    graph,
    exchange: exchangeEvidence,
  };
}

async function pageSource(graph: GraphAdapter, s: GraphSource, r: GraphResult): Promise<SourceRecord> {
  if (!r.ok) return { pages: [], failure: r.failure };
  if (!s.pageCap) return { pages: [r.ref] };
  const paged = await graph.pages(r, { pageCap: s.pageCap, purpose: s.key });
  return { pages: paged.pages, ...(paged.failure ? { failure: paged.failure } : {}) };
}

// Verified mail domains other than Microsoft's own; read from the first page(s) of /domains.
function emailDomainsToQuery(o: CollectOptions, rec: SourceRecord | undefined): string[] {
  if (!rec || rec.failure) return [];
  const out: string[] = [];
  for (const ref of rec.pages) {
    const ex = o.transcript.get(ref.exchange);
    try {
      const body = JSON.parse(ex?.body ?? 'null');
      const page = ref.sub === undefined ? body : body?.responses?.find((r: { id?: string }) => r?.id === ref.sub)?.body;
      for (const d of page?.value ?? []) {
        if (
          d?.isVerified === true &&
          Array.isArray(d.supportedServices) &&
          d.supportedServices.includes('Email') &&
          typeof d.id === 'string' &&
          !/\.onmicrosoft\.(com|us)$/i.test(d.id)
        ) {
          out.push(d.id);
        }
      }
    } catch {
      // The facts step reports the malformed page; here we just skip it.
    }
  }
  return out.slice(0, 100);
}

async function collectExchange(
  o: CollectOptions,
  tenantId: string,
  tenantDomain: string,
  note: (k: string, s: 'running' | 'done') => void,
): Promise<ExchangeEvidence> {
  if (o.exchange.kind === 'none') return { source: 'none', ...(o.exchange.reason ? { reason: o.exchange.reason } : {}) };
  if (o.exchange.kind === 'evidence') return o.exchange.evidence;
  CMDLET_NAMES.forEach((c) => note(`exo:${c}`, 'running'));
  const rest = o.exchange.connect({ tenantId, tenantDomain });
  const { invokeUrl, discovered } = await rest.discover();
  const cmdlets: Record<string, SourceRecord> = {};
  await Promise.all(
    EXO_CMDLETS.map(async (c) => {
      const r = await rest.run(c);
      cmdlets[c.name] = { pages: r.pages, ...(r.failure ? { failure: r.failure as SourceFailure } : {}) };
      note(`exo:${c.name}`, 'done');
    }),
  );
  return { source: 'rest', invokeUrl, discovered, cmdlets };
}

export function assertSameTenant(ref: string | undefined, tenantId: string, verifiedDomains: string[]): void {
  if (!ref) return;
  const r = ref.toLowerCase();
  const matches = /^[0-9a-f-]{36}$/.test(r) ? r === tenantId.toLowerCase() : verifiedDomains.includes(r);
  if (!matches) {
    throw new ProbeAbort(
      'tenant-mismatch',
      `The sign-in is for tenant ${tenantId}, but this client's tenant is ${ref}. Sign in to the client's tenant (or correct the tenant on the client record).`,
    );
  }
}
