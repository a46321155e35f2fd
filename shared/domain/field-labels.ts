import { RESULT_LABELS, STATUS_LABELS } from '../contract/assessments';
import { ROUTE_LABELS } from '../contract/clients';

// Names people read for the field keys recorded in the audit trail and compared between cycles. One table,
// used by the backend's audit summaries and by the Activity and Compare screens; a requirement's own
// detail fields ("fields.<key>") are named by the catalogue's label for them when the caller has it.

const FIELD_LABELS: Record<string, string> = {
  result: 'Result',
  naJustification: 'Why it does not apply',
  notes: 'Notes',
  owner: 'Owner',
  acceptedFromRun: 'Accepted from run',
  reconfirm: 'Carry into next renewal',
  'document.title': 'Document title',
  'document.version': 'Document version',
  'document.date': 'Document date',
  'document.approvedBy': 'Approved by (role)',
  'document.approvalDate': 'Approval date',
  cycle: 'Cycle year',
  plannedSubmissionDate: 'Planned submission date',
  route: 'Route',
  status: 'Status',
  reason: 'Reason',
  carriedAnswers: 'Answers carried over',
  submittedOn: 'Submitted on',
  accreditedOn: 'Accredited on',
  expiresOn: 'Accreditation expires on',
  'signoff.ict-expert': 'ICT expert sign-off',
  'signoff.clinical-safety-expert': 'Clinical safety expert sign-off',
  legalName: 'Legal name',
  tradingName: 'Trading name',
  odsCode: 'ODS code',
  tenant: 'Microsoft 365 tenant',
  domains: 'Mail domains',
  cqcLocationIds: 'CQC location IDs',
  sites: 'Sites',
  contacts: 'Contacts',
  archived: 'Archived',
  'dspt.status': 'DSPT status',
  'dspt.publishedOn': 'DSPT published on',
  emailServiceProvider: 'Email service provider',
  'dataLocation.processedOutsideUk': 'Data processed outside the UK',
  'dataLocation.where': 'Where data is processed',
  'preparedBy.name': 'Prepared by',
  'preparedBy.organisation': 'Prepared by (organisation)',
  'ictProvider.legalName': 'ICT provider',
  'ictProvider.companyNumber': 'ICT provider company number',
  'ictProvider.serviceDescription': 'ICT provider service',
  'ictProvider.hostingLocations': 'Hosting locations',
  'ictProvider.iso27001.certificationBody': 'ISO 27001 certification body',
  'ictProvider.iso27001.certificateNumber': 'ISO 27001 certificate number',
  'ictProvider.iso27001.scope': 'ISO 27001 scope',
  'ictProvider.iso27001.scopeIncludesEmail': 'ISO 27001 scope includes email',
  'ictProvider.iso27001.issuedOn': 'ISO 27001 issued on',
  'ictProvider.iso27001.expiresOn': 'ISO 27001 expires on',
  'ictProvider.penTest.kind': 'Security test kind',
  'ictProvider.penTest.tester': 'Security tester',
  'ictProvider.penTest.testerAccreditation': 'Tester accreditation',
  'ictProvider.penTest.testedOn': 'Tested on',
  'ictProvider.penTest.scope': 'Test scope',
  'ictProvider.penTest.findingsSummary': 'Test findings',
  'ictProvider.penTest.remediationStatus': 'Remediation status',
};

const ACRONYMS: Record<string, string> = {
  dspt: 'DSPT',
  uk: 'UK',
  ods: 'ODS',
  cqc: 'CQC',
  ict: 'ICT',
  iso: 'ISO',
  mx: 'MX',
  spf: 'SPF',
  dkim: 'DKIM',
  dmarc: 'DMARC',
  tls: 'TLS',
  mfa: 'MFA',
  id: 'ID',
};

/** "previousAccreditationDate" → "Previous accreditation date"; known acronyms stay upper case. */
export function humanise(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_.]+/g, ' ')
    .trim()
    .split(/\s+/)
    .map((w) => ACRONYMS[w.toLowerCase()] ?? w.toLowerCase());
  const out = words.join(' ');
  return out.charAt(0).toUpperCase() + out.slice(1);
}

/** The label for a recorded field key; `detailLabels` names a requirement's own fields (from the catalogue). */
export function fieldLabel(key: string, detailLabels: Record<string, string> = {}): string {
  if (FIELD_LABELS[key]) return FIELD_LABELS[key];
  if (key.startsWith('fields.')) {
    const k = key.slice('fields.'.length);
    return detailLabels[k] ?? humanise(k);
  }
  return key.split('.').map(humanise).join(' · ');
}

/** A recorded value as people read it: yes/no for booleans, result labels, lists joined, "—" for nothing. */
export function fieldValue(key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'string') {
    const named = key === 'result' ? RESULT_LABELS : key === 'status' ? STATUS_LABELS : key === 'route' ? ROUTE_LABELS : undefined;
    if (named && v in named) return (named as Record<string, string>)[v]!;
  }
  if (Array.isArray(v))
    return (
      v
        .map((x) =>
          typeof x === 'object' && x
            ? Object.values(x as object)
                .filter(Boolean)
                .join(' ')
            : String(x),
        )
        .join(', ') || '—'
    );
  if (typeof v === 'object')
    return (
      Object.values(v as object)
        .filter((x) => x !== null && x !== undefined && x !== '')
        .join(' ') || '—'
    );
  if (v === 'yes') return 'Yes';
  if (v === 'no') return 'No';
  return String(v);
}

/** The label inside a sentence ("edited owner, DSPT status"): lower case unless it starts with an acronym. */
export function inlineLabel(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}
