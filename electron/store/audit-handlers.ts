import type { auditChannels } from '../../shared/contract/audit';
import type { HandlerMap } from '../backend/handler-types';
import type { Services } from '../backend/services';
import { listAudit, verifyAudit } from './audit-log';

export function auditHandlers(s: Services): HandlerMap<keyof typeof auditChannels> {
  return {
    'audit.list': ({ clientId, entityId, limit }) => listAudit(s.db, clientId, { entityId, limit }),
    'audit.verify': ({ clientId }) => verifyAudit(s.db, clientId),
  };
}
