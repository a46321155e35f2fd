import type { probeChannels } from '../../shared/contract/findings';
import type { HandlerMap } from '../backend/handler-types';
import type { Services } from '../backend/services';

export function findingsHandlers(s: Services): HandlerMap<keyof typeof probeChannels> {
  return {
    'probe.runs': ({ clientId, kind, limit }) => s.findings.listRuns(clientId, { kind, limit }),
    'probe.latest': ({ clientId }) => s.findings.latestRuns(clientId),
  };
}
