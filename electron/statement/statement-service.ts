import { readFile } from 'node:fs/promises';
import type { AssessmentDetail, Signoff } from '../../shared/contract/assessments';
import type { Client } from '../../shared/contract/clients';
import type { ProbeRunSummary } from '../../shared/contract/findings';
import { StatementDetails, type StatementIssue, type StatementPreview, type StatementState } from '../../shared/contract/statement';
import { conflict, integrity, invalid, locked, notFound } from '../backend/app-error';
import { describeIssues } from '../../shared/contract/errors';
import type { AssessmentsService } from '../assessments/assessments-service';
import type { BackendPorts, Clock } from '../backend/ports';
import type { CatalogueService } from '../catalogue/catalogue-service';
import type { ClientsService } from '../clients/clients-service';
import type { BlobStore } from '../evidence/blob-store';
import type { EvidenceService } from '../evidence/evidence-service';
import type { FindingsService } from '../findings/findings-service';
import type { Logger } from '../logging/logger';
import type { SettingsService } from '../settings/settings-service';
import type { StatementDetailsReader } from './statement-details';
import type { Db } from '../store/database';
import { DOWNLOAD_MIME } from '../evidence/sniff';
import { EvidenceRepo, effectiveVersion, groupBy } from '../evidence/evidence-repo';
import type { ExportEvidenceFile } from '../evidence/evidence-integrity';
import { renderStatement } from '../documents/statement-pdf';
import { StatementModel, finalStatementIssues, type StatementModelInput } from './statement-model';
import { diffFindings, type YearOnYear } from './year-on-year';
import { cycleCutoff } from '../../shared/domain/finding-identity';
import { appendAudit, diffRecords } from '../store/audit-log';
import { buildStatementModel, type StatementEvidence } from './build-model';
import { suggestDetails } from './statement-defaults';
import { fieldLabel } from '../../shared/domain/field-labels';
import { selectRuns } from '../assessments/readiness-input';
import { AssessmentRepo, type AssessmentRow } from '../assessments/assessment-repo';
import { StatementRepo } from './statement-repo';

// The statement as the workspace sees it: the details only it asks for (saved per assessment), the
// suggested defaults, what still keeps it from being final, and its preview. The bundle export
// (bundle-service.ts) builds its model here too, so the preview and the exported statement never differ.

export interface GatheredStatement {
  row: AssessmentRow;
  client: Client;
  detail: AssessmentDetail;
  saved: StatementDetails | null;
  suggested: StatementDetails;
  model: StatementModelInput;
}

const SIGN_OFF_ROLES: Signoff['role'][] = ['ict-expert', 'clinical-safety-expert'];

// Model paths in the words of the statement form (details.* fields sit at the top level there).
function formPath(path: string, m: StatementModelInput): string {
  const req = /^requirements\.(\d+)(\..*)?$/.exec(path);
  if (req) return `requirements.${m.requirements[Number(req[1])]?.id ?? req[1]}${req[2] ?? ''}`;
  if (path.startsWith('organisation.dspt')) return path.replace(/^organisation\./, '');
  if (path === 'organisation.emailServiceProvider') return 'emailServiceProvider';
  return path;
}

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export interface StatementDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
  readonly log: Logger;
  readonly ports: Pick<BackendPorts, 'appVersion'>;
  readonly assessments: Pick<AssessmentsService, 'detail' | 'get'>;
  readonly blobs: Pick<BlobStore, 'path'>;
  readonly catalogue: Pick<CatalogueService, 'get'>;
  readonly clients: Pick<ClientsService, 'get'>;
  readonly evidence: Pick<EvidenceService, 'itemRow' | 'versionsOf'>;
  readonly findings: Pick<FindingsService, 'latestRuns'>;
  readonly settings: Pick<SettingsService, 'get'>;
  readonly statementDetails: StatementDetailsReader;
}

export class StatementService {
  constructor(private readonly s: StatementDeps) {}

  private get db() {
    return this.s.db;
  }

  private get assessments() {
    return new AssessmentRepo(this.s.db);
  }

  row(assessmentId: string): AssessmentRow {
    const r = this.assessments.get(assessmentId);
    if (!r) throw notFound('The assessment');
    return r;
  }

  savedDetails(assessmentId: string): StatementDetails | null {
    return this.s.statementDetails.saved(assessmentId);
  }

  private previousAssessment(row: AssessmentRow): AssessmentRow | undefined {
    const id = row.previous_assessment_id ?? this.assessments.earlierCycleId(row.client_id, row.cycle);
    return id ? this.row(id) : undefined;
  }

  private suggested(row: AssessmentRow, detail: AssessmentDetail): StatementDetails {
    const prev = this.previousAssessment(row);
    const settings = this.s.settings.get();
    return suggestDetails({
      route: detail.assessment.route,
      previous: prev ? this.savedDetails(prev.id) : null,
      preparedBy: settings.displayName.trim()
        ? { name: settings.displayName.trim(), organisation: settings.organisation.trim() || undefined, email: settings.email || undefined }
        : undefined,
    });
  }

  // The checks the statement reports: the same runs readiness judged (readiness-input.ts). For the year-on-year
  // comparison, the runs as they stood at another moment.
  private runs(client: Client, until?: string): ProbeRunSummary[] {
    return selectRuns(this.s, client, until);
  }

  // Each cycle by its own results: its latest runs before its sign-off (shared/domain/finding-identity.ts).
  private cycleRuns(client: Client, row: AssessmentRow): ProbeRunSummary[] {
    return this.runs(client, row.status === 'signed' ? cycleCutoff({ lockedAt: row.locked_at, submittedOn: row.submitted_on }) : undefined);
  }

  private yearOnYear(client: Client, row: AssessmentRow, current: ProbeRunSummary[]): YearOnYear | undefined {
    const prev = this.previousAssessment(row);
    if (!prev) return undefined;
    const before = this.runs(client, cycleCutoff({ lockedAt: prev.locked_at, submittedOn: prev.submitted_on }) ?? row.created_at);
    if (!before.length || !current.length) return undefined;
    // Comparing a run with itself would report every finding as unchanged: the previous cycle has no results of its own.
    const ids = new Set(current.map((r) => r.id));
    if (before.every((r) => ids.has(r.id))) return undefined;
    const collected = before.map((r) => r.finishedAt).sort();
    return diffFindings(before, current, String(prev.cycle), collected[collected.length - 1]);
  }

  // Passing checks at the end of each of the twelve months up to `until` (or now): the results as they
  // stood then, counted the way the report counts them.
  private trend(client: Client, until: string | undefined): { month: string; passing: number; checked: number }[] {
    const end = new Date(until ?? this.s.clock.now().toISOString());
    const out: { month: string; passing: number; checked: number }[] = [];
    for (let i = 11; i >= 0; i--) {
      const monthStart = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - i, 1));
      const monthEnd = i === 0 ? end : new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - i + 1, 1) - 1);
      const findings = this.runs(client, monthEnd.toISOString()).flatMap((r) => r.findings);
      out.push({
        month: monthStart.toISOString().slice(0, 7),
        passing: findings.filter((f) => f.status === 'pass').length,
        checked: findings.length,
      });
    }
    return out;
  }

  // The evidence each requirement links to, without re-hashing (the preview and state). The export uses
  // the evidence library's verified list instead (see bundle-service.ts).
  private linkedEvidence(assessmentId: string): StatementEvidence[] {
    const links = new EvidenceRepo(this.db).linksOfAssessment(assessmentId);
    return [...groupBy(links, (l) => l.evidence_id)].map(([evidenceId, itemLinks]) => {
      const item = this.s.evidence.itemRow(evidenceId);
      const v = effectiveVersion(this.s.evidence.versionsOf(evidenceId), itemLinks[0]!);
      return {
        evidenceId,
        version: v.version,
        title: item.title,
        originalName: v.original_name,
        sha256: v.sha256,
        size: v.size,
        mimeType: DOWNLOAD_MIME[v.sniffed_type] ?? 'application/octet-stream',
        collectedAt: v.collected_at,
        documentDate: v.issue_date ?? v.approval_date ?? undefined,
        addedAt: v.added_at,
        source: item.source,
        requirementIds: itemLinks.map((l) => l.requirement_id),
      };
    });
  }

  private async signatureImages(detail: AssessmentDetail, strict: boolean): Promise<Partial<Record<Signoff['role'], Uint8Array>>> {
    const out: Partial<Record<Signoff['role'], Uint8Array>> = {};
    for (const role of SIGN_OFF_ROLES) {
      const so = detail.signoffs.find((x) => x.role === role);
      if (so?.method !== 'drawn' || !so.signatureSha256) continue;
      try {
        out[role] = new Uint8Array(await readFile(this.s.blobs.path(so.signatureSha256)));
      } catch {
        if (strict)
          throw integrity(
            `The drawn signature of ${so.name} is missing from this computer's workspace folder. Unlock the assessment and sign again, then export.`,
          );
      }
    }
    return out;
  }

  // Everything the statement needs, mapped into the report model. `evidence` replaces the linked list
  // (the export passes the files it just re-hashed); `strict` refuses missing signature images.
  async gather(
    assessmentId: string,
    opts: { evidence?: ExportEvidenceFile[]; strict?: boolean; useSuggested?: boolean } = {},
  ): Promise<GatheredStatement> {
    const row = this.row(assessmentId);
    const client = this.s.clients.get(row.client_id);
    const detail = this.s.assessments.detail(assessmentId);
    const saved = this.savedDetails(assessmentId);
    const suggested = this.suggested(row, detail);
    const runs = this.cycleRuns(client, row);
    const evidence: StatementEvidence[] = opts.evidence
      ? opts.evidence.map((f) => ({
          evidenceId: f.evidenceId,
          version: f.version,
          title: f.title,
          originalName: f.originalName,
          sha256: f.sha256,
          size: f.size,
          mimeType: DOWNLOAD_MIME[f.sniffedType] ?? 'application/octet-stream',
          collectedAt: f.collectedAt,
          documentDate: f.issueDate ?? f.approvalDate,
          addedAt: f.addedAt,
          source: f.source,
          requirementIds: f.requirementIds,
        }))
      : this.linkedEvidence(assessmentId);
    const model = buildStatementModel({
      client,
      detail,
      catalogueTitle: this.s.catalogue.get(detail.assessment.catalogueVersion).title,
      details: saved ?? suggested,
      evidence,
      runs,
      yearOnYear: this.yearOnYear(client, row, runs),
      trend: this.trend(
        client,
        row.status === 'signed' ? cycleCutoff({ lockedAt: row.locked_at, submittedOn: row.submitted_on }) : undefined,
      ),
      signatureImages: await this.signatureImages(detail, opts.strict ?? false),
      outstanding: detail.readiness.blockers.filter((b) => b.kind !== 'signoff-missing').map((b) => b.message),
      generatedAt: this.s.clock.now().toISOString(),
      appVersion: this.s.ports.appVersion,
    });
    return { row, client, detail, saved, suggested, model };
  }

  // What keeps the statement from being final: the readiness model's blockers (the same list sign-off and
  // export use), plus anything that keeps the statement from being drawn at all.
  issues(g: Pick<GatheredStatement, 'detail' | 'model'>): StatementIssue[] {
    const issues: StatementIssue[] = [];
    const parsed = StatementModel.safeParse(g.model);
    if (!parsed.success)
      issues.push(...parsed.error.issues.map((i) => ({ path: formPath(i.path.map(String).join('.'), g.model), message: i.message })));
    for (const b of g.detail.readiness.blockers)
      issues.push({
        path:
          (b.kind === 'signoff-missing' || b.kind === 'statement-missing') && b.field
            ? b.field
            : b.requirementIds.length
              ? `requirements.${b.requirementIds[0]}${b.field ? `.${b.field}` : ''}`
              : 'readiness',
        message: b.fix ? `${b.message}. ${b.fix}` : b.message,
      });
    return issues;
  }

  async state(assessmentId: string): Promise<StatementState> {
    const g = await this.gather(assessmentId);
    const issues = this.issues(g);
    return { assessmentId, details: g.saved, suggested: g.suggested, final: issues.length === 0, issues, sample: g.client.sample };
  }

  async saveDetails(assessmentId: string, details: StatementDetails): Promise<StatementState> {
    const parsed = StatementDetails.safeParse(details);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
      throw invalid(`The statement details are not complete: ${describeIssues(issues)}.`, issues);
    }
    const next = parsed.data;
    const now = this.s.clock.now().toISOString();
    const actor = this.s.actor();
    this.db.transaction(() => {
      const a = this.row(assessmentId);
      if (a.status === 'signed')
        throw locked(
          `The ${a.cycle} assessment is signed and locked, so its statement cannot change. Unlock it first — unlocking clears both sign-offs.`,
        );
      const client = this.s.clients.get(a.client_id);
      if (client.archived) throw conflict(`${client.legalName} is archived. Restore the client before changing its statement.`);
      if (next.ictProvider && this.s.assessments.get(assessmentId).route !== 'self-managed')
        throw invalid('The ICT service provider section is only for the self-managed route.', [
          { path: 'ictProvider', message: 'Only for the self-managed route' },
        ]);
      const before = this.savedDetails(assessmentId);
      const changes = diffRecords(before ? flatten(before) : undefined, flatten(next));
      if (before && changes.length === 0) return;
      new StatementRepo(this.db).saveDetails(assessmentId, JSON.stringify(next), now, actor);
      // Like any other change: signatories must see what they sign, so "ready" goes back to draft.
      this.assessments.touch(assessmentId, now);
      appendAudit(this.db, {
        chain: a.client_id,
        actor,
        at: now,
        action: 'statement.details',
        entityType: 'assessment',
        entityId: assessmentId,
        summary: `${a.cycle}: ${before ? 'updated' : 'saved'} the statement details (${changes
          .map((c) => fieldLabel(c.field))
          .slice(0, 6)
          .join(', ')}${changes.length > 6 ? '…' : ''})`,
        changes,
      });
    })();
    return this.state(assessmentId);
  }

  async preview(assessmentId: string): Promise<StatementPreview> {
    const g = await this.gather(assessmentId);
    const parsed = StatementModel.safeParse(g.model);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: formPath(i.path.map(String).join('.'), g.model), message: i.message }));
      throw invalid(`The statement cannot be drawn yet: ${describeIssues(issues)}.`, issues);
    }
    const doc = await renderStatement(parsed.data);
    const bytes = await doc.save({ useObjectStreams: false });
    return {
      pdfBase64: Buffer.from(bytes).toString('base64'),
      pages: doc.getPageCount(),
      // Draft exactly when export would be: the sign-offs plus whatever readiness still finds blocking.
      draft: finalStatementIssues(parsed.data).length > 0,
      sample: parsed.data.sample,
    };
  }
}

// Details as flat "field: value" pairs for the audit trail.
function flatten(d: StatementDetails): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (v: unknown, prefix: string) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(x, prefix ? `${prefix}.${k}` : k);
    else out[prefix] = v;
  };
  walk(d, '');
  return out;
}
