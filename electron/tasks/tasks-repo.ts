import type { Db } from '../store/database';

// The task list's read model: read-only queries across clients, assessments, answers and people, whose
// tables the other repos own.

const OPEN_RESULTS = `('not-assessed', 'partially-met', 'not-met')`;

type CurrentAssessment = {
  id: string;
  client_id: string;
  cycle: number;
  status: string;
  planned: string;
  legal_name: string;
  catalogue_version: string;
  route: string;
};
type OwnedAnswer = { requirement_id: string; result: string; person_id: string | null; owner: string; role: string | null };

export class TasksRepo {
  constructor(private readonly db: Db) {}

  // Each active client's current assessment (its latest cycle).
  currentAssessments(): CurrentAssessment[] {
    return this.db
      .prepare(
        `SELECT a.id, a.client_id, a.cycle, a.status, a.planned_submission_date AS planned, a.catalogue_version, a.route, c.legal_name
       FROM assessments a JOIN clients c ON c.id = a.client_id AND c.archived = 0
       WHERE a.cycle = (SELECT MAX(x.cycle) FROM assessments x WHERE x.client_id = a.client_id)`,
      )
      .all() as CurrentAssessment[];
  }

  // An assessment's answers that are still open and have an owner (a person, or a name kept as text).
  ownedOpenAnswers(assessmentId: string): OwnedAnswer[] {
    return this.db
      .prepare(
        `SELECT r.requirement_id, r.result, p.id AS person_id, coalesce(p.name, r.owner) AS owner, p.role
         FROM responses r LEFT JOIN people p ON p.id = r.owner_person_id
         WHERE r.assessment_id = ? AND r.owner IS NOT NULL AND r.result IN ${OPEN_RESULTS} ORDER BY r.requirement_id`,
      )
      .all(assessmentId) as OwnedAnswer[];
  }
}
