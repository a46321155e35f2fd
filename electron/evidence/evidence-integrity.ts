import type { EvidenceSource, FreshnessView, IntegrityProblem, IntegrityReport, SniffedType } from '../../shared/contract/evidence';
import type { EvidenceKind } from '../../shared/domain/evidence-kinds';
import { integrity as integrityError, notFound } from '../backend/app-error';
import type { EventHub } from '../backend/event-hub';
import type { Clock } from '../backend/ports';
import type { ClientsService } from '../clients/clients-service';
import type { BlobStore } from './blob-store';
import type { Db } from '../store/database';
import { ProgressEmitter } from '../backend/progress';
import { appendAudit } from '../store/audit-log';
import type { BlobStatus } from './blob-store';
import type { EvidenceQueries } from './evidence-queries';
import { EvidenceRepo, effectiveVersion, groupBy, versionFacts, type ItemRow, type VersionRow } from './evidence-repo';
import { AssessmentRepo } from '../assessments/assessment-repo';
import { formatBytes } from '../../shared/domain/bytes';

// Re-hashing the stored files: on demand for a client's whole library (every version, history included),
// and before an export for exactly the versions an assessment relies on. A file that is gone or whose bytes
// no longer hash to its name is reported by name, recorded, and from then on shows as "missing" freshness,
// which blocks readiness.

// One file the evidence bundle will carry, verified just now.
export interface ExportEvidenceFile {
  evidenceId: string;
  versionId: string;
  title: string;
  kind: EvidenceKind;
  source: EvidenceSource;
  owner?: string;
  version: number;
  versionCount: number;
  sha256: string;
  size: number;
  originalName: string;
  sniffedType: SniffedType;
  extensionMismatch: boolean;
  collectedAt: string;
  addedAt: string;
  addedBy: string;
  issueDate?: string;
  expiryDate?: string;
  documentVersion?: string;
  approvedBy?: string;
  approvalDate?: string;
  // Requirements of this assessment the file is attached to.
  requirementIds: string[];
  // Judged at the assessment's planned submission date.
  freshness: FreshnessView;
  // Absolute path of the stored (content-addressed) file, to stream into the bundle. Never sent to a renderer.
  path: string;
}

export interface EvidenceExportCheck {
  ok: boolean;
  assessmentId: string;
  checkedAt: string;
  files: ExportEvidenceFile[];
  problems: IntegrityProblem[];
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

function problemMessage(title: string, v: Pick<VersionRow, 'version' | 'original_name'>, status: 'missing' | 'altered'): string {
  return status === 'missing'
    ? `“${title}” (v${v.version}, ${v.original_name}): the stored file is missing from the evidence folder.`
    : `“${title}” (v${v.version}, ${v.original_name}): the stored file was changed after it was added — its SHA-256 no longer matches.`;
}

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export interface EvidenceIntegrityDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
  readonly blobs: Pick<BlobStore, 'path' | 'verify'>;
  readonly clients: Pick<ClientsService, 'get'>;
  readonly events: Pick<EventHub, 'emit'>;
  readonly reads: Pick<EvidenceQueries, 'itemRow' | 'versionsOf' | 'freshnessOf'>;
}

export class EvidenceIntegrity {
  constructor(private readonly s: EvidenceIntegrityDeps) {}

  private get repo(): EvidenceRepo {
    return new EvidenceRepo(this.s.db);
  }

  private async hashAll(
    versions: VersionRow[],
    progress?: (done: number, total: number, message: string) => void,
  ): Promise<{ status: Map<string, BlobStatus>; bytes: number }> {
    const bySha = new Map(versions.map((v) => [v.sha256, v]));
    const total = [...bySha.values()].reduce((n, v) => n + v.size, 0);
    const status = new Map<string, BlobStatus>();
    let done = 0;
    for (const [sha, v] of bySha) {
      progress?.(done, total, v.original_name);
      status.set(sha, await this.s.blobs.verify(sha));
      done += v.size;
    }
    progress?.(total, total, 'Done');
    return { status, bytes: total };
  }

  private record(versions: VersionRow[], status: Map<string, BlobStatus>, at: string): void {
    this.repo.recordIntegrity(versions, (sha) => status.get(sha) ?? 'missing', at);
  }

  // Every stored file of one client, all versions.
  async verifyClient(clientId: string, operationId?: string): Promise<IntegrityReport> {
    this.s.clients.get(clientId);
    const versions = this.repo.allVersionsOfClient(clientId);
    const progress = new ProgressEmitter(this.s.events, operationId, 'Checking evidence files');
    const { status, bytes } = await this.hashAll(versions, (done, total, message) => progress.update({ done, total, message }));
    const links = groupBy(this.repo.linksOfClient(clientId), (l) => l.evidence_id);
    const problems: IntegrityProblem[] = versions
      .filter((v) => status.get(v.sha256) !== 'ok')
      .map((v) => {
        const st = status.get(v.sha256) as 'missing' | 'altered';
        return {
          evidenceId: v.evidence_id,
          versionId: v.id,
          title: v.item_title,
          version: v.version,
          originalName: v.original_name,
          sha256: v.sha256,
          status: st,
          requirementIds: [...new Set((links.get(v.evidence_id) ?? []).map((l) => `${l.cycle} ${l.requirement_id}`))],
          message: problemMessage(v.item_title, v, st),
        };
      });
    const at = this.s.clock.now().toISOString();
    this.s.db.transaction(() => {
      this.record(versions, status, at);
      appendAudit(this.s.db, {
        chain: clientId,
        actor: this.s.actor(),
        at,
        action: 'evidence.verify',
        entityType: 'evidence-library',
        entityId: clientId,
        summary:
          problems.length === 0
            ? `Integrity check: all ${status.size} stored evidence file${status.size === 1 ? '' : 's'} intact (${formatBytes(bytes)})`
            : `Integrity check: ${problems.length} of ${versions.length} evidence file versions missing or altered — ${problems
                .slice(0, 5)
                .map((p) => `“${p.title}” v${p.version} ${p.status}`)
                .join(', ')}${problems.length > 5 ? '…' : ''}`,
        changes: problems.map((p) => ({ field: `${p.title} v${p.version}`, from: 'ok', to: p.status })),
      });
    })();
    progress.finish({ done: bytes, total: bytes, message: problems.length ? `${problems.length} problem(s)` : 'All files intact' });
    return { ok: problems.length === 0, checkedFiles: status.size, checkedBytes: bytes, problems, verifiedAt: at };
  }

  // Called by the bundle export before it writes anything: re-hashes exactly the versions the assessment
  // relies on (for a signed assessment, the versions it was signed with) and lists them with their
  // metadata. Export must stop when `ok` is false; `problems` name each file.
  async verifyForExport(assessmentId: string): Promise<EvidenceExportCheck> {
    const a = new AssessmentRepo(this.s.db).get(assessmentId);
    if (!a) throw notFound('The assessment');
    const links = this.repo.linksOfAssessment(assessmentId);
    const byItem = groupBy(links, (l) => l.evidence_id);
    const chosen: { item: ItemRow; v: VersionRow; versionCount: number; requirementIds: string[] }[] = [];
    for (const [evidenceId, itemLinks] of byItem) {
      const item = this.s.reads.itemRow(evidenceId);
      const versions = this.s.reads.versionsOf(evidenceId);
      chosen.push({
        item,
        v: effectiveVersion(versions, itemLinks[0]!),
        versionCount: versions.length,
        requirementIds: itemLinks.map((l) => l.requirement_id),
      });
    }
    const { status } = await this.hashAll(chosen.map((c) => c.v));
    const checkedAt = this.s.clock.now().toISOString();
    this.s.db.transaction(() =>
      this.record(
        chosen.map((c) => c.v),
        status,
        checkedAt,
      ),
    )();
    const problems: IntegrityProblem[] = [];
    const files: ExportEvidenceFile[] = [];
    for (const { item, v, versionCount, requirementIds } of chosen.sort((x, y) => x.item.title.localeCompare(y.item.title))) {
      const st = status.get(v.sha256) ?? 'missing';
      if (st !== 'ok') {
        problems.push({
          evidenceId: item.id,
          versionId: v.id,
          title: item.title,
          version: v.version,
          originalName: v.original_name,
          sha256: v.sha256,
          status: st,
          requirementIds,
          message: problemMessage(item.title, v, st),
        });
        continue;
      }
      files.push({
        evidenceId: item.id,
        versionId: v.id,
        title: item.title,
        kind: item.kind,
        source: item.source,
        owner: opt(item.owner),
        version: v.version,
        versionCount,
        ...versionFacts(v),
        requirementIds,
        freshness: this.s.reads.freshnessOf(item.kind, { ...v, integrity: 'ok' }, a.planned_submission_date),
        path: this.s.blobs.path(v.sha256),
      });
    }
    return { ok: problems.length === 0, assessmentId, checkedAt, files, problems };
  }

  // The same check, as a guard: throws an 'integrity' AppError naming every missing or altered file.
  async assertExportable(assessmentId: string): Promise<ExportEvidenceFile[]> {
    const check = await this.verifyForExport(assessmentId);
    if (!check.ok) {
      throw integrityError(
        `The bundle was not exported: ${check.problems.length} evidence file${check.problems.length === 1 ? ' is' : 's are'} missing or altered. ${check.problems
          .map((p) => p.message)
          .join(' ')} Restore the file or add it again as a new version, then run the integrity check.`,
      );
    }
    return check.files;
  }
}
