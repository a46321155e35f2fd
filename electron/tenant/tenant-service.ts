import type { Finding } from '../../shared/contract/findings';
import type { ConsentInfo, SignInMethod, TenantEvidence, TenantRunResult, TenantStatus } from '../../shared/contract/tenant';
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
import type { SignedIn } from '../probes/graph/sign-in';
import { ExchangeScript } from './exchange-script';
import type { ProgressBoard } from './progress';
import { SignInFlow } from './sign-in-flow';
import { TenantAccess } from './tenant-access';
import { TenantProbe } from './tenant-probe';
import { TenantRuns } from './tenant-runs';

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
  readonly transfers: Pick<TransferStore, 'withUpload' | 'registerDownload'>;
}

// The Microsoft 365 tenant probe as the handlers and the CLI see it, composed of its parts, one per job: how the
// app reaches a tenant (tenant-access.ts: app registration, MSAL sign-in, saved connection, the host's routing),
// signing in (sign-in-flow.ts), a live probe (tenant-probe.ts), the Exchange script and its import
// (exchange-script.ts), and the runs with their progress and evidence (tenant-runs.ts).
export class TenantService {
  readonly progress: ProgressBoard;
  private readonly signIns: SignInFlow;
  private readonly probe: TenantProbe;
  private readonly script: ExchangeScript;
  private readonly runs: TenantRuns;

  constructor(s: TenantDeps) {
    const { db, clock, log, events, blobs, clients, ports } = s;
    const actor = () => s.actor();
    const access = new TenantAccess({ db, log, clients, ports, secrets: s.secrets, settings: s.settings });
    const runs = new TenantRuns({ clock, events, blobs, findings: s.findings, transfers: s.transfers });
    this.runs = runs;
    this.progress = runs.progress;
    this.signIns = new SignInFlow({ db, clock, actor, log, events, clients, ports, secrets: s.secrets, access });
    this.probe = new TenantProbe({ db, clock, blobs, clients, ports, access, runs });
    this.script = new ExchangeScript({ db, clock, actor, blobs, ports, transfers: s.transfers, access, runs });
  }

  status(clientId: string): Promise<TenantStatus> {
    return this.signIns.status(clientId);
  }

  consent(clientId: string): ConsentInfo {
    return this.signIns.consent(clientId);
  }

  startSignIn(clientId: string, method: SignInMethod, includeExchange: boolean): Promise<TenantStatus> {
    return this.signIns.startSignIn(clientId, method, includeExchange);
  }

  // For the CLI: wait for the pending sign-in to finish.
  awaitSignIn(clientId: string): Promise<SignedIn> {
    return this.signIns.awaitSignIn(clientId);
  }

  cancelSignIn(clientId: string): Promise<TenantStatus> {
    return this.signIns.cancelSignIn(clientId);
  }

  signOut(clientId: string): Promise<TenantStatus> {
    return this.signIns.signOut(clientId);
  }

  runProbe(clientId: string, opts: { operationId?: string; exchange: 'none' | 'rest' }): Promise<TenantRunResult> {
    return this.probe.runProbe(clientId, opts);
  }

  scriptDownload(): { downloadId: string; fileName: string; size: number } {
    return this.script.scriptDownload();
  }

  importExchange(clientId: string, uploadId: string, operationId?: string): Promise<TenantRunResult> {
    return this.script.importExchange(clientId, uploadId, operationId);
  }

  reevaluate(runId: string, save: boolean): Promise<{ findings: Finding[]; run?: TenantRunResult['run'] }> {
    return this.runs.reevaluate(runId, save);
  }

  evidence(runId: string): Promise<TenantEvidence> {
    return this.runs.evidence(runId);
  }

  evidenceBody(runId: string, seq: number): Promise<{ body: string; truncated: boolean; contentType?: string }> {
    return this.runs.evidenceBody(runId, seq);
  }

  snapshotDownload(runId: string): { downloadId: string; fileName: string } {
    return this.runs.snapshotDownload(runId);
  }
}
