import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  AssessmentDetail,
  AssessmentFinding,
  AssessmentSummary,
  Response,
  ResponseInput,
  Signoff,
  SignoffInput,
} from '../../shared/contract/assessments';
import { applicableRequirements, type Requirement } from '../../shared/domain/catalogue/schema';
import { addDays, toIsoDate } from '../../shared/domain/dates';
import { diffCycles, type CycleDiff, type CycleSnapshot } from '../../shared/domain/cycle-diff';
import {
  blockerIssues,
  evaluateReadiness,
  refusalMessage,
  type EvidenceState,
  type Readiness,
  type ResponseState,
  type SignoffRole,
} from '../../shared/domain/readiness';
import type { ProbeRunSummary } from '../../shared/contract/findings';
import { RESULT_LABELS, type BulkUpdateInput, type ClientNeedsView } from '../../shared/contract/assessments';
import { proposals, type Proposal } from '../../shared/domain/proposals';
import { clientNeeds, clientNeedsText } from '../../shared/domain/client-needs';
import { readinessInput, selectRuns } from './readiness-input';
import { AppError, conflict, invalid, locked, notFound } from '../backend/app-error';
import type { Clock } from '../backend/ports';
import type { CatalogueService } from '../catalogue/catalogue-service';
import type { ClientsService } from '../clients/clients-service';
import type { BlobStore } from '../evidence/blob-store';
import type { EvidenceService } from '../evidence/evidence-service';
import type { FindingsService } from '../findings/findings-service';
import type { SettingsService } from '../settings/settings-service';
import type { StatementDetailsReader } from '../statement/statement-details';
import type { Db } from '../store/database';
import { appendAudit, diffRecords, type AuditChange } from '../store/audit-log';
import { blobInUse } from '../store/blob-references';
import type { OutcomeEvent } from '../../shared/domain/outcome';
import { outcomeView, recordOutcomeEvent, resolveOutcomeFinding } from './outcome';
import { enteredInRenewal, undoRenewal } from './renewal-undo';
import { linkOwner } from '../people/people-service';
import { AssessmentRepo, type AssessmentRow } from './assessment-repo';
import { fieldLabel, fieldValue, inlineLabel } from '../../shared/domain/field-labels';

// Evidence freshness per requirement, supplied by the evidence library.
export interface EvidenceReadinessSource {
  statesForAssessment(assessmentId: string, plannedSubmissionDate: string): EvidenceState[];
  // Renewal: link last cycle's evidence to the same requirements of the new cycle, inside the caller's
  // transaction; returns how many links were made.
  carryOver(fromAssessmentId: string, toAssessmentId: string): number;
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_SIGNATURE_BYTES = 600 * 1024;

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

export class AssessmentsService {
  constructor(private readonly s: AssessmentsDeps) {}

  private get db() {
    return this.s.db;
  }

  private get repo() {
    return new AssessmentRepo(this.s.db);
  }

  private row(id: string): AssessmentRow {
    const r = this.repo.get(id);
    if (!r) throw notFound('The assessment');
    return r;
  }

  private requirementsFor(a: AssessmentRow, includeLegacy = false): Requirement[] {
    return applicableRequirements(this.s.catalogue.get(a.catalogue_version), a.route, { includeLegacy });
  }

  private responses(assessmentId: string): Response[] {
    return this.repo.responses(assessmentId);
  }

  signoffs(assessmentId: string): Signoff[] {
    return this.repo.signoffs(assessmentId);
  }

  // The runs this assessment rests on (readiness-input.ts): as signed, or the latest now.
  runs(a: Pick<AssessmentRow, 'client_id' | 'status' | 'locked_at'>): ProbeRunSummary[] {
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

  private readinessOf(
    a: AssessmentRow,
    runs = this.runs(a),
    findings = this.findings(a, runs),
    responses = this.responses(a.id),
  ): Readiness {
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
    this.db.transaction(() => {
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
      appendAudit(this.db, {
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
    return this.get(id);
  }

  private assertEditable(a: AssessmentRow): void {
    if (a.status === 'signed') {
      throw locked(
        `The ${a.cycle} assessment is signed and locked. Unlock it first — unlocking is recorded in the audit trail and clears both sign-offs.`,
      );
    }
  }

  saveResponse(input: z.output<typeof ResponseInput>): { response: Response; readiness: Readiness } {
    const now = this.s.clock.now().toISOString();
    const actor = this.s.actor();
    this.db.transaction(() => {
      const a = this.row(input.assessmentId);
      this.assertEditable(a);
      const req = this.requirementsFor(a, true).find((r) => r.id === input.requirementId);
      if (!req)
        throw invalid(`${input.requirementId} is not part of this ${a.route} assessment.`, [
          { path: 'requirementId', message: 'Not in this assessment' },
        ]);
      if (req.obligation === 'INFO') throw invalid(`${req.id} is for information only and takes no answer.`);
      const knownFields = new Set(req.fields.map((f) => f.key));
      const fields = Object.fromEntries(Object.entries(input.fields ?? {}).filter(([, v]) => v.trim() !== ''));
      const unknown = Object.keys(fields).filter((k) => !knownFields.has(k));
      if (unknown.length)
        throw invalid(
          `${req.id} has no field ${unknown.join(', ')}.`,
          unknown.map((k) => ({ path: `fields.${k}`, message: 'Unknown field' })),
        );
      const document = req.documentReference && input.document ? stripEmpty(input.document) : undefined;
      const next: Response = {
        requirementId: req.id,
        result: input.result,
        naJustification: input.result === 'not-applicable' ? input.naJustification?.trim() : undefined,
        notes: input.notes?.trim() || undefined,
        owner: input.owner?.trim() || undefined,
        document,
        fields,
        reconfirm: input.reconfirm ?? false,
        updatedAt: now,
        updatedBy: actor,
      };
      this.writeResponse(
        a,
        req,
        next,
        this.responses(a.id).find((r) => r.requirementId === req.id),
      );
    })();
    const response = this.responses(input.assessmentId).find((r) => r.requirementId === input.requirementId)!;
    return { response, readiness: this.readiness(input.assessmentId) };
  }

  // Proposed answers from the latest findings (shared/domain/proposals.ts), for the checklist.
  private proposalsOf(a: AssessmentRow, findings: AssessmentFinding[], responses: Response[]): Proposal[] {
    const states = Object.fromEntries(responses.map((r) => [r.requirementId, stateOf(r)]));
    return proposals(this.requirementsFor(a), findings, states);
  }

  // A checklist bulk action on many requirements, in one IMMEDIATE transaction: accept the proposed answers
  // (each recorded as accepted from its run), mark not applicable with one reason, or set one owner.
  bulkUpdate(input: z.output<typeof BulkUpdateInput>): { updated: string[]; readiness: Readiness } {
    const now = this.s.clock.now().toISOString();
    const actor = this.s.actor();
    const updated: string[] = [];
    this.db.transaction(() => {
      const a = this.row(input.assessmentId);
      this.assertEditable(a);
      const reqs = new Map(this.requirementsFor(a, true).map((r) => [r.id, r]));
      const ids = [...new Set(input.requirementIds)];
      const unknown = ids.filter((id) => !reqs.has(id) || reqs.get(id)!.obligation === 'INFO');
      if (unknown.length)
        throw invalid(
          `${unknown.join(', ')} ${unknown.length === 1 ? 'takes' : 'take'} no answer in this ${a.route} assessment.`,
          unknown.map((id) => ({ path: 'requirementIds', message: `${id} takes no answer here` })),
        );
      const responses = this.responses(a.id);
      const before = new Map(responses.map((r) => [r.requirementId, r]));
      // Recomputed here, on the runs as they are now: a proposal the screen showed may have gone.
      const proposed =
        input.action.kind === 'accept-proposals'
          ? new Map(this.proposalsOf(a, this.findings(a), responses).map((p) => [p.requirementId, p]))
          : new Map<string, Proposal>();
      if (input.action.kind === 'accept-proposals') {
        const without = ids.filter((id) => !proposed.has(id));
        if (without.length)
          throw invalid(
            `No automated result decides ${without.join(', ')} any more (answered since, or the latest runs do not cover ${without.length === 1 ? 'it' : 'them'}). Nothing was changed.`,
            without.map((id) => ({ path: 'requirementIds', message: `${id} has no proposed answer` })),
          );
      }
      for (const id of ids) {
        const req = reqs.get(id)!;
        const prev = before.get(id);
        const base: Response = {
          requirementId: id,
          result: prev?.result ?? 'not-assessed',
          naJustification: prev?.naJustification,
          notes: prev?.notes,
          owner: prev?.owner,
          document: prev?.document,
          fields: prev?.fields ?? {},
          reconfirm: prev?.reconfirm ?? false,
          updatedAt: now,
          updatedBy: actor,
        };
        const action = input.action;
        const next: Response =
          action.kind === 'accept-proposals'
            ? { ...base, result: proposed.get(id)!.result }
            : action.kind === 'not-applicable'
              ? { ...base, result: 'not-applicable', naJustification: action.reason.trim() }
              : { ...base, owner: action.owner.trim() || undefined };
        const acceptedFrom = action.kind === 'accept-proposals' ? proposed.get(id) : undefined;
        if (this.writeResponse(a, req, next, prev, acceptedFrom ? { acceptedFrom } : {})) updated.push(id);
      }
    })();
    return { updated, readiness: this.readiness(input.assessmentId) };
  }

  // One answer written with its audit entry, inside the caller's transaction (saveResponse, bulkUpdate).
  private writeResponse(
    a: AssessmentRow,
    req: Requirement,
    next: Response,
    before: Response | undefined,
    opts: { acceptedFrom?: Proposal } = {},
  ): boolean {
    const now = next.updatedAt;
    const actor = next.updatedBy;
    const changes = diffRecords(before ? auditView(before) : undefined, auditView(next));
    const reconfirming = before?.carriedFromCycle !== undefined;
    if (before && changes.length === 0 && !reconfirming && !opts.acceptedFrom) return false;
    this.repo.saveResponse(a.id, next);
    linkOwner(this.s, a.id, req.id, next.owner);
    this.repo.touch(a.id, now);
    appendAudit(this.db, {
      chain: a.client_id,
      actor,
      at: now,
      action: 'response.update',
      entityType: 'response',
      entityId: `${a.id}/${req.id}`,
      summary: `${a.cycle} ${req.id}: ${
        opts.acceptedFrom
          ? `accepted ${RESULT_LABELS[next.result]} from run ${opts.acceptedFrom.runs.map((r) => r.runId).join(', ')} (${opts.acceptedFrom.source})`
          : reconfirming && changes.length === 0
            ? `re-confirmed the answer carried over from ${before!.carriedFromCycle}`
            : describeChange(changes, Object.fromEntries(req.fields.map((f) => [f.key, f.label])))
      }`,
      changes: opts.acceptedFrom
        ? [...changes, { field: 'acceptedFromRun', from: null, to: opts.acceptedFrom.runs.map((r) => r.runId).join(', ') }]
        : changes,
    });
    return true;
  }

  // One audited change to an assessment that can still be edited, in one transaction: `apply` writes it and
  // says what changed for the audit log, or returns undefined when there is nothing to change.
  private changeEditable(
    id: string,
    action: string,
    apply: (a: AssessmentRow, now: string) => { summary: string; changes: AuditChange[] } | undefined,
  ): AssessmentSummary {
    const now = this.s.clock.now().toISOString();
    this.db.transaction(() => {
      const a = this.row(id);
      this.assertEditable(a);
      const done = apply(a, now);
      if (done)
        appendAudit(this.db, {
          chain: a.client_id,
          actor: this.s.actor(),
          at: now,
          action,
          entityType: 'assessment',
          entityId: id,
          ...done,
        });
    })();
    return this.get(id);
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
        const r = this.readinessOf(a);
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

  async signoff(input: z.output<typeof SignoffInput>): Promise<AssessmentSummary> {
    const now = this.s.clock.now().toISOString();
    let png: Buffer | undefined;
    if (input.signature.method === 'drawn') {
      png = Buffer.from(input.signature.pngBase64, 'base64');
      if (png.length > MAX_SIGNATURE_BYTES || !png.subarray(0, 8).equals(PNG_MAGIC)) {
        throw invalid('The drawn signature is not a PNG image.', [{ path: 'signature', message: 'Not a PNG image' }]);
      }
    }
    // The image is stored only once the call is known to be possible (the assessment exists and is editable),
    // and removed again if the transaction still refuses: no orphan blob either way.
    this.assertEditable(this.row(input.assessmentId));
    const stored = png ? await this.s.blobs.put(png) : undefined;
    const sha = stored?.sha256;
    try {
      this.signoffTransaction(input, now, sha);
    } catch (err) {
      if (stored?.created && !blobInUse(this.db, stored.sha256)) await this.s.blobs.remove(stored.sha256);
      throw err;
    }
    return this.get(input.assessmentId);
  }

  private signoffTransaction(input: z.output<typeof SignoffInput>, now: string, sha: string | undefined): void {
    this.db.transaction(() => {
      const a = this.row(input.assessmentId);
      this.assertEditable(a);
      const r = this.readinessOf(a);
      if (!r.readyForSignoff) {
        const open = r.blockers.filter((b) => b.kind !== 'signoff-missing');
        throw new AppError('conflict', refusalMessage('Sign-off is not possible yet', open), blockerIssues(open));
      }
      const before = this.signoffs(a.id).find((x) => x.role === input.role);
      this.repo.saveSignoff(a.id, {
        role: input.role,
        name: input.name,
        roleTitle: input.roleTitle,
        organisation: input.organisation,
        email: input.email,
        method: input.signature.method,
        typedSignature: input.signature.method === 'typed' ? input.signature.text : null,
        signatureSha256: sha ?? null,
        signedAt: now,
      });
      const roles = this.signoffs(a.id).map((x) => x.role);
      const complete = roles.includes('ict-expert') && roles.includes('clinical-safety-expert');
      this.repo.setSignoffState(a.id, now, complete ? 'signed' : 'ready', complete ? now : null);
      const label = input.role === 'ict-expert' ? 'ICT expert' : 'Clinical safety expert';
      appendAudit(this.db, {
        chain: a.client_id,
        actor: this.s.actor(),
        at: now,
        action: 'assessment.signoff',
        entityType: 'assessment',
        entityId: a.id,
        summary: `${a.cycle}: ${label} sign-off by ${input.name} (${input.roleTitle}, ${input.organisation})${complete ? ' — both sign-offs recorded, assessment locked' : ''}`,
        changes: [
          {
            field: `signoff.${input.role}`,
            from: before ? `${before.name} ${before.signedAt}` : null,
            to: `${input.name} <${input.email}> ${input.signature.method}${sha ? ` sha256:${sha}` : ''}`,
          },
          ...(complete ? [{ field: 'status', from: a.status, to: 'signed' }] : []),
        ],
      });
    })();
  }

  unlock(id: string, reason: string): AssessmentSummary {
    const now = this.s.clock.now().toISOString();
    this.db.transaction(() => {
      const a = this.row(id);
      if (a.status !== 'signed') throw conflict(`The ${a.cycle} assessment is not locked.`);
      const cleared = this.signoffs(id);
      this.repo.unlock(id, now);
      appendAudit(this.db, {
        chain: a.client_id,
        actor: this.s.actor(),
        at: now,
        action: 'assessment.unlock',
        entityType: 'assessment',
        entityId: id,
        summary: `${a.cycle}: unlocked — ${reason}. Both sign-offs were cleared and must be given again.`,
        changes: [
          { field: 'status', from: 'signed', to: 'draft' },
          { field: 'reason', from: null, to: reason },
          ...cleared.map((c) => ({ field: `signoff.${c.role}`, from: `${c.name} ${c.signedAt}`, to: null })),
        ],
      });
    })();
    return this.get(id);
  }

  // The annual renewal: a new cycle for the same client, with last year's answers that were marked
  // "re-confirm" copied in (and flagged until someone confirms them), evidence links carried over by the
  // evidence library, and last year's signed assessment and bundle left untouched.
  startRenewal(input: { fromAssessmentId: string; cycle?: number; plannedSubmissionDate?: string }): AssessmentSummary {
    const prev = this.row(input.fromAssessmentId);
    const cycle = input.cycle ?? prev.cycle + 1;
    if (cycle <= prev.cycle)
      throw invalid(`A renewal must be for a later year than ${prev.cycle}.`, [{ path: 'cycle', message: `Must be after ${prev.cycle}` }]);
    const planned = input.plannedSubmissionDate ?? (prev.expires_on ? addDays(prev.expires_on, -30) : undefined);
    let created: AssessmentSummary | undefined;
    this.db.transaction(() => {
      created = this.create({
        clientId: prev.client_id,
        cycle,
        plannedSubmissionDate: planned && planned > toIsoDate(this.s.clock.now()) ? planned : undefined,
        previousAssessmentId: prev.id,
      });
      const now = this.s.clock.now().toISOString();
      const actor = this.s.actor();
      const applicable = new Set(this.requirementsFor(this.row(created.id)).map((r) => r.id));
      const carried = this.responses(prev.id).filter((r) => r.reconfirm && applicable.has(r.requirementId));
      this.repo.carryResponses(prev.id, created.id, carried, now, actor);
      const links = this.s.evidence.carryOver(prev.id, created.id);
      appendAudit(this.db, {
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
    return this.get(created!.id);
  }

  outcomeEvent(id: string, event: OutcomeEvent): AssessmentSummary {
    this.db.transaction(() => recordOutcomeEvent(this.s, this.row(id), event))();
    return this.get(id);
  }

  resolveOutcomeFinding(id: string, findingId: string, resolved: boolean): AssessmentSummary {
    this.db.transaction(() => resolveOutcomeFinding(this.s, this.row(id), findingId, resolved))();
    return this.get(id);
  }

  undoRenewal(id: string): { clientId: string; cycle: number; previousAssessmentId: string } {
    return this.db.transaction(() => undoRenewal(this.s, this.row(id)))();
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
      requirements: this.requirementsFor(a)
        .filter((r) => r.obligation !== 'INFO')
        .map((r) => ({ id: r.id, title: r.title })),
      responses: this.responses(a.id).map((r) => ({
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
    const from = this.row(fromId);
    const to = this.row(toId);
    if (from.client_id !== to.client_id) throw invalid('Both assessments must belong to the same client.');
    const [older, newer] = from.cycle <= to.cycle ? [from, to] : [to, from];
    // The older cycle is judged by the checks as they stood when it was signed (or when the newer began).
    const cutoff = older.locked_at ?? newer.created_at;
    return diffCycles(this.snapshot(older, cutoff), this.snapshot(newer));
  }

  async signatureImage(assessmentId: string, role: SignoffRole): Promise<{ pngBase64?: string }> {
    const so = this.signoffs(assessmentId).find((x) => x.role === role);
    if (!so?.signatureSha256) return {};
    const { readFile } = await import('node:fs/promises');
    return { pngBase64: (await readFile(this.s.blobs.path(so.signatureSha256))).toString('base64') };
  }
}

function stripEmpty<T extends Record<string, string | undefined>>(o: T): T | undefined {
  const out = Object.fromEntries(
    Object.entries(o)
      .filter(([, v]) => v !== undefined && v.trim() !== '')
      .map(([k, v]) => [k, v!.trim()]),
  ) as T;
  return Object.keys(out).length ? out : undefined;
}

function stateOf(r: Response): ResponseState {
  return { result: r.result, carriedOver: r.carriedFromCycle !== undefined };
}

function auditView(r: Response): Record<string, unknown> {
  return {
    result: r.result,
    naJustification: r.naJustification ?? null,
    notes: r.notes ?? null,
    owner: r.owner ?? null,
    ...Object.fromEntries(Object.entries(r.document ?? {}).map(([k, v]) => [`document.${k}`, v])),
    ...Object.fromEntries(Object.entries(r.fields).map(([k, v]) => [`fields.${k}`, v])),
    reconfirm: r.reconfirm,
  };
}

function describeChange(changes: { field: string; from: unknown; to: unknown }[], detailLabels: Record<string, string>): string {
  const result = changes.find((c) => c.field === 'result');
  const rest = changes.filter((c) => c.field !== 'result').map((c) => inlineLabel(fieldLabel(c.field, detailLabels)));
  return (
    [
      result ? `${fieldValue('result', result.from ?? 'not-assessed')} → ${fieldValue('result', result.to)}` : '',
      rest.length ? `edited ${rest.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ') || 'saved'
  );
}
