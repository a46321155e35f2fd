import { StatementDetails, type StatementIssue } from '../../../../shared/contract/statement';
import type { Route } from '../../../../shared/contract/clients';
import type { FieldIssue } from '../../../../shared/contract';

// The details form edits strings in the contract's own shape, so a zod issue path ("ictProvider.legalName")
// is also the form field's name. Blank optional fields become absent before validation. DSPT, data location,
// ISO 27001 and the pen test are not here: they are checklist answers (ELIG-03, TECH-08, ICT-01, ICT-02).

export interface StatementFormValues {
  emailServiceProvider: string;
  dataLocation: { notes: string };
  preparedBy: { name: string; organisation: string; email: string };
  ictProvider: {
    legalName: string;
    companyNumber: string;
    serviceDescription: string;
    hostingLocations: string[];
    clinicalSafetyReference: string;
    signatory: { name: string; role: string; organisation: string; date: string };
  };
}

const blank = (v: string | undefined) => (v ?? '').trim() === '';
const opt = (v: string) => (blank(v) ? undefined : v);

export function formFromDetails(d: StatementDetails): StatementFormValues {
  const ict = d.ictProvider;
  const sig = ict?.signatory;
  return {
    emailServiceProvider: d.emailServiceProvider,
    dataLocation: { notes: d.dataLocation.notes ?? '' },
    preparedBy: { name: d.preparedBy?.name ?? '', organisation: d.preparedBy?.organisation ?? '', email: d.preparedBy?.email ?? '' },
    ictProvider: {
      legalName: ict?.legalName ?? '',
      companyNumber: ict?.companyNumber ?? '',
      serviceDescription: ict?.serviceDescription ?? '',
      hostingLocations: ict?.hostingLocations ?? [],
      clinicalSafetyReference: ict?.clinicalSafetyReference ?? '',
      signatory: { name: sig?.name ?? '', role: sig?.role ?? '', organisation: sig?.organisation ?? '', date: sig?.date ?? '' },
    },
  };
}

function ictTouched(i: StatementFormValues['ictProvider']): boolean {
  const { hostingLocations, signatory, ...rest } = i;
  return hostingLocations.length > 0 || [...Object.values(rest), ...Object.values(signatory)].some((v) => !blank(v));
}

// The contract input. The ICT service provider section belongs to the self-managed route only, and is left
// out until something in it is filled in (readiness then lists it as missing).
export function detailsFromForm(v: StatementFormValues, route: Route): unknown {
  const p = v.preparedBy;
  const i = v.ictProvider;
  const sig = i.signatory;
  return {
    emailServiceProvider: v.emailServiceProvider,
    dataLocation: { notes: opt(v.dataLocation.notes) },
    preparedBy:
      blank(p.name) && blank(p.organisation) && blank(p.email)
        ? undefined
        : { name: p.name, organisation: opt(p.organisation), email: opt(p.email) },
    ictProvider:
      route === 'self-managed' && ictTouched(i)
        ? {
            legalName: i.legalName,
            companyNumber: opt(i.companyNumber),
            serviceDescription: i.serviceDescription,
            hostingLocations: i.hostingLocations,
            clinicalSafetyReference: opt(i.clinicalSafetyReference),
            signatory: Object.values(sig).every(blank)
              ? undefined
              : { name: opt(sig.name), role: opt(sig.role), organisation: opt(sig.organisation), date: opt(sig.date) },
          }
        : undefined,
  };
}

export function validateStatementForm(
  v: StatementFormValues,
  route: Route,
): { ok: true; value: StatementDetails } | { ok: false; issues: FieldIssue[] } {
  const r = StatementDetails.safeParse(detailsFromForm(v, route));
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
}

// statement.state issues name paths in the details ("ictProvider.signatory", sometimes prefixed "details."); those
// that match a form field are shown next to it, the rest in the readiness list.
export function issueForField(issues: readonly StatementIssue[], field: string): string | undefined {
  return issues.find((i) => i.path.replace(/^details\./, '') === field)?.message;
}

// Issues about the details form itself (as opposed to the checklist or the sign-offs).
export function isDetailsPath(path: string): boolean {
  return /^details$|^contact$|^(details\.)?(emailServiceProvider|dataLocation|preparedBy|ictProvider)\b/.test(path);
}
