import { ClientInput, type Client, type Route } from '../../../../shared/contract/clients';
import type { FieldIssue } from '../../../../shared/contract';

// The form edits strings; the contract wants optional fields absent rather than empty.
export interface ClientFormValues {
  legalName: string;
  tradingName: string;
  odsCode: string;
  cqcLocationIds: string[];
  domains: string[];
  route: Route;
  tenant: string;
  sites: { name: string; odsCode: string }[];
  contacts: { name: string; role: string; email: string; phone: string }[];
  notes: string;
}

export const emptyClientForm: ClientFormValues = {
  legalName: '',
  tradingName: '',
  odsCode: '',
  cqcLocationIds: [],
  domains: [],
  route: 'o365',
  tenant: '',
  sites: [],
  contacts: [],
  notes: '',
};

export function formFromClient(c: Client): ClientFormValues {
  return {
    legalName: c.legalName,
    tradingName: c.tradingName ?? '',
    odsCode: c.odsCode,
    cqcLocationIds: c.cqcLocationIds,
    domains: c.domains,
    route: c.route,
    tenant: c.tenant ?? '',
    sites: c.sites.map((s) => ({ name: s.name, odsCode: s.odsCode ?? '' })),
    contacts: c.contacts.map((k) => ({ name: k.name, role: k.role ?? '', email: k.email ?? '', phone: k.phone ?? '' })),
    notes: c.notes ?? '',
  };
}

const blankToUndefined = (v: string) => (v.trim() === '' ? undefined : v);

export function inputFromForm(v: ClientFormValues): ClientInput {
  return {
    legalName: v.legalName,
    tradingName: blankToUndefined(v.tradingName),
    odsCode: v.odsCode,
    cqcLocationIds: v.cqcLocationIds,
    domains: v.domains,
    route: v.route,
    tenant: blankToUndefined(v.tenant),
    sites: v.sites.map((s) => ({ name: s.name, odsCode: blankToUndefined(s.odsCode) })),
    contacts: v.contacts.map((k) => ({
      name: k.name,
      role: blankToUndefined(k.role),
      email: blankToUndefined(k.email),
      phone: blankToUndefined(k.phone),
    })),
    notes: blankToUndefined(v.notes),
  };
}

// The same schema the backend enforces, run in the browser for inline messages.
export function validateClientForm(v: ClientFormValues): FieldIssue[] {
  const r = ClientInput.safeParse(inputFromForm(v));
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
