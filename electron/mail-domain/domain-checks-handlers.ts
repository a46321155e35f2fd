import type { domainCheckChannels } from '../../shared/contract/domain-checks';
import type { HandlerMap } from '../backend/handler-types';
import type { TransferStore } from '../files/transfer-store';
import type { DomainChecksService } from './domain-checks-service';

export function domainCheckHandlers(s: {
  readonly domainChecks: DomainChecksService;
  readonly transfers: Pick<TransferStore, 'upload' | 'withUpload'>;
}): HandlerMap<keyof typeof domainCheckChannels> {
  return {
    'domain.check': (input, ctx) => s.domainChecks.check(input, ctx.signal),
    'domain.checkOne': async (input) => {
      const { report, run } = await s.domainChecks.checkOne(input);
      return { report, runId: run?.id ?? null };
    },
    'domain.latest': ({ clientId }) => s.domainChecks.latest(clientId),
    'domain.accreditedList.status': () => s.domainChecks.accredited.current(),
    'domain.accreditedList.import': ({ uploadId }) =>
      s.transfers.withUpload(uploadId, { discard: 'always' }, (upload) =>
        s.domainChecks.accredited.importFile(upload.path, upload.fileName),
      ),
    'domain.accreditedList.lookup': ({ domains }) => s.domainChecks.accredited.lookup(domains),
  };
}
