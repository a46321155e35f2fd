import type {
  AssessmentDetail,
  AssessmentFinding,
  AssessmentSummary,
  ClientNeedsView,
  Response,
  Signoff,
} from '../../shared/contract/assessments';
import type { ProbeRunSummary } from '../../shared/contract/findings';
import { applicableRequirements, type Requirement } from '../../shared/domain/catalogue/schema';
import { clientNeeds, clientNeedsText } from '../../shared/domain/client-needs';
import { proposals, type Proposal } from '../../shared/domain/proposals';
import { evaluateReadiness, type Readiness } from '../../shared/domain/readiness';
import { notFound } from '../backend/app-error';
import type { Clock } from '../backend/ports';
import type { CatalogueService } from '../catalogue/catalogue-service';
import type { ClientsService } from '../clients/clients-service';
import type { EvidenceService } from '../evidence/evidence-service';
import type { FindingsService } from '../findings/findings-service';
import type { SettingsService } from '../settings/settings-service';
import type { StatementDetailsReader } from '../statement/statement-details';
import type { Db } from '../store/database';
import { AssessmentRepo, type AssessmentRow } from './assessment-repo';
import { outcomeView } from './outcome';
import { readinessInput, selectRuns } from './readiness-input';
import { enteredInRenewal } from './renewal-undo';

// The read side of assessments: one assessment with its requirements, answers, findings and the one readiness
// model (readiness-input.ts), as the checklist, sign-off, statement, portfolio and CLI see it, and "what we
// still need from the client". The other parts (answers, changes, sign-off, cycles) read through it.

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export interface AssessmentReadsDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly catalogue: Pick<CatalogueService, 'get'>;
  readonly clients: Pick<ClientsService, 'get'>;
  readonly evidence: Pick<EvidenceService, 'statesForAssessment'>;
  readonly findings: Pick<FindingsService, 'latestRuns'>;
  readonly settings: Pick<SettingsService, 'get'>;
  readonly statementDetails: StatementDetailsReader;
}

export class AssessmentReads {
  constructor(private readonly s: AssessmentReadsDeps) {}

  private get repo() {
    return new AssessmentRepo(this.s.db);
  }

  row(id: string): AssessmentRow {
    const r = this.repo.get(id);
    if (!r) throw notFound('The assessment');
    return r;
  }

  requirementsFor(a: AssessmentRow, includeLegacy = false): Requirement[] {
    return applicableRequirements(this.s.catalogue.get(a.catalogue_version), a.route, { includeLegacy });
  }

  responses(assessmentId: string): Response[] {
    return this.repo.responses(assessmentId);
  }

  signoffs(assessmentId: string): Signoff[] {
    return this.repo.signoffs(assessmentId);
  }

  // The runs this assessment rests on (readiness-input.ts): as signed, or the latest now.
  private runs(a: Pick<AssessmentRow, 'client_id' | 'status' | 'locked_at'>): ProbeRunSummary[] {
    return selectRuns(this.s, this.s.clients.get(a.client_id), a.status === 'signed' ? (a.locked_at ?? undefined) : undefined);
  }

  // The automated findings of those runs.
  findings(a: AssessmentRow, runs = this.runs(a)): AssessmentFinding[] {
    return runs.flatMap((run) =>
      run.findings.map((f) => ({
        runId: run.id,
        kind: run.kind,
        check: f.check,
        status: f.status,
        reason: f.reason,
        target: f.target ?? run.target,
        summary: f.summary,
        detail: f.detail,
        remediation: f.remediation,
        observedAt: run.finishedAt,
      })),
    );
  }

  private readinessInputOf(a: AssessmentRow, runs = this.runs(a), findings = this.findings(a, runs), responses = this.responses(a.id)) {
    return readinessInput(this.s, {
      client: this.s.clients.get(a.client_id),
      assessment: a,
      requirements: this.requirementsFor(a),
      responses,
      findings,
      runs,
      signoffs: this.signoffs(a.id),
    });
  }

  readinessOf(a: AssessmentRow, runs = this.runs(a), findings = this.findings(a, runs), responses = this.responses(a.id)): Readiness {
    return evaluateReadiness(this.readinessInputOf(a, runs, findings, responses));
  }

  private summary(a: AssessmentRow, readiness = this.readinessOf(a)): AssessmentSummary {
    return {
      id: a.id,
      clientId: a.client_id,
      cycle: a.cycle,
      status: a.status,
      catalogueVersion: a.catalogue_version,
      route: a.route,
      plannedSubmissionDate: a.planned_submission_date,
      submittedOn: opt(a.submitted_on),
      accreditedOn: opt(a.accredited_on),
      expiresOn: opt(a.expires_on),
      previousAssessmentId: opt(a.previous_assessment_id),
      lockedAt: opt(a.locked_at),
      revision: a.revision,
      outcome: outcomeView(this.s, a),
      renewalUndoable: a.previous_assessment_id !== null && enteredInRenewal(this.s, a).length === 0,
      percent: readiness.percent,
      blockerCount: readiness.blockers.length,
      warningCount: readiness.warnings.length,
      createdAt: a.created_at,
      updatedAt: a.updated_at,
    };
  }

  list(clientId: string): AssessmentSummary[] {
    this.s.clients.get(clientId);
    return this.repo.forClient(clientId).map((r) => this.summary(r));
  }

  get(id: string): AssessmentSummary {
    return this.summary(this.row(id));
  }

  detail(id: string, includeLegacy = false): AssessmentDetail {
    const a = this.row(id);
    const runs = this.runs(a);
    const findings = this.findings(a, runs);
    const responses = this.responses(id);
    const readiness = this.readinessOf(a, runs, findings, responses);
    return {
      assessment: this.summary(a, readiness),
      clientRoute: this.s.clients.get(a.client_id).route,
      requirements: this.requirementsFor(a, includeLegacy),
      responses,
      findings,
      readiness,
      signoffs: this.signoffs(id),
      proposals: a.status === 'signed' ? [] : this.proposalsOf(a, findings, responses),
    };
  }

  readiness(id: string): Readiness {
    return this.readinessOf(this.row(id));
  }

  // Proposed answers from the latest findings (shared/domain/proposals.ts), for the checklist.
  proposalsOf(a: AssessmentRow, findings: AssessmentFinding[], responses: Response[]): Proposal[] {
    const states = Object.fromEntries(
      responses.map((r) => [r.requirementId, { result: r.result, carriedOver: r.carriedFromCycle !== undefined }]),
    );
    return proposals(this.requirementsFor(a), findings, states);
  }

  // "What we still need from you" (shared/domain/client-needs.ts) for one assessment, or the client's latest.
  clientNeeds(clientId: string, assessmentId?: string): ClientNeedsView {
    const client = this.s.clients.get(clientId);
    const a = assessmentId ? this.row(assessmentId) : this.repo.latestFor(clientId);
    if (!a || a.client_id !== clientId) throw notFound('An assessment for this client');
    const input = this.readinessInputOf(a);
    const items = clientNeeds(evaluateReadiness(input), input);
    const header = { clientName: client.legalName, cycle: a.cycle, plannedSubmissionDate: a.planned_submission_date, asOf: input.today };
    return {
      clientId,
      assessmentId: a.id,
      ...header,
      sample: client.sample,
      items,
      counts: { required: items.filter((i) => i.required).length, recommended: items.filter((i) => !i.required).length },
      text: clientNeedsText(header, items),
    };
  }
}
