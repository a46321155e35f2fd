import { randomUUID } from 'node:crypto';
import type { AssessmentSummary, Response, Signoff } from '../../shared/contract/assessments';
import type { SignoffRole } from '../../shared/domain/readiness';
import type { OutcomeDates } from '../../shared/domain/outcome';
import type { Db } from '../store/database';

// The owner of the assessment tables: `assessments`, `responses`, `signoffs` and `outcome_findings`. Every
// read and write of them goes through here (the row types, the SQL, the mapping to the contract's shapes);
// services decide what to write, check it and audit it, inside the caller's transaction (db.transaction,
// which is IMMEDIATE: store/database.ts).

export type AssessmentRow = {
  id: string;
  client_id: string;
  cycle: number;
  catalogue_version: string;
  route: AssessmentSummary['route'];
  status: AssessmentSummary['status'];
  planned_submission_date: string;
  submitted_on: string | null;
  accredited_on: string | null;
  expires_on: string | null;
  previous_assessment_id: string | null;
  locked_at: string | null;
  queried_on: string | null;
  resubmitted_on: string | null;
  rejected_on: string | null;
  rejection_reason: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
};

type ResponseRow = {
  requirement_id: string;
  carried_from: string | null;
  carried_cycle: number | null;
  result: Response['result'];
  na_justification: string | null;
  notes: string | null;
  owner: string | null;
  document: string | null;
  fields: string;
  reconfirm: number;
  updated_at: string;
  updated_by: string;
};

type SignoffRow = {
  role: SignoffRole;
  name: string;
  role_title: string;
  organisation: string;
  email: string;
  method: 'typed' | 'drawn';
  typed_signature: string | null;
  signature_sha256: string | null;
  signed_at: string;
};

export type OutcomeFindingRow = { id: string; text: string; resolved: number; created_at: string; resolved_at: string | null };

export interface NewSignoff {
  role: SignoffRole;
  name: string;
  roleTitle: string;
  organisation: string;
  email: string;
  method: 'typed' | 'drawn';
  typedSignature: string | null;
  signatureSha256: string | null;
  signedAt: string;
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

// An answer's columns from requirement_id to fields, in table order.
const answerColumns = (r: Response) =>
  [
    r.requirementId,
    r.result,
    r.naJustification ?? null,
    r.notes ?? null,
    r.owner ?? null,
    r.document ? JSON.stringify(r.document) : null,
    JSON.stringify(r.fields),
  ] as const;

export class AssessmentRepo {
  constructor(private readonly db: Db) {}

  get(id: string): AssessmentRow | undefined {
    return this.db.prepare('SELECT * FROM assessments WHERE id = ?').get(id) as AssessmentRow | undefined;
  }

  // Newest cycle first.
  forClient(clientId: string): AssessmentRow[] {
    return this.db.prepare('SELECT * FROM assessments WHERE client_id = ? ORDER BY cycle DESC').all(clientId) as AssessmentRow[];
  }

  latestFor(clientId: string): AssessmentRow | undefined {
    return this.db.prepare('SELECT * FROM assessments WHERE client_id = ? ORDER BY cycle DESC LIMIT 1').get(clientId) as
      AssessmentRow | undefined;
  }

  // The client's assessments that are not signed (and so still take changes).
  unsignedFor(clientId: string): AssessmentRow[] {
    return this.db.prepare("SELECT * FROM assessments WHERE client_id = ? AND status <> 'signed'").all(clientId) as AssessmentRow[];
  }

  // The cycle before this one, by year (for an assessment that was not started as a renewal).
  earlierCycleId(clientId: string, cycle: number): string | undefined {
    return (
      this.db.prepare('SELECT id FROM assessments WHERE client_id = ? AND cycle < ? ORDER BY cycle DESC LIMIT 1').get(clientId, cycle) as
        { id: string } | undefined
    )?.id;
  }

  hasCycle(clientId: string, cycle: number): boolean {
    return !!this.db.prepare('SELECT id FROM assessments WHERE client_id = ? AND cycle = ?').get(clientId, cycle);
  }

  laterCycles(clientId: string, cycle: number): number {
    return (
      this.db.prepare('SELECT COUNT(*) AS n FROM assessments WHERE client_id = ? AND cycle > ?').get(clientId, cycle) as { n: number }
    ).n;
  }

  insert(a: {
    id: string;
    clientId: string;
    cycle: number;
    catalogueVersion: string;
    route: AssessmentRow['route'];
    plannedSubmissionDate: string;
    previousAssessmentId: string | null;
    at: string;
  }): void {
    this.db
      .prepare(
        `INSERT INTO assessments (id, client_id, cycle, catalogue_version, route, status, planned_submission_date, previous_assessment_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?)`,
      )
      .run(a.id, a.clientId, a.cycle, a.catalogueVersion, a.route, a.plannedSubmissionDate, a.previousAssessmentId, a.at, a.at);
  }

  // Cascades remove its answers, sign-offs, outcome findings and evidence links.
  delete(id: string): void {
    this.db.prepare('DELETE FROM assessments WHERE id = ?').run(id);
  }

  // A change to what the assessment rests on: a new revision, and "ready for sign-off" goes back to draft
  // (signatories must see what they sign). `unlessSigned` leaves a signed assessment as it is.
  touch(id: string, now: string, opts: { unlessSigned?: boolean } = {}): void {
    this.db
      .prepare(
        `UPDATE assessments SET revision = revision + 1, updated_at = ?, status = CASE WHEN status = 'ready' THEN 'draft' ELSE status END
         WHERE id = ?${opts.unlessSigned ? " AND status <> 'signed'" : ''}`,
      )
      .run(now, id);
  }

  // A new revision without touching the status (outcome changes, after sign-off).
  bumpRevision(id: string, now: string): void {
    this.db.prepare('UPDATE assessments SET revision = revision + 1, updated_at = ? WHERE id = ?').run(now, id);
  }

  setPlannedSubmission(id: string, date: string): void {
    this.db.prepare('UPDATE assessments SET planned_submission_date = ? WHERE id = ?').run(date, id);
  }

  setRoute(id: string, route: AssessmentRow['route']): void {
    this.db.prepare('UPDATE assessments SET route = ? WHERE id = ?').run(route, id);
  }

  setStatus(id: string, status: 'draft' | 'ready', now: string): void {
    this.db.prepare('UPDATE assessments SET status = ?, revision = revision + 1, updated_at = ? WHERE id = ?').run(status, now, id);
  }

  setSignoffState(id: string, now: string, status: 'ready' | 'signed', lockedAt: string | null): void {
    this.db
      .prepare(`UPDATE assessments SET revision = revision + 1, updated_at = ?, status = ?, locked_at = ? WHERE id = ?`)
      .run(now, status, lockedAt, id);
  }

  // Back to draft with both sign-offs cleared.
  unlock(id: string, now: string): void {
    this.db.prepare('DELETE FROM signoffs WHERE assessment_id = ?').run(id);
    this.db
      .prepare("UPDATE assessments SET status = 'draft', locked_at = NULL, revision = revision + 1, updated_at = ? WHERE id = ?")
      .run(now, id);
  }

  setOutcomeDates(id: string, d: OutcomeDates, now: string): void {
    this.db
      .prepare(
        `UPDATE assessments SET submitted_on = ?, queried_on = ?, resubmitted_on = ?, rejected_on = ?, rejection_reason = ?, accredited_on = ?, expires_on = ?, revision = revision + 1, updated_at = ? WHERE id = ?`,
      )
      .run(
        d.submittedOn ?? null,
        d.queriedOn ?? null,
        d.resubmittedOn ?? null,
        d.rejectedOn ?? null,
        d.rejectionReason ?? null,
        d.accreditedOn ?? null,
        d.expiresOn ?? null,
        now,
        id,
      );
  }

  // --- responses

  responses(assessmentId: string): Response[] {
    const rows = this.db
      .prepare(
        'SELECT r.*, p.cycle AS carried_cycle FROM responses r LEFT JOIN assessments p ON p.id = r.carried_from WHERE r.assessment_id = ?',
      )
      .all(assessmentId) as ResponseRow[];
    return rows.map((r) => ({
      requirementId: r.requirement_id,
      result: r.result,
      naJustification: opt(r.na_justification),
      notes: opt(r.notes),
      owner: opt(r.owner),
      document: r.document ? JSON.parse(r.document) : undefined,
      fields: JSON.parse(r.fields),
      reconfirm: r.reconfirm === 1,
      carriedFromCycle: opt(r.carried_cycle),
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
    }));
  }

  // An answer saved by hand: it is no longer the one carried over.
  saveResponse(assessmentId: string, r: Response): void {
    this.db
      .prepare(
        `INSERT INTO responses (assessment_id, requirement_id, result, na_justification, notes, owner, document, fields, reconfirm, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (assessment_id, requirement_id) DO UPDATE SET result = excluded.result, na_justification = excluded.na_justification,
           notes = excluded.notes, owner = excluded.owner, document = excluded.document, fields = excluded.fields,
           reconfirm = excluded.reconfirm, updated_at = excluded.updated_at, updated_by = excluded.updated_by, carried_from = NULL`,
      )
      .run(assessmentId, ...answerColumns(r), r.reconfirm ? 1 : 0, r.updatedAt, r.updatedBy);
  }

  // The person (people-repo.ts) who owns an answer, or none.
  setResponseOwner(assessmentId: string, requirementId: string, personId: string | null): void {
    this.db
      .prepare('UPDATE responses SET owner_person_id = ? WHERE assessment_id = ? AND requirement_id = ?')
      .run(personId, assessmentId, requirementId);
  }

  // Answers show the owner by name: the text follows a renamed person.
  renameOwner(personId: string, name: string): void {
    this.db.prepare('UPDATE responses SET owner = ? WHERE owner_person_id = ?').run(name, personId);
  }

  // Answers the person owns in assessments not yet signed.
  openAnswersOwnedBy(personId: string): number {
    return (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM responses r JOIN assessments a ON a.id = r.assessment_id
           WHERE r.owner_person_id = ? AND a.status <> 'signed'`,
        )
        .get(personId) as { n: number }
    ).n;
  }

  // Last cycle's answers copied into a renewal, flagged to re-confirm.
  carryResponses(fromAssessmentId: string, toAssessmentId: string, carried: Response[], now: string, actor: string): void {
    const insert = this.db.prepare(
      `INSERT INTO responses (assessment_id, requirement_id, result, na_justification, notes, owner, document, fields, reconfirm, updated_at, updated_by, carried_from)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
    );
    for (const r of carried) {
      insert.run(toAssessmentId, ...answerColumns(r), now, actor, fromAssessmentId);
    }
  }

  // --- sign-offs

  signoffs(assessmentId: string): Signoff[] {
    const rows = this.db.prepare('SELECT * FROM signoffs WHERE assessment_id = ? ORDER BY role DESC').all(assessmentId) as SignoffRow[];
    return rows.map((r) => ({
      role: r.role,
      name: r.name,
      roleTitle: r.role_title,
      organisation: r.organisation,
      email: r.email,
      method: r.method,
      typedSignature: opt(r.typed_signature),
      signatureSha256: opt(r.signature_sha256),
      signedAt: r.signed_at,
    }));
  }

  saveSignoff(assessmentId: string, s: NewSignoff): void {
    this.db
      .prepare(
        `INSERT INTO signoffs (assessment_id, role, name, role_title, organisation, email, method, typed_signature, signature_sha256, signed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (assessment_id, role) DO UPDATE SET name = excluded.name, role_title = excluded.role_title, organisation = excluded.organisation,
           email = excluded.email, method = excluded.method, typed_signature = excluded.typed_signature, signature_sha256 = excluded.signature_sha256, signed_at = excluded.signed_at`,
      )
      .run(assessmentId, s.role, s.name, s.roleTitle, s.organisation, s.email, s.method, s.typedSignature, s.signatureSha256, s.signedAt);
  }

  // --- the NHS team's findings on a queried statement

  outcomeFindings(assessmentId: string): OutcomeFindingRow[] {
    return this.db
      .prepare('SELECT * FROM outcome_findings WHERE assessment_id = ? ORDER BY created_at, rowid')
      .all(assessmentId) as OutcomeFindingRow[];
  }

  openOutcomeFindings(assessmentId: string): number {
    return (
      this.db.prepare('SELECT COUNT(*) AS n FROM outcome_findings WHERE assessment_id = ? AND resolved = 0').get(assessmentId) as {
        n: number;
      }
    ).n;
  }

  outcomeFinding(assessmentId: string, findingId: string): OutcomeFindingRow | undefined {
    return this.db.prepare('SELECT * FROM outcome_findings WHERE id = ? AND assessment_id = ?').get(findingId, assessmentId) as
      OutcomeFindingRow | undefined;
  }

  clearOutcomeFindings(assessmentId: string): void {
    this.db.prepare('DELETE FROM outcome_findings WHERE assessment_id = ?').run(assessmentId);
  }

  addOutcomeFindings(assessmentId: string, texts: string[], now: string): void {
    const insert = this.db.prepare('INSERT INTO outcome_findings (id, assessment_id, text, created_at) VALUES (?, ?, ?, ?)');
    for (const text of texts) insert.run(randomUUID(), assessmentId, text, now);
  }

  setOutcomeFindingResolved(findingId: string, resolvedAt: string | null): void {
    this.db
      .prepare('UPDATE outcome_findings SET resolved = ?, resolved_at = ? WHERE id = ?')
      .run(resolvedAt ? 1 : 0, resolvedAt, findingId);
  }

  // --- what a renewal holds beyond what it copied (renewal-undo.ts)

  enteredIn(a: Pick<AssessmentRow, 'id' | 'previous_assessment_id'>): {
    answers: number;
    links: number;
    details: number;
    signoffs: number;
    bundles: number;
  } {
    const n = (sql: string, ...args: unknown[]) => (this.db.prepare(sql).get(...args) as { n: number }).n;
    return {
      answers: n('SELECT COUNT(*) AS n FROM responses WHERE assessment_id = ? AND carried_from IS NULL', a.id),
      links: n(
        `SELECT COUNT(*) AS n FROM evidence_links l WHERE l.assessment_id = ? AND NOT EXISTS (
           SELECT 1 FROM evidence_links p WHERE p.assessment_id = ? AND p.evidence_id = l.evidence_id AND p.requirement_id = l.requirement_id)`,
        a.id,
        a.previous_assessment_id,
      ),
      details: n('SELECT COUNT(*) AS n FROM statement_details WHERE assessment_id = ?', a.id),
      signoffs: n('SELECT COUNT(*) AS n FROM signoffs WHERE assessment_id = ?', a.id),
      bundles: n('SELECT COUNT(*) AS n FROM bundles WHERE assessment_id = ?', a.id),
    };
  }
}
