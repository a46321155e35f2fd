import type { CheckStatus, NotAssessableReason } from '../../../shared/contract/findings';
import type { CheckId } from '../../../shared/domain/checks';
import type { DomainFinding, FindingReason } from '../../../shared/contract/domain-checks';
import { OUTCOME_TEXT, type LookupOutcome } from '../../probes/dns/resolver';

// How every domain check turns facts into a finding: the grader lists reasons (each a rule that applied,
// with its severity and, for problems, the fix), and the status is the worst severity among them. The
// rule tables live next to each grader; this file only does the arithmetic and the wording around it.

export type Severity = FindingReason['severity'];

export interface Reason {
  severity: Severity;
  text: string;
  // The exact record or setting to publish, for fail and warn reasons.
  fix?: string;
}

export interface Graded {
  check: CheckId;
  target: string;
  // Used when no reason is a warning or failure.
  passSummary: string;
  found: string[];
  reasons: Reason[];
  data?: Record<string, unknown>;
}

const RANK: Record<Severity, number> = { pass: 0, note: 0, warn: 1, fail: 2 };
const MARK: Record<Severity, string> = { fail: '✗', warn: '!', note: '•', pass: '✓' };
const MAX_DETAIL = 19_000;

export function statusOf(reasons: readonly Reason[]): Exclude<CheckStatus, 'not-assessable'> {
  const worst = Math.max(0, ...reasons.map((r) => RANK[r.severity]));
  return worst === 2 ? 'fail' : worst === 1 ? 'warn' : 'pass';
}

function renderDetail(found: readonly string[], reasons: readonly Pick<Reason, 'severity' | 'text'>[]): string {
  const parts: string[] = [];
  if (found.length) parts.push(['Found:', ...found.map((f) => `  ${f}`)].join('\n'));
  if (reasons.length) parts.push(['Why:', ...reasons.map((r) => `  ${MARK[r.severity]} ${r.text}`)].join('\n'));
  const text = parts.join('\n\n');
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}\n… (shortened)` : text;
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function toFinding(g: Graded): DomainFinding {
  const status = statusOf(g.reasons);
  const lead = status === 'pass' ? undefined : g.reasons.find((r) => r.severity === status);
  const fixes = [...new Set(g.reasons.filter((r) => (r.severity === 'fail' || r.severity === 'warn') && r.fix).map((r) => r.fix!))];
  return {
    check: g.check,
    status,
    target: clip(g.target, 300),
    summary: clip(lead?.text ?? g.passSummary, 500),
    detail: renderDetail(g.found, g.reasons),
    ...(fixes.length ? { remediation: clip(fixes.join('\n\n'), 5000) } : {}),
    ...(g.data ? { data: g.data } : {}),
    found: g.found.map((f) => clip(f, 4000)).slice(0, 200),
    reasons: g.reasons.map((r) => ({ severity: r.severity, text: clip(r.text, 2000) })).slice(0, 100),
  };
}

export function notAssessable(
  check: CheckId,
  target: string,
  reason: NotAssessableReason,
  summary: string,
  explanation: string[],
  data?: Record<string, unknown>,
  found: string[] = [],
): DomainFinding {
  const reasons = explanation.map((text) => ({ severity: 'note' as const, text }));
  return {
    check,
    status: 'not-assessable',
    reason,
    target: clip(target, 300),
    summary: clip(summary, 500),
    detail: renderDetail(found, reasons),
    ...(data ? { data } : {}),
    found,
    reasons,
  };
}

// A lookup we could not complete: said as such, never as "no record".
export function dnsIndeterminate(check: CheckId, name: string, outcome: LookupOutcome, servers: readonly string[]): DomainFinding {
  return notAssessable(
    check,
    name,
    'unreachable',
    `Could not look up ${name}: ${OUTCOME_TEXT[outcome]}`,
    [
      `The DNS server${servers.length === 1 ? '' : 's'} ${servers.join(', ')} did not give an answer for ${name}. That says nothing about whether the record exists, so this check is not graded.`,
      'Run the check again. If it keeps happening, choose another DNS server in Settings › DNS (a public resolver such as 1.1.1.1 or 9.9.9.9) — VPNs and some office networks interfere with DNS.',
    ],
    { lookup: name, outcome },
  );
}

// One check left ungraded because this computer's DNS failed for the whole run: the explanation is said
// once, in the report's network summary, not repeated in every finding.
export function networkNotAssessable(check: CheckId, target: string, summary: string): DomainFinding {
  return notAssessable(check, target, 'unreachable', `Not assessed: ${summary}`, [
    'See the summary above this report: no check could be graded.',
  ]);
}
