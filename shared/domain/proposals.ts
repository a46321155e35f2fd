import type { CheckStatus } from '../contract/findings';
import { checkInfo, type CheckId } from './checks';
import type { Requirement } from './catalogue/schema';
import { formatDate } from './dates';
import type { ResponseState } from './readiness';

// Accepting automated results (issue 17 item 4): where the latest probe findings decide a technical
// requirement on their own, the checklist proposes the answer and names the run it comes from; the
// consultant accepts it (one, or many at once). Pure, so the checklist, the bulk action on the backend (which
// recomputes it inside its transaction) and the tests share one rule.

// Which answer each finding status proposes. A check that could not be assessed proposes nothing: it is not
// a verdict (grading-rules.ts), so the consultant answers by hand.
export const PROPOSAL_BY_STATUS: Record<CheckStatus, Proposal['result'] | undefined> = {
  pass: 'met',
  warn: 'partially-met',
  fail: 'not-met',
  'not-assessable': undefined,
};

// Worst first: one failing finding makes the requirement not met, whatever the others say.
const SEVERITY: Record<'met' | 'partially-met' | 'not-met', number> = { met: 0, 'partially-met': 1, 'not-met': 2 };

export interface ProposalFinding {
  runId: string;
  kind: 'domain' | 'tenant';
  check: CheckId | string;
  status: CheckStatus;
  observedAt: string;
}

export interface Proposal {
  requirementId: string;
  result: 'met' | 'partially-met' | 'not-met';
  // The runs whose findings decide it, newest first.
  runs: { runId: string; kind: 'domain' | 'tenant'; finishedAt: string }[];
  // "the tenant probe of 3 December 2026".
  source: string;
}

// Only requirements the findings can decide alone: automated checks behind them, and no document, required
// field or declaration that a probe cannot see.
const decidingChecks = (r: Requirement) => (r.checks as CheckId[]).filter((c) => !checkInfo(c).advisory);

export function decidableByFindings(r: Requirement): boolean {
  return r.obligation !== 'INFO' && decidingChecks(r).length > 0 && !r.documentReference && !r.fields.some((f) => f.required);
}

const RUN_WORDS = { domain: 'mail-domain check', tenant: 'tenant probe' } as const;

function proposalSource(runs: Proposal['runs']): string {
  return runs.map((r) => `the ${RUN_WORDS[r.kind]} of ${formatDate(r.finishedAt)}`).join(' and ');
}

// The proposal for one requirement, or none: every non-advisory check behind it has findings, none of them
// "not assessable", and the requirement is still unanswered (or carried over from last year, to re-confirm).
export function proposeAnswer(r: Requirement, findings: readonly ProposalFinding[], response?: ResponseState): Proposal | undefined {
  if (!decidableByFindings(r)) return undefined;
  if (response && response.result !== 'not-assessed' && !response.carriedOver) return undefined;
  const checks = decidingChecks(r);
  const relevant = findings.filter((f) => checks.includes(f.check as CheckId));
  if (checks.some((c) => !relevant.some((f) => f.check === c))) return undefined;
  let result: Proposal['result'] = 'met';
  for (const f of relevant) {
    const p = PROPOSAL_BY_STATUS[f.status];
    if (!p) return undefined;
    if (SEVERITY[p] > SEVERITY[result]) result = p;
  }
  const byRun = new Map<string, Proposal['runs'][number]>();
  for (const f of relevant) {
    const seen = byRun.get(f.runId);
    if (!seen || f.observedAt > seen.finishedAt) byRun.set(f.runId, { runId: f.runId, kind: f.kind, finishedAt: f.observedAt });
  }
  const runs = [...byRun.values()].sort((a, b) => b.finishedAt.localeCompare(a.finishedAt));
  return { requirementId: r.id, result, runs, source: proposalSource(runs) };
}

export function proposals(
  requirements: readonly Requirement[],
  findings: readonly ProposalFinding[],
  responses: Readonly<Record<string, ResponseState | undefined>>,
): Proposal[] {
  return requirements.map((r) => proposeAnswer(r, findings, responses[r.id])).filter((p): p is Proposal => p !== undefined);
}
