import { z } from 'zod';
import { mutation } from './define';
import { OperationId } from './common';
import { CheckStatus } from './findings';
import { FindingCounts } from './domain-checks';
import { RenewalStatusSchema } from './portfolio';

// The firm's batch renewal run (electron/portfolio/batch-renewal.ts): for every client whose renewal is due
// within a period, re-run the mail-domain checks, then report what changed since each domain's previous run
// and what still blocks the renewal. The JSON shape is a contract for scripts (`dcb1596 renew --json`):
// fields are only ever added.

export const BATCH_RENEWAL_SCHEMA = 'dcb1596.renew/1';

const CheckChange = z.object({
  check: z.string(),
  target: z.string().nullable(),
  // null: the check did not run in that run (new or dropped).
  from: CheckStatus.nullable(),
  to: CheckStatus.nullable(),
  summary: z.string().nullable(),
  data: z.array(z.object({ key: z.string(), from: z.unknown(), to: z.unknown() })),
});

const DomainResult = z.object({
  domain: z.string(),
  // 'sample': a sample client's domains are fictional; its results are recorded fixtures, never re-checked.
  outcome: z.enum(['checked', 'error', 'sample']),
  error: z.string().nullable(),
  runId: z.string().nullable(),
  checkedAt: z.string().nullable(),
  previousRunAt: z.string().nullable(),
  counts: FindingCounts.nullable(),
  changes: z.array(CheckChange),
});
export type BatchDomainResult = z.infer<typeof DomainResult>;

const Blocker = z.object({ kind: z.string(), message: z.string(), requirementIds: z.array(z.string()) });

const ClientResult = z.object({
  clientId: z.string(),
  odsCode: z.string(),
  legalName: z.string(),
  route: z.string(),
  sample: z.boolean(),
  status: RenewalStatusSchema,
  due: z.enum(['expired', 'expires', 'submission-due']),
  expiresOn: z.string().nullable(),
  daysLeft: z.number().int().nullable(),
  cycle: z
    .object({
      assessmentId: z.string(),
      cycle: z.number().int(),
      status: z.enum(['draft', 'ready', 'signed']),
      plannedSubmissionDate: z.string(),
      readinessPercent: z.number(),
    })
    .nullable(),
  domains: z.array(DomainResult),
  blockers: z.array(Blocker),
});
export type BatchClientResult = z.infer<typeof ClientResult>;

export const BatchRenewalReport = z.object({
  schema: z.literal(BATCH_RENEWAL_SCHEMA),
  startedAt: z.string(),
  finishedAt: z.string(),
  today: z.string(),
  dueWithin: z.object({ period: z.string(), until: z.string(), days: z.number().int() }),
  clockWarning: z.string().nullable(),
  clients: z.array(ClientResult),
  summary: z.object({
    clientsDue: z.number().int(),
    domainsChecked: z.number().int(),
    domainsFailed: z.number().int(),
    clientsWithChanges: z.number().int(),
    clientsBlocked: z.number().int(),
  }),
});
export type BatchRenewalReport = z.infer<typeof BatchRenewalReport>;

export const renewalChannels = {
  // dueWithin: "90d", "12w", "6m" (shared/domain/due-window.ts). Each check is stored as from the app.
  'portfolio.renew': mutation(z.strictObject({ dueWithin: z.string().max(20), operationId: OperationId.optional() }), BatchRenewalReport, [
    'probe.',
    'domain.',
    'assessment.',
    'portfolio.',
    'audit.',
  ]),
} as const;
