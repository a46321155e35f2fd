import type { z } from 'zod';
import { RESULT_LABELS, type BulkUpdateInput, type Response, type ResponseInput } from '../../shared/contract/assessments';
import type { Requirement } from '../../shared/domain/catalogue/schema';
import { fieldLabel, fieldValue, inlineLabel } from '../../shared/domain/field-labels';
import type { Proposal } from '../../shared/domain/proposals';
import type { Readiness } from '../../shared/domain/readiness';
import { invalid } from '../backend/app-error';
import type { Clock } from '../backend/ports';
import { linkOwner } from '../people/people-service';
import type { Db } from '../store/database';
import { appendAudit, diffRecords } from '../store/audit-log';
import { AssessmentRepo, type AssessmentRow } from './assessment-repo';
import { assertEditable } from './assessment-changes';
import type { AssessmentReads } from './assessment-reads';

// Answers to the checklist: one answer saved, or a bulk action on many (accepting the proposed answers from the
// latest findings, not applicable with one reason, one owner); each answer written with its audit entry.

export interface AnswersDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
  readonly reads: Pick<AssessmentReads, 'row' | 'requirementsFor' | 'responses' | 'findings' | 'proposalsOf' | 'readiness'>;
}

export class AssessmentAnswers {
  constructor(private readonly s: AnswersDeps) {}

  private get repo() {
    return new AssessmentRepo(this.s.db);
  }

  saveResponse(input: z.output<typeof ResponseInput>): { response: Response; readiness: Readiness } {
    const now = this.s.clock.now().toISOString();
    const actor = this.s.actor();
    this.s.db.transaction(() => {
      const a = this.s.reads.row(input.assessmentId);
      assertEditable(a);
      const req = this.s.reads.requirementsFor(a, true).find((r) => r.id === input.requirementId);
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
        this.s.reads.responses(a.id).find((r) => r.requirementId === req.id),
      );
    })();
    const response = this.s.reads.responses(input.assessmentId).find((r) => r.requirementId === input.requirementId)!;
    return { response, readiness: this.s.reads.readiness(input.assessmentId) };
  }

  // A checklist bulk action on many requirements, in one IMMEDIATE transaction: accept the proposed answers
  // (each recorded as accepted from its run), mark not applicable with one reason, or set one owner.
  bulkUpdate(input: z.output<typeof BulkUpdateInput>): { updated: string[]; readiness: Readiness } {
    const now = this.s.clock.now().toISOString();
    const actor = this.s.actor();
    const updated: string[] = [];
    this.s.db.transaction(() => {
      const a = this.s.reads.row(input.assessmentId);
      assertEditable(a);
      const reqs = new Map(this.s.reads.requirementsFor(a, true).map((r) => [r.id, r]));
      const ids = [...new Set(input.requirementIds)];
      const unknown = ids.filter((id) => !reqs.has(id) || reqs.get(id)!.obligation === 'INFO');
      if (unknown.length)
        throw invalid(
          `${unknown.join(', ')} ${unknown.length === 1 ? 'takes' : 'take'} no answer in this ${a.route} assessment.`,
          unknown.map((id) => ({ path: 'requirementIds', message: `${id} takes no answer here` })),
        );
      const responses = this.s.reads.responses(a.id);
      const before = new Map(responses.map((r) => [r.requirementId, r]));
      // Recomputed here, on the runs as they are now: a proposal the screen showed may have gone.
      const proposed =
        input.action.kind === 'accept-proposals'
          ? new Map(this.s.reads.proposalsOf(a, this.s.reads.findings(a), responses).map((p) => [p.requirementId, p]))
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
    return { updated, readiness: this.s.reads.readiness(input.assessmentId) };
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
    appendAudit(this.s.db, {
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
}

function stripEmpty<T extends Record<string, string | undefined>>(o: T): T | undefined {
  const out = Object.fromEntries(
    Object.entries(o)
      .filter(([, v]) => v !== undefined && v.trim() !== '')
      .map(([k, v]) => [k, v!.trim()]),
  ) as T;
  return Object.keys(out).length ? out : undefined;
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
