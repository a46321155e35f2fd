import { z } from 'zod';
import { IsoDateTime } from '../../shared/contract/common';
import { CheckIdSchema, CheckStatus, ProbeKind, type Finding } from '../../shared/contract/findings';
import { TRANSITION_ORDER, findingKey, findingTransition, normaliseTarget } from '../../shared/domain/finding-identity';

// The year-on-year page of the technical report: the same finding (check + normalised target, see
// shared/domain/finding-identity.ts) in last cycle's own results against this cycle's. The renderer only
// draws rows; diffFindings() builds them from two sets of probe runs, grouped by mail domain or tenant,
// the areas with regressions first.

export const YearOnYearChange = z.enum(['improved', 'regressed', 'unchanged', 'new', 'removed', 'not-comparable']);
export type YearOnYearChange = z.infer<typeof YearOnYearChange>;

export const YearOnYearRow = z.strictObject({
  check: CheckIdSchema,
  target: z.string().max(300),
  // The mail domain or tenant the row belongs to (the run it came from).
  area: z.strictObject({ kind: ProbeKind, name: z.string().max(300) }),
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

interface RunLike {
  kind?: 'domain' | 'tenant';
  target: string;
  findings: Finding[];
}

type Indexed = { check: Finding['check']; target: string; area: YearOnYearRow['area']; finding: Finding };

const areaKey = (a: YearOnYearRow['area']) => `${a.kind === 'tenant' ? 1 : 0}\u0000${a.name}`;

function index(runs: RunLike[]): Map<string, Indexed> {
  const m = new Map<string, Indexed>();
  for (const run of runs) {
    const area = { kind: run.kind ?? 'domain', name: run.target.trim().toLowerCase().replace(/\.+$/, '') };
    for (const f of run.findings)
      m.set(`${area.kind}\u0000${findingKey(f.check, f.target, run.target)}`, {
        check: f.check,
        target: normaliseTarget(f.check, f.target, run.target),
        area,
        finding: f,
      });
  }
  return m;
}

export function diffFindings(previous: RunLike[], current: RunLike[], previousCycle: string, previousCollectedAt?: string): YearOnYear {
  const before = index(previous);
  const after = index(current);
  const rows: YearOnYearRow[] = [...new Set([...before.keys(), ...after.keys()])].map((k) => {
    const b = before.get(k);
    const a = after.get(k);
    const ref = (a ?? b)!;
    const change = findingTransition(b?.finding.status, a?.finding.status);
    const note =
      b && a && b.finding.summary !== a.finding.summary ? `${b.finding.summary} → ${a.finding.summary}`.slice(0, 500) : undefined;
    return {
      check: ref.check,
      target: ref.target,
      area: ref.area,
      ...(b ? { previous: b.finding.status } : {}),
      ...(a ? { current: a.finding.status } : {}),
      change,
      ...(note ? { note } : {}),
    };
  });
  // Areas in the order of their worst row (regressions first), then by name; rows within an area likewise.
  const rank = (r: YearOnYearRow) => TRANSITION_ORDER.indexOf(r.change);
  const worst = new Map<string, number>();
  for (const r of rows) worst.set(areaKey(r.area), Math.min(worst.get(areaKey(r.area)) ?? Infinity, rank(r)));
  rows.sort(
    (x, y) =>
      worst.get(areaKey(x.area))! - worst.get(areaKey(y.area))! ||
      areaKey(x.area).localeCompare(areaKey(y.area)) ||
      rank(x) - rank(y) ||
      x.check.localeCompare(y.check) ||
      x.target.localeCompare(y.target),
  );
  return { previousCycle, ...(previousCollectedAt ? { previousCollectedAt } : {}), rows };
}
