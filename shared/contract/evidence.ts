import { z } from 'zod';
import { mutation, query } from './define';
import { Id, IsoDate, IsoDateTime, LongText, OperationId, RequiredText, ShortText } from './common';
import { EVIDENCE_KIND_IDS } from '../domain/evidence-kinds';
import { FRESHNESS_STATES } from '../domain/freshness';

// The evidence library: files stored by content hash, with metadata, versions, links to the requirements
// they support, freshness and integrity. Files arrive as an uploadId from the transfer store, never a path.

const EvidenceKindSchema = z.enum(EVIDENCE_KIND_IDS);

export const EvidenceSource = z.enum(['manual-upload', 'dns', 'graph-probe', 'customer-script', 'attestation']);
export type EvidenceSource = z.infer<typeof EvidenceSource>;
export const SOURCE_LABELS: Record<EvidenceSource, string> = {
  'manual-upload': 'Uploaded',
  dns: 'Mail-domain check',
  'graph-probe': 'Tenant probe',
  'customer-script': 'Customer script',
  attestation: 'Attestation',
};
// What a person may choose when adding a file; the others are set by the probes.
const ManualSource = z.enum(['manual-upload', 'customer-script', 'attestation']);

// The type read from the file's first bytes, whatever its name says.
export const SniffedType = z.enum([
  'pdf',
  'docx',
  'xlsx',
  'pptx',
  'zip',
  'ole',
  'png',
  'jpeg',
  'gif',
  'txt',
  'csv',
  'eml',
  'json',
  'binary',
]);
export type SniffedType = z.infer<typeof SniffedType>;
export const SNIFFED_TYPE_LABELS: Record<SniffedType, string> = {
  pdf: 'PDF document',
  docx: 'Word document',
  xlsx: 'Excel workbook',
  pptx: 'PowerPoint presentation',
  zip: 'ZIP archive',
  ole: 'Older Office file (.doc/.xls/.msg)',
  png: 'PNG image',
  jpeg: 'JPEG image',
  gif: 'GIF image',
  txt: 'Text',
  csv: 'CSV table',
  eml: 'Email message',
  json: 'JSON',
  binary: 'Unrecognised binary file',
};

const FreshnessState = z.enum(FRESHNESS_STATES);
export const IntegrityStatus = z.enum(['ok', 'missing', 'altered', 'unchecked']);
export type IntegrityStatus = z.infer<typeof IntegrityStatus>;

const RequirementId = z.string().regex(/^[A-Z0-9]+-\d{2}$/, 'Unknown requirement');
// '' clears an optional field in a form; absent leaves it empty.
const OptionalDate = z.union([IsoDate, z.literal('')]).optional();
const CollectedAt = z.union([IsoDate, IsoDateTime], { message: 'Use a date in the form YYYY-MM-DD' });

// Facts about one version of the file: when it reflected reality, its dates, version and approval.
export const VersionMetadata = z.strictObject({
  // When the evidence reflected reality (a screenshot's moment, a report's test date). Defaults to today.
  collectedAt: CollectedAt.optional(),
  issueDate: OptionalDate,
  expiryDate: OptionalDate,
  documentVersion: ShortText('Document version', 40).optional(),
  approvedBy: ShortText('Approved by', 120).optional(),
  approvalDate: OptionalDate,
  // What changed in this version.
  note: ShortText('Version note', 500).optional(),
});
export type VersionMetadata = z.input<typeof VersionMetadata>;

const ItemMetadata = z.strictObject({
  title: RequiredText('Title', 200),
  kind: EvidenceKindSchema,
  owner: ShortText('Owner', 120).optional(),
  notes: LongText('Notes', 4000).optional(),
});

const datesInOrder = (v: { issueDate?: string; expiryDate?: string }) => !v.issueDate || !v.expiryDate || v.expiryDate >= v.issueDate;
const DATE_ORDER = { message: 'The expiry date is before the issue date', path: ['expiryDate'] };

// The metadata form's values, validated the way the backend will (used by the renderer for inline errors).
export const EvidenceMetadata = z.strictObject({ ...ItemMetadata.shape, ...VersionMetadata.shape }).refine(datesInOrder, DATE_ORDER);

export const EvidenceImportInput = z
  .strictObject({
    clientId: Id,
    uploadId: z.uuid({ message: 'Unknown upload' }),
    source: ManualSource.default('manual-upload'),
    // Attach straight to a requirement (the requirement panel's "Upload new").
    link: z.strictObject({ assessmentId: Id, requirementId: RequirementId }).optional(),
    ...ItemMetadata.shape,
    ...VersionMetadata.shape,
  })
  .refine(datesInOrder, DATE_ORDER);
export type EvidenceImportInput = z.input<typeof EvidenceImportInput>;

export const EvidenceUpdateInput = z
  .strictObject({
    id: Id,
    revision: z.number().int().positive(),
    ...ItemMetadata.shape,
    ...VersionMetadata.shape,
  })
  .refine(datesInOrder, DATE_ORDER);
export type EvidenceUpdateInput = z.input<typeof EvidenceUpdateInput>;

export const EvidenceAddVersionInput = z
  .strictObject({ evidenceId: Id, uploadId: z.uuid({ message: 'Unknown upload' }), ...VersionMetadata.shape })
  .refine(datesInOrder, DATE_ORDER);
export type EvidenceAddVersionInput = z.input<typeof EvidenceAddVersionInput>;

export const EvidenceVersion = z.object({
  id: Id,
  version: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  // As the user named it: shown, never used as a path.
  originalName: z.string(),
  sniffedType: SniffedType,
  extensionMismatch: z.boolean(),
  collectedAt: z.string(),
  addedAt: IsoDateTime,
  addedBy: z.string(),
  issueDate: IsoDate.optional(),
  expiryDate: IsoDate.optional(),
  documentVersion: z.string().optional(),
  approvedBy: z.string().optional(),
  approvalDate: IsoDate.optional(),
  note: z.string().optional(),
  probeRunId: z.string().optional(),
  supersededAt: IsoDateTime.optional(),
  integrity: IntegrityStatus,
  verifiedAt: IsoDateTime.optional(),
  // Cycles of signed assessments that rely on this version: its details can no longer change.
  pinnedBy: z.array(z.number().int()),
});
export type EvidenceVersion = z.infer<typeof EvidenceVersion>;

export const FreshnessView = z.object({
  freshness: FreshnessState,
  referenceDate: IsoDate,
  validUntil: IsoDate.optional(),
  daysLeft: z.number().int().optional(),
  limitedBy: z.enum(['expiry-date', 'max-age']).optional(),
  reason: z.string(),
});
export type FreshnessView = z.infer<typeof FreshnessView>;

export const EvidenceLinkView = z.object({
  assessmentId: Id,
  cycle: z.number().int(),
  assessmentStatus: z.enum(['draft', 'ready', 'signed']),
  requirementId: z.string(),
  linkedAt: IsoDateTime,
  linkedBy: z.string(),
});
export type EvidenceLinkView = z.infer<typeof EvidenceLinkView>;

export const EvidenceItem = z.object({
  id: Id,
  clientId: Id,
  title: z.string(),
  kind: EvidenceKindSchema,
  owner: z.string().optional(),
  notes: z.string().optional(),
  source: EvidenceSource,
  revision: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  current: EvidenceVersion,
  versionCount: z.number().int().positive(),
  // Judged today.
  freshness: FreshnessView,
  links: z.array(EvidenceLinkView),
  // Title, kind and the current version's dates are frozen while a signed assessment relies on them.
  frozenBy: z.array(z.number().int()),
});
export type EvidenceItem = z.infer<typeof EvidenceItem>;

export const EvidenceDetail = EvidenceItem.extend({ versions: z.array(EvidenceVersion) });
export type EvidenceDetail = z.infer<typeof EvidenceDetail>;

// One item linked to a requirement of an assessment, judged at the planned submission date. A signed
// assessment shows the version that was current when it was signed.
export const RequirementEvidenceEntry = z.object({
  item: EvidenceItem,
  version: EvidenceVersion,
  versions: z.array(EvidenceVersion),
  freshness: FreshnessView,
  linkedAt: IsoDateTime,
  linkedBy: z.string(),
});
export type RequirementEvidenceEntry = z.infer<typeof RequirementEvidenceEntry>;

export const ExpiryFilter = z.enum(['expired', 'next-60-days', 'next-12-months', 'no-expiry']);
export type ExpiryFilter = z.infer<typeof ExpiryFilter>;

export const IntegrityProblem = z.object({
  evidenceId: Id,
  versionId: Id,
  title: z.string(),
  version: z.number().int(),
  originalName: z.string(),
  sha256: z.string(),
  status: z.enum(['missing', 'altered']),
  requirementIds: z.array(z.string()),
  message: z.string(),
});
export type IntegrityProblem = z.infer<typeof IntegrityProblem>;

export const IntegrityReport = z.object({
  ok: z.boolean(),
  checkedFiles: z.number().int(),
  checkedBytes: z.number().int(),
  problems: z.array(IntegrityProblem),
  verifiedAt: IsoDateTime,
});
export type IntegrityReport = z.infer<typeof IntegrityReport>;

export const EvidencePreview = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('image'), mimeType: z.enum(['image/png', 'image/jpeg', 'image/gif']), base64: z.string() }),
  z.object({ kind: z.literal('pdf'), base64: z.string() }),
  z.object({ kind: z.literal('text'), text: z.string(), truncated: z.boolean() }),
  z.object({ kind: z.literal('none'), reason: z.string() }),
]);
export type EvidencePreview = z.infer<typeof EvidencePreview>;

const INVALIDATES = ['evidence.', 'assessment.', 'portfolio.'] as const;

export const evidenceChannels = {
  'evidence.list': query(
    z.strictObject({
      clientId: Id,
      kind: EvidenceKindSchema.optional(),
      freshness: FreshnessState.optional(),
      expiry: ExpiryFilter.optional(),
      search: ShortText('Search', 100).optional(),
    }),
    z.array(EvidenceItem),
  ),
  'evidence.get': query(z.strictObject({ id: Id }), EvidenceDetail),
  'evidence.forRequirement': query(z.strictObject({ assessmentId: Id, requirementId: RequirementId }), z.array(RequirementEvidenceEntry)),
  'evidence.import': mutation(EvidenceImportInput, EvidenceDetail, INVALIDATES),
  'evidence.update': mutation(EvidenceUpdateInput, EvidenceDetail, INVALIDATES),
  'evidence.addVersion': mutation(EvidenceAddVersionInput, EvidenceDetail, INVALIDATES),
  'evidence.link': mutation(
    z.strictObject({ evidenceId: Id, assessmentId: Id, requirementId: RequirementId }),
    EvidenceDetail,
    INVALIDATES,
  ),
  'evidence.unlink': mutation(
    z.strictObject({ evidenceId: Id, assessmentId: Id, requirementId: RequirementId }),
    EvidenceDetail,
    INVALIDATES,
  ),
  // Re-hash every stored file of the client (all versions); records the result.
  'evidence.verify': mutation(z.strictObject({ clientId: Id, operationId: OperationId.optional() }), IntegrityReport, INVALIDATES),
  'evidence.preview': query(z.strictObject({ id: Id, versionId: Id.optional() }), EvidencePreview),
  // Registers the stored file as a download under its original name.
  'evidence.download': mutation(
    z.strictObject({ id: Id, versionId: Id.optional() }),
    z.object({ downloadId: z.string(), fileName: z.string() }),
    [],
  ),
} as const;
