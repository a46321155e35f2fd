import { randomUUID } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type {
  EvidenceAddVersionInput,
  EvidenceDetail,
  EvidenceImportInput,
  EvidenceItem,
  EvidenceUpdateInput,
  ExpiryFilter,
  FreshnessView,
  IntegrityStatus,
  RequirementEvidenceEntry,
  SniffedType,
  VersionMetadata,
} from '../../shared/contract/evidence';
import { applicableRequirements } from '../../shared/domain/catalogue/schema';
import { addDays, toIsoDate } from '../../shared/domain/dates';
import { EVIDENCE_KINDS, type EvidenceKind } from '../../shared/domain/evidence-kinds';
import { assessFreshness, type Freshness } from '../../shared/domain/freshness';
import type { EvidenceState } from '../../shared/domain/readiness';
import type { ProbeRunSummary } from '../../shared/contract/findings';
import { conflict, integrity, invalid, locked, notFound } from '../backend/app-error';
import type { EventHub } from '../backend/event-hub';
import type { Clock } from '../backend/ports';
import type { CatalogueService } from '../catalogue/catalogue-service';
import type { ClientsService } from '../clients/clients-service';
import type { BlobStore } from './blob-store';
import type { TransferStore } from '../files/transfer-store';
import type { Logger } from '../logging/logger';
import type { SettingsService } from '../settings/settings-service';
import type { Db } from '../store/database';
import type { EvidenceReadinessSource } from '../assessments/assessments-service';
import { formatBytes } from '../../shared/domain/bytes';
import { appendAudit, diffRecords, type AuditChange } from '../store/audit-log';
import { blobInUse } from '../store/blob-references';
import { AssessmentRepo, type AssessmentRow } from '../assessments/assessment-repo';
import { BlobLimitError } from './blob-store';
import {
  EvidenceRepo,
  effectiveVersion,
  groupBy,
  toLinkView,
  toVersion,
  type ItemRow,
  type LinkRow,
  type VersionFields,
  type VersionRow,
} from './evidence-repo';
import type { StoredUpload } from '../files/transfer-store';
import { sniffFile } from './sniff';
import { EvidenceIntegrity } from './evidence-integrity';
import { recordProbeSnapshot } from './probe-evidence';
import { previewVersion } from './evidence-preview';
import { DOWNLOAD_MIME } from './sniff';

interface Ingested {
  sha256: string;
  size: number;
  created: boolean;
  type: SniffedType;
  extensionMismatch: boolean;
  originalName: string;
}

const blankToNull = (v: string | undefined | null): string | null => (v === undefined || v === null || v.trim() === '' ? null : v.trim());

// How version fields are named in the audit trail and the API.
const VERSION_FIELD_NAMES: Record<keyof VersionFields, string> = {
  collected_at: 'collectedAt',
  issue_date: 'issueDate',
  expiry_date: 'expiryDate',
  document_version: 'documentVersion',
  approved_by: 'approvedBy',
  approval_date: 'approvalDate',
  note: 'note',
};

const FRESHNESS_ORDER: Record<Freshness, number> = { missing: 0, expired: 1, expiring: 2, current: 3 };

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export interface EvidenceDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
  readonly blobs: BlobStore;
  readonly catalogue: Pick<CatalogueService, 'get'>;
  readonly clients: Pick<ClientsService, 'get'>;
  readonly events: Pick<EventHub, 'emit'>;
  readonly log: Logger;
  readonly settings: Pick<SettingsService, 'get'>;
  readonly transfers: Pick<TransferStore, 'upload' | 'withUpload' | 'registerDownload'>;
}

export class EvidenceService implements EvidenceReadinessSource {
  // Content hashes of imports between "file stored" and "rows committed", so a failed import never removes
  // a file another import is about to record.
  private readonly inFlight = new Map<string, number>();
  readonly integrity: EvidenceIntegrity;

  constructor(private readonly s: EvidenceDeps) {
    this.integrity = new EvidenceIntegrity(s, this);
  }

  private get db() {
    return this.s.db;
  }

  // Public for the integrity checks and probe snapshots (evidence-integrity.ts, probe-evidence.ts).
  get repo() {
    return new EvidenceRepo(this.s.db);
  }

  private today(): string {
    return toIsoDate(this.s.clock.now());
  }

  limitBytes(): number {
    return this.s.settings.get().evidence.maxFileMegabytes * 1024 * 1024;
  }

  // ---------------------------------------------------------------- reads

  itemRow(id: string): ItemRow {
    const r = this.repo.item(id);
    if (!r) throw notFound('The evidence item');
    return r;
  }

  versionsOf(evidenceId: string): VersionRow[] {
    return this.repo.versions(evidenceId);
  }

  linksOf(evidenceId: string): LinkRow[] {
    return this.repo.linksOfItem(evidenceId);
  }

  private assessmentRow(id: string): AssessmentRow {
    const a = new AssessmentRepo(this.db).get(id);
    if (!a) throw notFound('The assessment');
    return a;
  }

  // Cheap check used on every read: a stored file that is gone or has changed size is reported at once;
  // a same-size edit is caught by the next full re-hash (verify, or before an export).
  quickIntegrity(v: Pick<VersionRow, 'sha256' | 'size' | 'integrity'>): IntegrityStatus {
    let size: number | undefined;
    try {
      size = statSync(this.s.blobs.path(v.sha256), { throwIfNoEntry: false })?.size;
    } catch {
      size = undefined;
    }
    if (size === undefined) return 'missing';
    if (size !== v.size) return 'altered';
    return v.integrity;
  }

  freshnessOf(kind: EvidenceKind, v: VersionRow, referenceDate: string): FreshnessView {
    return assessFreshness(
      {
        kind,
        collectedAt: v.collected_at,
        issueDate: v.issue_date ?? undefined,
        expiryDate: v.expiry_date ?? undefined,
        integrity: this.quickIntegrity(v),
      },
      referenceDate,
    );
  }

  private assemble(item: ItemRow, current: VersionRow, versionCount: number, links: LinkRow[]): EvidenceItem {
    const signed = links.filter((l) => l.status === 'signed');
    return {
      id: item.id,
      clientId: item.client_id,
      title: item.title,
      kind: item.kind,
      owner: item.owner ?? undefined,
      notes: item.notes ?? undefined,
      source: item.source,
      revision: item.revision,
      createdAt: item.created_at,
      updatedAt: item.updated_at,
      current: toVersion({ ...current, integrity: this.quickIntegrity(current) }, signed),
      versionCount,
      freshness: this.freshnessOf(item.kind, current, this.today()),
      links: links.map(toLinkView),
      frozenBy: [...new Set(signed.map((l) => l.cycle))].sort(),
    };
  }

  get(id: string): EvidenceDetail {
    const item = this.itemRow(id);
    const versions = this.versionsOf(id);
    const links = this.linksOf(id);
    const current = versions.find((v) => v.superseded_at === null) ?? versions[versions.length - 1]!;
    const signed = links.filter((l) => l.status === 'signed');
    return {
      ...this.assemble(item, current, versions.length, links),
      versions: versions.map((v) => toVersion({ ...v, integrity: this.quickIntegrity(v) }, signed)).sort((a, b) => b.version - a.version),
    };
  }

  list(input: { clientId: string; kind?: EvidenceKind; freshness?: Freshness; expiry?: ExpiryFilter; search?: string }): EvidenceItem[] {
    this.s.clients.get(input.clientId);
    const term = input.search?.trim().toLowerCase();
    const like = term ? `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const rows = this.repo.search(input.clientId, input.kind ?? null, like);
    const current = this.repo.currentVersionsOfClient(input.clientId);
    const counts = this.repo.versionCountsOfClient(input.clientId);
    const links = groupBy(this.repo.linksOfClient(input.clientId), (l) => l.evidence_id);
    return rows
      .map((r) => this.assemble(r, current.get(r.id)!, counts.get(r.id) ?? 1, links.get(r.id) ?? []))
      .filter((e) => !input.freshness || e.freshness.freshness === input.freshness)
      .filter((e) => matchesExpiry(e.freshness, input.expiry));
  }

  forRequirement(assessmentId: string, requirementId: string): RequirementEvidenceEntry[] {
    const a = this.assessmentRow(assessmentId);
    const links = this.repo.linksOfRequirement(assessmentId, requirementId);
    return links
      .map((l) => {
        const item = this.itemRow(l.evidence_id);
        const versions = this.versionsOf(item.id);
        const allLinks = this.linksOf(item.id);
        const signed = allLinks.filter((x) => x.status === 'signed');
        const current = versions.find((v) => v.superseded_at === null)!;
        const v = effectiveVersion(versions, l);
        return {
          item: this.assemble(item, current, versions.length, allLinks),
          version: toVersion({ ...v, integrity: this.quickIntegrity(v) }, signed),
          versions: versions
            .map((x) => toVersion({ ...x, integrity: this.quickIntegrity(x) }, signed))
            .sort((x, y) => y.version - x.version),
          freshness: this.freshnessOf(item.kind, v, a.planned_submission_date),
          linkedAt: l.linked_at,
          linkedBy: l.linked_by,
        };
      })
      .sort(
        (x, y) =>
          FRESHNESS_ORDER[x.freshness.freshness] - FRESHNESS_ORDER[y.freshness.freshness] || x.item.title.localeCompare(y.item.title),
      );
  }

  // EvidenceReadinessSource: what readiness needs, judged at the planned submission date. A signed
  // assessment is judged on the versions it was signed with.
  // One query per assessment: the portfolio asks this for every client's current cycle.
  statesForAssessment(assessmentId: string, plannedSubmissionDate: string): EvidenceState[] {
    const rows = this.repo.linkedVersions(assessmentId);
    const byLink = groupBy(rows, (r) => `${r.l_requirement_id}\u0000${r.l_evidence_id}`);
    return [...byLink.values()].map((versions) => {
      const first = versions[0]!;
      const v = effectiveVersion(versions, { status: first.a_status, locked_at: first.a_locked_at });
      const f = this.freshnessOf(first.i_kind, v, plannedSubmissionDate);
      return {
        requirementId: first.l_requirement_id,
        evidenceId: first.l_evidence_id,
        title: first.i_title,
        kind: first.i_kind,
        fileName: v.original_name,
        freshness: f.freshness,
        expiresAt: f.validUntil,
      };
    });
  }

  // ---------------------------------------------------------------- writes

  private clientForWrite(clientId: string) {
    const client = this.s.clients.get(clientId);
    if (client.archived) throw conflict(`${client.legalName} is archived. Restore the client before changing its evidence.`);
    return client;
  }

  // Refuses an empty or oversized upload before any work on it.
  private checkUpload(upload: StoredUpload) {
    if (upload.size === 0) throw invalid(`“${upload.fileName}” is empty (0 bytes). Choose the document itself.`);
    const limit = this.limitBytes();
    if (upload.size > limit) throw tooLarge(upload.fileName, limit);
    return upload;
  }

  // Normalise a version's dates and texts; dates in the future are refused (a day of slack for time zones).
  private versionFields(input: z.output<typeof VersionMetadata>, keepCollectedAt?: string): VersionFields {
    const latest = addDays(this.today(), 1);
    const issues: { path: string; message: string }[] = [];
    const future = (path: string, label: string, v: string | null) => {
      if (v && v.slice(0, 10) > latest) issues.push({ path, message: `${label} cannot be in the future` });
    };
    const collected = blankToNull(input.collectedAt) ?? keepCollectedAt ?? this.today();
    const fields: VersionFields = {
      collected_at: collected,
      issue_date: blankToNull(input.issueDate),
      expiry_date: blankToNull(input.expiryDate),
      document_version: blankToNull(input.documentVersion),
      approved_by: blankToNull(input.approvedBy),
      approval_date: blankToNull(input.approvalDate),
      note: blankToNull(input.note),
    };
    future('collectedAt', 'The collection date', fields.collected_at);
    future('issueDate', 'The issue date', fields.issue_date);
    future('approvalDate', 'The approval date', fields.approval_date);
    if (issues.length) throw invalid(issues.map((i) => i.message).join('; ') + '.', issues);
    return fields;
  }

  // Stream the file into the content-addressed store and read what it really is.
  async ingest(source: Readable, originalName: string): Promise<Ingested> {
    const limit = this.limitBytes();
    let stored;
    try {
      stored = await this.s.blobs.put(source, { limitBytes: limit });
    } catch (err) {
      if (err instanceof BlobLimitError) throw tooLarge(originalName, limit);
      throw err;
    }
    this.inFlight.set(stored.sha256, (this.inFlight.get(stored.sha256) ?? 0) + 1);
    const ingested = { sha256: stored.sha256, size: stored.size, created: stored.created === true, originalName };
    try {
      if (stored.size === 0) throw invalid(`“${originalName}” is empty (0 bytes). Choose the document itself.`);
      return { ...ingested, ...(await sniffFile(this.s.blobs.path(stored.sha256), originalName)) };
    } catch (err) {
      await this.release(ingested, false);
      throw err;
    }
  }

  // After the rows are committed (or not): a file this import created and nothing records is removed, so
  // a failed import leaves no trace in the store.
  async release(i: Pick<Ingested, 'sha256' | 'created'>, committed: boolean): Promise<void> {
    const n = (this.inFlight.get(i.sha256) ?? 1) - 1;
    if (n > 0) this.inFlight.set(i.sha256, n);
    else this.inFlight.delete(i.sha256);
    if (committed || !i.created || n > 0) return;
    if (!blobInUse(this.db, i.sha256)) await this.s.blobs.remove(i.sha256);
  }

  async importUpload(input: z.output<typeof EvidenceImportInput>): Promise<EvidenceDetail> {
    const client = this.clientForWrite(input.clientId);
    return this.s.transfers.withUpload(input.uploadId, (upload) => this.importFile(client, input, upload));
  }

  private async importFile(
    client: { id: string },
    input: z.output<typeof EvidenceImportInput>,
    stored: StoredUpload,
  ): Promise<EvidenceDetail> {
    const upload = this.checkUpload(stored);
    const fields = this.versionFields(input);
    if (input.link) this.assertLinkable(client.id, input.link.assessmentId, input.link.requirementId);
    const file = await this.ingest(createReadStream(upload.path), upload.fileName);
    const id = randomUUID();
    let committed = false;
    try {
      const now = this.s.clock.now().toISOString();
      const actor = this.s.actor();
      this.db.transaction(() => {
        this.clientForWrite(client.id);
        this.repo.insertItem({
          id,
          clientId: client.id,
          title: input.title,
          kind: input.kind,
          owner: blankToNull(input.owner),
          notes: blankToNull(input.notes),
          source: input.source,
          at: now,
        });
        this.repo.insertVersion(id, 1, file, fields, now, actor, null);
        appendAudit(this.db, {
          chain: client.id,
          actor,
          at: now,
          action: 'evidence.add',
          entityType: 'evidence',
          entityId: id,
          summary: `Added evidence “${input.title}” (${EVIDENCE_KINDS[input.kind]}; ${file.originalName}, ${formatBytes(file.size)})${
            file.extensionMismatch ? ' — its content does not match its file extension' : ''
          }`,
          changes: [
            { field: 'title', from: null, to: input.title },
            { field: 'kind', from: null, to: input.kind },
            { field: 'sha256', from: null, to: file.sha256 },
            { field: 'sniffedType', from: null, to: file.type },
            ...versionAuditChanges(undefined, fields),
            ...(input.owner ? [{ field: 'owner', from: null, to: input.owner }] : []),
          ],
        });
        if (input.link) this.insertLink(id, input.title, input.link.assessmentId, input.link.requirementId, now, actor);
      })();
      committed = true;
    } finally {
      await this.release(file, committed);
    }
    return this.get(id);
  }

  async addVersion(input: z.output<typeof EvidenceAddVersionInput>): Promise<EvidenceDetail> {
    const item = this.itemRow(input.evidenceId);
    this.clientForWrite(item.client_id);
    if (item.probe_key)
      throw conflict('This is an automatic probe snapshot: it gets a new version each time the check runs. Add your file as its own item.');
    return this.s.transfers.withUpload(input.uploadId, (upload) => this.addVersionFile(item, input, upload));
  }

  private async addVersionFile(
    item: ItemRow,
    input: z.output<typeof EvidenceAddVersionInput>,
    stored: StoredUpload,
  ): Promise<EvidenceDetail> {
    const upload = this.checkUpload(stored);
    const fields = this.versionFields(input);
    const file = await this.ingest(createReadStream(upload.path), upload.fileName);
    let committed = false;
    try {
      const now = this.s.clock.now().toISOString();
      const actor = this.s.actor();
      this.db.transaction(() => {
        const fresh = this.itemRow(item.id);
        const versions = this.versionsOf(item.id);
        const current = versions.find((v) => v.superseded_at === null)!;
        if (current.sha256 === file.sha256)
          throw conflict(`“${file.originalName}” is identical to the current version (v${current.version}) of “${fresh.title}”.`);
        const next = Math.max(...versions.map((v) => v.version)) + 1;
        this.repo.supersede(current.id, now);
        this.repo.insertVersion(item.id, next, file, fields, now, actor, null);
        this.repo.bumpItem(item.id, now);
        this.touchLinkedAssessments(item.id, now);
        appendAudit(this.db, {
          chain: fresh.client_id,
          actor,
          at: now,
          action: 'evidence.version',
          entityType: 'evidence',
          entityId: item.id,
          summary: `New version v${next} of “${fresh.title}” (${file.originalName}, ${formatBytes(file.size)}); v${current.version} kept as history`,
          changes: [
            { field: 'version', from: current.version, to: next },
            { field: 'sha256', from: current.sha256, to: file.sha256 },
            ...versionAuditChanges(current, fields),
          ],
        });
      })();
      committed = true;
    } finally {
      await this.release(file, committed);
    }
    return this.get(item.id);
  }

  update(input: z.output<typeof EvidenceUpdateInput>): EvidenceDetail {
    const now = this.s.clock.now().toISOString();
    const actor = this.s.actor();
    this.db.transaction(() => {
      const item = this.itemRow(input.id);
      this.clientForWrite(item.client_id);
      if (item.revision !== input.revision) throw conflict('This evidence changed since you opened it. Reload and try again.');
      const versions = this.versionsOf(item.id);
      const current = versions.find((v) => v.superseded_at === null)!;
      const links = this.linksOf(item.id);
      const signed = links.filter((l) => l.status === 'signed');
      const fields = this.versionFields(input, current.collected_at);
      const itemBefore = { title: item.title, kind: item.kind, owner: item.owner, notes: item.notes };
      const itemAfter = { title: input.title, kind: input.kind, owner: blankToNull(input.owner), notes: blankToNull(input.notes) };
      const itemChanges = diffRecords(itemBefore, itemAfter);
      const versionChanges = versionAuditChanges(current, fields);
      if (itemChanges.length === 0 && versionChanges.length === 0) return;

      const frozenItem = itemChanges.some((c) => c.field === 'title' || c.field === 'kind');
      if (frozenItem && signed.length) {
        throw locked(
          `“${item.title}” supports the signed ${cycles(signed)} assessment, so its title and kind can no longer change. Unlock that assessment first.`,
        );
      }
      const pinnedBy = toVersion(current, signed).pinnedBy;
      if (versionChanges.length && pinnedBy.length) {
        throw locked(
          `Version ${current.version} of “${item.title}” is part of the signed ${pinnedBy.join(' and ')} assessment, so its details can no longer change. Add a new version instead — the signed assessment keeps the one it was signed with.`,
        );
      }
      this.repo.updateItem(item.id, itemAfter, now);
      if (versionChanges.length) this.repo.updateVersionFields(current.id, fields);
      if (frozenItem || versionChanges.length) this.touchLinkedAssessments(item.id, now);
      const changes = [...itemChanges, ...versionChanges];
      appendAudit(this.db, {
        chain: item.client_id,
        actor,
        at: now,
        action: 'evidence.update',
        entityType: 'evidence',
        entityId: item.id,
        summary: `Edited evidence “${itemAfter.title}”: ${changes.map((c) => c.field).join(', ')}`,
        changes,
      });
    })();
    return this.get(input.id);
  }

  private assertLinkable(clientId: string, assessmentId: string, requirementId: string): AssessmentRow {
    const a = this.assessmentRow(assessmentId);
    if (a.client_id !== clientId)
      throw invalid('That assessment belongs to another client.', [{ path: 'assessmentId', message: 'Another client' }]);
    if (a.status === 'signed')
      throw locked(`The ${a.cycle} assessment is signed and locked, so its evidence cannot change. Unlock it first.`);
    const known = applicableRequirements(this.s.catalogue.get(a.catalogue_version), a.route, { includeLegacy: true }).some(
      (r) => r.id === requirementId,
    );
    if (!known)
      throw invalid(`${requirementId} is not part of the ${a.cycle} assessment (${a.route} route).`, [
        { path: 'requirementId', message: 'Not in this assessment' },
      ]);
    return a;
  }

  // Any change to what a not-yet-signed assessment relies on sends "ready for sign-off" back to draft, as
  // every other edit to the assessment does: signatories must see what they sign.
  private touchAssessment(assessmentId: string, now: string): void {
    new AssessmentRepo(this.db).touch(assessmentId, now, { unlessSigned: true });
  }

  private touchLinkedAssessments(evidenceId: string, now: string): void {
    for (const id of this.repo.linkedAssessmentIds(evidenceId)) this.touchAssessment(id, now);
  }

  private insertLink(evidenceId: string, title: string, assessmentId: string, requirementId: string, now: string, actor: string): boolean {
    const item = this.itemRow(evidenceId);
    const a = this.assertLinkable(item.client_id, assessmentId, requirementId);
    if (!this.repo.insertLink(evidenceId, assessmentId, requirementId, now, actor)) return false;
    this.touchAssessment(assessmentId, now);
    appendAudit(this.db, {
      chain: item.client_id,
      actor,
      at: now,
      action: 'evidence.link',
      entityType: 'evidence',
      entityId: evidenceId,
      summary: `${a.cycle} ${requirementId}: attached evidence “${title}”`,
      changes: [{ field: `links.${a.cycle}`, from: null, to: requirementId }],
    });
    return true;
  }

  // One write to an item's links, in one transaction, refused when its client cannot be written to.
  private writeLinks(evidenceId: string, write: (item: ItemRow, now: string, actor: string) => void): EvidenceDetail {
    const now = this.s.clock.now().toISOString();
    const actor = this.s.actor();
    this.db.transaction(() => {
      const item = this.itemRow(evidenceId);
      this.clientForWrite(item.client_id);
      write(item, now, actor);
    })();
    return this.get(evidenceId);
  }

  link(evidenceId: string, assessmentId: string, requirementId: string): EvidenceDetail {
    return this.writeLinks(evidenceId, (item, now, actor) => {
      this.insertLink(evidenceId, item.title, assessmentId, requirementId, now, actor);
    });
  }

  unlink(evidenceId: string, assessmentId: string, requirementId: string): EvidenceDetail {
    return this.writeLinks(evidenceId, (item, now, actor) => {
      const a = this.assessmentRow(assessmentId);
      if (a.client_id !== item.client_id) throw invalid('That assessment belongs to another client.');
      if (a.status === 'signed')
        throw locked(`The ${a.cycle} assessment is signed and locked, so its evidence cannot change. Unlock it first.`);
      if (!this.repo.deleteLink(evidenceId, assessmentId, requirementId)) return;
      this.touchAssessment(assessmentId, now);
      appendAudit(this.db, {
        chain: item.client_id,
        actor,
        at: now,
        action: 'evidence.unlink',
        entityType: 'evidence',
        entityId: evidenceId,
        summary: `${a.cycle} ${requirementId}: detached evidence “${item.title}” (it stays in the library)`,
        changes: [{ field: `links.${a.cycle}`, from: requirementId, to: null }],
      });
    });
  }

  // Renewal: last cycle's evidence, linked to the same requirements of the new cycle (those it still has).
  // Runs inside the renewal's transaction. Freshness is never stored: the new cycle judges each item's current
  // version at its own planned submission date, so last year's pen test shows as expired there, while the
  // signed cycle keeps judging the version it was signed with and is not touched at all.
  carryOver(fromAssessmentId: string, toAssessmentId: string): number {
    const now = this.s.clock.now().toISOString();
    const actor = this.s.actor();
    return this.db.transaction(() => {
      const from = this.assessmentRow(fromAssessmentId);
      const to = this.assessmentRow(toAssessmentId);
      if (from.client_id !== to.client_id) throw invalid('Both assessments must belong to the same client.');
      if (to.status === 'signed') throw locked(`The ${to.cycle} assessment is signed and locked, so its evidence cannot change.`);
      const applicable = new Set(applicableRequirements(this.s.catalogue.get(to.catalogue_version), to.route).map((r) => r.id));
      const links = this.repo.linksToCarry(from.id);
      const carried = links.filter(
        (l) => applicable.has(l.requirement_id) && this.repo.insertLink(l.evidence_id, to.id, l.requirement_id, now, actor),
      );
      if (carried.length === 0) return 0;
      this.touchAssessment(to.id, now);
      const key = (requirementId: string, evidenceId: string) => `${requirementId}\u0000${evidenceId}`;
      const carriedKeys = new Set(carried.map((l) => key(l.requirement_id, l.evidence_id)));
      const lapsed = this.statesForAssessment(to.id, to.planned_submission_date).filter(
        (e) => carriedKeys.has(key(e.requirementId, e.evidenceId)) && (e.freshness === 'expired' || e.freshness === 'missing'),
      );
      const dropped = links.length - carried.length;
      appendAudit(this.db, {
        chain: to.client_id,
        actor,
        at: now,
        action: 'evidence.carry-over',
        entityType: 'assessment',
        entityId: to.id,
        summary:
          `${to.cycle}: carried ${carried.length} evidence link${carried.length === 1 ? '' : 's'} over from ${from.cycle}` +
          (lapsed.length
            ? `; ${lapsed.length} no longer count${lapsed.length === 1 ? 's' : ''} by the planned submission on ${to.planned_submission_date} and need${lapsed.length === 1 ? 's' : ''} a new version`
            : '') +
          (dropped > 0 ? `; ${dropped} not carried (already linked, or the requirement is no longer in this cycle)` : ''),
        changes: carried.map((l) => ({ field: `links.${to.cycle}`, from: null, to: `${l.requirement_id}: ${l.title}` })),
      });
      return carried.length;
    })();
  }

  // ---------------------------------------------------------------- integrity

  verify(clientId: string, operationId?: string) {
    return this.integrity.verifyClient(clientId, operationId);
  }

  // For the bundle export: re-hash what the assessment relies on. See EvidenceIntegrity.verifyForExport.
  verifyForExport(assessmentId: string) {
    return this.integrity.verifyForExport(assessmentId);
  }

  assertExportable(assessmentId: string) {
    return this.integrity.assertExportable(assessmentId);
  }

  // ---------------------------------------------------------------- files

  private version(evidenceId: string, versionId?: string): VersionRow {
    const versions = this.versionsOf(evidenceId);
    const v = versionId ? versions.find((x) => x.id === versionId) : versions.find((x) => x.superseded_at === null);
    if (!v) throw notFound('That version of the evidence');
    return v;
  }

  preview(evidenceId: string, versionId?: string) {
    this.itemRow(evidenceId);
    return previewVersion(this.s.blobs, this.version(evidenceId, versionId));
  }

  download(evidenceId: string, versionId?: string): { downloadId: string; fileName: string } {
    this.itemRow(evidenceId);
    const v = this.version(evidenceId, versionId);
    if (!this.s.blobs.has(v.sha256))
      throw integrity(`The stored file of “${v.original_name}” is missing from the evidence folder. Run the integrity check for details.`);
    const d = this.s.transfers.registerDownload(this.s.blobs.path(v.sha256), v.original_name, DOWNLOAD_MIME[v.sniffed_type]);
    return { downloadId: d.downloadId, fileName: d.fileName };
  }

  // ---------------------------------------------------------------- probe snapshots

  // Probe snapshots become evidence as runs are recorded: the composition root subscribes this to the
  // findings service, so it runs inside FindingsService.recordRun.
  readonly onProbeSnapshot = (run: ProbeRunSummary, snapshot: { sha256: string; size: number; fileName: string }): void => {
    try {
      if (recordProbeSnapshot(this.s, this, run, snapshot)) this.s.events.emit('data.changed', { prefixes: ['evidence.'] });
    } catch (err) {
      // The probe run itself is already stored; losing its evidence copy must not fail the probe.
      this.s.log.error('could not record probe snapshot as evidence', { runId: run.id, error: String((err as Error)?.message ?? err) });
    }
  };

  applicableForRun(clientId: string): { assessmentId: string; cycle: number; requirements: { id: string; checks: string[] }[] }[] {
    return new AssessmentRepo(this.db).unsignedFor(clientId).map((a) => ({
      assessmentId: a.id,
      cycle: a.cycle,
      requirements: applicableRequirements(this.s.catalogue.get(a.catalogue_version), a.route).map((r) => ({ id: r.id, checks: r.checks })),
    }));
  }
}

function tooLarge(fileName: string, limit: number) {
  return invalid(
    `“${fileName}” is larger than the ${formatBytes(limit)} limit for evidence files. Raise the limit in Settings › Evidence, or split the file.`,
  );
}

function cycles(links: LinkRow[]): string {
  return [...new Set(links.map((l) => l.cycle))].sort().join(' and ');
}

function versionAuditChanges(before: VersionFields | undefined, after: VersionFields): AuditChange[] {
  const rename = (f: VersionFields | undefined) =>
    f ? Object.fromEntries(Object.entries(VERSION_FIELD_NAMES).map(([k, name]) => [name, f[k as keyof VersionFields]])) : undefined;
  return diffRecords(rename(before), rename(after)!).filter((c) => before !== undefined || c.to !== null);
}

function matchesExpiry(f: FreshnessView, filter: ExpiryFilter | undefined): boolean {
  if (!filter) return true;
  const days = f.daysLeft;
  switch (filter) {
    case 'expired':
      return f.freshness === 'expired';
    case 'next-60-days':
      return days !== undefined && days >= 0 && days <= 60;
    case 'next-12-months':
      return days !== undefined && days >= 0 && days <= 365;
    case 'no-expiry':
      return f.validUntil === undefined;
  }
}
