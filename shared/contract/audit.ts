import { z } from 'zod';
import { query } from './define';
import { Id, IsoDateTime } from './common';

const AuditChange = z.object({ field: z.string(), from: z.unknown(), to: z.unknown() });

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

// An entry of another cycle, left out of a bundle's audit log: only its place in the chain and its hash, so
// the chain still links end to end and its head proves that nothing of this cycle was removed.
export const AuditOmitted = z.strictObject({
  chain: z.string(),
  n: z.number().int().positive(),
  omitted: z.literal(true),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditOmitted = z.infer<typeof AuditOmitted>;

const AuditProblem = z.object({
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
