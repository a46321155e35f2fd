import type { Finding, NotAssessableReason } from '../../../../shared/contract/findings';
import { REASON_LABELS, TENANT_AREAS, type TenantArea } from '../../../../shared/contract/tenant';
import { CHECKS, isKnownCheck } from '../../../../shared/domain/checks';

// How the tenant tab arranges a run's findings: by check area (how an administrator thinks of the tenant)
// or by DCB1596 requirement (how the checklist and the reviewer think). Pure, so both views agree.

export type GroupBy = 'area' | 'requirement';

export interface FindingGroup {
  id: string;
  title: string;
  findings: Finding[];
}

const SEVERITY: Record<Finding['status'], number> = { fail: 0, warn: 1, 'not-assessable': 2, pass: 3 };

// Check → requirement IDs, from the active catalogue (shared/domain/catalogue/check-map).
export type RequirementMap = Record<string, string[]>;

export function requirementsOf(map: RequirementMap, check: string): string[] {
  return map[check] ?? [];
}

export function checkTitle(check: string): string {
  return isKnownCheck(check) ? CHECKS[check].title : check;
}

// Within a group, problems first, then in the catalogue's order of checks.
function order(findings: Finding[], checks: readonly string[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status] || checks.indexOf(a.check) - checks.indexOf(b.check));
}

export function groupTenantFindings(findings: Finding[], by: GroupBy, map: RequirementMap = {}): FindingGroup[] {
  if (by === 'area') {
    const groups = TENANT_AREAS.map((a) => ({
      id: a.id as TenantArea | 'other',
      title: a.title,
      findings: order(
        findings.filter((f) => (a.checks as string[]).includes(f.check)),
        a.checks,
      ),
    }));
    const known = new Set(TENANT_AREAS.flatMap((a) => a.checks as string[]));
    const other = findings.filter((f) => !known.has(f.check));
    if (other.length) groups.push({ id: 'other', title: 'Other checks', findings: other });
    return groups.filter((g) => g.findings.length > 0);
  }
  const byReq = new Map<string, Finding[]>();
  for (const f of findings) {
    const reqs = requirementsOf(map, f.check);
    for (const r of reqs.length ? reqs : ['Other']) byReq.set(r, [...(byReq.get(r) ?? []), f]);
  }
  // O365-xx first (this tab's own requirements), then the cross-route ones, each in number order.
  const rank = (id: string) => (id.startsWith('O365-') ? 0 : id === 'Other' ? 2 : 1);
  return [...byReq.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true }))
    .map(([id, list]) => ({ id, title: id === 'Other' ? 'Not mapped to a requirement' : id, findings: order(list, Object.keys(CHECKS)) }));
}

// "Not licensed (3), not collected (9)": why the grey ones are grey, at a glance.
export function notAssessableSummary(findings: Finding[]): string {
  const counts = new Map<NotAssessableReason, number>();
  for (const f of findings) if (f.status === 'not-assessable' && f.reason) counts.set(f.reason, (counts.get(f.reason) ?? 0) + 1);
  return [...counts.entries()].map(([r, n]) => `${REASON_LABELS[r].toLowerCase()} (${n})`).join(', ');
}

const SOURCE_LABEL: Record<string, string> = {
  graph: 'Microsoft Graph',
  'exchange-rest': 'Exchange Online',
  'customer-script': 'Exchange script output',
};

export function describeSource(source: string): string {
  const reevaluated = / \(re-evaluated\)$/.test(source);
  const parts = source
    .replace(/ \(re-evaluated\)$/, '')
    .split('+')
    .map((p) => SOURCE_LABEL[p] ?? p);
  return `${parts.join(' + ')}${reevaluated ? ', re-evaluated offline' : ''}`;
}

// The statuses that changed between two evaluations of the same evidence.
export function changedChecks(before: Finding[], after: Finding[]): string[] {
  const was = new Map(before.map((f) => [`${f.check}|${f.target ?? ''}`, `${f.status}|${f.reason ?? ''}`]));
  return after.filter((f) => was.get(`${f.check}|${f.target ?? ''}`) !== `${f.status}|${f.reason ?? ''}`).map((f) => f.check);
}
