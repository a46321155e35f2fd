import type { Db } from '../store/database';
import type { Logger } from '../logging/logger';
import type { SecretStore } from '../secrets/secret-store';
import { TransferStore } from '../files/transfer-store';
import { ClientsService } from '../clients/clients-service';
import { SettingsService } from '../settings/settings-service';
import { FindingsService } from '../findings/findings-service';
import { DomainChecksService } from '../probes/domain/domain-checks-service';
import { BlobStore } from '../evidence/blob-store';
import { PortfolioService } from '../portfolio/portfolio-service';
import { CatalogueService } from '../catalogue/catalogue-service';
import { AssessmentsService } from '../assessments/assessments-service';
import { EvidenceService } from '../evidence/evidence-service';
import { WorkspaceService } from '../workspace/workspace-service';
import { ClientImportService } from '../clients/client-import';
import { TenantService } from '../probes/tenant/tenant-service';
import { StatementService } from '../statement/statement-service';
import { BundleService } from '../statement/bundle-service';
import type { EventHub } from './event-hub';
import type { BackendPorts, Clock } from './ports';

// The backend's wiring: ports from the host plus the domain services built on them. Handlers receive
// this container, and so do services, so there is one way to reach the clock, the log or the database.
export interface Services {
  readonly ports: BackendPorts;
  readonly db: Db;
  readonly clock: Clock;
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
  // Mail-domain checks (DNS + SMTP) and the NHS accredited-domains list.
  readonly domainChecks: DomainChecksService;
  readonly catalogue: CatalogueService;
  readonly assessments: AssessmentsService;
  readonly portfolio: PortfolioService;
  // The evidence library; also the assessments' source of evidence freshness.
  readonly evidence: EvidenceService;
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

export function buildServices(ports: BackendPorts, db: Db, events: EventHub): Services {
  const settings = new SettingsService(db, ports.clock, ports.log);
  // Domain services take the container itself; they are attached in dependency order below and only
  // reach each other at call time, never in constructors.
  const s = {
    ports,
    db,
    clock: ports.clock,
    log: ports.log,
    secrets: ports.secrets,
    dataDir: ports.dataDir,
    events,
    transfers: new TransferStore(ports.dataDir),
    blobs: new BlobStore(ports.dataDir),
    settings,
    actor: () => settings.actor(),
  } as Partial<Services> as Services;
  Object.assign(s, {
    clients: new ClientsService(s),
    findings: new FindingsService(s),
    domainChecks: new DomainChecksService(s),
    catalogue: new CatalogueService(s),
    assessments: new AssessmentsService(s),
    portfolio: new PortfolioService(s),
    evidence: new EvidenceService(s),
    clientImport: new ClientImportService(s),
    workspace: new WorkspaceService(s),
    tenant: new TenantService(s),
    statement: new StatementService(s),
    bundles: new BundleService(s),
  });
  s.evidence.start();
  s.catalogue.ensureBuiltIn();
  return s;
}
