import type { Db } from '../store/database';
import type { Logger } from '../logging/logger';
import type { SecretStore } from '../secrets/secret-store';
import { TransferStore } from '../files/transfer-store';
import { ClientsService } from '../clients/clients-service';
import { SettingsService } from '../settings/settings-service';
import { FindingsService } from '../findings/findings-service';
import { AccreditedListService } from '../accredited-list/accredited-list-service';
import { DomainChecksService } from '../mail-domain/domain-checks-service';
import { BlobStore } from '../evidence/blob-store';
import { PortfolioService } from '../portfolio/portfolio-service';
import { BatchRenewalService } from '../portfolio/batch-renewal';
import { CatalogueService } from '../catalogue/catalogue-service';
import { AssessmentsService } from '../assessments/assessments-service';
import { EvidenceService } from '../evidence/evidence-service';
import { EvidenceQueries } from '../evidence/evidence-queries';
import { EvidenceLinks } from '../evidence/evidence-links';
import { EvidenceImport } from '../evidence/evidence-import';
import { EvidenceEdit } from '../evidence/evidence-edit';
import { EvidenceFiles } from '../evidence/evidence-files';
import { EvidenceIntegrity } from '../evidence/evidence-integrity';
import { ProbeEvidence } from '../evidence/probe-evidence';
import { WorkspaceService } from '../workspace/workspace-service';
import type { WorkspaceLifecycle } from '../workspace/workspace-lifecycle';
import { ClientImportService } from '../clients/client-import';
import { TenantService } from '../tenant/tenant-service';
import { StatementService } from '../statement/statement-service';
import { statementDetailsReader } from '../statement/statement-details';
import { BundleService } from '../bundle/bundle-service';
import type { EventHub } from './event-hub';
import { BackendClock, type BackendPorts } from './ports';

// The composition root. Each service declares the few things it uses (its …Deps interface); this is the one
// place that builds them, in dependency order, so a service used before it exists is a compile error, and
// the event wiring between services is written here rather than hidden in a service. What it returns is
// for the handlers (each takes only its own service), the hosts and tests; no service receives it.
export interface BackendServices {
  readonly ports: BackendPorts;
  readonly db: Db;
  readonly clock: BackendClock;
  readonly log: Logger;
  readonly secrets: SecretStore;
  readonly dataDir: string;
  readonly events: EventHub;
  readonly transfers: TransferStore;
  // Content-addressed files: evidence, probe snapshots, signature images.
  readonly blobs: BlobStore;
  readonly settings: SettingsService;
  readonly clients: ClientsService;
  readonly findings: FindingsService;
  // Mail-domain checks (DNS + SMTP), and the NHS accredited-domains list they look each domain up in.
  readonly domainChecks: DomainChecksService;
  readonly accredited: AccreditedListService;
  readonly catalogue: CatalogueService;
  readonly evidence: EvidenceService;
  readonly assessments: AssessmentsService;
  readonly portfolio: PortfolioService;
  // The firm's batch renewal run: re-check the domains of every client due, report changes and blockers.
  readonly renewals: BatchRenewalService;
  // Bulk client import from CSV.
  readonly clientImport: ClientImportService;
  // Workspace backup and restore (moving to another computer).
  readonly workspace: WorkspaceService;
  // Microsoft 365 tenant probe: sign-in, Graph and Exchange collection, verdicts.
  readonly tenant: TenantService;
  // The statement (details, preview, final issues) and its evidence bundles (export, verify, submission email).
  readonly statement: StatementService;
  readonly bundles: BundleService;
  actor(): string;
}

export interface CompositionOptions {
  // Carried over when the database is swapped under a restore, so upload and download IDs stay valid.
  readonly transfers?: TransferStore;
  // How the workspace service swaps the database (see createBackend).
  readonly lifecycle?: WorkspaceLifecycle;
}

export function buildServices(ports: BackendPorts, db: Db, events: EventHub, opts: CompositionOptions = {}): BackendServices {
  const { log, secrets, dataDir } = ports;
  const clock = new BackendClock(ports.clock);
  const transfers = opts.transfers ?? new TransferStore(dataDir);
  const blobs = new BlobStore(dataDir);
  const settings = new SettingsService(db, clock, log);
  const actor = () => settings.actor();
  const statementDetails = statementDetailsReader(db, log);

  const clients = new ClientsService({ db, clock, actor });
  const findings = new FindingsService({ db, actor, blobs, clients, events, ports });
  const catalogue = new CatalogueService({ db, clock, actor, transfers });
  const accredited = new AccreditedListService({ db, clock, actor, blobs, events });
  const domainChecks = new DomainChecksService({ accredited, clients, clock, events, findings, log, ports, settings });
  // The evidence library: its parts (each with its own …Deps), and the one service the handlers and peers see.
  const evidenceReads = new EvidenceQueries({ db, clock, blobs, clients });
  const evidenceLinks = new EvidenceLinks({ db, clock, actor, catalogue, reads: evidenceReads });
  const evidence = new EvidenceService({
    reads: evidenceReads,
    imports: new EvidenceImport({ db, clock, actor, blobs, settings, transfers, reads: evidenceReads, links: evidenceLinks }),
    edits: new EvidenceEdit({ db, clock, actor, reads: evidenceReads, links: evidenceLinks }),
    links: evidenceLinks,
    files: new EvidenceFiles({ blobs, transfers, reads: evidenceReads }),
    integrity: new EvidenceIntegrity({ db, clock, actor, blobs, clients, events, reads: evidenceReads }),
  });
  // Probe snapshots become evidence as runs are recorded.
  const probeEvidence = new ProbeEvidence({ db, clock, actor, blobs, catalogue, events, log });
  findings.onSnapshot(probeEvidence.onProbeSnapshot);
  const assessments = new AssessmentsService({
    db,
    clock,
    actor,
    blobs,
    catalogue,
    clients,
    evidence,
    findings,
    settings,
    statementDetails,
  });
  const portfolio = new PortfolioService({ db, clock, assessments, blobs, evidence });
  const renewals = new BatchRenewalService({ clock, events, log, assessments, clients, findings, domainChecks, portfolio });
  const statement = new StatementService({
    db,
    clock,
    actor,
    log,
    ports,
    assessments,
    blobs,
    catalogue,
    clients,
    evidence,
    findings,
    settings,
    statementDetails,
  });
  const bundles = new BundleService({
    db,
    clock,
    actor,
    log,
    dataDir,
    events,
    blobs,
    transfers,
    assessments,
    clients,
    evidence,
    statement,
  });
  const clientImport = new ClientImportService({ db, clock, actor, clients });
  const workspace = new WorkspaceService({ db, clock, log, dataDir, blobs, events, ports, transfers, lifecycle: opts.lifecycle });
  const tenant = new TenantService({ db, clock, actor, log, events, blobs, clients, findings, ports, secrets, settings, transfers });

  catalogue.ensureBuiltIn();
  return {
    ports,
    db,
    clock,
    log,
    secrets,
    dataDir,
    events,
    transfers,
    blobs,
    settings,
    clients,
    findings,
    domainChecks,
    accredited,
    catalogue,
    evidence,
    assessments,
    portfolio,
    renewals,
    clientImport,
    workspace,
    tenant,
    statement,
    bundles,
    actor,
  };
}
