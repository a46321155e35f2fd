import { z } from 'zod';
import { query, mutation } from './define';
import { Id, IsoDate, IsoDateTime } from './common';
import { Route } from './clients';
import { AssessmentStatus } from './assessments';
import { RENEWAL_STATUSES, type RenewalStatus } from '../domain/renewal-status';

export const RenewalStatusSchema = z.enum(Object.keys(RENEWAL_STATUSES) as [RenewalStatus, ...RenewalStatus[]]);

export const PortfolioRow = z.object({
  clientId: Id,
  legalName: z.string(),
  odsCode: z.string(),
  route: Route,
  sample: z.boolean(),
  domainCount: z.number().int(),
  status: RenewalStatusSchema,
  daysLeft: z.number().int().optional(),
  accreditedOn: IsoDate.optional(),
  expiresOn: IsoDate.optional(),
  current: z
    .object({
      assessmentId: Id,
      cycle: z.number().int(),
      status: AssessmentStatus,
      percent: z.number(),
      blockers: z.number().int(),
      plannedSubmissionDate: IsoDate,
      // Where the submission stands with the NHS team (shared/domain/outcome.ts), e.g. "Queried — 2 findings to fix".
      outcome: z.string().optional(),
    })
    .optional(),
  failingChecks: z.number().int(),
  evidenceExpiring: z.number().int(),
  lastCheckedAt: IsoDateTime.optional(),
});
export type PortfolioRow = z.infer<typeof PortfolioRow>;

export const PortfolioOverview = z.object({
  today: IsoDate,
  rows: z.array(PortfolioRow),
  // Clock sanity: the laptop's date looks wrong (before the newest record in the workspace).
  clockWarning: z.string().optional(),
  // Accreditation dates that are missing, unreadable or impossible, with the default used for each.
  dateWarnings: z.array(z.string()).optional(),
});
export type PortfolioOverview = z.infer<typeof PortfolioOverview>;

export const portfolioChannels = {
  'portfolio.overview': query(z.strictObject({}), PortfolioOverview),
  // Renewal dates and evidence expiries as an .ics calendar file (a download).
  'portfolio.calendar': mutation(
    z.strictObject({ clientId: Id.optional() }),
    z.object({ downloadId: z.string(), fileName: z.string(), events: z.number().int() }),
    [],
  ),
} as const;
