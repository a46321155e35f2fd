import type { Route } from '../../shared/contract/clients';
import { StatementDetails } from '../../shared/contract/statement';

// What the statement form starts from when nothing was saved yet: last cycle's saved details for what the
// checklist does not ask (provider, ICT provider section and its signatory's name and role, but never last
// year's signing date), and the route for the email service. Facts the checklist asks (DSPT, data location,
// ISO 27001, pen test) are not details at all: see checklist-facts.ts.

const EMAIL_SERVICE_BY_ROUTE: Record<Route, string> = {
  o365: 'Microsoft 365 (Exchange Online)',
  google: 'Google Workspace (Gmail)',
  'self-managed': 'Self-managed email service',
};

export interface DefaultsInput {
  route: Route;
  previous?: StatementDetails | null;
  preparedBy?: { name: string; organisation?: string; email?: string };
}

export function suggestDetails(input: DefaultsInput): StatementDetails {
  const prev = input.previous ?? undefined;
  const preparedBy = input.preparedBy?.name
    ? {
        name: input.preparedBy.name.slice(0, 120),
        ...(input.preparedBy.organisation ? { organisation: input.preparedBy.organisation.slice(0, 200) } : {}),
        ...(input.preparedBy.email ? { email: input.preparedBy.email } : {}),
      }
    : prev?.preparedBy;
  const ict = input.route === 'self-managed' ? prev?.ictProvider : undefined;
  const candidate = {
    emailServiceProvider: prev?.emailServiceProvider ?? EMAIL_SERVICE_BY_ROUTE[input.route],
    dataLocation: prev?.dataLocation.notes ? { notes: prev.dataLocation.notes } : {},
    // A signature belongs to one statement: last year's name and role are a good start, its date is not.
    ...(ict ? { ictProvider: { ...ict, ...(ict.signatory ? { signatory: { ...ict.signatory, date: undefined } } : {}) } } : {}),
    ...(preparedBy ? { preparedBy } : {}),
  };
  const parsed = StatementDetails.safeParse(candidate);
  if (parsed.success) return parsed.data;
  return StatementDetails.parse({ emailServiceProvider: EMAIL_SERVICE_BY_ROUTE[input.route] });
}
