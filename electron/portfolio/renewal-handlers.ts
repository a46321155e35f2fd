import type { renewalChannels } from '../../shared/contract/renewal';
import type { HandlerMap } from '../backend/handler-types';
import type { BatchRenewalService } from './batch-renewal';

export function renewalHandlers(s: { readonly renewals: BatchRenewalService }): HandlerMap<keyof typeof renewalChannels> {
  return {
    'portfolio.renew': (input) => s.renewals.run(input),
  };
}
