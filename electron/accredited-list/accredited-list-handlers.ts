import type { domainCheckChannels } from '../../shared/contract/domain-checks';
import type { HandlerMap } from '../backend/handler-types';
import type { TransferStore } from '../files/transfer-store';
import type { AccreditedListService } from './accredited-list-service';

type AccreditedListChannel = Extract<keyof typeof domainCheckChannels, `domain.accreditedList.${string}`>;

export function accreditedListHandlers(s: {
  readonly accredited: Pick<AccreditedListService, 'current' | 'importFile' | 'lookup'>;
  readonly transfers: Pick<TransferStore, 'upload' | 'withUpload'>;
}): HandlerMap<AccreditedListChannel> {
  return {
    'domain.accreditedList.status': () => s.accredited.current(),
    'domain.accreditedList.import': ({ uploadId }) =>
      s.transfers.withUpload(uploadId, { discard: 'always' }, (upload) => s.accredited.importFile(upload.path, upload.fileName)),
    'domain.accreditedList.lookup': ({ domains }) => s.accredited.lookup(domains),
  };
}
