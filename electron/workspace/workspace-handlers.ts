import type { workspaceChannels } from '../../shared/contract/workspace';
import type { HandlerMap } from '../backend/handler-types';
import type { TransferStore } from '../files/transfer-store';
import type { WorkspaceService } from './workspace-service';

export function workspaceHandlers(s: {
  readonly workspace: WorkspaceService;
  readonly transfers: Pick<TransferStore, 'upload' | 'withUpload'>;
}): HandlerMap<keyof typeof workspaceChannels> {
  return {
    'workspace.status': () => s.workspace.status(),
    'workspace.backup': ({ operationId }) => s.workspace.backupForDownload({ operationId }),
    // Describing a backup is a look before the restore that consumes the same upload.
    'workspace.describeBackup': ({ uploadId }) =>
      s.transfers.withUpload(uploadId, { discard: 'never' }, (u) => s.workspace.describe(u.path, u.fileName)),
    // The services are rebuilt over the restored database; the transfer store carries over.
    'workspace.restore': ({ uploadId, operationId }) =>
      s.transfers.withUpload(uploadId, (u) => s.workspace.restoreFrom(u.path, { operationId })),
  };
}
