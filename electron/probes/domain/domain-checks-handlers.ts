import type { domainCheckChannels } from '../../../shared/contract/domain-checks';
import type { HandlerMap } from '../../backend/handler-types';
import type { TransferStore } from '../../files/transfer-store';
import type { DomainChecksService } from './domain-checks-service';

export function domainCheckHandlers(s: {
  readonly domainChecks: DomainChecksService;
  readonly transfers: Pick<TransferStore, 'upload' | 'discardUpload'>;
}): HandlerMap<keyof typeof domainCheckChannels> {
  return {
    'domain.check': (input, ctx) => s.domainChecks.check(input, ctx.signal),
    'domain.latest': ({ clientId }) => s.domainChecks.latest(clientId),
    'domain.accreditedList.status': () => s.domainChecks.accredited.current(),
    'domain.accreditedList.import': async ({ uploadId }) => {
      const upload = s.transfers.upload(uploadId);
      try {
        return await s.domainChecks.accredited.importFile(upload.path, upload.fileName);
      } finally {
        await s.transfers.discardUpload(uploadId);
      }
    },
    'domain.accreditedList.lookup': ({ domains }) => s.domainChecks.accredited.lookup(domains),
  };
}
