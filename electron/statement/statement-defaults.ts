import type { Response } from '../../shared/contract/assessments';
import type { Route } from '../../shared/contract/clients';
import { StatementDetails, type DsptStatusValue } from '../../shared/contract/statement';

// What the statement form starts from when nothing was saved yet: the answers already given in the
// checklist (ELIG-03 DSPT status and date, TECH-08 data location), last cycle's saved details for what
// the checklist does not ask (provider, ICT provider section), and the route for the email service.

export const EMAIL_SERVICE_BY_ROUTE: Record<Route, string> = {
  o365: 'Microsoft 365 (Exchange Online)',
  google: 'Google Workspace (Gmail)',
  'self-managed': 'Self-managed email service',
};

// The catalogue's ELIG-03 choice labels, as the checklist stores them.
const DSPT_FROM_CHOICE: Record<string, DsptStatusValue> = {
  'standards exceeded': 'standards-exceeded',
  'standards met': 'standards-met',
  'approaching standards': 'approaching-standards',
  'standards not met': 'standards-not-met',
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface DefaultsInput {
  route: Route;
  responses: Response[];
  previous?: StatementDetails | null;
  preparedBy?: { name: string; organisation?: string; email?: string };
}

export function suggestDetails(input: DefaultsInput): StatementDetails {
  const field = (req: string, key: string) => input.responses.find((r) => r.requirementId === req)?.fields[key]?.trim() || undefined;
  const prev = input.previous ?? undefined;

  const dsptChoice = field('ELIG-03', 'dsptStatus');
  const dsptDate = field('ELIG-03', 'dsptPublishedAt');
  const status = dsptChoice ? DSPT_FROM_CHOICE[dsptChoice.toLowerCase()] : undefined;
  // Last cycle's DSPT publication is not this cycle's: only the status carries over, and only with a date.
  const dspt =
    status && dsptDate && ISO_DATE.test(dsptDate)
      ? { status, publishedOn: dsptDate }
      : status === undefined && prev
        ? prev.dspt
        : { status: 'not-published' as const };

  const outside = field('TECH-08', 'processedOutsideUk');
  const where = field('TECH-08', 'outsideUkWhere') ?? field('ICT-09', 'processingLocations');
  // Unknown is suggested as "not outside the UK": the form shows it for the signatories to confirm.
  const processedOutsideUk = outside ? outside.toLowerCase() === 'yes' : (prev?.dataLocation.processedOutsideUk ?? false);
  const dataLocation = {
    processedOutsideUk,
    ...(processedOutsideUk ? { where: (where ?? prev?.dataLocation.where ?? 'Not stated').slice(0, 500) } : {}),
  };

  const preparedBy = input.preparedBy?.name
    ? {
        name: input.preparedBy.name.slice(0, 120),
        ...(input.preparedBy.organisation ? { organisation: input.preparedBy.organisation.slice(0, 200) } : {}),
        ...(input.preparedBy.email ? { email: input.preparedBy.email } : {}),
      }
    : prev?.preparedBy;

  const candidate = {
    dspt,
    emailServiceProvider: prev?.emailServiceProvider ?? EMAIL_SERVICE_BY_ROUTE[input.route],
    dataLocation,
    ...(input.route === 'self-managed' && prev?.ictProvider ? { ictProvider: prev.ictProvider } : {}),
    ...(preparedBy ? { preparedBy } : {}),
  };
  const parsed = StatementDetails.safeParse(candidate);
  if (parsed.success) return parsed.data;
  // A checklist value the schema refuses (a malformed date, say) must not break the form: fall back to
  // the plainest valid suggestion.
  return StatementDetails.parse({
    dspt: { status: 'not-published' },
    emailServiceProvider: EMAIL_SERVICE_BY_ROUTE[input.route],
    dataLocation: { processedOutsideUk: false },
  });
}
