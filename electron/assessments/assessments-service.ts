import type { z } from 'zod';
import type {
  AssessmentDetail,
  AssessmentSummary,
  BulkUpdateInput,
  ClientNeedsView,
  Response,
  ResponseInput,
  SignoffInput,
} from '../../shared/contract/assessments';
import type { CycleDiff } from '../../shared/domain/cycle-diff';
import type { OutcomeEvent } from '../../shared/domain/outcome';
import type { Readiness, SignoffRole } from '../../shared/domain/readiness';
import type { Clock } from '../backend/ports';
import type { CatalogueService } from '../catalogue/catalogue-service';
import type { ClientsService } from '../clients/clients-service';
import type { BlobStore } from '../evidence/blob-store';
import type { EvidenceService } from '../evidence/evidence-service';
import type { FindingsService } from '../findings/findings-service';
import type { SettingsService } from '../settings/settings-service';
import type { StatementDetailsReader } from '../statement/statement-details';
import type { Db } from '../store/database';
import { AssessmentAnswers } from './answers';
import { AssessmentChanges } from './assessment-changes';
import { AssessmentReads } from './assessment-reads';
import { AssessmentCycles } from './cycles';
import { AssessmentSignoff } from './signoff';

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export interface AssessmentsDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
  readonly blobs: Pick<BlobStore, 'path' | 'put' | 'remove'>;
  readonly catalogue: Pick<CatalogueService, 'activeVersion' | 'get'>;
  readonly clients: Pick<ClientsService, 'get'>;
  readonly evidence: Pick<EvidenceService, 'statesForAssessment' | 'carryOver'>;
  readonly findings: Pick<FindingsService, 'latestRuns'>;
  readonly settings: Pick<SettingsService, 'get'>;
  readonly statementDetails: StatementDetailsReader;
}

// The assessments capability as the handlers and the other services see it, composed of its parts, one per job:
// reads and readiness (assessment-reads.ts), starting and changing an assessment (assessment-changes.ts),
// answers (answers.ts), sign-off and outcome (signoff.ts), renewal and year-on-year comparison (cycles.ts).
export class AssessmentsService {
  private readonly reads: AssessmentReads;
  private readonly changes: AssessmentChanges;
  private readonly answers: AssessmentAnswers;
  private readonly signoffs: AssessmentSignoff;
  private readonly cycles: AssessmentCycles;

  constructor(s: AssessmentsDeps) {
    const { db, clock } = s;
    const actor = () => s.actor();
    const reads = new AssessmentReads(s);
    const changes = new AssessmentChanges({ db, clock, actor, catalogue: s.catalogue, clients: s.clients, reads });
    this.reads = reads;
    this.changes = changes;
    this.answers = new AssessmentAnswers({ db, clock, actor, reads });
    this.signoffs = new AssessmentSignoff({ db, clock, actor, blobs: s.blobs, reads });
    this.cycles = new AssessmentCycles({
      db,
      clock,
      actor,
      clients: s.clients,
      evidence: s.evidence,
      findings: s.findings,
      reads,
      changes,
    });
  }

  list(clientId: string): AssessmentSummary[] {
    return this.reads.list(clientId);
  }

  get(id: string): AssessmentSummary {
    return this.reads.get(id);
  }

  detail(id: string, includeLegacy = false): AssessmentDetail {
    return this.reads.detail(id, includeLegacy);
  }

  readiness(id: string): Readiness {
    return this.reads.readiness(id);
  }

  clientNeeds(clientId: string, assessmentId?: string): ClientNeedsView {
    return this.reads.clientNeeds(clientId, assessmentId);
  }

  create(input: { clientId: string; cycle: number; plannedSubmissionDate?: string; previousAssessmentId?: string }): AssessmentSummary {
    return this.changes.create(input);
  }

  update(id: string, revision: number, plannedSubmissionDate: string): AssessmentSummary {
    return this.changes.update(id, revision, plannedSubmissionDate);
  }

  syncRoute(id: string): AssessmentSummary {
    return this.changes.syncRoute(id);
  }

  setStatus(id: string, status: 'draft' | 'ready'): AssessmentSummary {
    return this.changes.setStatus(id, status);
  }

  saveResponse(input: z.output<typeof ResponseInput>): { response: Response; readiness: Readiness } {
    return this.answers.saveResponse(input);
  }

  bulkUpdate(input: z.output<typeof BulkUpdateInput>): { updated: string[]; readiness: Readiness } {
    return this.answers.bulkUpdate(input);
  }

  signoff(input: z.output<typeof SignoffInput>): Promise<AssessmentSummary> {
    return this.signoffs.signoff(input);
  }

  unlock(id: string, reason: string): AssessmentSummary {
    return this.signoffs.unlock(id, reason);
  }

  signatureImage(assessmentId: string, role: SignoffRole): Promise<{ pngBase64?: string }> {
    return this.signoffs.signatureImage(assessmentId, role);
  }

  outcomeEvent(id: string, event: OutcomeEvent): AssessmentSummary {
    return this.signoffs.outcomeEvent(id, event);
  }

  resolveOutcomeFinding(id: string, findingId: string, resolved: boolean): AssessmentSummary {
    return this.signoffs.resolveOutcomeFinding(id, findingId, resolved);
  }

  startRenewal(input: { fromAssessmentId: string; cycle?: number; plannedSubmissionDate?: string }): AssessmentSummary {
    return this.cycles.startRenewal(input);
  }

  undoRenewal(id: string): { clientId: string; cycle: number; previousAssessmentId: string } {
    return this.cycles.undoRenewal(id);
  }

  diff(fromId: string, toId: string): CycleDiff {
    return this.cycles.diff(fromId, toId);
  }
}
