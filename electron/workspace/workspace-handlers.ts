import type { workspaceChannels } from '../../shared/contract/workspace';
import type { HandlerMap } from '../backend/handler-types';
import type { TransferStore } from '../files/transfer-store';
import type { WorkspaceService } from './workspace-service';

export function workspaceHandlers(s: {
  readonly workspace: WorkspaceService;
  readonly transfers: Pick<TransferStore, 'upload' | 'discardUpload'>;
}): HandlerMap<keyof typeof workspaceChannels> {
  return {
    'workspace.status': () => s.workspace.status(),
    'workspace.backup': ({ operationId }) => s.workspace.backupForDownload({ operationId }),
    'workspace.describeBackup': ({ uploadId }) => {
      const u = s.transfers.upload(uploadId);
      return s.workspace.describe(u.path, u.fileName);
    },
    'workspace.restore': async ({ uploadId, operationId }) => {
      const u = s.transfers.upload(uploadId);
      const r = await s.workspace.restoreFrom(u.path, { operationId });
      // The services were rebuilt over the restored database; the transfer store carried over.
      await s.transfers.discardUpload(uploadId);
      return r;
    },
  };
}
