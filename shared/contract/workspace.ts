import { z } from 'zod';
import { mutation, query } from './define';
import { Empty, IsoDateTime, OperationId } from './common';

// Moving a whole workspace to another laptop: one backup file (the database and every evidence file, with a
// manifest of SHA-256 hashes), restored only into an empty workspace. Sign-ins are not part of a backup: they
// are encrypted for this computer alone and are redone on the new one.

const WorkspaceCounts = z.object({
  clients: z.number().int().nonnegative(),
  assessments: z.number().int().nonnegative(),
  evidenceFiles: z.number().int().nonnegative(),
});
type WorkspaceCounts = z.infer<typeof WorkspaceCounts>;

export const WorkspaceStatus = z.object({
  // Restoring is allowed only when this is true: a backup never merges into existing work.
  empty: z.boolean(),
  clients: z.number().int().nonnegative(),
  assessments: z.number().int().nonnegative(),
  // Requirement catalogues loaded from a file (the built-in one does not count as work).
  loadedCatalogues: z.number().int().nonnegative(),
  schemaVersion: z.number().int().nonnegative(),
});
export type WorkspaceStatus = z.infer<typeof WorkspaceStatus>;

export const BackupResult = WorkspaceCounts.extend({
  downloadId: z.string(),
  fileName: z.string(),
  size: z.number().int().nonnegative(),
  schemaVersion: z.number().int().nonnegative(),
  createdAt: IsoDateTime,
  // Things worth knowing that did not stop the backup (e.g. an evidence file already altered on disk).
  warnings: z.array(z.string()),
});
export type BackupResult = z.infer<typeof BackupResult>;

// What a backup file says about itself, read before anything is restored.
export const BackupDescription = WorkspaceCounts.extend({
  fileName: z.string(),
  size: z.number().int().nonnegative(),
  createdAt: IsoDateTime,
  appVersion: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  // Bytes that will be written into the data folder.
  contentBytes: z.number().int().nonnegative(),
  // True when this app can restore it (not written by a newer version).
  compatible: z.boolean(),
  // Set when `compatible` is false, or when the workspace here is not empty.
  problem: z.string().optional(),
});
export type BackupDescription = z.infer<typeof BackupDescription>;

export const RestoreResult = WorkspaceCounts.extend({
  backupCreatedAt: IsoDateTime,
  backupAppVersion: z.string(),
  backupSchemaVersion: z.number().int().nonnegative(),
  // The schema after the normal migrations ran (higher than the backup's when it came from an older app).
  schemaVersion: z.number().int().nonnegative(),
  filesVerified: z.number().int().nonnegative(),
  bytesVerified: z.number().int().nonnegative(),
  audit: z.object({ ok: z.boolean(), entriesChecked: z.number().int().nonnegative(), problems: z.number().int().nonnegative() }),
  warnings: z.array(z.string()),
});
export type RestoreResult = z.infer<typeof RestoreResult>;

export const workspaceChannels = {
  'workspace.status': query(Empty, WorkspaceStatus),
  // Writes the backup to a temporary file and registers it as a download; progress via operationId.
  'workspace.backup': mutation(z.strictObject({ operationId: OperationId.optional() }), BackupResult, []),
  // Reads the manifest of an uploaded backup (quick; the full hash check happens during restore).
  'workspace.describeBackup': query(z.strictObject({ uploadId: z.uuid({ message: 'Unknown upload' }) }), BackupDescription),
  // Verifies every file against the manifest, then replaces the (empty) workspace with the backup's.
  'workspace.restore': mutation(
    z.strictObject({ uploadId: z.uuid({ message: 'Unknown upload' }), operationId: OperationId.optional() }),
    RestoreResult,
    // Everything cached describes the workspace that was replaced.
    [''],
  ),
} as const;
