import { z } from 'zod';
import { Email, IsoDate, IsoDateTime } from '../../shared/contract/common';
import { Route } from '../../shared/contract/clients';
import { CheckIdSchema, CheckStatus, Finding, ProbeKind } from '../../shared/contract/findings';
import { isValidOdsCode } from '../../shared/domain/ods-code';
import { YearOnYear } from './year-on-year';
import { Provenance } from '../../shared/domain/catalogue/schema';

// Everything the statement, the technical report and the evidence index need, and nothing about where it
// came from: the integration maps clients, assessments, evidence and probe runs into this shape, and the
// renderers and the bundle writer only ever read it. Bounded everywhere, because all of it ends up in a PDF.

const text = (label: string, max = 300) => z.string().trim().min(1, `${label} is required`).max(max, `${label} is too long`);
const optText = (max = 300) => z.string().trim().max(max).optional();
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'Expected a lowercase SHA-256 hex digest');
export const DsptStatus = z.enum(['standards-exceeded', 'standards-met', 'approaching-standards', 'standards-not-met', 'not-published']);
export type DsptStatus = z.infer<typeof DsptStatus>;

const Organisation = z.strictObject({
  legalName: text('Legal name'),
  tradingName: optText(),
  odsCode: z.string().refine(isValidOdsCode, 'Not a valid ODS code'),
  domains: z.array(text('Domain', 253)).min(1, 'At least one email domain is in scope').max(200),
  route: Route,
  // "Microsoft 365 (Exchange Online)", "Google Workspace", or the self-managed provider's name.
  emailServiceProvider: text('Email service provider'),
  tenantId: optText(100),
  dspt: z.strictObject({
    status: DsptStatus,
    // Date the DSPT assessment was published (absent only when not published).
    publishedOn: IsoDate.optional(),
  }),
  contact: z.strictObject({ name: text('Contact name'), role: optText(), email: Email, phone: optText(40) }).optional(),
  previousAccreditationOn: IsoDate.optional(),
  // A care group lists every site with its ODS code, and the CQC location IDs it is registered under.
  sites: z
    .array(z.strictObject({ name: text('Site name'), odsCode: z.string().refine(isValidOdsCode, 'Not a valid ODS code').optional() }))
    .max(500)
    .default([]),
  cqcLocationIds: z.array(text('CQC location ID', 20)).max(200).default([]),
});
type Organisation = z.infer<typeof Organisation>;

// The catalogue's wording of obligation and where a requirement comes from (its provenance, as in the catalogue).
export const Obligation = z.enum(['must', 'should', 'required', 'expected', 'recommended', 'optional', 'info', 'legacy']);
export type Obligation = z.infer<typeof Obligation>;

export const RequirementResult = z.enum(['met', 'partially-met', 'not-met', 'not-applicable', 'not-assessed']);
export type RequirementResult = z.infer<typeof RequirementResult>;

// The organisation-requirement document details reviewers reject a statement without (ORG-05).
const DocumentDetails = z.strictObject({
  title: text('Document title'),
  version: text('Document version', 40),
  date: IsoDate,
  approverRole: text('Approver role', 120),
  approverName: optText(120),
  approvalDate: IsoDate,
});
type DocumentDetails = z.infer<typeof DocumentDetails>;

export const EvidenceRef = z.strictObject({
  // The evidence library's own ID and revision, carried into manifest.json.
  evidenceId: optText(100),
  revision: z.number().int().positive().optional(),
  title: text('Evidence title'),
  fileName: text('File name', 255),
  sha256: Sha256Hex,
  size: z.number().int().nonnegative().optional(),
  mimeType: optText(120),
  // When the evidence was collected, captured or dated.
  collectedAt: z.union([IsoDateTime, IsoDate]).optional(),
  // The document's own date (its issue or approval date), and when it was imported into the library.
  documentDate: IsoDate.optional(),
  addedAt: IsoDateTime.optional(),
  source: optText(100),
});
export type EvidenceRef = z.infer<typeof EvidenceRef>;

export const RequirementRow = z
  .strictObject({
    id: z.string().regex(/^[A-Z0-9]+(?:-[A-Z0-9]+)+$/, 'Requirement IDs look like ORG-01'),
    title: text('Requirement title'),
    // Section heading the row is grouped under, e.g. "Organisation".
    section: text('Section', 120),
    obligation: Obligation,
    provenance: Provenance,
    result: RequirementResult,
    // The organisation's own words: how it meets the requirement.
    response: optText(4000),
    naJustification: optText(2000),
    // True for organisation requirements (ORG-01..04): document details are then mandatory once met.
    documentRequired: z.boolean().default(false),
    document: DocumentDetails.optional(),
    evidence: z.array(EvidenceRef).max(500).default([]),
    // Automated checks that feed the requirement, with their latest status.
    checks: z
      .array(z.strictObject({ check: CheckIdSchema, target: optText(), status: CheckStatus }))
      .max(200)
      .default([]),
  })
  .refine((r) => r.result !== 'not-applicable' || (r.naJustification ?? '').length > 0, {
    message: 'Say why the requirement does not apply',
    path: ['naJustification'],
  });
export type RequirementRow = z.infer<typeof RequirementRow>;

export const TechnicalRun = z.strictObject({
  kind: ProbeKind,
  target: text('Target'),
  source: text('Source', 100),
  startedAt: IsoDateTime,
  finishedAt: IsoDateTime,
  findings: z.array(Finding).max(5000),
  // The raw transcript in the content-addressed store; the bundle copies it into raw/.
  snapshot: z.strictObject({ sha256: Sha256Hex, fileName: text('Snapshot file name', 255) }).optional(),
});
export type TechnicalRun = z.infer<typeof TechnicalRun>;

// From the checklist (TECH-08): absent when nobody answered it, and then printed as not answered.
const DataLocation = z
  .strictObject({
    processedOutsideUk: z.boolean().optional(),
    where: optText(500),
    notes: optText(2000),
  })
  .refine((d) => !d.processedOutsideUk || (d.where ?? '').length > 0, {
    message: 'Say where data is processed outside the UK',
    path: ['where'],
  });

// ISO 27001 and the pen test / ITHC come from the checklist (ICT-01, ICT-02); a draft may lack any of them,
// and readiness (shared/domain/readiness.ts) decides whether that blocks.
const IctProvider = z.strictObject({
  legalName: text('Provider legal name'),
  companyNumber: optText(40),
  serviceDescription: text('Service description', 2000),
  hostingLocations: z.array(text('Hosting location', 200)).max(50).default([]),
  iso27001: z.strictObject({
    certificationBody: optText(),
    certificateNumber: optText(100),
    scope: optText(2000),
    scopeIncludesEmail: z.boolean().optional(),
    issuedOn: IsoDate.optional(),
    expiresOn: IsoDate.optional(),
    lastAuditOn: IsoDate.optional(),
  }),
  penTest: z.strictObject({
    // "Penetration test" or "IT health check (ITHC)".
    kind: z.enum(['penetration-test', 'ithc']),
    tester: optText(),
    testerAccreditation: optText(200),
    testedOn: IsoDate.optional(),
    scope: optText(2000),
    findingsSummary: optText(4000),
    remediationStatus: optText(2000),
  }),
  clinicalSafetyReference: optText(300),
  signatory: z
    .strictObject({ name: text('Provider signatory'), role: text('Role', 120), organisation: text('Organisation', 200), date: IsoDate })
    .optional(),
});
type IctProvider = z.infer<typeof IctProvider>;

// Office 365 route: the confirmation the care-sector guide asks for, with the probe run that shows it.
const O365Confirmation = z.strictObject({
  tenant: text('Tenant'),
  probedAt: IsoDateTime,
  source: text('Source', 100),
  connectorVerified: z.boolean(),
});
type O365Confirmation = z.infer<typeof O365Confirmation>;

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const MAX_SIGNATURE_PNG_BYTES = 2 * 1024 * 1024;
const MAX_SIGNATURE_PX = 4096;

const SignatureMark = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('image'),
    png: z
      .custom<Uint8Array>((v) => v instanceof Uint8Array, 'Expected the signature as PNG bytes')
      .refine((b) => b.length <= MAX_SIGNATURE_PNG_BYTES, 'The signature image is larger than 2 MB')
      .refine((b) => PNG_MAGIC.every((v, i) => b[i] === v), 'The signature image must be a PNG')
      .refine((b) => {
        // IHDR width and height: a tiny file can still declare a huge canvas that would exhaust memory.
        if (b.length < 24) return false;
        const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
        const w = dv.getUint32(16);
        const h = dv.getUint32(20);
        return w > 0 && h > 0 && w <= MAX_SIGNATURE_PX && h <= MAX_SIGNATURE_PX;
      }, `The signature image must be at most ${MAX_SIGNATURE_PX} pixels wide and high`),
  }),
  z.strictObject({ kind: z.literal('typed'), text: text('Typed signature', 120) }),
]);
type SignatureMark = z.infer<typeof SignatureMark>;

// How the sign-off was captured. The statement prints it next to the signature.
export const SignOffMethod = z.enum(['drawn-in-app', 'typed-in-app', 'uploaded-image']);
export type SignOffMethod = z.infer<typeof SignOffMethod>;

export const SignOff = z.strictObject({
  name: text('Name', 120),
  role: text('Role', 120),
  organisation: text('Organisation', 200),
  email: Email,
  signedAt: IsoDateTime,
  signature: SignatureMark,
  method: SignOffMethod,
});
export type SignOff = z.infer<typeof SignOff>;

export const SignOffSlot = z.enum(['ictExpert', 'clinicalSafetyExpert']);
export type SignOffSlot = z.infer<typeof SignOffSlot>;

// What the NHS secure email team did with the statement (shared/domain/outcome.ts), for the board summary
// and technical report of a bundle exported after sending; absent until the statement is sent.
export const StatementOutcome = z.strictObject({
  stage: z.enum(['sent', 'queried', 'resubmitted', 'rejected', 'accredited']),
  submittedOn: IsoDate.optional(),
  queriedOn: IsoDate.optional(),
  resubmittedOn: IsoDate.optional(),
  rejectedOn: IsoDate.optional(),
  rejectionReason: optText(2000),
  accreditedOn: IsoDate.optional(),
  expiresOn: IsoDate.optional(),
  findings: z
    .array(z.strictObject({ text: text('Finding', 1000), resolved: z.boolean() }))
    .max(500)
    .default([]),
});
export type StatementOutcome = z.infer<typeof StatementOutcome>;

export const StatementModel = z
  .strictObject({
    organisation: Organisation,
    catalogue: z.strictObject({ version: text('Catalogue version', 60), title: optText(200) }),
    assessment: z.strictObject({
      id: text('Assessment ID', 100),
      // The accreditation year, e.g. "2026".
      cycle: text('Cycle', 40),
      // The date the NHS gates are judged on (pen test, ISO audit, DSPT: 12 calendar months before it).
      plannedSubmissionDate: IsoDate.optional(),
      outcome: StatementOutcome.optional(),
    }),
    requirements: z.array(RequirementRow).min(1, 'The statement needs the requirements for the route').max(1000),
    technical: z.strictObject({
      runs: z.array(TechnicalRun).max(500).default([]),
      yearOnYear: YearOnYear.optional(),
      // Passing checks at the end of each of the last twelve months (the board summary's trend).
      trend: z
        .array(
          z.strictObject({
            month: z.string().regex(/^\d{4}-\d{2}$/),
            passing: z.number().int().nonnegative(),
            checked: z.number().int().nonnegative(),
          }),
        )
        .max(24)
        .optional(),
    }),
    dataLocation: DataLocation,
    // Required on the self-managed route, absent otherwise.
    ictProvider: IctProvider.optional(),
    o365Confirmation: O365Confirmation.optional(),
    // What the readiness model (shared/domain/readiness.ts) still finds blocking, besides the sign-offs, in
    // its own words. The integration fills it; the report never judges dates or evidence itself.
    outstanding: z.array(z.string().max(600)).max(300).default([]),
    signOffs: z.strictObject({ ictExpert: SignOff.optional(), clinicalSafetyExpert: SignOff.optional() }),
    preparedBy: z.strictObject({ name: text('Prepared by', 120), organisation: optText(200), email: Email.optional() }).optional(),
    // Demo data: every page says so and the bundle cannot be mistaken for a submission.
    sample: z.boolean().default(false),
    generatedAt: IsoDateTime,
    appVersion: text('App version', 40),
    // Filled by the bundle writer; a preview without it says "assigned at export". The reports inside the
    // bundle carry only the ID: they are listed in the manifest, so they cannot also show its hash.
    // `draft`: a review pack exported before (or regardless of) the sign-offs; every page says DRAFT.
    bundle: z.strictObject({ id: text('Bundle ID', 100), manifestSha256: Sha256Hex.optional(), draft: z.boolean().optional() }).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.organisation.route === 'self-managed' && !m.ictProvider)
      ctx.addIssue({ code: 'custom', path: ['ictProvider'], message: 'The self-managed route needs the ICT service provider section' });
    const seen = new Set<string>();
    m.requirements.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['requirements', i, 'id'], message: `${r.id} appears twice` });
      seen.add(r.id);
    });
  });
export type StatementModel = z.infer<typeof StatementModel>;
export type StatementModelInput = z.input<typeof StatementModel>;

export const SIGN_OFF_LABELS: Record<SignOffSlot, string> = {
  ictExpert: 'ICT expert',
  clinicalSafetyExpert: 'Clinical safety expert',
};

export function isFullySigned(m: StatementModel): boolean {
  return Boolean(m.signOffs.ictExpert && m.signOffs.clinicalSafetyExpert);
}

export interface StatementIssue {
  path: string;
  message: string;
}

// What stands between this model and a statement fit to submit: the PDF can still be drawn (as a DRAFT),
// but the seal and the export of a final bundle refuse while any of these remain. Everything but the two
// sign-offs is decided by the readiness model (shared/domain/readiness.ts: answers, documents, the NHS gates,
// probe runs, evidence) and arrives as `outstanding`, so the report can never disagree with sign-off.
export function finalStatementIssues(m: StatementModel): StatementIssue[] {
  const issues: StatementIssue[] = [];
  for (const slot of SignOffSlot.options)
    if (!m.signOffs[slot])
      issues.push({ path: `signOffs.${slot}`, message: `The ${SIGN_OFF_LABELS[slot].toLowerCase()} has not signed off` });
  for (const message of m.outstanding) issues.push({ path: 'readiness', message });
  return issues;
}

// Parses and reports problems in the words a form would show. Throws nothing: callers decide.
export function parseStatementModel(input: unknown): { ok: true; model: StatementModel } | { ok: false; issues: StatementIssue[] } {
  const r = StatementModel.safeParse(input);
  if (r.success) return { ok: true, model: r.data };
  return { ok: false, issues: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) };
}
