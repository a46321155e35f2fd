import type { clientImportChannels } from '../../shared/contract/client-import';
import type { HandlerMap } from '../backend/handler-types';
import type { ClientImportService } from './client-import';
import type { TransferStore } from '../files/transfer-store';

export function clientImportHandlers(s: {
  readonly clientImport: ClientImportService;
  readonly transfers: Pick<TransferStore, 'withUpload'>;
}): HandlerMap<keyof typeof clientImportChannels> {
  return {
    // Both keep the file: the preview is a look before the import, and the import's refresh of `client.`
    // reads re-runs the preview on the same upload (shared/contract/client-import.ts). It expires an hour
    // after its last use (files/transfer-store.ts).
    'client.importPreview': ({ uploadId, defaultRoute }) =>
      s.transfers.withUpload(uploadId, { discard: 'never' }, async (u) =>
        s.clientImport.preview(await s.clientImport.readFile(u.path), { fileName: u.fileName, defaultRoute }),
      ),
    'client.import': ({ uploadId, defaultRoute, expectRows }) =>
      s.transfers.withUpload(uploadId, { discard: 'never' }, async (u) =>
        s.clientImport.import(await s.clientImport.readFile(u.path), { fileName: u.fileName, defaultRoute, expectRows }),
      ),
  };
}
