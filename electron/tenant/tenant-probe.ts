import { readFile } from 'node:fs/promises';
import type { TenantRunResult } from '../../shared/contract/tenant';
import { AppError } from '../backend/app-error';
import type { BackendPorts, Clock } from '../backend/ports';
import type { ClientsService } from '../clients/clients-service';
import type { BlobStore } from '../evidence/blob-store';
import type { Db } from '../store/database';
import { CLOUDS } from '../probes/graph/clouds';
import type { TokenProvider } from '../probes/graph/graph-adapter';
import { RetryBudget, Limiter, DEFAULT_RETRY } from '../probes/graph/retry';
import { SignInRequiredError } from '../probes/graph/sign-in';
import { Transcript } from '../probes/graph/transcript';
import type { ExchangePlan, ProbeAbort } from './collect';
import { collection, scriptOutput } from './probe-modules';
import type { ExchangeEvidence } from './snapshot';
import type { TenantAccess } from './tenant-access';
import { TenantRepo } from './tenant-repo';
import type { TenantRuns } from './tenant-runs';

// A live probe of a client's tenant: tokens from the sign-in (or the host's supplied token), Graph and Exchange
// read through the host's routing, the latest imported Exchange script output standing in where the Exchange
// consent was refused, and the run recorded with its progress (tenant-runs.ts).

export interface TenantProbeDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly blobs: Pick<BlobStore, 'has' | 'path'>;
  readonly clients: Pick<ClientsService, 'get'>;
  readonly ports: Pick<BackendPorts, 'appVersion'>;
  readonly access: Pick<TenantAccess, 'app' | 'signIn' | 'client' | 'routing' | 'usableConnection'>;
  readonly runs: Pick<TenantRuns, 'progress' | 'record'>;
}

export class TenantProbe {
  private readonly repo: TenantRepo;

  constructor(private readonly s: TenantProbeDeps) {
    this.repo = new TenantRepo(s.db);
  }

  async runProbe(clientId: string, opts: { operationId?: string; exchange: 'none' | 'rest' }): Promise<TenantRunResult> {
    const c = this.s.access.client(clientId);
    const app = this.s.access.app();
    const [{ GraphAdapter }, { ExchangeRest }, { collectTenant, ProbeAbort }] = await collection();
    const op = opts.operationId;
    if (op) this.s.runs.progress.start(op);
    try {
      const { tokens, exchangeTokens, tenantHint, collectedBy } = await this.connectionFor(clientId, opts.exchange === 'rest');
      this.s.runs.progress.phase(op, 'collecting');
      const transcript = new Transcript(() => this.s.clock.now());
      transcript.onExchange(() => this.s.runs.progress.request(op));
      const { suppliedToken: supplied, endpoints: lab } = this.s.access.routing();
      const budget = new RetryBudget(supplied?.retry ?? lab?.retry ?? DEFAULT_RETRY);
      const sleep = supplied?.sleep ?? lab?.sleep;
      const graphBaseUrl = supplied?.graphBaseUrl ?? lab?.graphBaseUrl ?? CLOUDS[app.cloud].graph;
      const graph = new GraphAdapter({ baseUrl: graphBaseUrl, tokens, transcript, budget, limiter: new Limiter(4), sleep });
      const carried = this.carriedExchange(clientId, tenantHint);
      // Exchange is read on the same sign-in by default. Where the customer's admin refused the Exchange
      // consent, the latest imported script output stands in; without one the Exchange checks say so.
      const exchange: ExchangePlan =
        opts.exchange === 'rest' && exchangeTokens
          ? {
              kind: 'rest',
              connect: (t) =>
                new ExchangeRest({
                  baseUrl: supplied?.exchangeBaseUrl ?? lab?.exchangeBaseUrl ?? CLOUDS[app.cloud].exchange,
                  cloud: app.cloud,
                  tenantId: t.tenantId,
                  tenantDomain: t.tenantDomain,
                  tokens: exchangeTokens,
                  transcript,
                  budget,
                  sleep,
                }),
            }
          : carried
            ? { kind: 'evidence', evidence: await carried }
            : { kind: 'none', reason: opts.exchange === 'rest' ? 'consent-refused' : 'not-requested' };
      const snapshot = await collectTenant({
        graph,
        transcript,
        clock: this.s.clock,
        appVersion: this.s.ports.appVersion,
        cloud: app.cloud,
        graphBaseUrl,
        tenantRef: c.tenant,
        collectedBy,
        exchange,
        onSource: (key, state) => this.s.runs.progress.source(op, key, state),
      });
      // A carried-over script import from another tenant (the client's tenant changed) does not apply.
      if (snapshot.exchange.source === 'script' && snapshot.exchange.output.tenantId.toLowerCase() !== snapshot.tenantId.toLowerCase()) {
        snapshot.exchange = { source: 'none' };
      }
      return await this.s.runs.record(clientId, snapshot, op, { live: true });
    } catch (err) {
      const e = toAppError(err, ProbeAbort);
      this.s.runs.progress.phase(op, 'failed', e.message);
      throw e;
    }
  }

  private async connectionFor(clientId: string, wantExchange: boolean) {
    const t = this.s.access.routing().suppliedToken;
    if (t) {
      const tokens: TokenProvider = { getToken: async () => t.token };
      return {
        tokens,
        exchangeTokens: { getToken: async () => t.exchangeToken ?? t.token } as TokenProvider,
        tenantHint: this.s.clients.get(clientId).tenant,
        collectedBy: undefined,
      };
    }
    const conn = this.s.access.usableConnection(clientId);
    const auth = this.s.access.signIn();
    if (!conn || !(await auth.account(conn.homeAccountId))) {
      throw new AppError('forbidden', "Sign in to the client's Microsoft 365 tenant first.");
    }
    const tokens: TokenProvider = { getToken: (o) => auth.token(conn.homeAccountId, conn.tenantId, 'graph', o?.forceRefresh) };
    // Without the Exchange consent there is no Exchange token to ask for: the probe says so per check.
    const exchangeTokens: TokenProvider | undefined =
      wantExchange && conn.exchangeConsented
        ? { getToken: (o) => auth.token(conn.homeAccountId, conn.tenantId, 'exchange', o?.forceRefresh) }
        : undefined;
    return { tokens, exchangeTokens, tenantHint: conn.tenantId, collectedBy: conn.username };
  }

  private carriedExchange(clientId: string, tenantId: string | undefined): Promise<ExchangeEvidence> | undefined {
    const imp = this.repo.latestImport(clientId, tenantId && /^[0-9a-f-]{36}$/i.test(tenantId) ? tenantId : undefined);
    if (!imp || !this.s.blobs.has(imp.sha256)) return undefined;
    return (async () => {
      const { parseScriptFile } = await scriptOutput();
      const parsed = parseScriptFile(await readFile(this.s.blobs.path(imp.sha256)));
      if (!parsed.ok) return { source: 'none' } as const;
      return { source: 'script', fileName: imp.fileName, sha256: imp.sha256, importedAt: imp.importedAt, output: parsed.value } as const;
    })();
  }
}

function toAppError(err: unknown, probeAbort: typeof ProbeAbort): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof SignInRequiredError) return new AppError('forbidden', err.message);
  if (err instanceof probeAbort) {
    const code =
      err.code === 'unauthenticated'
        ? 'forbidden'
        : err.code === 'tenant-mismatch'
          ? 'conflict'
          : err.code === 'cancelled'
            ? 'cancelled'
            : 'unavailable';
    return new AppError(code, err.message);
  }
  return new AppError('unavailable', `The probe could not finish: ${(err as Error)?.message ?? String(err)}`.slice(0, 400));
}
