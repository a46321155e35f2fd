import type { CheckStatus, NotAssessableReason } from '../contract/findings';
import { CHECKS, checkInfo, type CheckId } from './checks';
import { addMonths, isIsoDate } from './dates';
import { SECTIONS, SECTION_IDS, isMandatory, sectionOf, type FieldDef, type Requirement, type SectionId } from './catalogue/schema';

// What still blocks submission, computed from the answers, the latest automated findings, the linked
// evidence and the sign-offs. Pure: the same inputs always give the same answer, so it is unit-tested
// exhaustively and can run on either side of the process boundary.

export type ResponseResult = 'not-assessed' | 'met' | 'partially-met' | 'not-met' | 'not-applicable';

export const DOCUMENT_FIELDS = [
  ['title', 'document title'],
  ['version', 'version'],
  ['date', 'document date'],
  ['approvedBy', 'approved by (role)'],
  ['approvalDate', 'approval date'],
] as const;
export type DocumentField = (typeof DOCUMENT_FIELDS)[number][0];
export type DocumentReference = Partial<Record<DocumentField, string>>;

export interface ResponseState {
  result: ResponseResult;
  // Copied from last year's assessment and not yet re-confirmed this year.
  carriedOver?: boolean;
  naJustification?: string;
  document?: DocumentReference;
  fields?: Record<string, string>;
}

export interface FindingState {
  check: CheckId;
  status: CheckStatus;
  reason?: NotAssessableReason;
  target?: string;
  summary: string;
  observedAt: string;
}

export interface EvidenceState {
  requirementId: string;
  evidenceId: string;
  title: string;
  freshness: 'current' | 'expiring' | 'expired' | 'missing';
  expiresAt?: string;
}

export type SignoffRole = 'ict-expert' | 'clinical-safety-expert';
export const SIGNOFF_ROLES: Record<SignoffRole, string> = {
  'ict-expert': 'ICT expert',
  'clinical-safety-expert': 'Clinical safety expert',
};

export const ISSUE_KINDS = [
  'unanswered',
  'not-met',
  'partially-met',
  'na-unjustified',
  'document-missing',
  'field-missing',
  'date-too-old',
  'expired',
  'check-failed',
  'check-warning',
  'check-not-assessable',
  'check-not-run',
  'evidence-expired',
  'evidence-expiring',
  'evidence-missing',
  'signoff-missing',
  'carried-over',
] as const;
export type IssueKind = (typeof ISSUE_KINDS)[number];

export interface ReadinessIssue {
  kind: IssueKind;
  severity: 'blocker' | 'warning';
  requirementIds: string[];
  message: string;
  check?: CheckId;
  target?: string;
  field?: string;
}

export interface SectionProgress {
  id: SectionId;
  title: string;
  total: number;
  answered: number;
  met: number;
  percent: number;
}

export interface Readiness {
  // Nothing blocks submission.
  ready: boolean;
  // Only the sign-offs are missing: the assessment can go to its signatories.
  readyForSignoff: boolean;
  blockers: ReadinessIssue[];
  warnings: ReadinessIssue[];
  sections: SectionProgress[];
  percent: number;
}

export interface ReadinessInput {
  requirements: Requirement[];
  responses: Record<string, ResponseState | undefined>;
  findings: FindingState[];
  evidence: EvidenceState[];
  signoffs: SignoffRole[];
  plannedSubmissionDate: string;
}

const answerable = (r: Requirement) => r.obligation !== 'INFO';
const blank = (v: string | undefined) => v === undefined || v.trim() === '';

export function fieldIsRequired(f: FieldDef, values: Record<string, string>): boolean {
  return f.required || (f.requiredWhen !== undefined && values[f.requiredWhen.key] === f.requiredWhen.equals);
}

// Date rules on a requirement's own fields (pen test within 12 months, certificate not expired).
export function fieldDateProblem(f: FieldDef, value: string | undefined, plannedSubmissionDate: string): string | undefined {
  if (f.type !== 'date' || blank(value)) return undefined;
  if (!isIsoDate(value)) return `${f.label} is not a valid date`;
  if (f.maxAgeMonths && value! < addMonths(plannedSubmissionDate, -f.maxAgeMonths)) {
    return `${f.label} (${value}) is more than ${f.maxAgeMonths} months before the planned submission on ${plannedSubmissionDate}`;
  }
  if (f.notBeforeSubmission && value! < plannedSubmissionDate)
    return `${f.label} (${value}) is before the planned submission on ${plannedSubmissionDate}`;
  return undefined;
}

export function computeReadiness(input: ReadinessInput): Readiness {
  const issues: ReadinessIssue[] = [];
  const add = (i: ReadinessIssue) => issues.push(i);
  const reqs = input.requirements.filter(answerable);

  for (const r of reqs) {
    const mandatory = isMandatory(r);
    const resp = input.responses[r.id] ?? { result: 'not-assessed' };
    const sev = mandatory ? 'blocker' : 'warning';
    const ids = [r.id];
    if (resp.result === 'not-assessed') {
      if (r.obligation === 'MUST' || r.obligation === 'SHOULD')
        add({ kind: 'unanswered', severity: sev, requirementIds: ids, message: `${r.id} ${r.title} has no answer yet` });
      continue;
    }
    if (resp.carriedOver) {
      add({
        kind: 'carried-over',
        severity: sev,
        requirementIds: ids,
        message: `${r.id} ${r.title} was carried over from last year: re-confirm it`,
      });
    }
    if (resp.result === 'not-applicable') {
      if (blank(resp.naJustification))
        add({
          kind: 'na-unjustified',
          severity: 'blocker',
          requirementIds: ids,
          message: `${r.id} is marked not applicable without a justification`,
        });
      continue;
    }
    if (resp.result === 'not-met') {
      add({ kind: 'not-met', severity: sev, requirementIds: ids, message: `${r.id} ${r.title} is not met` });
      continue;
    }
    if (resp.result === 'partially-met')
      add({ kind: 'partially-met', severity: sev, requirementIds: ids, message: `${r.id} ${r.title} is only partially met` });

    // Claimed (at least partly) met: the claim must carry the details reviewers check.
    if (r.documentReference) {
      const missing = DOCUMENT_FIELDS.filter(([k]) => blank(resp.document?.[k])).map(([, label]) => label);
      if (missing.length)
        add({
          kind: 'document-missing',
          severity: 'blocker',
          requirementIds: ids,
          message: `${r.id} document details missing: ${missing.join(', ')}`,
        });
    }
    const values = resp.fields ?? {};
    for (const f of r.fields) {
      if (fieldIsRequired(f, values) && blank(values[f.key])) {
        add({ kind: 'field-missing', severity: 'blocker', requirementIds: ids, field: f.key, message: `${r.id} needs “${f.label}”` });
        continue;
      }
      const problem = fieldDateProblem(f, values[f.key], input.plannedSubmissionDate);
      if (problem)
        add({
          kind: f.notBeforeSubmission ? 'expired' : 'date-too-old',
          severity: 'blocker',
          requirementIds: ids,
          field: f.key,
          message: `${r.id}: ${problem}`,
        });
    }
  }

  // Automated checks: one issue per finding, naming every requirement it feeds.
  const feeds = new Map<CheckId, Requirement[]>();
  for (const r of reqs) for (const c of r.checks as CheckId[]) feeds.set(c, [...(feeds.get(c) ?? []), r]);
  for (const [check, fed] of feeds) {
    if (checkInfo(check).advisory) continue;
    const ids = fed.map((r) => r.id);
    const mandatory = fed.some(isMandatory);
    const found = input.findings.filter((f) => f.check === check);
    if (found.length === 0) {
      add({
        kind: 'check-not-run',
        severity: 'warning',
        requirementIds: ids,
        check,
        message: `Not checked yet: ${CHECKS[check].title} (${ids.join(', ')})`,
      });
      continue;
    }
    for (const f of found) {
      const where = f.target ? ` — ${f.target}` : '';
      if (f.status === 'fail')
        add({
          kind: 'check-failed',
          severity: mandatory ? 'blocker' : 'warning',
          requirementIds: ids,
          check,
          target: f.target,
          message: `${CHECKS[check].title}${where}: ${f.summary}`,
        });
      else if (f.status === 'warn')
        add({
          kind: 'check-warning',
          severity: 'warning',
          requirementIds: ids,
          check,
          target: f.target,
          message: `${CHECKS[check].title}${where}: ${f.summary}`,
        });
      else if (f.status === 'not-assessable')
        add({
          kind: 'check-not-assessable',
          severity: 'warning',
          requirementIds: ids,
          check,
          target: f.target,
          message: `${CHECKS[check].title}${where} could not be assessed (${f.reason ?? 'unknown reason'}): ${f.summary}`,
        });
    }
  }

  const applicableIds = new Set(reqs.map((r) => r.id));
  for (const e of input.evidence) {
    if (!applicableIds.has(e.requirementId)) continue;
    if (e.freshness === 'expired')
      add({
        kind: 'evidence-expired',
        severity: 'blocker',
        requirementIds: [e.requirementId],
        message: `Evidence “${e.title}” for ${e.requirementId} has expired${e.expiresAt ? ` (${e.expiresAt})` : ''}`,
      });
    else if (e.freshness === 'missing')
      add({
        kind: 'evidence-missing',
        severity: 'blocker',
        requirementIds: [e.requirementId],
        message: `Evidence “${e.title}” for ${e.requirementId} is missing or altered on disk`,
      });
    else if (e.freshness === 'expiring')
      add({
        kind: 'evidence-expiring',
        severity: 'warning',
        requirementIds: [e.requirementId],
        message: `Evidence “${e.title}” for ${e.requirementId} expires soon${e.expiresAt ? ` (${e.expiresAt})` : ''}`,
      });
  }

  for (const role of Object.keys(SIGNOFF_ROLES) as SignoffRole[]) {
    if (!input.signoffs.includes(role))
      add({
        kind: 'signoff-missing',
        severity: 'blocker',
        requirementIds: ['ELIG-05'].filter((id) => applicableIds.has(id)),
        message: `${SIGNOFF_ROLES[role]} sign-off is missing`,
      });
  }

  const sections = SECTION_IDS.map((id) => {
    const inSection = reqs.filter((r) => sectionOf(r.id) === id);
    const answered = inSection.filter((r) => (input.responses[r.id]?.result ?? 'not-assessed') !== 'not-assessed').length;
    const met = inSection.filter((r) => ['met', 'not-applicable'].includes(input.responses[r.id]?.result ?? '')).length;
    return {
      id,
      title: SECTIONS[id],
      total: inSection.length,
      answered,
      met,
      percent: inSection.length ? Math.round((answered / inSection.length) * 100) : 100,
    };
  }).filter((s) => s.total > 0);
  const total = sections.reduce((n, s) => n + s.total, 0);
  const answered = sections.reduce((n, s) => n + s.answered, 0);

  const blockers = issues.filter((i) => i.severity === 'blocker');
  return {
    ready: blockers.length === 0,
    readyForSignoff: blockers.every((b) => b.kind === 'signoff-missing'),
    blockers,
    warnings: issues.filter((i) => i.severity === 'warning'),
    sections,
    percent: total ? Math.round((answered / total) * 100) : 100,
  };
}
