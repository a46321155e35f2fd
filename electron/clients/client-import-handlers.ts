import type { clientImportChannels } from '../../shared/contract/client-import';
import type { HandlerMap } from '../backend/handler-types';
import type { ClientImportService } from './client-import';
import type { TransferStore } from '../files/transfer-store';

export function clientImportHandlers(s: {
  readonly clientImport: ClientImportService;
  readonly transfers: Pick<TransferStore, 'upload'>;
}): HandlerMap<keyof typeof clientImportChannels> {
  const source = async (uploadId: string) => {
    const u = s.transfers.upload(uploadId);
    return { bytes: await s.clientImport.readFile(u.path), fileName: u.fileName };
  };
  return {
    'client.importPreview': async ({ uploadId, defaultRoute }) => {
      const { bytes, fileName } = await source(uploadId);
      return s.clientImport.preview(bytes, { fileName, defaultRoute });
    },
    'client.import': async ({ uploadId, defaultRoute, expectRows }) => {
      const { bytes, fileName } = await source(uploadId);
      return s.clientImport.import(bytes, { fileName, defaultRoute, expectRows });
    },
  };
}
