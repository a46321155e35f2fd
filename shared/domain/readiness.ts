import type { CheckStatus, NotAssessableReason } from '../contract/findings';
import { CHECKS, checkInfo, type CheckId } from './checks';
import { isIsoDate } from './dates';
import type { EvidenceKind } from './evidence-kinds';
import { SECTIONS, SECTION_IDS, isMandatory, sectionOf, type FieldDef, type Requirement, type SectionId } from './catalogue/schema';
import { gatedFields, gateIssues, monthsWindowProblem } from './readiness-gates';

// The one readiness model: what still blocks signing and exporting a statement as final, computed from the
// answers, the latest automated findings and probe runs, the linked evidence, the statement's own facts and
// the sign-offs. Pure: the same inputs always give the same answer, so it is unit-tested exhaustively and
// runs on both sides of the process boundary. The checklist, the readiness drawer, sign-off, export, the
// portfolio and the CLI all call evaluateReadiness and nothing else decides readiness.
// Severity: a sourced MUST item (nhs, official) blocks; an inferred or unconfirmed item never blocks (it
// warns); a claim that an item is met must carry the facts it asks for; the NHS gates (readiness-gates.ts)
// block on every route they apply to.

export type ResponseResult = 'not-assessed' | 'met' | 'partially-met' | 'not-met' | 'not-applicable';

export const DOCUMENT_FIELDS = [
  ['title', 'document title'],
  ['version', 'version'],
  ['date', 'document date'],
  ['approvedBy', 'approved by (role)'],
  ['approvalDate', 'approval date'],
] as const;
type DocumentField = (typeof DOCUMENT_FIELDS)[number][0];
type DocumentReference = Partial<Record<DocumentField, string>>;

export interface ResponseState {
  result: ResponseResult;
  // Copied from last year's assessment and not yet re-confirmed this year.
  carriedOver?: boolean;
  naJustification?: string;
  document?: DocumentReference;
  fields?: Record<string, string>;
}

interface FindingState {
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
  kind?: EvidenceKind;
  fileName?: string;
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
  'gate',
  'probe-missing',
  'probe-stale',
  'evidence-required',
  'statement-missing',
] as const;
export type IssueKind = (typeof ISSUE_KINDS)[number];

export interface ReadinessIssue {
  kind: IssueKind;
  severity: 'blocker' | 'warning';
  requirementIds: string[];
  // What is wrong, naming the requirement.
  message: string;
  // How to put it right.
  fix?: string;
  check?: CheckId;
  target?: string;
  field?: string;
  // What is missing, in words (document-missing: the detail labels; evidence-required: the file needed).
  missing?: string[];
  // The evidence file an evidence-* issue is about.
  evidence?: { title: string; expiresAt?: string };
}

export interface SectionProgress {
  id: SectionId;
  title: string;
  total: number;
  answered: number;
  met: number;
  percent: number;
}

interface ReadinessCounts {
  blockers: number;
  warnings: number;
  // Blockers other than the two sign-offs: what must be fixed before anyone can sign.
  blockersBeforeSignoff: number;
  answered: number;
  total: number;
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
  counts: ReadinessCounts;
}

interface ProbeRunState {
  kind: 'domain' | 'tenant';
  target: string;
  finishedAt: string;
}

// The statement's own facts that the NHS templates require (catalogue sources S3 and S6).
interface StatementFacts {
  detailsSaved: boolean;
  contact?: { name?: string; email?: string };
  sites: { name: string; odsCode?: string }[];
  ictSignatory?: { name?: string; role?: string; organisation?: string; date?: string };
}

export interface ReadinessInput {
  requirements: Requirement[];
  responses: Record<string, ResponseState | undefined>;
  findings: FindingState[];
  evidence: EvidenceState[];
  signoffs: SignoffRole[];
  plannedSubmissionDate: string;
  route: 'o365' | 'google' | 'self-managed';
  // Email domains in scope (the client's).
  domains: string[];
  runs: ProbeRunState[];
  // Today's date (UTC): dates entered after it are refused.
  today: string;
  // The date probe runs are judged on: the day the last signatory signed once both have, else today.
  checkedOn: string;
  // Probe runs older than this many days before checkedOn no longer count (Settings › Readiness).
  probeMaxAgeDays?: number;
  statement: StatementFacts;
}

const answerable = (r: Requirement) => r.obligation !== 'INFO';
const blank = (v: string | undefined) => v === undefined || v.trim() === '';

export function fieldIsRequired(f: FieldDef, values: Record<string, string>): boolean {
  return f.required || (f.requiredWhen !== undefined && values[f.requiredWhen.key] === f.requiredWhen.equals);
}

// Date rules on a requirement's own fields: a valid date, not after today, within its calendar-month
// window of the planned submission (the one rule in dates.ts), an expiry not before submission.
export function fieldDateProblem(
  f: FieldDef,
  value: string | undefined,
  plannedSubmissionDate: string,
  today?: string,
): string | undefined {
  if (f.type !== 'date' || blank(value)) return undefined;
  if (!isIsoDate(value)) return `${f.label} “${value}” is not a valid date (use YYYY-MM-DD; 29 February only in a leap year)`;
  if (f.notBeforeSubmission) {
    return value! < plannedSubmissionDate
      ? `${f.label} (${value}) is before the planned submission on ${plannedSubmissionDate}`
      : undefined;
  }
  if (today && value! > today) return `${f.label} (${value}) is in the future`;
  if (f.maxAgeMonths) return monthsWindowProblem(f.label, value!, plannedSubmissionDate, f.maxAgeMonths);
  return undefined;
}

// Inferred and unconfirmed items never block; everything else does when its claim is incomplete.
const claimSeverity = (r: Requirement): ReadinessIssue['severity'] =>
  r.provenance === 'inferred' || r.provenance === 'third-party' ? 'warning' : 'blocker';

const FIX: Partial<Record<IssueKind, string>> = {
  unanswered: 'Answer it in the checklist.',
  'not-met': 'Meet the requirement, then record it as met with how.',
  'partially-met': 'Finish the work, or explain the gap in the response.',
  'na-unjustified': 'Say why it does not apply.',
  'document-missing': 'Fill in the document details in the checklist.',
  'field-missing': 'Fill in the field in the checklist.',
  'carried-over': 'Check last year’s answer still holds and confirm it.',
  'check-failed': 'Follow the check’s remediation, then run the check again.',
  'evidence-expired': 'Add a current version of the evidence.',
  'evidence-missing': 'Restore the file or add it again as a new version.',
  'signoff-missing': 'Record the sign-off on the Sign-off and export page.',
};

// The one entry point every screen, sign-off, export, the portfolio and the CLI call.
export function evaluateReadiness(input: ReadinessInput): Readiness {
  const issues: ReadinessIssue[] = [];
  const add = (i: Omit<ReadinessIssue, 'severity'> & { severity?: ReadinessIssue['severity'] }) =>
    issues.push({ severity: 'blocker', ...i, fix: i.fix ?? FIX[i.kind] });
  const reqs = input.requirements.filter(answerable);

  for (const r of reqs) {
    const mandatory = isMandatory(r);
    const resp = input.responses[r.id] ?? { result: 'not-assessed' };
    const sev = mandatory ? 'blocker' : 'warning';
    const claim = claimSeverity(r);
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
          severity: claim,
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
          severity: claim,
          requirementIds: ids,
          message: `${r.id} document details missing: ${missing.join(', ')}`,
          missing,
        });
      const d = resp.document;
      for (const [k, label] of DOCUMENT_FIELDS.filter(([k]) => k === 'date' || k === 'approvalDate')) {
        const v = d?.[k];
        if (blank(v)) continue;
        const p = !isIsoDate(v)
          ? `the ${label} “${v}” is not a date`
          : v! > input.today
            ? `the ${label} (${v}) is in the future`
            : undefined;
        if (p) add({ kind: 'document-missing', severity: claim, requirementIds: ids, field: `document.${k}`, message: `${r.id}: ${p}` });
      }
      if (d?.date && d.approvalDate && isIsoDate(d.date) && isIsoDate(d.approvalDate) && d.approvalDate < d.date)
        add({
          kind: 'document-missing',
          severity: claim,
          requirementIds: ids,
          field: 'document.approvalDate',
          message: `${r.id}: the document was approved (${d.approvalDate}) before it was dated (${d.date})`,
          fix: 'Check both dates against the document.',
        });
    }
    const values = resp.fields ?? {};
    const gated = new Set(gatedFields(input.route, r.id));
    for (const f of r.fields) {
      if (gated.has(f.key)) continue;
      if (fieldIsRequired(f, values) && blank(values[f.key])) {
        add({ kind: 'field-missing', severity: claim, requirementIds: ids, field: f.key, message: `${r.id} needs “${f.label}”` });
        continue;
      }
      const problem = fieldDateProblem(f, values[f.key], input.plannedSubmissionDate, input.today);
      if (problem)
        add({
          kind: f.notBeforeSubmission ? 'expired' : 'date-too-old',
          severity: claim,
          requirementIds: ids,
          field: f.key,
          message: `${r.id}: ${problem}`,
          fix: `Correct “${f.label}” in the checklist, or bring the evidence up to date.`,
        });
    }
  }

  // Missing evidence blocks a sourced MUST item and warns on the rest.
  gateIssues(input, reqs, add, (r) => (isMandatory(r) ? 'blocker' : 'warning'));

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
        fix: 'Run the mail-domain check or the tenant probe that covers it.',
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
          fix: 'Run the check again from a network that reaches the server.',
        });
    }
  }

  const applicable = new Map(reqs.map((r) => [r.id, r]));
  for (const e of input.evidence) {
    const r = applicable.get(e.requirementId);
    if (!r) continue;
    if (e.freshness === 'expired')
      add({
        kind: 'evidence-expired',
        evidence: { title: e.title, ...(e.expiresAt ? { expiresAt: e.expiresAt } : {}) },
        severity: claimSeverity(r),
        requirementIds: [e.requirementId],
        message: `Evidence “${e.title}” for ${e.requirementId} has expired${e.expiresAt ? ` (${e.expiresAt})` : ''}`,
      });
    else if (e.freshness === 'missing')
      add({
        kind: 'evidence-missing',
        evidence: { title: e.title, ...(e.expiresAt ? { expiresAt: e.expiresAt } : {}) },
        severity: claimSeverity(r),
        requirementIds: [e.requirementId],
        message: `Evidence “${e.title}” for ${e.requirementId} is missing or altered on disk`,
      });
    else if (e.freshness === 'expiring')
      add({
        kind: 'evidence-expiring',
        evidence: { title: e.title, ...(e.expiresAt ? { expiresAt: e.expiresAt } : {}) },
        severity: 'warning',
        requirementIds: [e.requirementId],
        message: `Evidence “${e.title}” for ${e.requirementId} expires soon${e.expiresAt ? ` (${e.expiresAt})` : ''}`,
        fix: 'Ask for the renewed document before it lapses.',
      });
  }

  for (const role of Object.keys(SIGNOFF_ROLES) as SignoffRole[]) {
    if (!input.signoffs.includes(role))
      add({
        kind: 'signoff-missing',
        severity: 'blocker',
        requirementIds: ['ELIG-05'].filter((id) => applicable.has(id)),
        field: role === 'ict-expert' ? 'signOffs.ictExpert' : 'signOffs.clinicalSafetyExpert',
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
  const warnings = issues.filter((i) => i.severity === 'warning');
  const beforeSignoff = blockers.filter((b) => b.kind !== 'signoff-missing').length;
  return {
    ready: blockers.length === 0,
    readyForSignoff: beforeSignoff === 0,
    blockers,
    warnings,
    sections,
    percent: total ? Math.round((answered / total) * 100) : 100,
    counts: { blockers: blockers.length, warnings: warnings.length, blockersBeforeSignoff: beforeSignoff, answered, total },
  };
}

// The same refusal, in the same words, wherever signing or exporting is refused (app, CLI): a count, then
// each blocker with its fix, named by the requirement or field it concerns.
export function blockerIssues(blockers: ReadinessIssue[]): { path: string; message: string }[] {
  return blockers.map((b) => ({
    path: b.requirementIds.length ? b.requirementIds.join(', ') : (b.field ?? 'statement'),
    message: b.fix ? `${b.message}. ${b.fix}` : b.message,
  }));
}

export function refusalMessage(action: string, blockers: ReadinessIssue[]): string {
  const n = blockers.length;
  return `${action}: ${n} item${n === 1 ? '' : 's'} still block${n === 1 ? 's' : ''} it — ${blockers
    .slice(0, 3)
    .map((b) => b.message)
    .join('; ')}${n > 3 ? `; and ${n - 3} more` : ''}.`;
}
