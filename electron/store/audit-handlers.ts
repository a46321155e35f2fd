import type { auditChannels } from '../../shared/contract/audit';
import type { HandlerMap } from '../backend/handler-types';
import type { Db } from './database';
import { listAudit, verifyAudit } from './audit-log';

export function auditHandlers(s: { readonly db: Db }): HandlerMap<keyof typeof auditChannels> {
  return {
    'audit.list': ({ clientId, entityId, limit }) => listAudit(s.db, clientId, { entityId, limit }),
    'audit.verify': ({ clientId }) => verifyAudit(s.db, clientId),
  };
}
