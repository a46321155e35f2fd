import { statSync } from 'node:fs';
import type {
  EvidenceDetail,
  EvidenceItem,
  ExpiryFilter,
  FreshnessView,
  IntegrityStatus,
  RequirementEvidenceEntry,
} from '../../shared/contract/evidence';
import { toIsoDate } from '../../shared/domain/dates';
import type { EvidenceKind } from '../../shared/domain/evidence-kinds';
import { assessFreshness, type Freshness } from '../../shared/domain/freshness';
import type { EvidenceState } from '../../shared/domain/readiness';
import { conflict, notFound } from '../backend/app-error';
import type { Clock } from '../backend/ports';
import type { ClientsService } from '../clients/clients-service';
import type { Db } from '../store/database';
import { AssessmentRepo, type AssessmentRow } from '../assessments/assessment-repo';
import type { BlobStore } from './blob-store';
import {
  EvidenceRepo,
  effectiveVersion,
  groupBy,
  toLinkView,
  toVersion,
  type ItemRow,
  type LinkRow,
  type VersionRow,
} from './evidence-repo';

// The evidence library as it is read: an item with its versions and links, a client's library (filtered),
// what one requirement relies on, and the states readiness judges. Freshness is never stored: each read
// judges a version at a date (today, or an assessment's planned submission date).

const FRESHNESS_ORDER: Record<Freshness, number> = { missing: 0, expired: 1, expiring: 2, current: 3 };

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export interface EvidenceQueriesDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly blobs: Pick<BlobStore, 'path'>;
  readonly clients: Pick<ClientsService, 'get'>;
}

export class EvidenceQueries {
  constructor(private readonly s: EvidenceQueriesDeps) {}

  private get repo(): EvidenceRepo {
    return new EvidenceRepo(this.s.db);
  }

  private today(): string {
    return toIsoDate(this.s.clock.now());
  }

  itemRow(id: string): ItemRow {
    const r = this.repo.item(id);
    if (!r) throw notFound('The evidence item');
    return r;
  }

  versionsOf(evidenceId: string): VersionRow[] {
    return this.repo.versions(evidenceId);
  }

  linksOf(evidenceId: string): LinkRow[] {
    return this.repo.linksOfItem(evidenceId);
  }

  // One version of an item: the one named, or the current one.
  version(evidenceId: string, versionId?: string): VersionRow {
    const versions = this.versionsOf(evidenceId);
    const v = versionId ? versions.find((x) => x.id === versionId) : versions.find((x) => x.superseded_at === null);
    if (!v) throw notFound('That version of the evidence');
    return v;
  }

  assessmentRow(id: string): AssessmentRow {
    const a = new AssessmentRepo(this.s.db).get(id);
    if (!a) throw notFound('The assessment');
    return a;
  }

  // The client whose evidence is about to change; an archived client's library is read-only.
  writableClient(clientId: string) {
    const client = this.s.clients.get(clientId);
    if (client.archived) throw conflict(`${client.legalName} is archived. Restore the client before changing its evidence.`);
    return client;
  }

  // Cheap check used on every read: a stored file that is gone or has changed size is reported at once;
  // a same-size edit is caught by the next full re-hash (verify, or before an export).
  private quickIntegrity(v: Pick<VersionRow, 'sha256' | 'size' | 'integrity'>): IntegrityStatus {
    let size: number | undefined;
    try {
      size = statSync(this.s.blobs.path(v.sha256), { throwIfNoEntry: false })?.size;
    } catch {
      size = undefined;
    }
    if (size === undefined) return 'missing';
    if (size !== v.size) return 'altered';
    return v.integrity;
  }

  freshnessOf(kind: EvidenceKind, v: VersionRow, referenceDate: string): FreshnessView {
    return assessFreshness(
      {
        kind,
        collectedAt: v.collected_at,
        issueDate: v.issue_date ?? undefined,
        expiryDate: v.expiry_date ?? undefined,
        integrity: this.quickIntegrity(v),
      },
      referenceDate,
    );
  }

  private assemble(item: ItemRow, current: VersionRow, versionCount: number, links: LinkRow[]): EvidenceItem {
    const signed = links.filter((l) => l.status === 'signed');
    return {
      id: item.id,
      clientId: item.client_id,
      title: item.title,
      kind: item.kind,
      owner: item.owner ?? undefined,
      notes: item.notes ?? undefined,
      source: item.source,
      revision: item.revision,
      createdAt: item.created_at,
      updatedAt: item.updated_at,
      current: toVersion({ ...current, integrity: this.quickIntegrity(current) }, signed),
      versionCount,
      freshness: this.freshnessOf(item.kind, current, this.today()),
      links: links.map(toLinkView),
      frozenBy: [...new Set(signed.map((l) => l.cycle))].sort(),
    };
  }

  get(id: string): EvidenceDetail {
    const item = this.itemRow(id);
    const versions = this.versionsOf(id);
    const links = this.linksOf(id);
    const current = versions.find((v) => v.superseded_at === null) ?? versions[versions.length - 1]!;
    const signed = links.filter((l) => l.status === 'signed');
    return {
      ...this.assemble(item, current, versions.length, links),
      versions: versions.map((v) => toVersion({ ...v, integrity: this.quickIntegrity(v) }, signed)).sort((a, b) => b.version - a.version),
    };
  }

  list(input: { clientId: string; kind?: EvidenceKind; freshness?: Freshness; expiry?: ExpiryFilter; search?: string }): EvidenceItem[] {
    this.s.clients.get(input.clientId);
    const term = input.search?.trim().toLowerCase();
    const like = term ? `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const rows = this.repo.search(input.clientId, input.kind ?? null, like);
    const current = this.repo.currentVersionsOfClient(input.clientId);
    const counts = this.repo.versionCountsOfClient(input.clientId);
    const links = groupBy(this.repo.linksOfClient(input.clientId), (l) => l.evidence_id);
    return rows
      .map((r) => this.assemble(r, current.get(r.id)!, counts.get(r.id) ?? 1, links.get(r.id) ?? []))
      .filter((e) => !input.freshness || e.freshness.freshness === input.freshness)
      .filter((e) => matchesExpiry(e.freshness, input.expiry));
  }

  forRequirement(assessmentId: string, requirementId: string): RequirementEvidenceEntry[] {
    const a = this.assessmentRow(assessmentId);
    const links = this.repo.linksOfRequirement(assessmentId, requirementId);
    return links
      .map((l) => {
        const item = this.itemRow(l.evidence_id);
        const versions = this.versionsOf(item.id);
        const allLinks = this.linksOf(item.id);
        const signed = allLinks.filter((x) => x.status === 'signed');
        const current = versions.find((v) => v.superseded_at === null)!;
        const v = effectiveVersion(versions, l);
        return {
          item: this.assemble(item, current, versions.length, allLinks),
          version: toVersion({ ...v, integrity: this.quickIntegrity(v) }, signed),
          versions: versions
            .map((x) => toVersion({ ...x, integrity: this.quickIntegrity(x) }, signed))
            .sort((x, y) => y.version - x.version),
          freshness: this.freshnessOf(item.kind, v, a.planned_submission_date),
          linkedAt: l.linked_at,
          linkedBy: l.linked_by,
        };
      })
      .sort(
        (x, y) =>
          FRESHNESS_ORDER[x.freshness.freshness] - FRESHNESS_ORDER[y.freshness.freshness] || x.item.title.localeCompare(y.item.title),
      );
  }

  // What readiness needs, judged at the planned submission date. A signed assessment is judged on the
  // versions it was signed with.
  // One query per assessment: the portfolio asks this for every client's current cycle.
  statesForAssessment(assessmentId: string, plannedSubmissionDate: string): EvidenceState[] {
    const rows = this.repo.linkedVersions(assessmentId);
    const byLink = groupBy(rows, (r) => `${r.l_requirement_id}\u0000${r.l_evidence_id}`);
    return [...byLink.values()].map((versions) => {
      const first = versions[0]!;
      const v = effectiveVersion(versions, { status: first.a_status, locked_at: first.a_locked_at });
      const f = this.freshnessOf(first.i_kind, v, plannedSubmissionDate);
      return {
        requirementId: first.l_requirement_id,
        evidenceId: first.l_evidence_id,
        title: first.i_title,
        kind: first.i_kind,
        fileName: v.original_name,
        freshness: f.freshness,
        expiresAt: f.validUntil,
      };
    });
  }
}

function matchesExpiry(f: FreshnessView, filter: ExpiryFilter | undefined): boolean {
  if (!filter) return true;
  const days = f.daysLeft;
  switch (filter) {
    case 'expired':
      return f.freshness === 'expired';
    case 'next-60-days':
      return days !== undefined && days >= 0 && days <= 60;
    case 'next-12-months':
      return days !== undefined && days >= 0 && days <= 365;
    case 'no-expiry':
      return f.validUntil === undefined;
  }
}
