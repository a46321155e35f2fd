import type { CheckStatus } from '../contract/findings';
import { findingKey as stableKey } from './finding-identity';
import type { ResponseResult } from './readiness';
import { fieldLabel } from './field-labels';

// What changed between two accreditation cycles of one client: answers, document versions, probe
// findings and evidence. Pure, so the app's "compare" view and the technical report's year-on-year page
// show exactly the same thing.

interface CycleResponse {
  requirementId: string;
  result: ResponseResult;
  document?: Partial<Record<'title' | 'version' | 'date' | 'approvedBy' | 'approvalDate', string>>;
  fields?: Record<string, string>;
}

export interface CycleFinding {
  check: string;
  target?: string;
  status: CheckStatus;
  summary: string;
  data?: Record<string, unknown>;
  observedAt: string;
}

interface CycleEvidence {
  evidenceId: string;
  title: string;
  kind: string;
  freshness: 'current' | 'expiring' | 'expired' | 'missing';
  expiresAt?: string;
}

export interface CycleSnapshot {
  cycle: number;
  requirements: { id: string; title: string }[];
  responses: CycleResponse[];
  findings: CycleFinding[];
  evidence: CycleEvidence[];
}

interface AnswerChange {
  requirementId: string;
  title: string;
  from: ResponseResult;
  to: ResponseResult;
}

interface DetailChange {
  requirementId: string;
  title: string;
  field: string;
  from?: string;
  to?: string;
}

export interface FindingChange {
  check: string;
  target?: string;
  from?: CheckStatus;
  to?: CheckStatus;
  fromSummary?: string;
  toSummary?: string;
  // Structured facts that moved (e.g. policy quarantine → reject, coverage 0.92 → 0.99).
  data: { key: string; from: unknown; to: unknown }[];
}

export interface CycleDiff {
  from: number;
  to: number;
  requirementsAdded: { id: string; title: string }[];
  requirementsRemoved: { id: string; title: string }[];
  answers: AnswerChange[];
  documents: DetailChange[];
  details: DetailChange[];
  findings: FindingChange[];
  evidenceAdded: CycleEvidence[];
  evidenceRemoved: CycleEvidence[];
  evidenceExpired: CycleEvidence[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
// The one identity rule for findings (check + normalised target), so a renamed target is not a new finding.
const findingKey = (f: { check: string; target?: string }) => stableKey(f.check, f.target, '');

export function diffCycles(prev: CycleSnapshot, next: CycleSnapshot): CycleDiff {
  const prevReqs = new Map(prev.requirements.map((r) => [r.id, r]));
  const nextReqs = new Map(next.requirements.map((r) => [r.id, r]));
  const prevResp = new Map(prev.responses.map((r) => [r.requirementId, r]));
  const nextResp = new Map(next.responses.map((r) => [r.requirementId, r]));

  const answers: AnswerChange[] = [];
  const documents: DetailChange[] = [];
  const details: DetailChange[] = [];
  for (const r of next.requirements) {
    if (!prevReqs.has(r.id)) continue;
    const a = prevResp.get(r.id);
    const b = nextResp.get(r.id);
    const from = a?.result ?? 'not-assessed';
    const to = b?.result ?? 'not-assessed';
    if (from !== to) answers.push({ requirementId: r.id, title: r.title, from, to });
    for (const key of new Set([...Object.keys(a?.document ?? {}), ...Object.keys(b?.document ?? {})])) {
      const x = a?.document?.[key as keyof CycleResponse['document']];
      const y = b?.document?.[key as keyof CycleResponse['document']];
      if (!same(x, y)) documents.push({ requirementId: r.id, title: r.title, field: fieldLabel(`document.${key}`), from: x, to: y });
    }
    for (const key of new Set([...Object.keys(a?.fields ?? {}), ...Object.keys(b?.fields ?? {})])) {
      if (!same(a?.fields?.[key], b?.fields?.[key]))
        details.push({
          requirementId: r.id,
          title: r.title,
          field: fieldLabel(`fields.${key}`),
          from: a?.fields?.[key],
          to: b?.fields?.[key],
        });
    }
  }

  const findings = diffFindings(prev.findings, next.findings);

  const prevEvidence = new Set(prev.evidence.map((e) => e.evidenceId));
  const nextEvidence = new Set(next.evidence.map((e) => e.evidenceId));
  return {
    from: prev.cycle,
    to: next.cycle,
    requirementsAdded: next.requirements.filter((r) => !prevReqs.has(r.id)),
    requirementsRemoved: prev.requirements.filter((r) => !nextReqs.has(r.id)),
    answers,
    documents,
    details,
    findings,
    evidenceAdded: next.evidence.filter((e) => !prevEvidence.has(e.evidenceId)),
    evidenceRemoved: prev.evidence.filter((e) => !nextEvidence.has(e.evidenceId)),
    evidenceExpired: next.evidence.filter((e) => e.freshness === 'expired'),
  };
}

// Probe findings that changed status (or whose facts moved) between two sets of results: two cycles, or two
// runs of the same checks (the batch renewal's "what changed since the last run").
export function diffFindings(
  prev: readonly Omit<CycleFinding, 'observedAt'>[],
  next: readonly Omit<CycleFinding, 'observedAt'>[],
): FindingChange[] {
  const prevFindings = new Map(prev.map((f) => [findingKey(f), f]));
  const nextFindings = new Map(next.map((f) => [findingKey(f), f]));
  const findings: FindingChange[] = [];
  for (const key of new Set([...prevFindings.keys(), ...nextFindings.keys()])) {
    const a = prevFindings.get(key);
    const b = nextFindings.get(key);
    // Facts only move between two runs: a check run in one cycle only is told by its status and summary.
    const data =
      a && b
        ? [...new Set([...Object.keys(a.data ?? {}), ...Object.keys(b.data ?? {})])]
            .filter((k) => !same(a.data?.[k], b.data?.[k]))
            .map((k) => ({ key: k, from: a.data?.[k] ?? null, to: b.data?.[k] ?? null }))
        : [];
    if (a?.status === b?.status && data.length === 0) continue;
    const ref = (a ?? b)!;
    findings.push({
      check: ref.check,
      target: ref.target,
      from: a?.status,
      to: b?.status,
      fromSummary: a?.summary,
      toSummary: b?.summary,
      data,
    });
  }
  findings.sort((x, y) => findingKey(x).localeCompare(findingKey(y)));
  return findings;
}

export function isEmptyDiff(d: CycleDiff): boolean {
  return [
    d.requirementsAdded,
    d.requirementsRemoved,
    d.answers,
    d.documents,
    d.details,
    d.findings,
    d.evidenceAdded,
    d.evidenceRemoved,
    d.evidenceExpired,
  ].every((x) => x.length === 0);
}
