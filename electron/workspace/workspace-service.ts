import type { BackupDescription, BackupResult, RestoreResult, WorkspaceStatus } from '../../shared/contract/workspace';
import { toIsoDate } from '../../shared/domain/dates';
import { unavailable } from '../backend/app-error';
import type { EventHub } from '../backend/event-hub';
import type { BackendPorts, Clock } from '../backend/ports';
import type { BlobStore } from '../evidence/blob-store';
import type { TransferStore } from '../files/transfer-store';
import type { Logger } from '../logging/logger';
import type { Db } from '../store/database';
import { schemaVersion } from '../store/database';
import { LATEST_SCHEMA_VERSION } from '../store/migrations';
import { openBackup } from './backup-reader';
import { writeBackup, type BackupSummary } from './workspace-backup';
import { describeNonEmpty, isEmptyWorkspace } from './workspace-contents';
import { WorkspaceContentsRepo } from './workspace-contents-repo';
import type { WorkspaceLifecycle } from './workspace-lifecycle';
import { newerSchemaMessage, notEmptyMessage, restoreBackup } from './workspace-restore';

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export interface WorkspaceDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly log: Logger;
  readonly dataDir: string;
  readonly blobs: Pick<BlobStore, 'dir'>;
  readonly events: EventHub;
  readonly ports: Pick<BackendPorts, 'appVersion'>;
  readonly transfers: Pick<TransferStore, 'scratchPath' | 'registerDownload'>;
  // How the backend swaps its database under a restore (see createBackend); absent where restoring is not offered.
  readonly lifecycle?: WorkspaceLifecycle;
}

// Workspace backup and move: one file holding the database and the evidence store, restored on another
// computer into an empty workspace after every file has been checked against the backup's manifest.
export class WorkspaceService {
  private restoring = false;

  constructor(private readonly s: WorkspaceDeps) {}

  status(): WorkspaceStatus {
    const t = new WorkspaceContentsRepo(this.s.db).tally();
    return { empty: isEmptyWorkspace(t), ...t, schemaVersion: schemaVersion(this.s.db) };
  }

  backupFileName(): string {
    return `dcb1596-workspace-${toIsoDate(this.s.clock.now())}.zip`;
  }

  // The command line writes straight to the user's chosen path (atomically).
  backupTo(target: string, opts: { operationId?: string } = {}): Promise<BackupSummary> {
    return writeBackup(this.s, target, opts);
  }

  // The app writes to scratch space and offers the file as a download.
  async backupForDownload(opts: { operationId?: string } = {}): Promise<BackupResult> {
    const fileName = this.backupFileName();
    const target = await this.s.transfers.scratchPath(fileName);
    const r = await writeBackup(this.s, target, opts);
    const d = this.s.transfers.registerDownload(target, fileName, 'application/zip');
    this.s.log.info('workspace backup written', { files: r.manifest.files.length, bytes: r.size });
    return {
      downloadId: d.downloadId,
      fileName: d.fileName,
      size: r.size,
      ...r.manifest.counts,
      schemaVersion: r.manifest.schemaVersion,
      createdAt: r.manifest.createdAt,
      warnings: r.warnings,
    };
  }

  async describe(path: string, fileName: string): Promise<BackupDescription> {
    const backup = await openBackup(path);
    backup.close();
    const m = backup.manifest;
    const compatible = m.schemaVersion <= LATEST_SCHEMA_VERSION;
    const here = new WorkspaceContentsRepo(this.s.db).tally();
    const problem = !compatible
      ? newerSchemaMessage(m.schemaVersion)
      : !isEmptyWorkspace(here)
        ? notEmptyMessage(describeNonEmpty(here))
        : undefined;
    return {
      fileName,
      size: backup.size,
      createdAt: m.createdAt,
      appVersion: m.appVersion,
      schemaVersion: m.schemaVersion,
      contentBytes: backup.contentBytes,
      ...m.counts,
      compatible,
      ...(problem ? { problem } : {}),
    };
  }

  async restoreFrom(path: string, opts: { operationId?: string } = {}): Promise<RestoreResult> {
    if (!this.s.lifecycle) throw unavailable('Restoring is not available here.');
    if (this.restoring) throw unavailable('A restore is already running. Wait for it to finish.');
    this.restoring = true;
    try {
      const r = await restoreBackup(this.s, this.s.lifecycle, path, opts);
      this.s.log.info('workspace restored', { files: r.filesVerified, bytes: r.bytesVerified, fromSchema: r.backupSchemaVersion });
      return r;
    } finally {
      this.restoring = false;
    }
  }
}
