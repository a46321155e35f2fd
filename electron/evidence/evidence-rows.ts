import type { EvidenceLinkView, EvidenceSource, EvidenceVersion, IntegrityStatus, SniffedType } from '../../shared/contract/evidence';
import type { EvidenceKind } from '../../shared/domain/evidence-kinds';

// Database rows of the evidence tables and their mapping to the contract's shapes.

export type ItemRow = {
  id: string;
  client_id: string;
  title: string;
  kind: EvidenceKind;
  owner: string | null;
  notes: string | null;
  source: EvidenceSource;
  probe_key: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
};

export type VersionRow = {
  id: string;
  evidence_id: string;
  version: number;
  sha256: string;
  size: number;
  original_name: string;
  sniffed_type: SniffedType;
  extension_mismatch: number;
  collected_at: string;
  added_at: string;
  added_by: string;
  issue_date: string | null;
  expiry_date: string | null;
  document_version: string | null;
  approved_by: string | null;
  approval_date: string | null;
  note: string | null;
  probe_run_id: string | null;
  superseded_at: string | null;
  integrity: IntegrityStatus;
  verified_at: string | null;
};

export type LinkRow = {
  evidence_id: string;
  assessment_id: string;
  requirement_id: string;
  linked_at: string;
  linked_by: string;
  cycle: number;
  status: 'draft' | 'ready' | 'signed';
  locked_at: string | null;
};

export const LINKS_SQL = `SELECT l.*, a.cycle, a.status, a.locked_at FROM evidence_links l JOIN assessments a ON a.id = l.assessment_id`;

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

// The version a signed assessment relies on: the one that was current when it was locked.
function pinnedVersion<V extends Pick<VersionRow, 'added_at' | 'superseded_at'>>(versions: V[], lockedAt: string): V | undefined {
  return versions.find((v) => v.added_at <= lockedAt && (v.superseded_at === null || v.superseded_at > lockedAt));
}

export function effectiveVersion(versions: VersionRow[], link: Pick<LinkRow, 'status' | 'locked_at'>): VersionRow {
  const current = versions.find((v) => v.superseded_at === null) ?? versions[versions.length - 1]!;
  if (link.status !== 'signed' || !link.locked_at) return current;
  return pinnedVersion(versions, link.locked_at) ?? current;
}

// A version's stored facts, as the library and the export list both show them.
export function versionFacts(v: VersionRow) {
  return {
    sha256: v.sha256,
    size: v.size,
    originalName: v.original_name,
    sniffedType: v.sniffed_type,
    extensionMismatch: v.extension_mismatch === 1,
    collectedAt: v.collected_at,
    addedAt: v.added_at,
    addedBy: v.added_by,
    issueDate: opt(v.issue_date),
    expiryDate: opt(v.expiry_date),
    documentVersion: opt(v.document_version),
    approvedBy: opt(v.approved_by),
    approvalDate: opt(v.approval_date),
  };
}

export function toVersion(v: VersionRow, signedLinks: LinkRow[] = []): EvidenceVersion & { pinnedBy: number[] } {
  const pinnedBy = [
    ...new Set(
      signedLinks
        .filter((l) => l.locked_at && v.added_at <= l.locked_at && (v.superseded_at === null || v.superseded_at > l.locked_at))
        .map((l) => l.cycle),
    ),
  ].sort();
  return {
    id: v.id,
    version: v.version,
    ...versionFacts(v),
    note: opt(v.note),
    probeRunId: opt(v.probe_run_id),
    supersededAt: opt(v.superseded_at),
    integrity: v.integrity,
    verifiedAt: opt(v.verified_at),
    pinnedBy,
  };
}

export function toLinkView(l: LinkRow): EvidenceLinkView {
  return {
    assessmentId: l.assessment_id,
    cycle: l.cycle,
    assessmentStatus: l.status,
    requirementId: l.requirement_id,
    linkedAt: l.linked_at,
    linkedBy: l.linked_by,
  };
}

export function groupBy<T, K>(items: T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const i of items) {
    const k = key(i);
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  }
  return m;
}
