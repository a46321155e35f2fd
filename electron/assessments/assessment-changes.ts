import { randomUUID } from 'node:crypto';
import type { AssessmentSummary } from '../../shared/contract/assessments';
import { addDays, toIsoDate } from '../../shared/domain/dates';
import { blockerIssues, refusalMessage } from '../../shared/domain/readiness';
import { AppError, conflict, locked } from '../backend/app-error';
import type { Clock } from '../backend/ports';
import type { CatalogueService } from '../catalogue/catalogue-service';
import type { ClientsService } from '../clients/clients-service';
import type { Db } from '../store/database';
import { appendAudit, type AuditChange } from '../store/audit-log';
import { AssessmentRepo, type AssessmentRow } from './assessment-repo';
import type { AssessmentReads } from './assessment-reads';

// Starting an assessment and changing one that can still be edited (planned submission date, route, draft or
// ready for sign-off), each change audited in the same transaction.

// A signed assessment is locked: answers, dates, status and sign-offs change only after an audited unlock.
export function assertEditable(a: AssessmentRow): void {
  if (a.status === 'signed') {
    throw locked(
      `The ${a.cycle} assessment is signed and locked. Unlock it first — unlocking is recorded in the audit trail and clears both sign-offs.`,
    );
  }
}

export interface AssessmentChangesDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
  readonly catalogue: Pick<CatalogueService, 'activeVersion'>;
  readonly clients: Pick<ClientsService, 'get'>;
  readonly reads: Pick<AssessmentReads, 'row' | 'get' | 'readinessOf'>;
}

export class AssessmentChanges {
  constructor(private readonly s: AssessmentChangesDeps) {}

  private get repo() {
    return new AssessmentRepo(this.s.db);
  }

  create(input: { clientId: string; cycle: number; plannedSubmissionDate?: string; previousAssessmentId?: string }): AssessmentSummary {
    const client = this.s.clients.get(input.clientId);
    if (client.archived) throw conflict(`${client.legalName} is archived. Restore the client before starting an assessment.`);
    if (this.repo.hasCycle(input.clientId, input.cycle))
      throw new AppError('conflict', `${client.legalName} already has an assessment for ${input.cycle}.`, [
        { path: 'cycle', message: `${input.cycle} already exists` },
      ]);
    const now = this.s.clock.now();
    const id = randomUUID();
    const version = this.s.catalogue.activeVersion();
    const planned = input.plannedSubmissionDate ?? addDays(toIsoDate(now), 30);
    this.s.db.transaction(() => {
      this.repo.insert({
        id,
        clientId: client.id,
        cycle: input.cycle,
        catalogueVersion: version,
        route: client.route,
        plannedSubmissionDate: planned,
        previousAssessmentId: input.previousAssessmentId ?? null,
        at: now.toISOString(),
      });
      appendAudit(this.s.db, {
        chain: client.id,
        actor: this.s.actor(),
        at: now.toISOString(),
        action: 'assessment.create',
        entityType: 'assessment',
        entityId: id,
        summary: `Started the ${input.cycle} assessment (catalogue ${version}, ${client.route})`,
        changes: [
          { field: 'cycle', from: null, to: input.cycle },
          { field: 'plannedSubmissionDate', from: null, to: planned },
        ],
      });
    })();
    return this.s.reads.get(id);
  }

  // One audited change to an assessment that can still be edited, in one transaction: `apply` writes it and
  // says what changed for the audit log, or returns undefined when there is nothing to change.
  private changeEditable(
    id: string,
    action: string,
    apply: (a: AssessmentRow, now: string) => { summary: string; changes: AuditChange[] } | undefined,
  ): AssessmentSummary {
    const now = this.s.clock.now().toISOString();
    this.s.db.transaction(() => {
      const a = this.s.reads.row(id);
      assertEditable(a);
      const done = apply(a, now);
      if (done)
        appendAudit(this.s.db, {
          chain: a.client_id,
          actor: this.s.actor(),
          at: now,
          action,
          entityType: 'assessment',
          entityId: id,
          ...done,
        });
    })();
    return this.s.reads.get(id);
  }

  update(id: string, revision: number, plannedSubmissionDate: string): AssessmentSummary {
    return this.changeEditable(id, 'assessment.update', (a, now) => {
      if (a.revision !== revision) throw conflict('This assessment changed since you opened it. Reload and try again.');
      if (a.planned_submission_date === plannedSubmissionDate) return undefined;
      this.repo.setPlannedSubmission(id, plannedSubmissionDate);
      this.repo.touch(a.id, now);
      return {
        summary: `${a.cycle}: planned submission ${a.planned_submission_date} → ${plannedSubmissionDate}`,
        changes: [{ field: 'plannedSubmissionDate', from: a.planned_submission_date, to: plannedSubmissionDate }],
      };
    });
  }

  syncRoute(id: string): AssessmentSummary {
    return this.changeEditable(id, 'assessment.route', (a, now) => {
      const route = this.s.clients.get(a.client_id).route;
      if (route === a.route) return undefined;
      this.repo.setRoute(id, route);
      this.repo.touch(a.id, now);
      return {
        summary: `${a.cycle}: route changed from ${a.route} to ${route}; answers to requirements of the old route are kept but no longer shown`,
        changes: [{ field: 'route', from: a.route, to: route }],
      };
    });
  }

  setStatus(id: string, status: 'draft' | 'ready'): AssessmentSummary {
    return this.changeEditable(id, 'assessment.status', (a, now) => {
      if (a.status === status) return undefined;
      if (status === 'ready') {
        const r = this.s.reads.readinessOf(a);
        if (!r.readyForSignoff) {
          const open = r.blockers.filter((b) => b.kind !== 'signoff-missing');
          throw new AppError('conflict', refusalMessage(`The ${a.cycle} assessment cannot go for sign-off yet`, open), blockerIssues(open));
        }
      }
      this.repo.setStatus(id, status, now);
      return {
        summary: status === 'ready' ? `${a.cycle}: marked ready for sign-off` : `${a.cycle}: returned to draft`,
        changes: [{ field: 'status', from: a.status, to: status }],
      };
    });
  }
}
