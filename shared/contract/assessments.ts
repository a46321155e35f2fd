import { z } from 'zod';
import { mutation, query } from './define';
import { Email, Id, IsoDate, IsoDateTime, LongText, RequiredText, ShortText } from './common';
import { CheckIdSchema, CheckStatus, NotAssessableReason } from './findings';
import { Route } from './clients';
import { Requirement, SECTION_IDS } from '../domain/catalogue/schema';
import { ISSUE_KINDS } from '../domain/readiness';
import { OUTCOME_STAGES, type OutcomeStage } from '../domain/outcome';

export const AssessmentStatus = z.enum(['draft', 'ready', 'signed']);
export type AssessmentStatus = z.infer<typeof AssessmentStatus>;
export const STATUS_LABELS: Record<AssessmentStatus, string> = { draft: 'Draft', ready: 'Ready for sign-off', signed: 'Signed' };

export const ResponseResult = z.enum(['not-assessed', 'met', 'partially-met', 'not-met', 'not-applicable']);
export const RESULT_LABELS: Record<z.infer<typeof ResponseResult>, string> = {
  'not-assessed': 'Not assessed',
  met: 'Met',
  'partially-met': 'Partially met',
  'not-met': 'Not met',
  'not-applicable': 'Not applicable',
};

const OptionalDate = z.union([IsoDate, z.literal('')]).optional();

const DocumentReference = z.strictObject({
  title: ShortText('Document title').optional(),
  version: ShortText('Version', 40).optional(),
  date: OptionalDate,
  approvedBy: ShortText('Approved by', 120).optional(),
  approvalDate: OptionalDate,
});

export const ResponseInput = z
  .strictObject({
    assessmentId: Id,
    requirementId: z.string().regex(/^[A-Z0-9]+-\d{2}$/, 'Unknown requirement'),
    result: ResponseResult,
    naJustification: LongText('Justification', 2000).optional(),
    notes: LongText('Notes').optional(),
    owner: ShortText('Owner', 120).optional(),
    document: DocumentReference.optional(),
    fields: z.record(z.string().regex(/^[a-z][a-zA-Z0-9]{0,40}$/), z.string().max(2000)).optional(),
    // Marked for the next cycle: carried over as an answer to re-confirm (annual renewal).
    reconfirm: z.boolean().optional(),
  })
  .refine((r) => r.result !== 'not-applicable' || (r.naJustification ?? '').trim().length > 0, {
    message: 'Explain why this does not apply',
    path: ['naJustification'],
  });
export type ResponseInput = z.input<typeof ResponseInput>;

export const Response = z.object({
  requirementId: z.string(),
  result: ResponseResult,
  naJustification: z.string().optional(),
  notes: z.string().optional(),
  owner: z.string().optional(),
  document: DocumentReference.optional(),
  fields: z.record(z.string(), z.string()),
  reconfirm: z.boolean(),
  // Carried over from this earlier cycle by a renewal and not yet re-confirmed.
  carriedFromCycle: z.number().int().optional(),
  updatedAt: IsoDateTime,
  updatedBy: z.string(),
});
export type Response = z.infer<typeof Response>;

const SignoffRole = z.enum(['ict-expert', 'clinical-safety-expert']);

export const Signoff = z.object({
  role: SignoffRole,
  name: z.string(),
  roleTitle: z.string(),
  organisation: z.string(),
  email: z.string(),
  method: z.enum(['typed', 'drawn']),
  typedSignature: z.string().optional(),
  signatureSha256: z.string().optional(),
  signedAt: IsoDateTime,
});
export type Signoff = z.infer<typeof Signoff>;

export const SignoffInput = z.strictObject({
  assessmentId: Id,
  role: SignoffRole,
  name: RequiredText('Name', 120),
  roleTitle: RequiredText('Role', 120),
  organisation: RequiredText('Organisation', 200),
  email: Email,
  signature: z.discriminatedUnion('method', [
    z.strictObject({ method: z.literal('typed'), text: RequiredText('Typed signature', 120) }),
    // A PNG drawn on the signature pad, as base64 (at most ~600 KB).
    z.strictObject({
      method: z.literal('drawn'),
      pngBase64: z
        .string()
        .min(40)
        .max(800_000)
        .regex(/^[A-Za-z0-9+/=]+$/, 'Not a PNG image'),
    }),
  ]),
  // The signatory confirms the statement; without it nothing is recorded.
  confirm: z.literal(true, { message: 'The signatory must confirm the statement' }),
});

const Issue = z.object({
  kind: z.enum(ISSUE_KINDS),
  severity: z.enum(['blocker', 'warning']),
  requirementIds: z.array(z.string()),
  message: z.string(),
  fix: z.string().optional(),
  check: CheckIdSchema.optional(),
  target: z.string().optional(),
  field: z.string().optional(),
  missing: z.array(z.string()).optional(),
  evidence: z.object({ title: z.string(), expiresAt: z.string().optional() }).optional(),
});

const ReadinessSchema = z.object({
  ready: z.boolean(),
  readyForSignoff: z.boolean(),
  blockers: z.array(Issue),
  warnings: z.array(Issue),
  sections: z.array(
    z.object({ id: z.enum(SECTION_IDS), title: z.string(), total: z.number(), answered: z.number(), met: z.number(), percent: z.number() }),
  ),
  percent: z.number(),
  counts: z.object({
    blockers: z.number().int(),
    warnings: z.number().int(),
    blockersBeforeSignoff: z.number().int(),
    answered: z.number().int(),
    total: z.number().int(),
  }),
});

const OutcomeStageSchema = z.enum(Object.keys(OUTCOME_STAGES) as [OutcomeStage, ...OutcomeStage[]]);
const OutcomeEventKindSchema = z.enum(['send', 'query', 'resubmit', 'reject', 'accredit', 'clear']);

// The NHS team's answer to a submission, as shared/domain/outcome.ts reads the stored dates.
export const OutcomeView = z.object({
  stage: OutcomeStageSchema,
  summary: z.string(),
  queriedOn: IsoDate.optional(),
  resubmittedOn: IsoDate.optional(),
  rejectedOn: IsoDate.optional(),
  rejectionReason: z.string().optional(),
  findings: z.array(
    z.object({ id: Id, text: z.string(), resolved: z.boolean(), createdAt: IsoDateTime, resolvedAt: IsoDateTime.optional() }),
  ),
  openFindings: z.number().int(),
  // The moves the rule allows from here (none before both sign-offs).
  allowed: z.array(OutcomeEventKindSchema),
});
export type OutcomeView = z.infer<typeof OutcomeView>;

const OutcomeDate = IsoDate;
const OutcomeEventInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('send'), on: OutcomeDate }),
  z.strictObject({
    kind: z.literal('query'),
    on: OutcomeDate,
    findings: z.array(RequiredText('Finding', 1000)).min(1, 'List at least one finding from the NHS team').max(50),
  }),
  z.strictObject({ kind: z.literal('resubmit'), on: OutcomeDate }),
  z.strictObject({ kind: z.literal('reject'), on: OutcomeDate, reason: RequiredText('Reason', 2000) }),
  z.strictObject({ kind: z.literal('accredit'), on: OutcomeDate }),
  z.strictObject({ kind: z.literal('clear') }),
]);

export const AssessmentSummary = z.object({
  id: Id,
  clientId: Id,
  cycle: z.number().int(),
  status: AssessmentStatus,
  catalogueVersion: z.string(),
  route: Route,
  plannedSubmissionDate: IsoDate,
  submittedOn: IsoDate.optional(),
  accreditedOn: IsoDate.optional(),
  expiresOn: IsoDate.optional(),
  previousAssessmentId: Id.optional(),
  lockedAt: IsoDateTime.optional(),
  revision: z.number().int(),
  outcome: OutcomeView,
  // A renewal nothing has been entered in yet: it can be undone (renewal-undo.ts).
  renewalUndoable: z.boolean(),
  percent: z.number(),
  blockerCount: z.number().int(),
  warningCount: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type AssessmentSummary = z.infer<typeof AssessmentSummary>;

export const AssessmentFinding = z.object({
  runId: z.string(),
  check: CheckIdSchema,
  status: CheckStatus,
  reason: NotAssessableReason.optional(),
  target: z.string().optional(),
  summary: z.string(),
  detail: z.string().optional(),
  remediation: z.string().optional(),
  observedAt: IsoDateTime,
  kind: z.enum(['domain', 'tenant']),
});
export type AssessmentFinding = z.infer<typeof AssessmentFinding>;

// An answer the latest findings propose (shared/domain/proposals.ts), with the runs it comes from.
const ProposalSchema = z.object({
  requirementId: z.string(),
  result: z.enum(['met', 'partially-met', 'not-met']),
  runs: z.array(z.object({ runId: z.string(), kind: z.enum(['domain', 'tenant']), finishedAt: IsoDateTime })),
  source: z.string(),
});
export type ProposalView = z.infer<typeof ProposalSchema>;

export const BulkUpdateInput = z.strictObject({
  assessmentId: Id,
  requirementIds: z
    .array(z.string().regex(/^[A-Z0-9]+-\d{2}$/, 'Unknown requirement'))
    .min(1, 'Select at least one requirement')
    .max(200),
  action: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('accept-proposals') }),
    z.strictObject({ kind: z.literal('not-applicable'), reason: RequiredText('Reason', 2000) }),
    z.strictObject({ kind: z.literal('owner'), owner: ShortText('Owner', 120) }),
  ]),
});

export const AssessmentDetail = z.object({
  assessment: AssessmentSummary,
  clientRoute: Route,
  requirements: z.array(Requirement),
  responses: z.array(Response),
  findings: z.array(AssessmentFinding),
  readiness: ReadinessSchema,
  signoffs: z.array(Signoff),
  proposals: z.array(ProposalSchema),
});
export type AssessmentDetail = z.infer<typeof AssessmentDetail>;

const DiffEvidence = z.object({
  evidenceId: z.string(),
  title: z.string(),
  kind: z.string(),
  freshness: z.enum(['current', 'expiring', 'expired', 'missing']),
  expiresAt: z.string().optional(),
});
const DetailChange = z.object({
  requirementId: z.string(),
  title: z.string(),
  field: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
});
const CycleDiffSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  requirementsAdded: z.array(z.object({ id: z.string(), title: z.string() })),
  requirementsRemoved: z.array(z.object({ id: z.string(), title: z.string() })),
  answers: z.array(z.object({ requirementId: z.string(), title: z.string(), from: ResponseResult, to: ResponseResult })),
  documents: z.array(DetailChange),
  details: z.array(DetailChange),
  findings: z.array(
    z.object({
      check: z.string(),
      target: z.string().optional(),
      from: CheckStatus.optional(),
      to: CheckStatus.optional(),
      fromSummary: z.string().optional(),
      toSummary: z.string().optional(),
      data: z.array(z.object({ key: z.string(), from: z.unknown(), to: z.unknown() })),
    }),
  ),
  evidenceAdded: z.array(DiffEvidence),
  evidenceRemoved: z.array(DiffEvidence),
  evidenceExpired: z.array(DiffEvidence),
});
export type CycleDiffView = z.infer<typeof CycleDiffSchema>;

const ClientStatusSchema = z.object({
  today: IsoDate,
  renewal: z.string(),
  renewalLabel: z.string(),
  stage: z.string(),
  expiresOn: IsoDate.optional(),
  daysLeft: z.number().int().optional(),
  blockers: z.number().int().optional(),
  next: z.object({
    kind: z.string(),
    label: z.string(),
    assessmentId: Id.optional(),
    target: z.enum(['assessments', 'checklist', 'sign-off']),
  }),
});
export type ClientStatusView = z.infer<typeof ClientStatusSchema>;

// "What we still need from you": shared/domain/client-needs.ts on the assessment's readiness.
const ClientNeedsViewSchema = z.object({
  clientId: Id,
  assessmentId: Id,
  clientName: z.string(),
  cycle: z.number().int(),
  plannedSubmissionDate: IsoDate,
  asOf: IsoDate,
  sample: z.boolean(),
  items: z.array(
    z.object({
      requirementId: z.string().optional(),
      topic: z.string(),
      asks: z.array(z.object({ kind: z.enum(['answer', 'document', 'evidence', 'detail']), text: z.string() })),
      required: z.boolean(),
    }),
  ),
  counts: z.object({ required: z.number().int(), recommended: z.number().int() }),
  // The same list as plain text, ready to paste into an email.
  text: z.string(),
});
export type ClientNeedsView = z.infer<typeof ClientNeedsViewSchema>;
const ClientNeedsInput = z.strictObject({ clientId: Id, assessmentId: Id.optional() });

export const assessmentChannels = {
  'assessment.list': query(z.strictObject({ clientId: Id }), z.array(AssessmentSummary)),
  'assessment.create': mutation(
    z.strictObject({
      clientId: Id,
      cycle: z.number().int().min(2015).max(2100),
      plannedSubmissionDate: IsoDate.optional(),
    }),
    AssessmentSummary,
    ['assessment.', 'portfolio.'],
  ),
  'assessment.get': query(z.strictObject({ id: Id, includeLegacy: z.boolean().default(false) }), AssessmentDetail),
  'assessment.saveResponse': mutation(ResponseInput, z.object({ response: Response, readiness: ReadinessSchema }), [
    'assessment.',
    'portfolio.',
  ]),
  // Checklist bulk actions: accept proposed answers, mark not applicable with a reason, assign an owner.
  'assessment.bulkUpdate': mutation(BulkUpdateInput, z.object({ updated: z.array(z.string()), readiness: ReadinessSchema }), [
    'assessment.',
    'portfolio.',
    'tasks.',
    'people.',
  ]),
  'assessment.update': mutation(
    z.strictObject({ id: Id, revision: z.number().int().positive(), plannedSubmissionDate: IsoDate }),
    AssessmentSummary,
    ['assessment.', 'portfolio.'],
  ),
  // Follow the client's current route (after the client changed provider).
  'assessment.syncRoute': mutation(z.strictObject({ id: Id }), AssessmentSummary, ['assessment.', 'portfolio.']),
  'assessment.setStatus': mutation(z.strictObject({ id: Id, status: z.enum(['draft', 'ready']) }), AssessmentSummary, [
    'assessment.',
    'portfolio.',
  ]),
  'assessment.signoff': mutation(SignoffInput, AssessmentSummary, ['assessment.', 'portfolio.']),
  'assessment.unlock': mutation(z.strictObject({ id: Id, reason: RequiredText('Reason', 500) }), AssessmentSummary, [
    'assessment.',
    'portfolio.',
  ]),
  // Annual renewal: a new cycle seeded from the previous one (answers marked "re-confirm" carried over).
  'assessment.startRenewal': mutation(
    z.strictObject({
      fromAssessmentId: Id,
      cycle: z.number().int().min(2015).max(2100).optional(),
      plannedSubmissionDate: IsoDate.optional(),
    }),
    AssessmentSummary,
    ['assessment.', 'portfolio.', 'evidence.'],
  ),
  // One move of the outcome rule (shared/domain/outcome.ts): sent, queried (with findings), re-submitted, ...
  'assessment.outcomeEvent': mutation(z.strictObject({ id: Id, event: OutcomeEventInput }), AssessmentSummary, [
    'assessment.',
    'portfolio.',
  ]),
  'assessment.resolveOutcomeFinding': mutation(z.strictObject({ id: Id, findingId: Id, resolved: z.boolean() }), AssessmentSummary, [
    'assessment.',
    'portfolio.',
  ]),
  // The client overview's status header (shared/domain/client-status.ts), judged on the backend's today.
  'assessment.clientStatus': query(z.strictObject({ clientId: Id }), ClientStatusSchema),
  // Take back a renewal started by mistake, refused once anything was entered in it.
  'assessment.undoRenewal': mutation(
    z.strictObject({ id: Id }),
    z.object({ clientId: Id, cycle: z.number().int(), previousAssessmentId: Id }),
    ['assessment.', 'portfolio.', 'evidence.'],
  ),
  // What the client must still supply (the latest assessment unless one is named), and the same as a PDF.
  'assessment.clientNeeds': query(ClientNeedsInput, ClientNeedsViewSchema),
  'assessment.clientNeedsPdf': mutation(ClientNeedsInput, z.object({ downloadId: z.string(), fileName: z.string() }), []),
  'assessment.diff': query(z.strictObject({ fromId: Id, toId: Id }), CycleDiffSchema),
  'assessment.signatureImage': query(
    z.strictObject({ assessmentId: Id, role: SignoffRole }),
    z.object({ pngBase64: z.string().optional() }),
  ),
} as const;
