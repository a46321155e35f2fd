import type { AuditEntry, AuditOmitted } from '../../shared/contract/audit';

// Which audit entries a cycle's bundle carries: that cycle's own, in full; every other entry of the client's
// chain only as its place and hash (AuditOmitted), so the chain still links from the first entry to the head
// and a reader can prove nothing was removed, without the 2025 bundle showing what happened in the 2026 draft.

export interface CycleScope {
  assessmentId: string;
  cycle: number;
  // Every other assessment of the client: their entries are theirs.
  otherAssessmentIds: ReadonlySet<string>;
  // The cycle's window for entries that name no assessment (probe runs, evidence, client details):
  // after the previous cycle's sign-off, up to this cycle's (no bound while unsigned).
  from?: string;
  until?: string;
}

export function belongsToCycle(e: Pick<AuditEntry, 'entityId' | 'summary' | 'at'>, s: CycleScope): boolean {
  if (e.entityId === s.assessmentId) return true;
  if (s.otherAssessmentIds.has(e.entityId)) return false;
  // Entries about an assessment's records start with its year ("2025: exported evidence bundle v1", "2025 ORG-01: …").
  const year = /^(\d{4})[: ]/.exec(e.summary)?.[1];
  if (year) return Number(year) === s.cycle;
  return (s.from === undefined || e.at > s.from) && (s.until === undefined || e.at <= s.until);
}

export function scopeChain(entries: readonly AuditEntry[], s: CycleScope): (AuditEntry | AuditOmitted)[] {
  return entries.map((e) =>
    belongsToCycle(e, s) ? e : { chain: e.chain, n: e.n, omitted: true as const, prevHash: e.prevHash, hash: e.hash },
  );
}
