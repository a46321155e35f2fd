import { StatementDetails, type DsptStatusValue, type StatementIssue } from '../../../../shared/contract/statement';
import type { Route } from '../../../../shared/contract/clients';
import type { FieldIssue } from '../../../../shared/contract';

// The details form edits strings in the contract's own shape, so a zod issue path ("dspt.publishedOn") is
// also the form field's name. Blank optional fields become absent before validation.

export interface StatementFormValues {
  dspt: { status: DsptStatusValue; publishedOn: string };
  emailServiceProvider: string;
  dataLocation: { processedOutsideUk: boolean; where: string; notes: string };
  preparedBy: { name: string; organisation: string; email: string };
  ictProvider: {
    legalName: string;
    companyNumber: string;
    serviceDescription: string;
    hostingLocations: string[];
    iso27001: {
      certificationBody: string;
      certificateNumber: string;
      scope: string;
      scopeIncludesEmail: boolean;
      issuedOn: string;
      expiresOn: string;
    };
    penTest: {
      kind: 'penetration-test' | 'ithc';
      tester: string;
      testerAccreditation: string;
      testedOn: string;
      scope: string;
      findingsSummary: string;
      remediationStatus: string;
    };
    clinicalSafetyReference: string;
  };
}

const blank = (v: string | undefined) => (v ?? '').trim() === '';
const opt = (v: string) => (blank(v) ? undefined : v);

export function formFromDetails(d: StatementDetails): StatementFormValues {
  const ict = d.ictProvider;
  return {
    dspt: { status: d.dspt.status, publishedOn: d.dspt.publishedOn ?? '' },
    emailServiceProvider: d.emailServiceProvider,
    dataLocation: {
      processedOutsideUk: d.dataLocation.processedOutsideUk,
      where: d.dataLocation.where ?? '',
      notes: d.dataLocation.notes ?? '',
    },
    preparedBy: { name: d.preparedBy?.name ?? '', organisation: d.preparedBy?.organisation ?? '', email: d.preparedBy?.email ?? '' },
    ictProvider: {
      legalName: ict?.legalName ?? '',
      companyNumber: ict?.companyNumber ?? '',
      serviceDescription: ict?.serviceDescription ?? '',
      hostingLocations: ict?.hostingLocations ?? [],
      iso27001: {
        certificationBody: ict?.iso27001.certificationBody ?? '',
        certificateNumber: ict?.iso27001.certificateNumber ?? '',
        scope: ict?.iso27001.scope ?? '',
        scopeIncludesEmail: ict?.iso27001.scopeIncludesEmail ?? false,
        issuedOn: ict?.iso27001.issuedOn ?? '',
        expiresOn: ict?.iso27001.expiresOn ?? '',
      },
      penTest: {
        kind: ict?.penTest.kind ?? 'penetration-test',
        tester: ict?.penTest.tester ?? '',
        testerAccreditation: ict?.penTest.testerAccreditation ?? '',
        testedOn: ict?.penTest.testedOn ?? '',
        scope: ict?.penTest.scope ?? '',
        findingsSummary: ict?.penTest.findingsSummary ?? '',
        remediationStatus: ict?.penTest.remediationStatus ?? '',
      },
      clinicalSafetyReference: ict?.clinicalSafetyReference ?? '',
    },
  };
}

function ictTouched(i: StatementFormValues['ictProvider']): boolean {
  const { hostingLocations, iso27001, penTest, ...rest } = i;
  const { scopeIncludesEmail, ...isoText } = iso27001;
  const { kind, ...penText } = penTest;
  void kind;
  return (
    hostingLocations.length > 0 ||
    scopeIncludesEmail ||
    [...Object.values(rest), ...Object.values(isoText), ...Object.values(penText)].some((v) => !blank(v))
  );
}

// The contract input. The ICT service provider section belongs to the self-managed route only, and is left
// out until something in it is filled in (statement.state then lists it as missing).
export function detailsFromForm(v: StatementFormValues, route: Route): unknown {
  const p = v.preparedBy;
  const i = v.ictProvider;
  return {
    dspt: { status: v.dspt.status, publishedOn: v.dspt.status === 'not-published' ? undefined : opt(v.dspt.publishedOn) },
    emailServiceProvider: v.emailServiceProvider,
    dataLocation: {
      processedOutsideUk: v.dataLocation.processedOutsideUk,
      where: v.dataLocation.processedOutsideUk ? opt(v.dataLocation.where) : undefined,
      notes: opt(v.dataLocation.notes),
    },
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
            iso27001: { ...i.iso27001 },
            penTest: { ...i.penTest, testerAccreditation: opt(i.penTest.testerAccreditation) },
            clinicalSafetyReference: opt(i.clinicalSafetyReference),
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

// statement.state issues name paths in the details ("dspt.publishedOn", sometimes prefixed "details."); those
// that match a form field are shown next to it, the rest in the readiness list.
export function issueForField(issues: readonly StatementIssue[], field: string): string | undefined {
  return issues.find((i) => i.path.replace(/^details\./, '') === field)?.message;
}

// Issues about the details form itself (as opposed to the checklist or the sign-offs).
export function isDetailsPath(path: string): boolean {
  return /^details$|^(details\.)?(dspt|emailServiceProvider|dataLocation|preparedBy|ictProvider)\b/.test(path);
}
