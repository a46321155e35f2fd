import { randomUUID } from 'node:crypto';
import type { EvidenceLinkView, EvidenceSource, EvidenceVersion, IntegrityStatus, SniffedType } from '../../shared/contract/evidence';
import type { EvidenceKind } from '../../shared/domain/evidence-kinds';
import type { Db } from '../store/database';

// The owner of the evidence tables: `evidence_items`, `evidence_versions` and `evidence_links`. Their rows,
// every SQL statement on them and the mapping to the contract's shapes live here; services decide what to
// write, check it and audit it, inside the caller's transaction (db.transaction, which is IMMEDIATE:
// store/database.ts). A link's assessment (cycle, status, lock) is joined in from the assessments table.

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

const LINKS_SQL = `SELECT l.*, a.cycle, a.status, a.locked_at FROM evidence_links l JOIN assessments a ON a.id = l.assessment_id`;

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

export type VersionFields = Pick<
  VersionRow,
  'collected_at' | 'issue_date' | 'expiry_date' | 'document_version' | 'approved_by' | 'approval_date' | 'note'
>;

export interface StoredFile {
  sha256: string;
  size: number;
  originalName: string;
  type: SniffedType;
  extensionMismatch: boolean;
}

// One linked version, with its link and item, as readiness reads them for a whole assessment at once.
export type LinkedVersionRow = VersionRow & {
  l_requirement_id: string;
  l_evidence_id: string;
  a_status: LinkRow['status'];
  a_locked_at: string | null;
  i_title: string;
  i_kind: EvidenceKind;
};

export class EvidenceRepo {
  constructor(private readonly db: Db) {}

  // ---------------------------------------------------------------- items

  item(id: string): ItemRow | undefined {
    return this.db.prepare('SELECT * FROM evidence_items WHERE id = ?').get(id) as ItemRow | undefined;
  }

  // The item that holds a probe's snapshots (one per client and probe target).
  probeItem(clientId: string, probeKey: string): ItemRow | undefined {
    return this.db.prepare('SELECT * FROM evidence_items WHERE client_id = ? AND probe_key = ?').get(clientId, probeKey) as
      ItemRow | undefined;
  }

  // A client's items, by title, with the id of each one's current version; `like` matches the title, owner,
  // notes or current file name (an escaped LIKE pattern, or null for all).
  search(clientId: string, kind: EvidenceKind | null, like: string | null): (ItemRow & { v_id: string })[] {
    return this.db
      .prepare(
        `SELECT i.*, v.id AS v_id FROM evidence_items i
         JOIN evidence_versions v ON v.evidence_id = i.id AND v.superseded_at IS NULL
         WHERE i.client_id = @client AND (@kind IS NULL OR i.kind = @kind)
           AND (@like IS NULL OR lower(i.title) LIKE @like ESCAPE '\\' OR lower(coalesce(i.owner, '')) LIKE @like ESCAPE '\\'
                OR lower(coalesce(i.notes, '')) LIKE @like ESCAPE '\\' OR lower(v.original_name) LIKE @like ESCAPE '\\')
         ORDER BY i.title COLLATE NOCASE`,
      )
      .all({ client: clientId, kind, like }) as (ItemRow & { v_id: string })[];
  }

  insertItem(i: {
    id: string;
    clientId: string;
    title: string;
    kind: EvidenceKind;
    owner: string | null;
    notes: string | null;
    source: EvidenceSource;
    at: string;
  }): void {
    this.db
      .prepare(
        `INSERT INTO evidence_items (id, client_id, title, kind, owner, notes, source, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(i.id, i.clientId, i.title, i.kind, i.owner, i.notes, i.source, i.at, i.at);
  }

  insertProbeItem(i: { id: string; clientId: string; title: string; source: EvidenceSource; probeKey: string; at: string }): void {
    this.db
      .prepare(
        `INSERT INTO evidence_items (id, client_id, title, kind, source, probe_key, created_at, updated_at)
         VALUES (?, ?, ?, 'probe-snapshot', ?, ?, ?, ?)`,
      )
      .run(i.id, i.clientId, i.title, i.source, i.probeKey, i.at, i.at);
  }

  updateItem(id: string, v: { title: string; kind: EvidenceKind; owner: string | null; notes: string | null }, now: string): void {
    this.db
      .prepare('UPDATE evidence_items SET title = ?, kind = ?, owner = ?, notes = ?, revision = revision + 1, updated_at = ? WHERE id = ?')
      .run(v.title, v.kind, v.owner, v.notes, now, id);
  }

  bumpItem(id: string, now: string): void {
    this.db.prepare('UPDATE evidence_items SET revision = revision + 1, updated_at = ? WHERE id = ?').run(now, id);
  }

  // ---------------------------------------------------------------- versions

  versions(evidenceId: string): VersionRow[] {
    return this.db.prepare('SELECT * FROM evidence_versions WHERE evidence_id = ? ORDER BY version').all(evidenceId) as VersionRow[];
  }

  currentVersion(evidenceId: string): VersionRow | undefined {
    return this.db.prepare('SELECT * FROM evidence_versions WHERE evidence_id = ? AND superseded_at IS NULL').get(evidenceId) as
      VersionRow | undefined;
  }

  maxVersion(evidenceId: string): number {
    return (this.db.prepare('SELECT MAX(version) AS n FROM evidence_versions WHERE evidence_id = ?').get(evidenceId) as { n: number }).n;
  }

  // The current version of each of a client's items, by item id.
  currentVersionsOfClient(clientId: string): Map<string, VersionRow> {
    return new Map(
      (
        this.db
          .prepare(
            `SELECT v.* FROM evidence_versions v JOIN evidence_items i ON i.id = v.evidence_id
             WHERE i.client_id = ? AND v.superseded_at IS NULL`,
          )
          .all(clientId) as VersionRow[]
      ).map((v) => [v.evidence_id, v]),
    );
  }

  // How many versions each of a client's items has, by item id.
  versionCountsOfClient(clientId: string): Map<string, number> {
    return new Map(
      (
        this.db
          .prepare(
            `SELECT v.evidence_id AS id, COUNT(*) AS n FROM evidence_versions v JOIN evidence_items i ON i.id = v.evidence_id
             WHERE i.client_id = ? GROUP BY v.evidence_id`,
          )
          .all(clientId) as { id: string; n: number }[]
      ).map((r) => [r.id, r.n]),
    );
  }

  // Every version of a client's items, with the item's title, by title then version.
  allVersionsOfClient(clientId: string): (VersionRow & { item_title: string })[] {
    return this.db
      .prepare(
        `SELECT v.*, i.title AS item_title FROM evidence_versions v JOIN evidence_items i ON i.id = v.evidence_id
         WHERE i.client_id = ? ORDER BY i.title, v.version`,
      )
      .all(clientId) as (VersionRow & { item_title: string })[];
  }

  // Every version of every item linked to the assessment, one row per link and version, in link order.
  linkedVersions(assessmentId: string): LinkedVersionRow[] {
    return this.db
      .prepare(
        `SELECT l.requirement_id AS l_requirement_id, l.evidence_id AS l_evidence_id, a.status AS a_status, a.locked_at AS a_locked_at,
                i.title AS i_title, i.kind AS i_kind, v.*
         FROM evidence_links l
         JOIN assessments a ON a.id = l.assessment_id
         JOIN evidence_items i ON i.id = l.evidence_id
         JOIN evidence_versions v ON v.evidence_id = l.evidence_id
         WHERE l.assessment_id = ?
         ORDER BY l.requirement_id, l.evidence_id, v.version`,
      )
      .all(assessmentId) as LinkedVersionRow[];
  }

  insertVersion(
    evidenceId: string,
    version: number,
    file: StoredFile,
    fields: VersionFields,
    at: string,
    actor: string,
    probeRunId: string | null,
  ): string {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO evidence_versions (id, evidence_id, version, sha256, size, original_name, sniffed_type, extension_mismatch,
           collected_at, added_at, added_by, issue_date, expiry_date, document_version, approved_by, approval_date, note, probe_run_id,
           integrity, verified_at)
         VALUES (@id, @evidence_id, @version, @sha256, @size, @original_name, @sniffed_type, @extension_mismatch, @collected_at, @added_at,
           @added_by, @issue_date, @expiry_date, @document_version, @approved_by, @approval_date, @note, @probe_run_id, 'ok', @added_at)`,
      )
      .run({
        id,
        evidence_id: evidenceId,
        version,
        sha256: file.sha256,
        size: file.size,
        original_name: file.originalName,
        sniffed_type: file.type,
        extension_mismatch: file.extensionMismatch ? 1 : 0,
        added_at: at,
        added_by: actor,
        probe_run_id: probeRunId,
        ...fields,
      });
    return id;
  }

  supersede(versionId: string, now: string): void {
    this.db.prepare('UPDATE evidence_versions SET superseded_at = ? WHERE id = ?').run(now, versionId);
  }

  updateVersionFields(versionId: string, fields: VersionFields): void {
    this.db
      .prepare(
        `UPDATE evidence_versions SET collected_at = @collected_at, issue_date = @issue_date, expiry_date = @expiry_date,
           document_version = @document_version, approved_by = @approved_by, approval_date = @approval_date, note = @note
         WHERE id = @id`,
      )
      .run({ ...fields, id: versionId });
  }

  // The outcome of re-hashing each version's file.
  recordIntegrity(versions: Pick<VersionRow, 'id' | 'sha256'>[], status: (sha256: string) => IntegrityStatus, at: string): void {
    const update = this.db.prepare('UPDATE evidence_versions SET integrity = ?, verified_at = ? WHERE id = ?');
    for (const v of versions) update.run(status(v.sha256), at, v.id);
  }

  // ---------------------------------------------------------------- links

  linksOfItem(evidenceId: string): LinkRow[] {
    return this.db.prepare(`${LINKS_SQL} WHERE l.evidence_id = ? ORDER BY a.cycle DESC, l.requirement_id`).all(evidenceId) as LinkRow[];
  }

  linksOfClient(clientId: string): LinkRow[] {
    return this.db
      .prepare(`${LINKS_SQL} JOIN evidence_items i ON i.id = l.evidence_id WHERE i.client_id = ? ORDER BY a.cycle DESC, l.requirement_id`)
      .all(clientId) as LinkRow[];
  }

  linksOfAssessment(assessmentId: string): LinkRow[] {
    return this.db.prepare(`${LINKS_SQL} WHERE l.assessment_id = ? ORDER BY l.requirement_id`).all(assessmentId) as LinkRow[];
  }

  linksOfRequirement(assessmentId: string, requirementId: string): LinkRow[] {
    return this.db
      .prepare(`${LINKS_SQL} WHERE l.assessment_id = ? AND l.requirement_id = ? ORDER BY l.linked_at`)
      .all(assessmentId, requirementId) as LinkRow[];
  }

  linkedAssessmentIds(evidenceId: string): string[] {
    return (
      this.db.prepare('SELECT DISTINCT assessment_id AS id FROM evidence_links WHERE evidence_id = ?').all(evidenceId) as { id: string }[]
    ).map((r) => r.id);
  }

  // An assessment's links with each item's title, as a renewal carries them over.
  linksToCarry(assessmentId: string): { evidence_id: string; requirement_id: string; title: string }[] {
    return this.db
      .prepare(
        `SELECT l.evidence_id, l.requirement_id, i.title FROM evidence_links l JOIN evidence_items i ON i.id = l.evidence_id
         WHERE l.assessment_id = ? ORDER BY l.requirement_id, i.title COLLATE NOCASE`,
      )
      .all(assessmentId) as { evidence_id: string; requirement_id: string; title: string }[];
  }

  // False when the link was already there.
  insertLink(evidenceId: string, assessmentId: string, requirementId: string, now: string, actor: string): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO evidence_links (evidence_id, assessment_id, requirement_id, linked_at, linked_by) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING`,
        )
        .run(evidenceId, assessmentId, requirementId, now, actor).changes > 0
    );
  }

  // False when there was no such link.
  deleteLink(evidenceId: string, assessmentId: string, requirementId: string): boolean {
    return (
      this.db
        .prepare('DELETE FROM evidence_links WHERE evidence_id = ? AND assessment_id = ? AND requirement_id = ?')
        .run(evidenceId, assessmentId, requirementId).changes > 0
    );
  }
}
