import { z } from 'zod';
import { query } from './define';
import { Id, IsoDateTime } from './common';

export const AuditChange = z.object({ field: z.string(), from: z.unknown(), to: z.unknown() });

export const AuditEntry = z.object({
  seq: z.number().int().positive(),
  chain: z.string(),
  n: z.number().int().positive(),
  at: IsoDateTime,
  actor: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  summary: z.string(),
  changes: z.array(AuditChange),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditProblem = z.object({
  chain: z.string(),
  n: z.number().int().optional(),
  seq: z.number().int().optional(),
  problem: z.string(),
});

export const AuditVerification = z.object({
  ok: z.boolean(),
  entriesChecked: z.number().int(),
  chainsChecked: z.number().int(),
  problems: z.array(AuditProblem),
});
export type AuditVerification = z.infer<typeof AuditVerification>;

export const auditChannels = {
  'audit.list': query(
    z.strictObject({ clientId: Id, entityId: z.string().max(100).optional(), limit: z.number().int().min(1).max(1000).default(200) }),
    z.array(AuditEntry),
  ),
  'audit.verify': query(z.strictObject({ clientId: Id.optional() }), AuditVerification),
} as const;
