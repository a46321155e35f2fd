import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Finding } from '../../shared/contract/findings';
import type { Cloud } from '../../shared/contract/settings';
import type { ConsentInfo, SignInMethod, TenantEvidence, TenantRunResult, TenantStatus } from '../../shared/contract/tenant';
import { AppError, integrity, invalid, notFound } from '../backend/app-error';
import type { EventHub } from '../backend/event-hub';
import type { BackendPorts, Clock } from '../backend/ports';
import type { ClientsService } from '../clients/clients-service';
import type { BlobStore } from '../evidence/blob-store';
import type { TransferStore } from '../files/transfer-store';
import type { FindingsService } from '../findings/findings-service';
import type { Logger } from '../logging/logger';
import type { SecretStore } from '../secrets/secret-store';
import type { SettingsService } from '../settings/settings-service';
import type { Db } from '../store/database';
import { exchangeScriptPath, SCRIPT_FILE_NAME } from '../probes/exchange/script-file';
import { CLOUDS, exchangeScope, graphScopes, isTokenSafeBase } from '../probes/graph/clouds';
import type { TokenProvider } from '../probes/graph/graph-adapter';
import { RetryBudget, Limiter, DEFAULT_RETRY } from '../probes/graph/retry';
import {
  adminConsentUrl,
  DEFAULT_APP_ID,
  SignInRequiredError,
  TenantSignIn,
  type PendingSignIn,
  type SignedIn,
} from '../probes/graph/sign-in';
import { Transcript } from '../probes/graph/transcript';
import type { ExchangePlan, ProbeAbort } from './collect';
import { ProgressBoard } from './progress';
import type { ExchangeEvidence, TenantSnapshot } from './snapshot';
import { CONSENT_ROLES, EXCHANGE_CONSENT_WHY, EXCHANGE_ROLES, RUN_ROLES } from './sources';
import { TenantRepo, type Connection } from './tenant-repo';
import type { TenantRouting } from './routing';

// The probe itself (Graph and Exchange clients, collection, the snapshot format, facts and verdicts) loads on
// first use: starting the backend, which every command line call does, need not evaluate it (README, Benchmarks).
const collection = () =>
  Promise.all([import('../probes/graph/graph-adapter'), import('../probes/exchange/invoke-command'), import('./collect')]);
const scriptOutput = () => import('../probes/exchange/script-output');
const snapshots = () => import('./snapshot');
const verdicts = async () => {
  const [facts, rules] = await Promise.all([import('./facts'), import('./grading')]);
  return { extractFacts: facts.extractFacts, evaluate: rules.evaluate };
};

interface Pending {
  attemptId: string;
  method: SignInMethod;
  startedAt: string;
  browserUrl?: string;
  openedByHost: boolean;
  deviceCode?: { userCode: string; verificationUri: string; expiresAt: string; message: string };
  handle: PendingSignIn;
  done: Promise<SignedIn>;
}

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export interface TenantDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
  readonly log: Logger;
  readonly events: EventHub;
  readonly blobs: Pick<BlobStore, 'has' | 'path' | 'put' | 'verify'>;
  readonly clients: Pick<ClientsService, 'get'>;
  readonly findings: Pick<FindingsService, 'getRun' | 'listRuns' | 'recordRun' | 'snapshot'>;
  readonly ports: Pick<BackendPorts, 'appVersion' | 'openExternal' | 'probeRouting'>;
  readonly secrets: SecretStore;
  readonly settings: Pick<SettingsService, 'get'>;
  readonly transfers: Pick<TransferStore, 'upload' | 'withUpload' | 'registerDownload'>;
}

export class TenantService {
  readonly progress: ProgressBoard;
  private readonly repo: TenantRepo;
  private readonly pending = new Map<string, Pending>();
  private readonly lastError = new Map<string, string>();
  private auth?: { key: string; signIn: TenantSignIn };

  constructor(private readonly s: TenantDeps) {
    this.repo = new TenantRepo(s.db);
    this.progress = new ProgressBoard(s.events, () => s.clock.now());
  }

  // ---- configuration ----

  // Where the host sends the tenant probe instead (backend/ports.ts, probeRouting): the CLI's --token-env, the
  // test harnesses' fake Microsoft 365. Read at each use; a token is only ever sent to https, or to http on
  // loopback for a lab.
  private routing(): TenantRouting {
    const r = this.s.ports.probeRouting?.tenant ?? {};
    for (const url of [
      r.suppliedToken?.graphBaseUrl,
      r.suppliedToken?.exchangeBaseUrl,
      r.endpoints?.graphBaseUrl,
      r.endpoints?.exchangeBaseUrl,
    ]) {
      if (url && !isTokenSafeBase(url)) throw invalid(`Refusing to send a token to ${url}: use https, or http on 127.0.0.1 for a lab.`);
    }
    return r;
  }

  private app(): { clientId: string; cloud: Cloud; isDefault: boolean } {
    const t = this.s.settings.get().tenant;
    return { clientId: t.clientId || DEFAULT_APP_ID, cloud: t.cloud, isDefault: !t.clientId };
  }

  private signIn(): TenantSignIn {
    const app = this.app();
    const key = `${app.cloud}:${app.clientId}`;
    if (this.auth?.key !== key) {
      this.auth = {
        key,
        signIn: new TenantSignIn({
          appClientId: app.clientId,
          cloud: app.cloud,
          secrets: this.s.secrets,
          log: this.s.log,
          networkClient: this.s.ports.probeRouting?.tenant?.identityNetwork,
        }),
      };
    }
    return this.auth.signIn;
  }

  private client(clientId: string) {
    const c = this.s.clients.get(clientId);
    if (c.route !== 'o365') throw invalid('The Microsoft 365 tenant probe is for clients on the Microsoft 365 route.');
    return c;
  }

  // ---- status, consent ----

  async status(clientId: string): Promise<TenantStatus> {
    const c = this.s.clients.get(clientId);
    const app = this.app();
    const base = {
      clientId,
      ...(c.tenant ? { tenantRef: c.tenant } : {}),
      tokenStorage: { persistent: this.s.secrets.persistent, description: this.s.secrets.description },
      app: {
        clientId: app.clientId,
        isDefault: app.isDefault,
        // No app registration yet (the contract's name is older than the rule: nothing placeholder remains).
        isPlaceholder: !app.clientId,
        cloud: app.cloud,
      },
      ...(this.lastError.has(clientId) ? { lastError: this.lastError.get(clientId) } : {}),
    };
    if (this.s.ports.probeRouting?.tenant?.suppliedToken) {
      return {
        ...base,
        state: 'lab',
        account: {
          username: 'Supplied access token',
          tenantId: c.tenant ?? 'from the token',
          signedInAt: this.s.clock.now().toISOString(),
          method: 'browser',
          exchangeConsented: true,
        },
      };
    }
    const p = this.pending.get(clientId);
    if (p) {
      return {
        ...base,
        state: 'signing-in',
        pending: {
          method: p.method,
          startedAt: p.startedAt,
          openedByHost: p.openedByHost,
          ...(p.browserUrl ? { browserUrl: p.browserUrl } : {}),
          ...(p.deviceCode ? { deviceCode: p.deviceCode } : {}),
        },
      };
    }
    const conn = this.usableConnection(clientId);
    if (conn && (await this.signIn().account(conn.homeAccountId))) {
      return {
        ...base,
        state: 'signed-in',
        account: {
          username: conn.username,
          tenantId: conn.tenantId,
          signedInAt: conn.signedInAt,
          method: conn.method,
          exchangeConsented: conn.exchangeConsented,
        },
      };
    }
    const row = this.repo.connection(clientId);
    const forgotten =
      row && !this.lastError.has(clientId)
        ? row.appClientId !== app.clientId || row.cloud !== app.cloud
          ? 'The app registration or cloud changed in Settings since the last sign-in. Sign in again.'
          : this.s.secrets.persistent
            ? 'The saved sign-in has expired or was removed. Sign in again.'
            : 'Sign-ins are kept in memory only on this computer, so the last one ended with the session. Sign in again.'
        : undefined;
    return { ...base, state: 'signed-out', ...(forgotten ? { lastError: forgotten } : {}) };
  }

  private usableConnection(clientId: string): Connection | undefined {
    const conn = this.repo.connection(clientId);
    const app = this.app();
    return conn && conn.appClientId === app.clientId && conn.cloud === app.cloud ? conn : undefined;
  }

  consent(clientId: string): ConsentInfo {
    const c = this.s.clients.get(clientId);
    const app = this.app();
    const tenant = this.repo.connection(clientId)?.tenantId ?? c.tenant;
    return {
      // Never built without the firm's own app ID: a link with no real app behind it is a dead end.
      ...(app.clientId ? { url: adminConsentUrl({ cloud: app.cloud, appClientId: app.clientId, tenant, includeExchange: true }) } : {}),
      scopes: graphScopes(app.cloud).map((s) => s.replace(`${CLOUDS[app.cloud].graph}/`, '')),
      consentRoles: CONSENT_ROLES,
      runRoles: RUN_ROLES,
      exchangeRoles: EXCHANGE_ROLES,
      exchangeScope: exchangeScope(app.cloud).replace(`${CLOUDS[app.cloud].exchange}/`, ''),
      exchangeWhy: EXCHANGE_CONSENT_WHY,
    };
  }

  // ---- sign-in ----

  async startSignIn(clientId: string, method: SignInMethod, includeExchange: boolean): Promise<TenantStatus> {
    const c = this.client(clientId);
    if (this.pending.has(clientId)) return this.status(clientId);
    this.lastError.delete(clientId);
    if (!this.app().clientId)
      throw invalid(
        'Sign-in needs your firm’s Microsoft app registration. Register it once (Settings › Microsoft 365 sign-in), enter its application (client) ID there, then sign in.',
      );
    const auth = this.signIn();
    const app = this.app();
    const attemptId = randomUUID();
    let announce!: () => void;
    const ready = new Promise<void>((r) => (announce = r));
    const entry = { attemptId, method, startedAt: this.s.clock.now().toISOString(), openedByHost: false } as Pending;
    const opener = this.s.ports.openExternal;
    entry.handle =
      method === 'browser'
        ? auth.interactive({
            tenantRef: c.tenant,
            includeExchange,
            openBrowser: async (url) => {
              entry.browserUrl = url;
              if (opener) {
                try {
                  await opener(url);
                  entry.openedByHost = true;
                } catch (err) {
                  this.s.log.warn('could not open the system browser', { error: (err as Error).message });
                }
              }
              announce();
            },
          })
        : auth.deviceCode({
            tenantRef: c.tenant,
            includeExchange,
            onCode: (d) => {
              entry.deviceCode = {
                userCode: d.userCode,
                verificationUri: d.verificationUri,
                expiresAt: new Date(this.s.clock.now().getTime() + d.expiresInSeconds * 1000).toISOString(),
                message: d.message,
              };
              announce();
            },
          });
    entry.done = entry.handle.done;
    this.pending.set(clientId, entry);
    entry.done.then(
      (who) => {
        if (this.pending.get(clientId)?.attemptId !== attemptId) return;
        this.pending.delete(clientId);
        this.repo.saveConnection(
          {
            clientId,
            tenantId: who.tenantId,
            username: who.username,
            homeAccountId: who.homeAccountId,
            appClientId: app.clientId,
            cloud: app.cloud,
            method,
            exchangeConsented: who.exchangeConsented,
            signedInAt: this.s.clock.now().toISOString(),
          },
          this.s.actor(),
        );
        this.s.events.emit('data.changed', { prefixes: ['tenant.', 'audit.'] });
      },
      (err) => {
        if (this.pending.get(clientId)?.attemptId !== attemptId) return;
        this.pending.delete(clientId);
        this.lastError.set(clientId, describeSignInError(err, !app.clientId));
        this.s.log.warn('tenant sign-in failed', { clientId, error: (err as Error)?.message });
        this.s.events.emit('data.changed', { prefixes: ['tenant.'] });
      },
    );
    // Wait until there is something to show (the sign-in URL or the device code), or the attempt ends.
    await Promise.race([ready, entry.done.catch(() => undefined), new Promise((r) => setTimeout(r, 15_000))]);
    return this.status(clientId);
  }

  // For the CLI: wait for the pending sign-in to finish.
  async awaitSignIn(clientId: string): Promise<SignedIn> {
    const p = this.pending.get(clientId);
    if (!p) throw invalid('No sign-in is in progress.');
    try {
      return await p.done;
    } catch (err) {
      throw new AppError('forbidden', describeSignInError(err, !this.app().clientId));
    }
  }

  async cancelSignIn(clientId: string): Promise<TenantStatus> {
    const p = this.pending.get(clientId);
    if (p) {
      this.pending.delete(clientId);
      await p.handle.cancel();
      this.lastError.set(clientId, 'Sign-in cancelled.');
    }
    return this.status(clientId);
  }

  async signOut(clientId: string): Promise<TenantStatus> {
    this.s.clients.get(clientId);
    await this.cancelSignIn(clientId);
    const removed = this.repo.deleteConnection(clientId, this.s.actor(), this.s.clock.now().toISOString());
    // The MSAL account may serve other clients (one consultant, many tenants): forget it only when unused.
    if (removed && this.repo.connectionsFor(removed.homeAccountId).length === 0) await this.signIn().signOut(removed.homeAccountId);
    this.lastError.delete(clientId);
    return this.status(clientId);
  }

  // ---- probe ----

  async runProbe(clientId: string, opts: { operationId?: string; exchange: 'none' | 'rest' }): Promise<TenantRunResult> {
    const c = this.client(clientId);
    const app = this.app();
    const [{ GraphAdapter }, { ExchangeRest }, { collectTenant, ProbeAbort }] = await collection();
    const op = opts.operationId;
    if (op) this.progress.start(op);
    try {
      const { tokens, exchangeTokens, tenantHint, collectedBy } = await this.connectionFor(clientId, opts.exchange === 'rest');
      this.progress.phase(op, 'collecting');
      const transcript = new Transcript(() => this.s.clock.now());
      transcript.onExchange(() => this.progress.request(op));
      const { suppliedToken: supplied, endpoints: lab } = this.routing();
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
        onSource: (key, state) => this.progress.source(op, key, state),
      });
      // A carried-over script import from another tenant (the client's tenant changed) does not apply.
      if (snapshot.exchange.source === 'script' && snapshot.exchange.output.tenantId.toLowerCase() !== snapshot.tenantId.toLowerCase()) {
        snapshot.exchange = { source: 'none' };
      }
      return await this.record(clientId, snapshot, op, { live: true });
    } catch (err) {
      const e = toAppError(err, ProbeAbort);
      this.progress.phase(op, 'failed', e.message);
      throw e;
    }
  }

  private async connectionFor(clientId: string, wantExchange: boolean) {
    const t = this.routing().suppliedToken;
    if (t) {
      const tokens: TokenProvider = { getToken: async () => t.token };
      return {
        tokens,
        exchangeTokens: { getToken: async () => t.exchangeToken ?? t.token } as TokenProvider,
        tenantHint: this.s.clients.get(clientId).tenant,
        collectedBy: undefined,
      };
    }
    const conn = this.usableConnection(clientId);
    const auth = this.signIn();
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

  // A live probe's run spans the collection; an import or a re-evaluation is a new run now, over evidence
  // collected earlier (the snapshot keeps its own collection time).
  private async record(
    clientId: string,
    snapshot: TenantSnapshot,
    op: string | undefined,
    opts: { live: boolean; source?: string; bytes?: Buffer },
  ): Promise<TenantRunResult> {
    this.progress.phase(op, 'evaluating');
    const [{ serialiseSnapshot, parseSnapshot, snapshotFileName }, { extractFacts, evaluate }] = await Promise.all([
      snapshots(),
      verdicts(),
    ]);
    const stored = opts.bytes ?? serialiseSnapshot(snapshot);
    const findings = evaluate(extractFacts(parseSnapshot(stored)));
    this.progress.phase(op, 'saving');
    const source =
      opts.source ??
      (snapshot.exchanges.length ? 'graph' : '') +
        (snapshot.exchange.source === 'rest'
          ? '+exchange-rest'
          : snapshot.exchange.source === 'script'
            ? snapshot.exchanges.length
              ? '+customer-script'
              : 'customer-script'
            : '');
    const now = this.s.clock.now().toISOString();
    const run = await this.s.findings.recordRun({
      clientId,
      kind: 'tenant',
      target: snapshot.tenantId,
      source: source || 'graph',
      startedAt: opts.live ? snapshot.collectedAt : now,
      finishedAt: opts.live ? snapshot.finishedAt : now,
      findings,
      snapshot: { fileName: snapshotFileName(snapshot), bytes: stored },
    });
    this.progress.phase(op, 'done');
    return { run, tenantId: snapshot.tenantId, exchangeSource: snapshot.exchange.source };
  }

  // ---- Exchange script ----

  scriptDownload() {
    const path = exchangeScriptPath();
    if (!path) throw new AppError('unavailable', 'The Exchange collection script is missing from this installation.');
    const d = this.s.transfers.registerDownload(path, SCRIPT_FILE_NAME, 'text/plain');
    return { downloadId: d.downloadId, fileName: d.fileName, size: d.size };
  }

  async importExchange(clientId: string, uploadId: string, operationId?: string): Promise<TenantRunResult> {
    const c = this.client(clientId);
    // The file is stored as a blob once read, so the upload goes whatever the outcome.
    return this.s.transfers.withUpload(uploadId, { discard: 'always' }, async (upload) => {
      const [{ MAX_SCRIPT_FILE_BYTES, parseScriptFile }, { SNAPSHOT_FORMAT, SNAPSHOT_VERSION }] = await Promise.all([
        scriptOutput(),
        snapshots(),
      ]);
      if (upload.size > MAX_SCRIPT_FILE_BYTES) throw invalid('The file is larger than 50 MB; this is not the script output.');
      const bytes = await readFile(upload.path);
      const parsed = parseScriptFile(bytes);
      if (!parsed.ok) throw invalid(parsed.error);
      const out = parsed.value;
      const expected = this.usableConnection(clientId)?.tenantId ?? c.tenant;
      if (expected) {
        const e = expected.toLowerCase();
        const same = /^[0-9a-f-]{36}$/.test(e) ? e === out.tenantId.toLowerCase() : e === out.tenantDomain.toLowerCase();
        if (!same) {
          throw new AppError(
            'conflict',
            `This file is from tenant ${out.tenantDomain} (${out.tenantId}), but this client's tenant is ${expected}. Check you have the right customer's file.`,
          );
        }
      }
      const blob = await this.s.blobs.put(bytes);
      const imported = this.repo.recordImport(
        {
          clientId,
          tenantId: out.tenantId,
          sha256: blob.sha256,
          fileName: upload.fileName,
          collectedAt: out.collectedAt,
          importedAt: this.s.clock.now().toISOString(),
          scriptVersion: out.scriptVersion,
          moduleVersion: out.moduleVersion,
        },
        this.s.actor(),
      );
      if (operationId) this.progress.start(operationId);
      const evidence: ExchangeEvidence = {
        source: 'script',
        fileName: imported.fileName,
        sha256: imported.sha256,
        importedAt: imported.importedAt,
        output: out,
      };
      const base = await this.latestSnapshot(clientId, out.tenantId);
      const snapshot: TenantSnapshot = base
        ? { ...base, exchange: evidence }
        : {
            format: SNAPSHOT_FORMAT,
            formatVersion: SNAPSHOT_VERSION,
            appVersion: this.s.ports.appVersion,
            tenantId: out.tenantId,
            ...(c.tenant ? { tenantRef: c.tenant } : {}),
            cloud: this.app().cloud,
            graphBaseUrl: CLOUDS[this.app().cloud].graph,
            collectedAt: out.collectedAt,
            finishedAt: out.collectedAt,
            params: { signInsSince: out.collectedAt, signInWindowDays: 0 },
            exchanges: [],
            graph: {},
            exchange: evidence,
          };
      return await this.record(clientId, snapshot, operationId, { live: false });
    });
  }

  private async latestSnapshot(clientId: string, tenantId: string): Promise<TenantSnapshot | undefined> {
    const runs = this.s.findings
      .listRuns(clientId, { kind: 'tenant', limit: 20 })
      .filter((r) => r.target.toLowerCase() === tenantId.toLowerCase() && r.snapshot);
    for (const r of runs) {
      const snap = await this.loadSnapshot(r.id).catch(() => undefined);
      if (snap && snap.exchanges.length) return snap;
    }
    return undefined;
  }

  // ---- stored runs ----

  private async loadSnapshot(runId: string): Promise<TenantSnapshot> {
    return (await this.loadSnapshotFile(runId)).snapshot;
  }

  private async loadSnapshotFile(runId: string): Promise<{ snapshot: TenantSnapshot; bytes: Buffer }> {
    const run = this.s.findings.getRun(runId);
    if (run.kind !== 'tenant') throw invalid('This run is not a tenant probe.');
    if (!run.snapshot) throw notFound('The evidence snapshot of this run');
    const status = await this.s.blobs.verify(run.snapshot.sha256);
    if (status === 'missing') throw notFound('The evidence snapshot of this run');
    if (status === 'altered')
      throw integrity(`The stored snapshot ${run.snapshot.sha256.slice(0, 12)}… no longer matches its hash; it was changed on disk.`);
    const file = await this.s.findings.snapshot(runId);
    const { parseSnapshot } = await snapshots();
    try {
      return { snapshot: parseSnapshot(file!.bytes), bytes: file!.bytes };
    } catch {
      throw integrity('The stored snapshot cannot be read by this version of the app.');
    }
  }

  async reevaluate(runId: string, save: boolean): Promise<{ findings: Finding[]; run?: TenantRunResult['run'] }> {
    const { snapshot, bytes } = await this.loadSnapshotFile(runId);
    const { extractFacts, evaluate } = await verdicts();
    const findings = evaluate(extractFacts(snapshot));
    if (!save) return { findings };
    const original = this.s.findings.getRun(runId);
    // The same evidence file, byte for byte: the new run differs only in the rules applied to it.
    const r = await this.record(original.clientId, snapshot, undefined, {
      live: false,
      source: `${original.source.replace(/ \(re-evaluated\)$/, '')} (re-evaluated)`,
      bytes,
    });
    return { findings: r.run.findings, run: r.run };
  }

  async evidence(runId: string): Promise<TenantEvidence> {
    const snap = await this.loadSnapshot(runId);
    const run = this.s.findings.getRun(runId);
    const { extractFacts } = await verdicts();
    const facts = extractFacts(snap);
    return {
      runId,
      tenantId: snap.tenantId,
      collectedAt: snap.collectedAt,
      appVersion: snap.appVersion,
      sha256: run.snapshot!.sha256,
      fileName: run.snapshot!.fileName,
      exchangeSource: snap.exchange.source,
      ...(snap.exchange.source === 'script' ? { scriptCollectedAt: snap.exchange.output.collectedAt } : {}),
      exchanges: snap.exchanges.map((e) => ({
        seq: e.seq,
        method: e.method,
        url: e.url,
        ...(e.status !== undefined ? { status: e.status } : {}),
        ms: e.ms,
        size: e.body?.length ?? 0,
        ...(e.purpose ? { purpose: e.purpose } : {}),
        ...(e.error ? { error: e.error } : {}),
        startedAt: e.startedAt,
      })),
      emailDomains: facts.emailDomains.ok
        ? facts.emailDomains.value.map((d) => ({
            name: d.name,
            isDefault: d.isDefault,
            ...(d.expectedMx ? { expectedMx: d.expectedMx } : {}),
          }))
        : [],
    };
  }

  async evidenceBody(runId: string, seq: number) {
    const snap = await this.loadSnapshot(runId);
    const e = snap.exchanges[seq];
    if (!e) throw notFound('That request');
    const max = 256 * 1024;
    let body = e.body ?? '';
    // Pretty-print JSON for reading; the stored bytes are unchanged.
    try {
      body = JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      // Not JSON (an HTML page, a truncated answer): show as received.
    }
    return {
      body: body.slice(0, max),
      truncated: body.length > max || !!e.bodyTruncated,
      ...(e.headers?.['content-type'] ? { contentType: e.headers['content-type'] } : {}),
    };
  }

  snapshotDownload(runId: string) {
    const run = this.s.findings.getRun(runId);
    if (!run.snapshot) throw notFound('The evidence snapshot of this run');
    const d = this.s.transfers.registerDownload(this.s.blobs.path(run.snapshot.sha256), run.snapshot.fileName, 'application/json');
    return { downloadId: d.downloadId, fileName: d.fileName };
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

// MSAL errors are codes and AADSTS numbers; say what they mean for the consultant.
function describeSignInError(err: unknown, placeholderApp: boolean): string {
  const e = err as { errorCode?: string; errorMessage?: string; message?: string };
  const text = `${e?.errorCode ?? ''} ${e?.errorMessage ?? e?.message ?? ''}`;
  if (/access_denied|Cancelled/i.test(text)) return 'Sign-in was cancelled.';
  if (/AADSTS700016|AADSTS90002/.test(text) || (placeholderApp && /invalid_client|unauthorized_client/i.test(text))) {
    return placeholderApp
      ? 'This build has no Microsoft app registration yet. Enter your own app’s client ID in Settings › Microsoft 365 sign-in and try again.'
      : 'Microsoft does not know this app (client ID). Check the client ID in Settings › Microsoft 365 sign-in.';
  }
  if (/AADSTS65001|consent_required/i.test(text))
    return 'The app has not been granted consent in this tenant. Send the admin consent link to the customer’s administrator first.';
  if (/AADSTS50020|does not exist in tenant/i.test(text))
    return 'This account has no access to the client’s tenant. Sign in with an account from that tenant (or one invited as a guest or through GDAP).';
  if (/AADSTS53003|AADSTS50105/.test(text)) return 'The tenant’s policies blocked this sign-in (Conditional Access or app assignment).';
  if (/expired_token|AADSTS70019|device code.*expired/i.test(text)) return 'The device code expired before sign-in finished. Start again.';
  if (/AADSTS50199|AADSTS7000218|device.?code.*blocked/i.test(text))
    return 'The tenant blocks device code sign-in. Use the browser sign-in instead.';
  if (/ENOTFOUND|ECONNREFUSED|network|ETIMEDOUT/i.test(text))
    return 'Microsoft’s sign-in service could not be reached. Check the internet connection.';
  return `Sign-in failed: ${text.trim().slice(0, 200) || 'unknown error'}`;
}
