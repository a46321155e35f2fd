import type { PortfolioRow } from '../../shared/contract/portfolio';
import type { Db } from '../store/database';

// The owner of the `portfolio_summary` table (migration 0012: the stored readiness figures of each client's
// current cycle), and the home page's read model: its read-only queries across clients, assessments,
// evidence and probe runs, whose tables the other repos own.

// A portfolio_summary row as stored, read by the caller in the same query as the assessment it belongs to.
export interface StoredFigures {
  model: string;
  files: string;
  percent: number;
  blockers: number;
  warnings: number;
  failing_checks: number;
  evidence_expiring: number;
}

// Each active client with its current cycle (the latest), its latest accredited cycle and its last probe
// run, in one query. Every per-client lookup is one search of a covering index (EXPLAIN QUERY PLAN in
// portfolio-service.test.ts holds it to that), so the query grows linearly with the number of clients:
// the cycles are found by rowid in assessments_client and assessments_accreditation (migration 0014)
// before one row of each is read, and the last check is the end of probe_runs_last, however many runs.
// Joins on grouped subqueries instead measured slower here: SQLite builds an automatic index on each per call.
export type OverviewRow = {
  client_id: string;
  legal_name: string;
  ods_code: string;
  route: PortfolioRow['route'];
  sample: number;
  domain_count: number;
  cur_id: string | null;
  cur_cycle: number | null;
  cur_status: 'draft' | 'ready' | 'signed' | null;
  cur_submitted_on: string | null;
  cur_queried_on: string | null;
  cur_resubmitted_on: string | null;
  cur_rejected_on: string | null;
  cur_rejection_reason: string | null;
  cur_accredited_on: string | null;
  cur_open_findings: number;
  cur_planned: string | null;
  acc_id: string | null;
  acc_cycle: number | null;
  acc_accredited_on: string | null;
  acc_expires_on: string | null;
  last_run: string | null;
  // The current cycle's stored figures (portfolio_summary), all null when there is no row.
  ps_model: string | null;
  ps_files: string | null;
  ps_percent: number | null;
  ps_blockers: number | null;
  ps_warnings: number | null;
  ps_failing_checks: number | null;
  ps_evidence_expiring: number | null;
};
export const storedFigures = (r: OverviewRow): StoredFigures | undefined =>
  r.ps_model === null
    ? undefined
    : {
        model: r.ps_model,
        files: r.ps_files!,
        percent: r.ps_percent!,
        blockers: r.ps_blockers!,
        warnings: r.ps_warnings!,
        failing_checks: r.ps_failing_checks!,
        evidence_expiring: r.ps_evidence_expiring!,
      };
export const OVERVIEW_SQL = `
SELECT c.id AS client_id, c.legal_name, c.ods_code, c.route, c.sample,
       (SELECT COUNT(*) FROM client_domains d WHERE d.client_id = c.id) AS domain_count,
       cur.id AS cur_id, cur.cycle AS cur_cycle, cur.status AS cur_status, cur.submitted_on AS cur_submitted_on,
       cur.queried_on AS cur_queried_on, cur.resubmitted_on AS cur_resubmitted_on, cur.rejected_on AS cur_rejected_on,
       cur.rejection_reason AS cur_rejection_reason, cur.accredited_on AS cur_accredited_on,
       (SELECT COUNT(*) FROM outcome_findings f WHERE f.assessment_id = cur.id AND f.resolved = 0) AS cur_open_findings,
       cur.planned_submission_date AS cur_planned,
       acc.id AS acc_id, acc.cycle AS acc_cycle, acc.accredited_on AS acc_accredited_on, acc.expires_on AS acc_expires_on,
       (SELECT MAX(p.finished_at) FROM probe_runs p WHERE p.client_id = c.id) AS last_run,
       ps.model AS ps_model, ps.files AS ps_files, ps.percent AS ps_percent, ps.blockers AS ps_blockers,
       ps.warnings AS ps_warnings, ps.failing_checks AS ps_failing_checks, ps.evidence_expiring AS ps_evidence_expiring
FROM clients c
LEFT JOIN assessments cur ON cur.rowid = (SELECT x.rowid FROM assessments x WHERE x.client_id = c.id ORDER BY x.cycle DESC LIMIT 1)
LEFT JOIN assessments acc ON acc.rowid = (
  SELECT y.rowid FROM assessments y
  WHERE y.client_id = c.id AND (coalesce(y.accredited_on, '') <> '' OR coalesce(y.expires_on, '') <> '')
  ORDER BY y.cycle DESC LIMIT 1)
LEFT JOIN portfolio_summary ps ON ps.assessment_id = cur.id
WHERE c.archived = 0
ORDER BY c.legal_name COLLATE NOCASE`;

export class PortfolioRepo {
  constructor(private readonly db: Db) {}

  overview(): OverviewRow[] {
    return this.db.prepare(OVERVIEW_SQL).all() as OverviewRow[];
  }

  // When anything in the workspace last changed (the newest assessment update), or null in an empty one.
  newestChange(): string | null {
    return (this.db.prepare('SELECT MAX(updated_at) AS m FROM assessments').get() as { m: string | null }).m;
  }

  // The stored files linked to each client's latest cycle, as (assessment, sha256) pairs in that order.
  latestCycleFiles(): { a: string; sha: string }[] {
    return this.db
      .prepare(
        `SELECT l.assessment_id AS a, v.sha256 AS sha FROM evidence_links l JOIN evidence_versions v ON v.evidence_id = l.evidence_id
       JOIN assessments a ON a.id = l.assessment_id
       WHERE a.cycle = (SELECT MAX(x.cycle) FROM assessments x WHERE x.client_id = a.client_id)
       ORDER BY l.assessment_id, v.sha256`,
      )
      .all() as { a: string; sha: string }[];
  }

  // Stores one assessment's figures, replacing any earlier row; the statement is prepared once, so a first
  // run over thousands of clients does not prepare it per row. The caller holds the transaction.
  summaryWriter(): (row: StoredFigures & { assessment_id: string; client_id: string; computed_at: string }) => void {
    const upsert = this.db.prepare(
      `INSERT OR REPLACE INTO portfolio_summary (assessment_id, client_id, model, files, percent, blockers, warnings, failing_checks, evidence_expiring, computed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    return (r) => {
      upsert.run(
        r.assessment_id,
        r.client_id,
        r.model,
        r.files,
        r.percent,
        r.blockers,
        r.warnings,
        r.failing_checks,
        r.evidence_expiring,
        r.computed_at,
      );
    };
  }
}
