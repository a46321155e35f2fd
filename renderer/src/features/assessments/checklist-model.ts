import type { AssessmentDetail, AssessmentFinding, ProposalView, Response } from '../../../../shared/contract/assessments';
import { isMandatory, sectionOf, SECTIONS, type Requirement, type SectionId } from '../../../../shared/domain/catalogue/schema';
import type { ReadinessIssue } from '../../../../shared/domain/readiness';

export type ResultFilter = 'all' | 'unanswered' | 'met' | 'partially-met' | 'not-met' | 'not-applicable';
export type ObligationFilter = 'all' | 'mandatory' | 'MUST' | 'SHOULD' | 'RECOMMENDED' | 'INFO';

export interface ChecklistFilters {
  search: string;
  result: ResultFilter;
  obligation: ObligationFilter;
  owner: string; // '' = anyone, '-' = unassigned
  problemsOnly: boolean;
}

export const NO_FILTERS: ChecklistFilters = { search: '', result: 'all', obligation: 'all', owner: '', problemsOnly: false };

export interface RequirementRow {
  requirement: Requirement;
  response?: Response;
  findings: AssessmentFinding[];
  blockers: ReadinessIssue[];
  warnings: ReadinessIssue[];
  // The answer the latest findings propose (shared/domain/proposals.ts), until one is recorded.
  proposal?: ProposalView;
}

// Joins the assessment's pieces per requirement, once, for the list and the panel.
export function buildRows(d: AssessmentDetail): RequirementRow[] {
  const responses = new Map(d.responses.map((r) => [r.requirementId, r]));
  const proposals = new Map(d.proposals.map((p) => [p.requirementId, p]));
  return d.requirements.map((requirement) => ({
    requirement,
    proposal: proposals.get(requirement.id),
    response: responses.get(requirement.id),
    findings: d.findings.filter((f) => requirement.checks.includes(f.check)),
    blockers: (d.readiness.blockers as ReadinessIssue[]).filter((b) => b.requirementIds.includes(requirement.id)),
    warnings: (d.readiness.warnings as ReadinessIssue[]).filter((w) => w.requirementIds.includes(requirement.id)),
  }));
}

export function matches(row: RequirementRow, f: ChecklistFilters): boolean {
  const r = row.requirement;
  const result = row.response?.result ?? 'not-assessed';
  if (f.search) {
    const q = f.search.toLowerCase();
    if (!`${r.id} ${r.title} ${r.wording}`.toLowerCase().includes(q)) return false;
  }
  if (f.result !== 'all' && (f.result === 'unanswered' ? result !== 'not-assessed' || r.obligation === 'INFO' : result !== f.result))
    return false;
  if (f.obligation === 'mandatory' && !isMandatory(r)) return false;
  if (f.obligation !== 'all' && f.obligation !== 'mandatory' && r.obligation !== f.obligation) return false;
  if (f.owner === '-' && row.response?.owner) return false;
  if (f.owner && f.owner !== '-' && row.response?.owner !== f.owner) return false;
  if (f.problemsOnly && row.blockers.length === 0 && !row.findings.some((x) => x.status === 'fail')) return false;
  return true;
}

export function groupBySection(rows: RequirementRow[]): { id: SectionId; title: string; rows: RequirementRow[] }[] {
  const groups = new Map<SectionId, RequirementRow[]>();
  for (const row of rows) {
    const id = sectionOf(row.requirement.id);
    groups.set(id, [...(groups.get(id) ?? []), row]);
  }
  return [...groups].map(([id, rows]) => ({ id, title: SECTIONS[id], rows }));
}
