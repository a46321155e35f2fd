import type { AssessmentSummary } from '../../shared/contract/assessments';
import { diffCycles, type CycleDiff, type CycleSnapshot } from '../../shared/domain/cycle-diff';
import { addDays, toIsoDate } from '../../shared/domain/dates';
import { invalid } from '../backend/app-error';
import type { Clock } from '../backend/ports';
import type { ClientsService } from '../clients/clients-service';
import type { EvidenceService } from '../evidence/evidence-service';
import type { FindingsService } from '../findings/findings-service';
import type { Db } from '../store/database';
import { appendAudit } from '../store/audit-log';
import { AssessmentRepo, type AssessmentRow } from './assessment-repo';
import type { AssessmentChanges } from './assessment-changes';
import type { AssessmentReads } from './assessment-reads';
import { undoRenewal } from './renewal-undo';

// One client's cycles year on year: the annual renewal (and taking it back, renewal-undo.ts) and the comparison
// of two cycles (shared/domain/cycle-diff.ts).

export interface CyclesDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
  readonly clients: Pick<ClientsService, 'get'>;
  readonly evidence: Pick<EvidenceService, 'statesForAssessment' | 'carryOver'>;
  readonly findings: Pick<FindingsService, 'latestRuns'>;
  readonly reads: Pick<AssessmentReads, 'row' | 'get' | 'requirementsFor' | 'responses'>;
  readonly changes: Pick<AssessmentChanges, 'create'>;
}

export class AssessmentCycles {
  constructor(private readonly s: CyclesDeps) {}

  // The annual renewal: a new cycle for the same client, with last year's answers that were marked
  // "re-confirm" copied in (and flagged until someone confirms them), evidence links carried over by the
  // evidence library, and last year's signed assessment and bundle left untouched.
  startRenewal(input: { fromAssessmentId: string; cycle?: number; plannedSubmissionDate?: string }): AssessmentSummary {
    const prev = this.s.reads.row(input.fromAssessmentId);
    const cycle = input.cycle ?? prev.cycle + 1;
    if (cycle <= prev.cycle)
      throw invalid(`A renewal must be for a later year than ${prev.cycle}.`, [{ path: 'cycle', message: `Must be after ${prev.cycle}` }]);
    const planned = input.plannedSubmissionDate ?? (prev.expires_on ? addDays(prev.expires_on, -30) : undefined);
    let created: AssessmentSummary | undefined;
    this.s.db.transaction(() => {
      created = this.s.changes.create({
        clientId: prev.client_id,
        cycle,
        plannedSubmissionDate: planned && planned > toIsoDate(this.s.clock.now()) ? planned : undefined,
        previousAssessmentId: prev.id,
      });
      const now = this.s.clock.now().toISOString();
      const actor = this.s.actor();
      const applicable = new Set(this.s.reads.requirementsFor(this.s.reads.row(created.id)).map((r) => r.id));
      const carried = this.s.reads.responses(prev.id).filter((r) => r.reconfirm && applicable.has(r.requirementId));
      new AssessmentRepo(this.s.db).carryResponses(prev.id, created.id, carried, now, actor);
      const links = this.s.evidence.carryOver(prev.id, created.id);
      appendAudit(this.s.db, {
        chain: prev.client_id,
        actor,
        at: now,
        action: 'assessment.renewal',
        entityType: 'assessment',
        entityId: created.id,
        summary: `Started the ${cycle} renewal from ${prev.cycle}: ${carried.length} answer${carried.length === 1 ? '' : 's'} carried over to re-confirm${links ? `, ${links} evidence link${links === 1 ? '' : 's'} carried over` : ''}`,
        changes: [{ field: 'carriedAnswers', from: null, to: carried.map((r) => r.requirementId) }],
      });
    })();
    return this.s.reads.get(created!.id);
  }

  undoRenewal(id: string): { clientId: string; cycle: number; previousAssessmentId: string } {
    return this.s.db.transaction(() => undoRenewal(this.s, this.s.reads.row(id)))();
  }

  // What one cycle looked like, for comparison with another.
  private snapshot(a: AssessmentRow, findingsUntil?: string): CycleSnapshot {
    const client = this.s.clients.get(a.client_id);
    const runs = this.s.findings.latestRuns(a.client_id, { until: findingsUntil });
    const relevant = runs.filter((r) => (r.kind === 'domain' ? client.domains.includes(r.target) : true));
    const evidence = new Map<string, CycleSnapshot['evidence'][number]>();
    for (const e of this.s.evidence.statesForAssessment(a.id, a.planned_submission_date)) {
      evidence.set(e.evidenceId, {
        evidenceId: e.evidenceId,
        title: e.title,
        kind: 'evidence',
        freshness: e.freshness,
        expiresAt: e.expiresAt,
      });
    }
    return {
      cycle: a.cycle,
      requirements: this.s.reads
        .requirementsFor(a)
        .filter((r) => r.obligation !== 'INFO')
        .map((r) => ({ id: r.id, title: r.title })),
      responses: this.s.reads.responses(a.id).map((r) => ({
        requirementId: r.requirementId,
        result: r.result,
        document: r.document,
        fields: r.fields,
      })),
      findings: relevant.flatMap((run) =>
        run.findings.map((f) => ({
          check: f.check,
          target: f.target ?? run.target,
          status: f.status,
          summary: f.summary,
          data: f.data,
          observedAt: run.finishedAt,
        })),
      ),
      evidence: [...evidence.values()],
    };
  }

  diff(fromId: string, toId: string): CycleDiff {
    const from = this.s.reads.row(fromId);
    const to = this.s.reads.row(toId);
    if (from.client_id !== to.client_id) throw invalid('Both assessments must belong to the same client.');
    const [older, newer] = from.cycle <= to.cycle ? [from, to] : [to, from];
    // The older cycle is judged by the checks as they stood when it was signed (or when the newer began).
    const cutoff = older.locked_at ?? newer.created_at;
    return diffCycles(this.snapshot(older, cutoff), this.snapshot(newer));
  }
}
