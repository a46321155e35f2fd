import type { EvidenceDetail } from '../../shared/contract/evidence';
import { applicableRequirements } from '../../shared/domain/catalogue/schema';
import { invalid, locked } from '../backend/app-error';
import type { Clock } from '../backend/ports';
import type { CatalogueService } from '../catalogue/catalogue-service';
import type { Db } from '../store/database';
import { appendAudit } from '../store/audit-log';
import { AssessmentRepo, type AssessmentRow } from '../assessments/assessment-repo';
import { EvidenceRepo, type ItemRow } from './evidence-repo';
import type { EvidenceQueries } from './evidence-queries';

// Evidence attached to an assessment's requirements: linking, unlinking, and carrying last cycle's links
// over at renewal. A signed assessment's links never change; any other change sends a not-yet-signed
// assessment that relies on the evidence back to draft.

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export interface EvidenceLinksDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
  readonly catalogue: Pick<CatalogueService, 'get'>;
  readonly reads: Pick<EvidenceQueries, 'itemRow' | 'assessmentRow' | 'writableClient' | 'get' | 'statesForAssessment'>;
}

export class EvidenceLinks {
  constructor(private readonly s: EvidenceLinksDeps) {}

  private get repo(): EvidenceRepo {
    return new EvidenceRepo(this.s.db);
  }

  // Refuses a link to another client's assessment, a signed one, or a requirement not in it.
  assertLinkable(clientId: string, assessmentId: string, requirementId: string): AssessmentRow {
    const a = this.s.reads.assessmentRow(assessmentId);
    if (a.client_id !== clientId)
      throw invalid('That assessment belongs to another client.', [{ path: 'assessmentId', message: 'Another client' }]);
    if (a.status === 'signed')
      throw locked(`The ${a.cycle} assessment is signed and locked, so its evidence cannot change. Unlock it first.`);
    const known = applicableRequirements(this.s.catalogue.get(a.catalogue_version), a.route, { includeLegacy: true }).some(
      (r) => r.id === requirementId,
    );
    if (!known)
      throw invalid(`${requirementId} is not part of the ${a.cycle} assessment (${a.route} route).`, [
        { path: 'requirementId', message: 'Not in this assessment' },
      ]);
    return a;
  }

  // Any change to what a not-yet-signed assessment relies on sends "ready for sign-off" back to draft, as
  // every other edit to the assessment does: signatories must see what they sign.
  private touchAssessment(assessmentId: string, now: string): void {
    new AssessmentRepo(this.s.db).touch(assessmentId, now, { unlessSigned: true });
  }

  touchLinkedAssessments(evidenceId: string, now: string): void {
    for (const id of this.repo.linkedAssessmentIds(evidenceId)) this.touchAssessment(id, now);
  }

  // Inside the caller's transaction; false when the link was already there.
  insertLink(evidenceId: string, title: string, assessmentId: string, requirementId: string, now: string, actor: string): boolean {
    const item = this.s.reads.itemRow(evidenceId);
    const a = this.assertLinkable(item.client_id, assessmentId, requirementId);
    if (!this.repo.insertLink(evidenceId, assessmentId, requirementId, now, actor)) return false;
    this.touchAssessment(assessmentId, now);
    appendAudit(this.s.db, {
      chain: item.client_id,
      actor,
      at: now,
      action: 'evidence.link',
      entityType: 'evidence',
      entityId: evidenceId,
      summary: `${a.cycle} ${requirementId}: attached evidence “${title}”`,
      changes: [{ field: `links.${a.cycle}`, from: null, to: requirementId }],
    });
    return true;
  }

  // One write to an item's links, in one transaction, refused when its client cannot be written to.
  private writeLinks(evidenceId: string, write: (item: ItemRow, now: string, actor: string) => void): EvidenceDetail {
    const now = this.s.clock.now().toISOString();
    const actor = this.s.actor();
    this.s.db.transaction(() => {
      const item = this.s.reads.itemRow(evidenceId);
      this.s.reads.writableClient(item.client_id);
      write(item, now, actor);
    })();
    return this.s.reads.get(evidenceId);
  }

  link(evidenceId: string, assessmentId: string, requirementId: string): EvidenceDetail {
    return this.writeLinks(evidenceId, (item, now, actor) => {
      this.insertLink(evidenceId, item.title, assessmentId, requirementId, now, actor);
    });
  }

  unlink(evidenceId: string, assessmentId: string, requirementId: string): EvidenceDetail {
    return this.writeLinks(evidenceId, (item, now, actor) => {
      const a = this.s.reads.assessmentRow(assessmentId);
      if (a.client_id !== item.client_id) throw invalid('That assessment belongs to another client.');
      if (a.status === 'signed')
        throw locked(`The ${a.cycle} assessment is signed and locked, so its evidence cannot change. Unlock it first.`);
      if (!this.repo.deleteLink(evidenceId, assessmentId, requirementId)) return;
      this.touchAssessment(assessmentId, now);
      appendAudit(this.s.db, {
        chain: item.client_id,
        actor,
        at: now,
        action: 'evidence.unlink',
        entityType: 'evidence',
        entityId: evidenceId,
        summary: `${a.cycle} ${requirementId}: detached evidence “${item.title}” (it stays in the library)`,
        changes: [{ field: `links.${a.cycle}`, from: requirementId, to: null }],
      });
    });
  }

  // Renewal: last cycle's evidence, linked to the same requirements of the new cycle (those it still has).
  // Runs inside the renewal's transaction. Freshness is never stored: the new cycle judges each item's current
  // version at its own planned submission date, so last year's pen test shows as expired there, while the
  // signed cycle keeps judging the version it was signed with and is not touched at all.
  carryOver(fromAssessmentId: string, toAssessmentId: string): number {
    const now = this.s.clock.now().toISOString();
    const actor = this.s.actor();
    return this.s.db.transaction(() => {
      const from = this.s.reads.assessmentRow(fromAssessmentId);
      const to = this.s.reads.assessmentRow(toAssessmentId);
      if (from.client_id !== to.client_id) throw invalid('Both assessments must belong to the same client.');
      if (to.status === 'signed') throw locked(`The ${to.cycle} assessment is signed and locked, so its evidence cannot change.`);
      const applicable = new Set(applicableRequirements(this.s.catalogue.get(to.catalogue_version), to.route).map((r) => r.id));
      const links = this.repo.linksToCarry(from.id);
      const carried = links.filter(
        (l) => applicable.has(l.requirement_id) && this.repo.insertLink(l.evidence_id, to.id, l.requirement_id, now, actor),
      );
      if (carried.length === 0) return 0;
      this.touchAssessment(to.id, now);
      const key = (requirementId: string, evidenceId: string) => `${requirementId}\u0000${evidenceId}`;
      const carriedKeys = new Set(carried.map((l) => key(l.requirement_id, l.evidence_id)));
      const lapsed = this.s.reads
        .statesForAssessment(to.id, to.planned_submission_date)
        .filter((e) => carriedKeys.has(key(e.requirementId, e.evidenceId)) && (e.freshness === 'expired' || e.freshness === 'missing'));
      const dropped = links.length - carried.length;
      appendAudit(this.s.db, {
        chain: to.client_id,
        actor,
        at: now,
        action: 'evidence.carry-over',
        entityType: 'assessment',
        entityId: to.id,
        summary:
          `${to.cycle}: carried ${carried.length} evidence link${carried.length === 1 ? '' : 's'} over from ${from.cycle}` +
          (lapsed.length
            ? `; ${lapsed.length} no longer count${lapsed.length === 1 ? 's' : ''} by the planned submission on ${to.planned_submission_date} and need${lapsed.length === 1 ? 's' : ''} a new version`
            : '') +
          (dropped > 0 ? `; ${dropped} not carried (already linked, or the requirement is no longer in this cycle)` : ''),
        changes: carried.map((l) => ({ field: `links.${to.cycle}`, from: null, to: `${l.requirement_id}: ${l.title}` })),
      });
      return carried.length;
    })();
  }
}
