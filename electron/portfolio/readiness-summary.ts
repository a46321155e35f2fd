import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { AssessmentsService } from '../assessments/assessments-service';
import type { Clock } from '../backend/ports';
import type { BlobStore } from '../evidence/blob-store';
import type { EvidenceService } from '../evidence/evidence-service';
import type { Db } from '../store/database';
import { PortfolioRepo, type StoredFigures } from './portfolio-repo';

// The per-assessment figures the portfolio shows. `figuresOf` is the one place they are computed, and it
// asks the assessment service for its readiness (the same call the checklist, sign-off page, CLI and
// statement make), so the home page can never disagree with them. Figures are stored in
// portfolio_summary (migration 0012), whose triggers delete a client's rows in the same transaction as
// any write to what readiness reads; a missing row is recomputed here on the next overview.
export interface AssessmentFigures {
  percent: number;
  blockers: number;
  warnings: number;
  failingChecks: number;
  evidenceExpiring: number;
}

// Bump when the readiness model changes what it counts: every stored row is then recomputed once.
const READINESS_MODEL = 'readiness-1';

// Recompute in batches, each in its own IMMEDIATE transaction: no write can slip between reading the
// inputs and storing the result, and a first run over thousands of clients never holds the lock for long.
const BATCH = 100;

// What the stored summaries are computed from.
export interface SummaryDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly assessments: Pick<AssessmentsService, 'detail'>;
  readonly blobs: Pick<BlobStore, 'path'>;
  readonly evidence: Pick<EvidenceService, 'statesForAssessment'>;
}

export function figuresOf(s: SummaryDeps, assessmentId: string): AssessmentFigures {
  const detail = s.assessments.detail(assessmentId);
  const states = s.evidence.statesForAssessment(assessmentId, detail.assessment.plannedSubmissionDate);
  return {
    percent: detail.readiness.percent,
    blockers: detail.readiness.blockers.length,
    warnings: detail.readiness.warnings.length,
    failingChecks: detail.findings.filter((f) => f.status === 'fail').length,
    evidenceExpiring: new Set(states.filter((e) => e.freshness === 'expiring' || e.freshness === 'expired').map((e) => e.evidenceId)).size,
  };
}

// Evidence files can be deleted or changed outside the app, which no trigger sees: fingerprint the
// on-disk size of every file linked to each assessment (a stat each, no hashing) and recompute when it moved.
function fileFingerprints(s: SummaryDeps, assessmentIds: Set<string>): Map<string, string> {
  const rows = new PortfolioRepo(s.db).latestCycleFiles();
  const sizes = new Map<string, number>();
  const parts = new Map<string, string[]>();
  for (const r of rows) {
    if (!assessmentIds.has(r.a)) continue;
    let size = sizes.get(r.sha);
    if (size === undefined) {
      try {
        size = statSync(s.blobs.path(r.sha), { throwIfNoEntry: false })?.size ?? -1;
      } catch {
        size = -1;
      }
      sizes.set(r.sha, size);
    }
    const list = parts.get(r.a);
    if (list) list.push(`${r.sha}:${size}`);
    else parts.set(r.a, [`${r.sha}:${size}`]);
  }
  return new Map([...parts].map(([a, p]) => [a, createHash('sha256').update(p.join('\n')).digest('base64url')]));
}

// Figures for each of the given assessments (each client's latest cycle), from its stored summary row
// where that is still valid. The caller reads the stored rows with the assessments (OVERVIEW_SQL joins
// portfolio_summary), so thousands of clients cost no second query.
export function summariesFor(
  s: SummaryDeps,
  assessments: { id: string; clientId: string; stored: StoredFigures | undefined }[],
): Map<string, AssessmentFigures> {
  const files = fileFingerprints(s, new Set(assessments.map((a) => a.id)));
  const out = new Map<string, AssessmentFigures>();
  const stale: { id: string; clientId: string }[] = [];
  for (const a of assessments) {
    const r = a.stored;
    if (r && r.model === READINESS_MODEL && r.files === (files.get(a.id) ?? '')) {
      out.set(a.id, {
        percent: r.percent,
        blockers: r.blockers,
        warnings: r.warnings,
        failingChecks: r.failing_checks,
        evidenceExpiring: r.evidence_expiring,
      });
    } else stale.push(a);
  }
  const upsert = new PortfolioRepo(s.db).summaryWriter();
  const at = s.clock.now().toISOString();
  for (let i = 0; i < stale.length; i += BATCH) {
    s.db
      .transaction(() => {
        for (const a of stale.slice(i, i + BATCH)) {
          const f = figuresOf(s, a.id);
          out.set(a.id, f);
          upsert({
            assessment_id: a.id,
            client_id: a.clientId,
            model: READINESS_MODEL,
            files: files.get(a.id) ?? '',
            percent: f.percent,
            blockers: f.blockers,
            warnings: f.warnings,
            failing_checks: f.failingChecks,
            evidence_expiring: f.evidenceExpiring,
            computed_at: at,
          });
        }
      })
      .immediate();
  }
  return out;
}
