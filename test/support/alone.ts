import { rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../electron/store/database';
import { notFound } from '../../electron/backend/app-error';
import type { EventHub } from '../../electron/backend/event-hub';
import type { ClientsService } from '../../electron/clients/clients-service';
import type { CatalogueService } from '../../electron/catalogue/catalogue-service';
import type { EvidenceService } from '../../electron/evidence/evidence-service';
import type { AssessmentsService } from '../../electron/assessments/assessments-service';
import type { PortfolioService } from '../../electron/portfolio/portfolio-service';
import type { PortfolioOverview } from '../../shared/contract/portfolio';
import type { AssessmentDetail, AssessmentSummary } from '../../shared/contract/assessments';
import type { Readiness } from '../../shared/domain/readiness';
import builtInCatalogue from '../../resources/catalogue/dcb1596.json' with { type: 'json' };
import { validateCatalogue } from '../../shared/domain/catalogue/validate';
import type { Catalogue } from '../../shared/domain/catalogue/schema';
import type { EvidenceState } from '../../shared/domain/readiness';
import type { FindingsService, RecordRunInput } from '../../electron/findings/findings-service';
import type { SettingsService } from '../../electron/settings/settings-service';
import {
  uploadGoes,
  type DownloadInfo,
  type StoredUpload,
  type TransferStore,
  type UploadInfo,
  type UploadLifetime,
} from '../../electron/files/transfer-store';
import type { EventName, EventPayload } from '../../shared/contract/events';
import type { Client } from '../../shared/contract/clients';
import type { Logger } from '../../electron/logging/logger';
import type { ProbeRunSummary } from '../../shared/contract/findings';
import { Settings } from '../../shared/contract/settings';
import { FakeClock, tempDir } from './temp-backend';

// What a service built alone (without createBackend) is given where it owns tables: a real SQLite file in a
// temp directory, migrated as the app migrates it, and a fixed clock. Peers are the small fakes below.
export interface AloneStore {
  readonly dir: string;
  readonly db: Db;
  readonly clock: FakeClock;
  actor(): string;
  // A client row, so the tables that reference clients accept this client's rows; the service under test
  // still learns about the client only from its fake `clients` peer.
  seedClient(over?: Partial<Client>): Client;
  // An assessment row (draft) on a catalogue version already stored (see FakeCatalogue).
  seedAssessment(a: { clientId: string; cycle: number; catalogueVersion: string; plannedSubmissionDate: string }): string;
  dispose(): void;
}

export const ALONE_ACTOR = 'Alex Alone';

// A client as the clients peer returns it (a fresh ID, one domain, Microsoft 365, not archived, not sample).
export function makeClient(over: Partial<Client> = {}): Client {
  const id = over.id ?? randomUUID();
  return {
    id,
    legalName: 'Alone Care Ltd',
    odsCode: 'AL000',
    cqcLocationIds: [],
    domains: [`alone-${id.slice(0, 8)}.example.test`],
    route: 'o365',
    sites: [],
    contacts: [],
    archived: false,
    sample: false,
    revision: 1,
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-11-01T09:00:00.000Z',
    ...over,
  };
}

export function aloneStore(): AloneStore {
  const dir = tempDir('dcb-alone-');
  const clock = new FakeClock();
  const db = openDatabase(join(dir, 'workspace.db'), { now: () => clock.now() });
  let seeded = 0;
  return {
    dir,
    db,
    clock,
    actor: () => ALONE_ACTOR,
    seedClient(over = {}) {
      seeded += 1;
      const client = makeClient({ legalName: `Alone Care ${seeded} Ltd`, odsCode: `AL${String(seeded).padStart(3, '0')}`, ...over });
      const at = client.createdAt;
      db.prepare(
        `INSERT INTO clients (id, legal_name, ods_code, route, archived, sample, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(client.id, client.legalName, client.odsCode, client.route, client.archived ? 1 : 0, client.sample ? 1 : 0, at, at);
      const domain = db.prepare('INSERT INTO client_domains (client_id, domain, position) VALUES (?, ?, ?)');
      client.domains.forEach((d, i) => domain.run(client.id, d, i));
      return client;
    },
    seedAssessment(a) {
      const id = randomUUID();
      const at = clock.now().toISOString();
      db.prepare(
        `INSERT INTO assessments (id, client_id, cycle, catalogue_version, route, status, planned_submission_date, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'o365', 'draft', ?, ?, ?)`,
      ).run(id, a.clientId, a.cycle, a.catalogueVersion, a.plannedSubmissionDate, at, at);
      return id;
    },
    dispose() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The event hub as a service sees it: records what was emitted.
export class RecordingEvents implements Pick<EventHub, 'emit'> {
  readonly emitted: { name: EventName; payload: unknown }[] = [];
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.emitted.push({ name, payload });
  }
}

// The clients peer: answers from a fixed list and records which IDs were asked for.
export class FakeClients implements Pick<ClientsService, 'get'> {
  readonly asked: string[] = [];
  constructor(private readonly clients: readonly Client[]) {}
  get(id: string): Client {
    this.asked.push(id);
    const c = this.clients.find((x) => x.id === id);
    if (!c) throw notFound('The client');
    return c;
  }
}

// The settings peer: the defaults, with any section replaced.
export class FakeSettings implements Pick<SettingsService, 'get'> {
  reads = 0;
  private readonly value: Settings;
  constructor(over: Partial<Settings> = {}) {
    this.value = { ...Settings.parse({}), ...over };
  }
  get(): Settings {
    this.reads += 1;
    return this.value;
  }
}

// The transfer store: uploads are files staged by the test, downloads and discards are recorded.
export class FakeTransfers implements Pick<TransferStore, 'upload' | 'withUpload' | 'registerDownload' | 'scratchPath'> {
  readonly discarded: string[] = [];
  readonly downloads: (DownloadInfo & { path: string })[] = [];
  private readonly uploads = new Map<string, UploadInfo & { path: string }>();
  constructor(private readonly dir: string) {}

  stage(fileName: string, content: string | Uint8Array): string {
    const uploadId = randomUUID();
    const path = join(this.dir, `upload-${uploadId}`);
    writeFileSync(path, content);
    this.uploads.set(uploadId, { uploadId, fileName, size: Buffer.byteLength(content), path });
    return uploadId;
  }
  upload(uploadId: string): UploadInfo & { path: string } {
    const u = this.uploads.get(uploadId);
    if (!u) throw notFound('The uploaded file');
    return u;
  }
  // The store's own lifetime rule decides what goes; the fake only records it.
  async withUpload<T>(
    uploadId: string,
    a: UploadLifetime | ((upload: StoredUpload) => Promise<T> | T),
    b?: (upload: StoredUpload) => Promise<T> | T,
  ): Promise<T> {
    const [lifetime, work] = typeof a === 'function' ? [{}, a] : [a, b!];
    const upload = this.upload(uploadId);
    try {
      const value = await work(upload);
      if (uploadGoes(lifetime, { failed: false })) this.discard(uploadId);
      return value;
    } catch (err) {
      if (uploadGoes(lifetime, { failed: true, err })) this.discard(uploadId);
      throw err;
    }
  }
  private discard(uploadId: string): void {
    this.discarded.push(uploadId);
    this.uploads.delete(uploadId);
  }
  registerDownload(path: string, fileName: string, mimeType: string): DownloadInfo {
    const info = { downloadId: randomUUID(), fileName, size: 0, mimeType };
    this.downloads.push({ ...info, path });
    return info;
  }
  async scratchPath(name: string): Promise<string> {
    const dir = join(this.dir, 'scratch');
    await mkdir(dir, { recursive: true });
    return join(dir, name);
  }
}

// The findings peer: runs held in memory, in the order recorded; the latest is the last per (kind, target).
export class FakeFindings implements Pick<FindingsService, 'getRun' | 'latestRuns' | 'listRuns' | 'recordRun' | 'snapshot'> {
  readonly runs: ProbeRunSummary[] = [];
  readonly recorded: RecordRunInput[] = [];
  readonly snapshotsAsked: string[] = [];

  add(run: Omit<ProbeRunSummary, 'id'>): ProbeRunSummary {
    const stored = { ...run, id: randomUUID() };
    this.runs.push(stored);
    return stored;
  }
  async recordRun(input: RecordRunInput): Promise<ProbeRunSummary> {
    this.recorded.push(input);
    const { snapshot, ...run } = input;
    return this.add({ ...run, ...(snapshot ? { snapshot: { sha256: 'f'.repeat(64), fileName: snapshot.fileName } } : {}) });
  }
  getRun(id: string): ProbeRunSummary {
    const r = this.runs.find((x) => x.id === id);
    if (!r) throw notFound('The probe run');
    return r;
  }
  listRuns(clientId: string): ProbeRunSummary[] {
    return this.runs.filter((r) => r.clientId === clientId).reverse();
  }
  latestRuns(clientId: string): ProbeRunSummary[] {
    const latest = new Map(this.runs.filter((r) => r.clientId === clientId).map((r) => [`${r.kind} ${r.target}`, r]));
    return [...latest.values()];
  }
  async snapshot(runId: string): Promise<undefined> {
    this.snapshotsAsked.push(runId);
    return undefined;
  }
}

// The catalogue peer: the catalogue shipped with the app, as the only version. Given a database, it also
// stores that version's row, which assessments reference.
export class FakeCatalogue implements Pick<CatalogueService, 'activeVersion' | 'get'> {
  readonly catalogue: Catalogue;
  constructor(db?: Db) {
    const r = validateCatalogue(builtInCatalogue);
    if (!r.ok) throw new Error(r.errors[0]);
    this.catalogue = r.catalogue;
    const c = this.catalogue;
    db?.prepare(
      `INSERT INTO catalogues (version, title, published_at, sha256, json, source, loaded_at, active) VALUES (?, ?, ?, ?, ?, 'built-in', ?, 1)`,
    ).run(c.version, c.title, c.publishedAt, 'a'.repeat(64), JSON.stringify(builtInCatalogue), c.publishedAt);
  }
  activeVersion(): string {
    return this.catalogue.version;
  }
  get(version?: string): Catalogue {
    if (version && version !== this.catalogue.version) throw notFound(`Catalogue version ${version}`);
    return this.catalogue;
  }
}

// The evidence peer as readiness sees it: the states the test sets, and a record of what was asked.
export class FakeEvidence implements Pick<EvidenceService, 'statesForAssessment' | 'carryOver'> {
  states: EvidenceState[] = [];
  readonly asked: [assessmentId: string, plannedSubmissionDate: string][] = [];
  readonly carried: [from: string, to: string][] = [];
  statesForAssessment(assessmentId: string, plannedSubmissionDate: string): EvidenceState[] {
    this.asked.push([assessmentId, plannedSubmissionDate]);
    return this.states;
  }
  carryOver(fromAssessmentId: string, toAssessmentId: string): number {
    this.carried.push([fromAssessmentId, toAssessmentId]);
    return 0;
  }
}

// A draft assessment's detail as the assessments peer returns it: the readiness figures and failing checks
// a test chooses, everything else empty.
export function fakeDetail(a: {
  id: string;
  clientId: string;
  cycle: number;
  plannedSubmissionDate: string;
  percent: number;
  blockers?: string[];
  failingChecks?: number;
  catalogueVersion?: string;
}): AssessmentDetail {
  const at = '2026-11-01T09:00:00.000Z';
  const blockers = (a.blockers ?? []).map((message) => ({
    kind: 'unanswered' as const,
    severity: 'blocker' as const,
    requirementIds: [],
    message,
  }));
  const readiness: Readiness = {
    ready: blockers.length === 0,
    readyForSignoff: blockers.length === 0,
    blockers,
    warnings: [],
    sections: [],
    percent: a.percent,
    counts: { blockers: blockers.length, warnings: 0, blockersBeforeSignoff: blockers.length, answered: 0, total: 0 },
  };
  const assessment: AssessmentSummary = {
    id: a.id,
    clientId: a.clientId,
    cycle: a.cycle,
    status: 'draft',
    catalogueVersion: a.catalogueVersion ?? 'fake',
    route: 'o365',
    plannedSubmissionDate: a.plannedSubmissionDate,
    revision: 1,
    outcome: { stage: 'not-sent', summary: 'Not sent yet', findings: [], openFindings: 0, allowed: [] },
    renewalUndoable: false,
    percent: a.percent,
    blockerCount: blockers.length,
    warningCount: 0,
    createdAt: at,
    updatedAt: at,
  };
  const failing = Array.from({ length: a.failingChecks ?? 0 }, (_, i) => ({
    runId: `run-${i}`,
    check: 'dns.dmarc' as const,
    status: 'fail' as const,
    summary: 'No DMARC record',
    observedAt: at,
    kind: 'domain' as const,
  }));
  return { assessment, clientRoute: 'o365', requirements: [], responses: [], findings: failing, readiness, signoffs: [], proposals: [] };
}

// The assessments peer: details the test adds, and a record of which were asked for.
export class FakeAssessments implements Pick<AssessmentsService, 'detail' | 'get' | 'list' | 'readiness'> {
  readonly asked: string[] = [];
  private readonly details = new Map<string, AssessmentDetail>();
  add(d: AssessmentDetail): void {
    this.details.set(d.assessment.id, d);
  }
  detail(id: string): AssessmentDetail {
    this.asked.push(id);
    const d = this.details.get(id);
    if (!d) throw notFound('The assessment');
    return d;
  }
  get(id: string): AssessmentSummary {
    return this.detail(id).assessment;
  }
  readiness(id: string): Readiness {
    return this.detail(id).readiness;
  }
  list(clientId: string): AssessmentSummary[] {
    return [...this.details.values()].map((d) => d.assessment).filter((a) => a.clientId === clientId);
  }
}

// The portfolio peer: one overview, whatever is asked, and how often it was asked.
export class FakePortfolio implements Pick<PortfolioService, 'overview'> {
  calls = 0;
  constructor(private readonly value: PortfolioOverview) {}
  overview(): PortfolioOverview {
    this.calls += 1;
    return this.value;
  }
}

// A logger that keeps its warnings (the other levels are dropped).
export class RecordingLog implements Logger {
  readonly warnings: string[] = [];
  debug(): void {}
  info(): void {}
  warn(message: string): void {
    this.warnings.push(message);
  }
  error(): void {}
}
