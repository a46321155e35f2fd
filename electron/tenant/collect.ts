import type { Cloud } from '../../shared/contract/settings';
import type { Clock } from '../backend/ports';
import { CMDLET_NAMES, EXO_CMDLETS } from '../probes/exchange/cmdlets';
import type { ExchangeRest } from '../probes/exchange/invoke-command';
import type { GraphAdapter, GraphResult } from '../probes/graph/graph-adapter';
import type { SourceFailure } from '../probes/graph/graph-errors';
import type { Transcript } from '../probes/graph/transcript';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type ExchangeEvidence, type SourceRecord, type TenantSnapshot } from './snapshot';
import { namedAccountIds, registrationFallbackNeeded } from './facts';
import { directoryLookupPaths, domainRecordsKey, domainRecordsPath, graphSources, SIGN_IN_WINDOW_DAYS, type GraphSource } from './sources';

// The probe's call order (README › The Microsoft 365 probe), at the fewest dependent round trips:
//   1. one $batch: the organisation (tenant ID, domains; the probe refuses another tenant) and licences;
//   2. one $batch with everything else, beside Exchange host discovery;
//   3. paging, the per-domain DNS expectations and the Exchange cmdlets (all at once, Get-Mailbox first);
//   4. one look-up of just the directory accounts the answers name (admins, Conditional Access
//      exclusions, shared mailboxes), instead of paging the whole directory.
// MFA registration comes from Microsoft's summary report plus the list of accounts without MFA; only when
// the report cannot be read does the probe page every user's registration, and the finding says so.

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
  const sources = graphSources(since);
  const graph: Record<string, SourceRecord> = {};
  const note = (key: string, state: 'running' | 'done') => o.onSource?.(key, state);

  const round = (r: GraphSource['round']) => sources.filter((s) => s.round === r);
  sources.filter((s) => s.round !== 'fallback').forEach((s) => note(s.key, 'running'));
  const first = await o.graph.batch(
    round(1).map((s) => ({ id: s.key, path: s.path, retryForbiddenOnce: s.retryForbiddenOnce })),
    '$batch: organisation and licences',
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

  // Round 2, beside Exchange (which needs only the tenant ID and domain).
  const exchange = collectExchange(o, tenantId, tenantDomain, note);
  const second = await o.graph.batch(
    round(2).map((s) => ({ id: s.key, path: s.path, retryForbiddenOnce: s.retryForbiddenOnce })),
    '$batch: tenant settings',
  );
  const answers = new Map([...first, ...second]);
  const done = (key: string) => (rec: SourceRecord) => {
    graph[key] = rec;
    // Each source is noted running once and done once; the domains and the directory when their
    // follow-up reads are in too.
    if (key !== 'domains' && key !== 'users') note(key, 'done');
  };
  const paged = new Map([...round(1), ...round(2)].map((s) => [s.key, pageSource(o.graph, s, answers.get(s.key)!).then(done(s.key))]));
  const registration = (async () => {
    await Promise.all([paged.get('registrationSummary'), paged.get('registrationGaps')]);
    // Without Entra ID P1 the per-user report is refused too: asking again would only cost a round trip.
    if (registrationFallbackNeeded({ exchanges: o.transcript.exchanges, graph })) {
      // The summary could not answer: count from every user's registration instead.
      const full = sources.find((s) => s.key === 'registration')!;
      note(full.key, 'running');
      done(full.key)(await pageSource(o.graph, full, await o.graph.get({ id: full.key, path: full.path, retryForbiddenOnce: true })));
    }
  })();
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
            { key: domainRecordsKey(d), path: '', pageCap: 5, permission: 'Domain.Read.All', feeds: [], round: 'lookup' },
            res.get(domainRecordsKey(d))!,
          );
        }),
      );
    }
    note('domains', 'done');
  })();
  const directory = (async () => {
    await Promise.all(['conditionalAccess', 'roleAssignments', 'roleSchedules'].map((k) => paged.get(k)));
    const mailboxes = await exchange.sharedMailboxes;
    const ids = namedAccountIds({ exchanges: o.transcript.exchanges, graph, exchange: mailboxes });
    const users = sources.find((s) => s.key === 'users')!;
    done('users')(await lookUpUsers(o.graph, users, ids));
    note('users', 'done');
  })();
  const [, , , , exchangeEvidence] = await Promise.all([Promise.all(paged.values()), registration, records, directory, exchange.all]);
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

// Exchange runs beside Graph. Get-Mailbox goes first: the shared mailboxes it names are looked up in the
// directory while the other cmdlets are still answering.
function collectExchange(
  o: CollectOptions,
  tenantId: string,
  tenantDomain: string,
  note: (k: string, s: 'running' | 'done') => void,
): { sharedMailboxes: Promise<ExchangeEvidence>; all: Promise<ExchangeEvidence> } {
  const plan = o.exchange;
  if (plan.kind !== 'rest') {
    const ev: ExchangeEvidence = plan.kind === 'none' ? { source: 'none', ...(plan.reason ? { reason: plan.reason } : {}) } : plan.evidence;
    return { sharedMailboxes: Promise.resolve(ev), all: Promise.resolve(ev) };
  }
  CMDLET_NAMES.forEach((c) => note(`exo:${c}`, 'running'));
  const rest = plan.connect({ tenantId, tenantDomain });
  const discovery = rest.discover();
  const cmdlets: Record<string, SourceRecord> = {};
  const evidence = async (): Promise<ExchangeEvidence> => ({ source: 'rest', ...(await discovery), cmdlets: { ...cmdlets } });
  const order = [...EXO_CMDLETS].sort((a, b) => Number(b.name === SHARED_MAILBOXES) - Number(a.name === SHARED_MAILBOXES));
  const runs = order.map(async (c) => {
    const r = await rest.run(c);
    cmdlets[c.name] = { pages: r.pages, ...(r.failure ? { failure: r.failure as SourceFailure } : {}) };
    note(`exo:${c.name}`, 'done');
  });
  return { sharedMailboxes: runs[0]!.then(evidence), all: Promise.all(runs).then(evidence) };
}

const SHARED_MAILBOXES = 'Get-Mailbox';

// One $batch round (or a few side by side) of `id in (…)` look-ups; their pages make up the `users`
// source, which the verdicts read as they read any collection.
async function lookUpUsers(graph: GraphAdapter, src: GraphSource, ids: string[]): Promise<SourceRecord> {
  const paths = directoryLookupPaths(ids);
  if (!paths.length) return { pages: [] };
  const res = await graph.batch(
    paths.map((path, i) => ({ id: `users:${i + 1}`, path })),
    '$batch: directory accounts the answers name',
  );
  const parts = await Promise.all(paths.map((_, i) => pageSource(graph, src, res.get(`users:${i + 1}`)!)));
  const failure = parts.find((p) => p.failure)?.failure;
  return { pages: parts.flatMap((p) => p.pages), ...(failure ? { failure } : {}) };
}

function assertSameTenant(ref: string | undefined, tenantId: string, verifiedDomains: string[]): void {
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
