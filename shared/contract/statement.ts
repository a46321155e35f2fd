import { z } from 'zod';
import { mutation, query } from './define';
import { Email, Id, IsoDate, IsoDateTime, OperationId, RequiredText, ShortText } from './common';

// The deliverable: the details the NHS statement asks for that live nowhere else in the workspace, the
// statement preview, the evidence bundle (versions, export, verify) and the submission email.

export type DsptStatusValue = 'standards-exceeded' | 'standards-met' | 'approaching-standards' | 'standards-not-met' | 'not-published';

// The ICT service provider section (self-managed route). Its ISO 27001 certificate and pen test / ITHC are
// not here: they are answered once, in the checklist (ICT-01 and ICT-02), and the statement prints them from
// there. The provider's signatory is required for a final statement (readiness decides; the form may save a
// partial one).
const IctSignatory = z.strictObject({
  name: ShortText('Signatory name', 120).optional(),
  role: ShortText('Signatory role', 120).optional(),
  organisation: ShortText('Signatory organisation', 200).optional(),
  date: IsoDate.optional(),
});
type IctSignatory = z.infer<typeof IctSignatory>;

const IctProviderDetails = z.strictObject({
  legalName: RequiredText('Provider legal name'),
  companyNumber: ShortText('Company number', 40).optional(),
  serviceDescription: RequiredText('Service description', 2000),
  hostingLocations: z.array(RequiredText('Hosting location', 200)).max(50).default([]),
  clinicalSafetyReference: ShortText('Clinical safety reference', 300).optional(),
  signatory: IctSignatory.optional(),
});
type IctProviderDetails = z.infer<typeof IctProviderDetails>;

// Per assessment: what the statement needs beyond the checklist answers and the client record. Every fact
// lives in one place: DSPT status and date (ELIG-03), previous accreditation (ELIG-04), data location
// (TECH-08), ISO 27001 (ICT-01) and the pen test (ICT-02) are checklist answers, not statement details.
export const StatementDetails = z.strictObject({
  // "Microsoft 365 (Exchange Online)" by default for the Office 365 route; the provider's name otherwise.
  emailServiceProvider: RequiredText('Email service provider'),
  dataLocation: z.strictObject({ notes: ShortText('Notes', 2000).optional() }).prefault({}),
  // Self-managed route only.
  ictProvider: IctProviderDetails.optional(),
  preparedBy: z
    .strictObject({ name: RequiredText('Prepared by', 120), organisation: ShortText('Organisation').optional(), email: Email.optional() })
    .optional(),
});
export type StatementDetails = z.infer<typeof StatementDetails>;
export type StatementDetailsInput = z.input<typeof StatementDetails>;

// Something that keeps the statement from being final, in words a form can show next to the field.
export const StatementIssue = z.object({ path: z.string(), message: z.string() });
export type StatementIssue = z.infer<typeof StatementIssue>;

export const StatementState = z.object({
  assessmentId: Id,
  // Saved details, or null when none were saved yet (then `suggested` holds sensible defaults).
  details: StatementDetails.nullable(),
  suggested: StatementDetails,
  // Both sign-offs present, every requirement assessed, document details and statement details complete.
  final: z.boolean(),
  issues: z.array(StatementIssue),
  sample: z.boolean(),
});
export type StatementState = z.infer<typeof StatementState>;

export const StatementPreview = z.object({
  // The rendered statement PDF (DRAFT-watermarked until both sign-offs exist).
  pdfBase64: z.string().max(40_000_000),
  pages: z.number().int().positive(),
  draft: z.boolean(),
  sample: z.boolean(),
});
export type StatementPreview = z.infer<typeof StatementPreview>;

export const BundleSummary = z.object({
  id: Id,
  // The bundle's own ID, printed in the statement and the manifest (DCB1596-<ODS>-<date>-<hex>).
  bundleId: z.string().optional(),
  assessmentId: Id,
  clientId: Id,
  // 1, 2, … per assessment: exporting after an unlock adds a version, never overwrites one.
  version: z.number().int().positive(),
  fileName: z.string(),
  size: z.number().int().nonnegative(),
  // Of the ZIP file as written, and of manifest.json (recorded in the statement).
  sha256: z.string(),
  manifestSha256: z.string(),
  sealed: z.boolean(),
  sealSubject: z.string().optional(),
  sample: z.boolean(),
  fileCount: z.number().int().nonnegative(),
  createdAt: IsoDateTime,
  createdBy: z.string(),
  // False when the file was removed from the data folder since.
  present: z.boolean(),
});
export type BundleSummary = z.infer<typeof BundleSummary>;

const VerifyCheckSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['pass', 'fail', 'warn', 'skip']),
  detail: z.string().optional(),
  file: z.string().optional(),
});
export type VerifyCheckResult = z.infer<typeof VerifyCheckSchema>;

export const BundleVerifyResult = z.object({
  ok: z.boolean(),
  fileName: z.string(),
  bundleId: z.string().optional(),
  sealed: z.boolean(),
  // From the bundle's manifest: a review draft or sample data (never a submission).
  draft: z.boolean().optional(),
  sample: z.boolean().optional(),
  filesChecked: z.number().int().nonnegative(),
  checks: z.array(VerifyCheckSchema),
});
export type BundleVerifyResult = z.infer<typeof BundleVerifyResult>;

export const SubmissionEmail = z.object({
  to: z.string(),
  subject: z.string(),
  body: z.string(),
  // mailto: link with subject and body; the app never sends mail itself.
  mailto: z.string(),
});
export type SubmissionEmail = z.infer<typeof SubmissionEmail>;

// Optional certificate seal: the PKCS#12 file arrives as an upload, the passphrase only for this call.
const SealRequest = z.strictObject({
  p12UploadId: z.uuid({ message: 'Choose the certificate file again' }),
  passphrase: z.string().max(1024),
});

export const statementChannels = {
  'statement.state': query(z.strictObject({ assessmentId: Id }), StatementState),
  'statement.saveDetails': mutation(z.strictObject({ assessmentId: Id, details: StatementDetails }), StatementState, [
    'statement.',
    'assessment.',
  ]),
  // Renders the statement as it would be exported now (DRAFT until both sign-offs exist).
  'statement.preview': query(z.strictObject({ assessmentId: Id }), StatementPreview),
  'bundle.list': query(z.strictObject({ assessmentId: Id }), z.array(BundleSummary)),
  // Writes a new bundle version into the workspace; progress via operationId.
  'bundle.export': mutation(
    // draft: a review pack at any stage — every PDF watermarked DRAFT, "DRAFT" in the file name and manifest.
    z.strictObject({ assessmentId: Id, seal: SealRequest.optional(), draft: z.boolean().optional(), operationId: OperationId.optional() }),
    BundleSummary,
    ['bundle.', 'assessment.', 'portfolio.', 'audit.'],
  ),
  // Offers a stored bundle as a download (save dialog in the app, browser download on the web).
  'bundle.download': mutation(z.strictObject({ bundleId: Id }), z.object({ downloadId: z.string(), fileName: z.string() }), []),
  // Re-checks a stored bundle, or one the user picked (an upload), from its bytes alone.
  'bundle.verify': mutation(
    z.union([
      z.strictObject({ bundleId: Id, operationId: OperationId.optional() }),
      z.strictObject({ uploadId: z.uuid({ message: 'Unknown upload' }), operationId: OperationId.optional() }),
    ]),
    BundleVerifyResult,
    [],
  ),
  'bundle.submissionEmail': query(z.strictObject({ bundleId: Id }), SubmissionEmail),
} as const;
