import type { probeChannels } from '../../shared/contract/findings';
import type { HandlerMap } from '../backend/handler-types';
import type { FindingsService } from './findings-service';

export function findingsHandlers(s: {
  readonly findings: Pick<FindingsService, 'listRuns' | 'latestRuns'>;
}): HandlerMap<keyof typeof probeChannels> {
  return {
    'probe.runs': ({ clientId, kind, limit }) => s.findings.listRuns(clientId, { kind, limit }),
    'probe.latest': ({ clientId }) => s.findings.latestRuns(clientId),
  };
}
