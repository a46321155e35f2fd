import { z } from 'zod';
import { IsoDateTime } from '../../shared/contract/common';
import { CheckIdSchema, CheckStatus, type Finding } from '../../shared/contract/findings';

// The year-on-year page of the technical report: the same check on the same target, last cycle against
// this one. The renderer only draws rows; diffFindings() builds them from two sets of probe runs.

export const YearOnYearChange = z.enum(['improved', 'regressed', 'unchanged', 'new', 'removed']);
export type YearOnYearChange = z.infer<typeof YearOnYearChange>;

export const YearOnYearRow = z.strictObject({
  check: CheckIdSchema,
  target: z.string().max(300),
  previous: CheckStatus.optional(),
  current: CheckStatus.optional(),
  change: YearOnYearChange,
  // e.g. "DMARC policy quarantine → reject".
  note: z.string().max(500).optional(),
});
export type YearOnYearRow = z.infer<typeof YearOnYearRow>;

export const YearOnYear = z.strictObject({
  previousCycle: z.string().min(1).max(40),
  previousCollectedAt: IsoDateTime.optional(),
  rows: z.array(YearOnYearRow).max(5000),
});
export type YearOnYear = z.infer<typeof YearOnYear>;

// Higher is better. Not-assessable is not ranked: moving to or from it is reported as unchanged with a note,
// because "we could not look" is neither an improvement nor a regression.
const RANK: Partial<Record<CheckStatus, number>> = { fail: 0, warn: 1, pass: 2 };

interface RunLike {
  target: string;
  findings: Finding[];
}

function key(f: Finding, run: RunLike) {
  return `${f.check}\u0000${f.target ?? run.target}`;
}

function index(runs: RunLike[]) {
  const m = new Map<string, { check: Finding['check']; target: string; finding: Finding }>();
  for (const run of runs) for (const f of run.findings) m.set(key(f, run), { check: f.check, target: f.target ?? run.target, finding: f });
  return m;
}

export function diffFindings(previous: RunLike[], current: RunLike[], previousCycle: string, previousCollectedAt?: string): YearOnYear {
  const before = index(previous);
  const after = index(current);
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  const rows: YearOnYearRow[] = keys.map((k) => {
    const b = before.get(k);
    const a = after.get(k);
    const base = { check: (a ?? b)!.check, target: (a ?? b)!.target };
    if (!b) return { ...base, current: a!.finding.status, change: 'new' as const };
    if (!a) return { ...base, previous: b.finding.status, change: 'removed' as const };
    const rb = RANK[b.finding.status];
    const ra = RANK[a.finding.status];
    const change: YearOnYearChange = rb === undefined || ra === undefined || ra === rb ? 'unchanged' : ra > rb ? 'improved' : 'regressed';
    const note = b.finding.summary !== a.finding.summary ? `${b.finding.summary} → ${a.finding.summary}`.slice(0, 500) : undefined;
    return { ...base, previous: b.finding.status, current: a.finding.status, change, ...(note ? { note } : {}) };
  });
  return { previousCycle, ...(previousCollectedAt ? { previousCollectedAt } : {}), rows };
}
