import type { EvidenceRef, StatementModel } from '../statement/statement-model';

export interface EvidenceFile {
  sha256: string;
  // The first reference's details; the same bytes attached twice are one file in the bundle.
  ref: EvidenceRef;
  requirementIds: string[];
}

// The distinct evidence files a statement refers to, in the order requirements first mention them.
export function evidenceFiles(m: StatementModel): EvidenceFile[] {
  const byHash = new Map<string, EvidenceFile>();
  for (const r of m.requirements)
    for (const e of r.evidence) {
      const f = byHash.get(e.sha256);
      if (f) {
        if (!f.requirementIds.includes(r.id)) f.requirementIds.push(r.id);
      } else byHash.set(e.sha256, { sha256: e.sha256, ref: e, requirementIds: [r.id] });
    }
  return [...byHash.values()];
}

export interface SnapshotFile {
  sha256: string;
  fileName: string;
  kind: 'domain' | 'tenant';
  target: string;
  collectedAt: string;
}

export function snapshotFiles(m: StatementModel): SnapshotFile[] {
  const byHash = new Map<string, SnapshotFile>();
  for (const r of m.technical.runs)
    if (r.snapshot && !byHash.has(r.snapshot.sha256))
      byHash.set(r.snapshot.sha256, {
        sha256: r.snapshot.sha256,
        fileName: r.snapshot.fileName,
        kind: r.kind,
        target: r.target,
        collectedAt: r.finishedAt,
      });
  return [...byHash.values()];
}
