import { formatDate } from '../documents/labels';
import type { AssessmentDetail, Response, Signoff } from '../../shared/contract/assessments';
import type { Client } from '../../shared/contract/clients';
import type { ProbeRunSummary } from '../../shared/contract/findings';
import type { StatementDetails } from '../../shared/contract/statement';
import { sectionOf, SECTIONS, type Requirement } from '../../shared/domain/catalogue/schema';
import type { EvidenceRef, Obligation, SignOff, StatementModelInput } from './statement-model';
import type { YearOnYear } from './year-on-year';
import { FACT_FIELDS, dataLocationFact, dsptFact, fieldReader, isoFact, penTestFact, previousAccreditationFact } from './checklist-facts';

// Maps what the workspace knows (client, assessment, evidence, probe runs, sign-offs, statement details)
// into the report engine's StatementModel. Pure: the service gathers, this only translates, so the mapping
// is testable without a database.

export interface StatementEvidence {
  evidenceId: string;
  version: number;
  title: string;
  originalName: string;
  sha256: string;
  size: number;
  mimeType: string;
  collectedAt: string;
  // The document's own date (issue or approval date), and when it was imported into the library.
  documentDate?: string;
  addedAt?: string;
  source: string;
  requirementIds: string[];
}

export interface BuildModelInput {
  client: Client;
  detail: AssessmentDetail;
  catalogueTitle?: string;
  details: StatementDetails;
  evidence: StatementEvidence[];
  runs: ProbeRunSummary[];
  yearOnYear?: YearOnYear;
  trend?: { month: string; passing: number; checked: number }[];
  // Drawn signatures by sign-off role, as PNG bytes from the content-addressed store.
  signatureImages: Partial<Record<Signoff['role'], Uint8Array>>;
  // What the readiness model still finds blocking besides the sign-offs (its messages).
  outstanding: string[];
  generatedAt: string;
  appVersion: string;
}

const OBLIGATION: Record<Requirement['obligation'], Obligation> = {
  MUST: 'must',
  SHOULD: 'should',
  RECOMMENDED: 'recommended',
  INFO: 'info',
};

const clip = (s: string | undefined, max: number) => (s && s.trim() ? s.trim().slice(0, max) : undefined);

// The organisation's own words for a requirement: its notes, then any facts the requirement asked for as
// "Label: value" lines — except those the statement prints in its own sections (DSPT, previous
// accreditation, data location, ISO 27001, pen test), so each fact is printed once.
function responseText(req: Requirement, r: Response | undefined): string | undefined {
  if (!r) return undefined;
  const elsewhere = new Set(FACT_FIELDS[req.id] ?? []);
  const facts = req.fields
    .filter((f) => !elsewhere.has(f.key))
    .map((f) => {
      const v = r.fields[f.key]?.trim();
      if (!v) return undefined;
      // Dates in the UK long form the whole statement uses ("23 October 2026").
      return `${f.label}: ${f.type === 'yes-no' ? (v.toLowerCase() === 'yes' ? 'Yes' : 'No') : /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : v}`;
    })
    .filter(Boolean);
  return clip([r.notes, ...facts].filter(Boolean).join('\n'), 4000);
}

function documentOf(r: Response | undefined) {
  const d = r?.document;
  if (!d?.title || !d.version || !d.date || !d.approvedBy || !d.approvalDate) return undefined;
  return { title: d.title, version: d.version, date: d.date, approverRole: d.approvedBy, approvalDate: d.approvalDate };
}

function signOff(s: Signoff | undefined, png: Uint8Array | undefined): SignOff | undefined {
  if (!s) return undefined;
  const signature: SignOff['signature'] =
    s.method === 'drawn' && png ? { kind: 'image', png } : { kind: 'typed', text: (s.typedSignature ?? s.name).slice(0, 120) };
  return {
    name: s.name,
    role: s.roleTitle,
    organisation: s.organisation,
    email: s.email,
    signedAt: s.signedAt,
    signature,
    method: signature.kind === 'image' ? 'drawn-in-app' : 'typed-in-app',
  };
}

export function buildStatementModel(i: BuildModelInput): StatementModelInput {
  const { client, detail, details } = i;
  const a = detail.assessment;
  const responses = new Map(detail.responses.map((r) => [r.requirementId, r]));
  const evidenceByReq = new Map<string, EvidenceRef[]>();
  for (const e of i.evidence)
    for (const req of new Set(e.requirementIds)) {
      const list = evidenceByReq.get(req) ?? [];
      list.push({
        evidenceId: e.evidenceId,
        revision: e.version,
        title: e.title.slice(0, 300),
        fileName: e.originalName.slice(0, 255),
        sha256: e.sha256,
        size: e.size,
        mimeType: e.mimeType.slice(0, 120),
        collectedAt: e.collectedAt,
        ...(e.documentDate && /^\d{4}-\d{2}-\d{2}/.test(e.documentDate) ? { documentDate: e.documentDate.slice(0, 10) } : {}),
        ...(e.addedAt ? { addedAt: e.addedAt } : {}),
        source: e.source,
      });
      evidenceByReq.set(req, list);
    }
  const findings = i.runs.flatMap((run) => run.findings.map((f) => ({ ...f, target: f.target ?? run.target })));

  const requirements = detail.requirements
    // Information-only items take no answer; they are guidance, not statements.
    .filter((r) => r.obligation !== 'INFO' && !r.legacy)
    .map((req) => {
      const r = responses.get(req.id);
      const result = r?.result ?? 'not-assessed';
      const doc = req.documentReference ? documentOf(r) : undefined;
      return {
        id: req.id,
        title: req.title,
        section: SECTIONS[sectionOf(req.id)] ?? sectionOf(req.id),
        obligation: OBLIGATION[req.obligation],
        provenance: req.provenance,
        result,
        response: responseText(req, r),
        ...(result === 'not-applicable' ? { naJustification: clip(r?.naJustification, 2000) ?? 'Not given' } : {}),
        documentRequired: req.documentReference,
        ...(doc ? { document: doc } : {}),
        evidence: evidenceByReq.get(req.id) ?? [],
        checks: findings
          .filter((f) => req.checks.includes(f.check))
          .slice(0, 200)
          .map((f) => ({ check: f.check, target: f.target.slice(0, 300), status: f.status })),
      };
    });

  const contact = client.contacts.find((c) => c.email);
  const byRole = (role: Signoff['role']) => detail.signoffs.find((s) => s.role === role);
  const fields = fieldReader(detail.responses);
  const previousAccreditationOn = previousAccreditationFact(fields);
  const location = dataLocationFact(fields);
  const tenantRun = i.runs.filter((r) => r.kind === 'tenant').sort((x, y) => y.finishedAt.localeCompare(x.finishedAt))[0];
  const ict = details.ictProvider;
  const sig = ict?.signatory;
  return {
    organisation: {
      legalName: client.legalName,
      ...(client.tradingName ? { tradingName: client.tradingName } : {}),
      odsCode: client.odsCode,
      domains: client.domains,
      route: a.route,
      emailServiceProvider: details.emailServiceProvider,
      ...(client.tenant ? { tenantId: client.tenant } : {}),
      dspt: dsptFact(fields),
      ...(contact
        ? {
            contact: {
              name: contact.name,
              ...(contact.role ? { role: contact.role } : {}),
              email: contact.email!,
              ...(contact.phone ? { phone: contact.phone } : {}),
            },
          }
        : {}),
      ...(previousAccreditationOn ? { previousAccreditationOn } : {}),
      sites: client.sites.map((x) => ({ name: x.name, ...(x.odsCode ? { odsCode: x.odsCode } : {}) })),
      cqcLocationIds: client.cqcLocationIds,
    },
    catalogue: { version: a.catalogueVersion, ...(i.catalogueTitle ? { title: i.catalogueTitle.slice(0, 200) } : {}) },
    assessment: {
      id: a.id,
      cycle: String(a.cycle),
      plannedSubmissionDate: a.plannedSubmissionDate,
      ...(a.outcome.stage === 'not-sent'
        ? {}
        : {
            outcome: {
              stage: a.outcome.stage,
              submittedOn: a.submittedOn,
              queriedOn: a.outcome.queriedOn,
              resubmittedOn: a.outcome.resubmittedOn,
              rejectedOn: a.outcome.rejectedOn,
              rejectionReason: a.outcome.rejectionReason,
              accreditedOn: a.accreditedOn,
              expiresOn: a.expiresOn,
              findings: a.outcome.findings.map((f) => ({ text: f.text, resolved: f.resolved })),
            },
          }),
    },
    requirements,
    technical: {
      runs: i.runs.map((run) => ({
        kind: run.kind,
        target: run.target,
        source: run.source,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
        findings: run.findings,
        ...(run.snapshot ? { snapshot: run.snapshot } : {}),
      })),
      ...(i.yearOnYear && i.yearOnYear.rows.length ? { yearOnYear: i.yearOnYear } : {}),
      ...(i.trend?.length ? { trend: i.trend } : {}),
    },
    dataLocation: { ...(location ?? {}), ...(details.dataLocation.notes ? { notes: details.dataLocation.notes } : {}) },
    ...(a.route === 'self-managed' && ict
      ? {
          ictProvider: {
            legalName: ict.legalName,
            ...(ict.companyNumber ? { companyNumber: ict.companyNumber } : {}),
            serviceDescription: ict.serviceDescription,
            hostingLocations: ict.hostingLocations,
            ...(ict.clinicalSafetyReference ? { clinicalSafetyReference: ict.clinicalSafetyReference } : {}),
            iso27001: isoFact(fields),
            penTest: penTestFact(fields),
            ...(sig?.name && sig.role && sig.organisation && sig.date
              ? { signatory: { name: sig.name, role: sig.role, organisation: sig.organisation, date: sig.date } }
              : {}),
          },
        }
      : {}),
    ...(a.route === 'o365' && tenantRun
      ? {
          o365Confirmation: {
            tenant: tenantRun.target,
            probedAt: tenantRun.finishedAt,
            source: tenantRun.source,
            connectorVerified: tenantRun.findings.some((f) => f.check === 'exo.nhsmail-connector-tls' && f.status === 'pass'),
          },
        }
      : {}),
    outstanding: i.outstanding.map((m) => m.slice(0, 600)).slice(0, 300),
    signOffs: {
      ictExpert: signOff(byRole('ict-expert'), i.signatureImages['ict-expert']),
      clinicalSafetyExpert: signOff(byRole('clinical-safety-expert'), i.signatureImages['clinical-safety-expert']),
    },
    ...(details.preparedBy ? { preparedBy: details.preparedBy } : {}),
    sample: client.sample,
    generatedAt: i.generatedAt,
    appVersion: i.appVersion,
  };
}
