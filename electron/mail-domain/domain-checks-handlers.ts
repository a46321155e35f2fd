import type { domainCheckChannels } from '../../shared/contract/domain-checks';
import type { HandlerMap } from '../backend/handler-types';
import type { DomainChecksService } from './domain-checks-service';

export function domainCheckHandlers(s: {
  readonly domainChecks: DomainChecksService;
}): HandlerMap<Exclude<keyof typeof domainCheckChannels, `domain.accreditedList.${string}`>> {
  return {
    'domain.check': (input, ctx) => s.domainChecks.check(input, ctx.signal),
    'domain.checkOne': async (input) => {
      const { report, run } = await s.domainChecks.checkOne(input);
      return { report, runId: run?.id ?? null };
    },
    'domain.latest': ({ clientId }) => s.domainChecks.latest(clientId),
  };
}
