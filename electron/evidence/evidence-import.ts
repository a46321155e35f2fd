import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { EvidenceAddVersionInput, EvidenceDetail, EvidenceImportInput, SniffedType } from '../../shared/contract/evidence';
import { formatBytes } from '../../shared/domain/bytes';
import { toIsoDate } from '../../shared/domain/dates';
import { EVIDENCE_KINDS } from '../../shared/domain/evidence-kinds';
import { conflict, invalid } from '../backend/app-error';
import type { Clock } from '../backend/ports';
import type { StoredUpload, TransferStore } from '../files/transfer-store';
import type { SettingsService } from '../settings/settings-service';
import type { Db } from '../store/database';
import { appendAudit } from '../store/audit-log';
import { blobInUse } from '../store/blob-references';
import { BlobLimitError, type BlobStore } from './blob-store';
import { EvidenceRepo, type ItemRow } from './evidence-repo';
import type { EvidenceLinks } from './evidence-links';
import type { EvidenceQueries } from './evidence-queries';
import { sniffFile } from './sniff';
import { blankToNull, versionAuditChanges, versionFields } from './version-fields';

// Uploads becoming evidence: a new item, or a new version of one. The file is streamed into the
// content-addressed store (so the same bytes are stored once), sniffed for what it really is, and recorded
// in one transaction; a failed import leaves no file behind.

interface Ingested {
  sha256: string;
  size: number;
  created: boolean;
  type: SniffedType;
  extensionMismatch: boolean;
  originalName: string;
}

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export interface EvidenceImportDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
  readonly blobs: Pick<BlobStore, 'put' | 'path' | 'remove'>;
  readonly settings: Pick<SettingsService, 'get'>;
  readonly transfers: Pick<TransferStore, 'withUpload'>;
  readonly reads: Pick<EvidenceQueries, 'itemRow' | 'versionsOf' | 'writableClient' | 'get'>;
  readonly links: Pick<EvidenceLinks, 'assertLinkable' | 'insertLink' | 'touchLinkedAssessments'>;
}

export class EvidenceImport {
  // Content hashes of imports between "file stored" and "rows committed", so a failed import never removes
  // a file another import is about to record.
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly s: EvidenceImportDeps) {}

  private get repo(): EvidenceRepo {
    return new EvidenceRepo(this.s.db);
  }

  private limitBytes(): number {
    return this.s.settings.get().evidence.maxFileMegabytes * 1024 * 1024;
  }

  // Refuses an empty or oversized upload before any work on it.
  private checkUpload(upload: StoredUpload) {
    if (upload.size === 0) throw invalid(`“${upload.fileName}” is empty (0 bytes). Choose the document itself.`);
    const limit = this.limitBytes();
    if (upload.size > limit) throw tooLarge(upload.fileName, limit);
    return upload;
  }

  // Stream the file into the content-addressed store and read what it really is.
  private async ingest(source: Readable, originalName: string): Promise<Ingested> {
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
  private async release(i: Pick<Ingested, 'sha256' | 'created'>, committed: boolean): Promise<void> {
    const n = (this.inFlight.get(i.sha256) ?? 1) - 1;
    if (n > 0) this.inFlight.set(i.sha256, n);
    else this.inFlight.delete(i.sha256);
    if (committed || !i.created || n > 0) return;
    if (!blobInUse(this.s.db, i.sha256)) await this.s.blobs.remove(i.sha256);
  }

  async importUpload(input: z.output<typeof EvidenceImportInput>): Promise<EvidenceDetail> {
    const client = this.s.reads.writableClient(input.clientId);
    return this.s.transfers.withUpload(input.uploadId, (upload) => this.importFile(client, input, upload));
  }

  private async importFile(
    client: { id: string },
    input: z.output<typeof EvidenceImportInput>,
    stored: StoredUpload,
  ): Promise<EvidenceDetail> {
    const upload = this.checkUpload(stored);
    const fields = versionFields(input, toIsoDate(this.s.clock.now()));
    if (input.link) this.s.links.assertLinkable(client.id, input.link.assessmentId, input.link.requirementId);
    const file = await this.ingest(createReadStream(upload.path), upload.fileName);
    const id = randomUUID();
    let committed = false;
    try {
      const now = this.s.clock.now().toISOString();
      const actor = this.s.actor();
      this.s.db.transaction(() => {
        this.s.reads.writableClient(client.id);
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
        appendAudit(this.s.db, {
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
        if (input.link) this.s.links.insertLink(id, input.title, input.link.assessmentId, input.link.requirementId, now, actor);
      })();
      committed = true;
    } finally {
      await this.release(file, committed);
    }
    return this.s.reads.get(id);
  }

  async addVersion(input: z.output<typeof EvidenceAddVersionInput>): Promise<EvidenceDetail> {
    const item = this.s.reads.itemRow(input.evidenceId);
    this.s.reads.writableClient(item.client_id);
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
    const fields = versionFields(input, toIsoDate(this.s.clock.now()));
    const file = await this.ingest(createReadStream(upload.path), upload.fileName);
    let committed = false;
    try {
      const now = this.s.clock.now().toISOString();
      const actor = this.s.actor();
      this.s.db.transaction(() => {
        const fresh = this.s.reads.itemRow(item.id);
        const versions = this.s.reads.versionsOf(item.id);
        const current = versions.find((v) => v.superseded_at === null)!;
        if (current.sha256 === file.sha256)
          throw conflict(`“${file.originalName}” is identical to the current version (v${current.version}) of “${fresh.title}”.`);
        const next = Math.max(...versions.map((v) => v.version)) + 1;
        this.repo.supersede(current.id, now);
        this.repo.insertVersion(item.id, next, file, fields, now, actor, null);
        this.repo.bumpItem(item.id, now);
        this.s.links.touchLinkedAssessments(item.id, now);
        appendAudit(this.s.db, {
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
    return this.s.reads.get(item.id);
  }
}

function tooLarge(fileName: string, limit: number) {
  return invalid(
    `“${fileName}” is larger than the ${formatBytes(limit)} limit for evidence files. Raise the limit in Settings › Evidence, or split the file.`,
  );
}
