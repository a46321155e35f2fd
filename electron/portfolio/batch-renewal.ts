import type { CheckStatus, ProbeRunSummary } from '../../shared/contract/findings';
import { diffFindings } from '../../shared/domain/cycle-diff';
import { dueReason, parseDueWindow, type DueWindow } from '../../shared/domain/due-window';
import { toIsoDate } from '../../shared/domain/dates';
import { countFindings } from '../../shared/domain/mail-report';
import type { PortfolioRow } from '../../shared/contract/portfolio';
import { BATCH_RENEWAL_SCHEMA, BatchRenewalReport, type BatchClientResult, type BatchDomainResult } from '../../shared/contract/renewal';
import { invalid } from '../backend/app-error';
import type { EventHub } from '../backend/event-hub';
import { ProgressEmitter } from '../backend/progress';
import type { AssessmentsService } from '../assessments/assessments-service';
import type { Clock } from '../backend/ports';
import type { ClientsService } from '../clients/clients-service';
import type { FindingsService } from '../findings/findings-service';
import type { Logger } from '../logging/logger';
import type { PortfolioService } from './portfolio-service';
import type { DomainChecksService } from '../mail-domain/domain-checks-service';

// The firm's batch renewal run (`portfolio.renew`, `dcb1596 renew`): for every client whose renewal is due
// within the window, re-run the mail-domain checks through the domain-checks service (each run stored as a
// probe run and evidence, as from the app), then report what changed since each domain's previous run and
// what still blocks the renewal. The report's shape is in shared/contract/renewal.ts.

interface BatchRenewalOptions {
  window: DueWindow;
  onProgress?: (message: string) => void;
}

const URGENCY: Record<string, number> = { expired: 0, expires: 1, 'submission-due': 2 };

// What a batch renewal reads and records through.
export interface BatchRenewalDeps {
  readonly clock: Clock;
  readonly events: Pick<EventHub, 'emit'>;
  readonly log: Logger;
  readonly assessments: Pick<AssessmentsService, 'detail' | 'list'>;
  readonly clients: Pick<ClientsService, 'get'>;
  readonly findings: Pick<FindingsService, 'latestRuns'>;
  readonly domainChecks: Pick<DomainChecksService, 'checkOne'>;
  readonly portfolio: Pick<PortfolioService, 'overview'>;
}

export class BatchRenewalService {
  constructor(private readonly s: BatchRenewalDeps) {}

  async run(input: { dueWithin: string; operationId?: string }): Promise<BatchRenewalReport> {
    const window = parseDueWindow(input.dueWithin, toIsoDate(this.s.clock.now()));
    if (!window.ok) throw invalid(`dueWithin: ${window.error}`);
    const progress = new ProgressEmitter(this.s.events, input.operationId, `Renewals due within ${window.value.raw}`);
    let steps = 0;
    try {
      const report = await runBatchRenewal(this.s, {
        window: window.value,
        onProgress: (message) => progress.step({ done: steps++, message }),
      });
      const n = report.summary.domainsChecked;
      progress.finish({ done: steps, message: `Checked ${n} domain${n === 1 ? '' : 's'}` });
      return report;
    } catch (err) {
      progress.finish({ done: steps, message: 'Stopped' });
      throw err;
    }
  }
}

async function runBatchRenewal(s: BatchRenewalDeps, o: BatchRenewalOptions): Promise<BatchRenewalReport> {
  const startedAt = s.clock.now().toISOString();
  const overview = s.portfolio.overview();
  const due = overview.rows
    .map((row) => ({ row, reason: dueReason(row, o.window, overview.today) }))
    .filter((x): x is { row: PortfolioRow; reason: NonNullable<typeof x.reason> } => x.reason !== undefined)
    .sort(
      (a, b) =>
        URGENCY[a.reason]! - URGENCY[b.reason]! ||
        (a.row.expiresOn ?? a.row.current?.plannedSubmissionDate ?? '').localeCompare(
          b.row.expiresOn ?? b.row.current?.plannedSubmissionDate ?? '',
        ) ||
        a.row.legalName.localeCompare(b.row.legalName),
    );

  const clients: BatchClientResult[] = [];
  for (const [i, { row, reason }] of due.entries()) {
    const client = s.clients.get(row.clientId);
    o.onProgress?.(`[${i + 1}/${due.length}] ${client.legalName} (${client.odsCode})`);
    const before = new Map(
      s.findings
        .latestRuns(client.id)
        .filter((r) => r.kind === 'domain')
        .map((r) => [r.target, r]),
    );
    const domains: BatchDomainResult[] = [];
    for (const domain of client.domains) {
      o.onProgress?.(`  checking ${domain}`);
      domains.push(await checkDomain(s, o, client, domain, before.get(domain)));
    }
    clients.push({
      clientId: client.id,
      odsCode: client.odsCode,
      legalName: client.legalName,
      route: client.route,
      sample: client.sample,
      status: row.status,
      due: reason,
      expiresOn: row.expiresOn ?? null,
      daysLeft: row.daysLeft ?? null,
      domains,
      ...cycleAndBlockers(s, client.id),
    });
  }

  // Readiness and status after the fresh checks.
  const after = new Map(s.portfolio.overview().rows.map((r) => [r.clientId, r]));
  for (const c of clients) c.status = after.get(c.clientId)?.status ?? c.status;

  return BatchRenewalReport.parse({
    schema: BATCH_RENEWAL_SCHEMA,
    startedAt,
    finishedAt: s.clock.now().toISOString(),
    today: overview.today,
    dueWithin: { period: o.window.raw, until: o.window.until, days: o.window.days },
    clockWarning: overview.clockWarning ?? null,
    clients,
    summary: {
      clientsDue: clients.length,
      domainsChecked: clients.reduce((n, c) => n + c.domains.filter((d) => d.outcome === 'checked').length, 0),
      domainsFailed: clients.reduce((n, c) => n + c.domains.filter((d) => d.outcome === 'error').length, 0),
      clientsWithChanges: clients.filter((c) => c.domains.some((d) => d.changes.length > 0)).length,
      clientsBlocked: clients.filter((c) => c.blockers.length > 0).length,
    },
  });
}

const SAMPLE_NOT_CHECKED =
  'sample data: this fictional domain is never looked up in the real DNS; its results are recorded with the sample workspace';

async function checkDomain(
  s: BatchRenewalDeps,
  o: BatchRenewalOptions,
  client: { id: string; route: 'o365' | 'google' | 'self-managed'; sample: boolean },
  domain: string,
  previous: ProbeRunSummary | undefined,
): Promise<BatchDomainResult> {
  if (client.sample)
    return {
      domain,
      outcome: 'sample',
      error: SAMPLE_NOT_CHECKED,
      runId: null,
      checkedAt: null,
      previousRunAt: previous?.finishedAt ?? null,
      counts: null,
      changes: [],
    };
  try {
    // Through the domain-checks service: the app's per-client lock, and the run recorded as the app records it.
    const { report, run } = await s.domainChecks.checkOne({ clientId: client.id, domain }, (step) => o.onProgress?.(`    ${step}`));
    // This computer's DNS failed for the run: an error for this domain, nothing stored.
    if (!run) throw new Error(report.network?.summary ?? 'The run could not be graded');
    const withTarget = (f: { check: string; target?: string; status: CheckStatus; summary: string; data?: Record<string, unknown> }) => ({
      ...f,
      target: f.target ?? domain,
    });
    const changes = previous ? diffFindings(previous.findings.map(withTarget), run.findings.map(withTarget)) : [];
    return {
      domain,
      outcome: 'checked',
      error: null,
      runId: run.id,
      checkedAt: run.finishedAt,
      previousRunAt: previous?.finishedAt ?? null,
      counts: countFindings(run.findings),
      changes: changes.map((c) => ({
        check: c.check,
        target: c.target ?? null,
        from: c.from ?? null,
        to: c.to ?? null,
        summary: c.toSummary ?? c.fromSummary ?? null,
        data: c.data,
      })),
    };
  } catch (err) {
    // One domain that cannot be checked (an invalid name, a local failure) must not stop the run.
    const message = (err as Error)?.message ?? String(err);
    s.log.warn('batch renewal: domain check failed', { domain, error: message });
    return {
      domain,
      outcome: 'error',
      error: message,
      runId: null,
      checkedAt: null,
      previousRunAt: previous?.finishedAt ?? null,
      counts: null,
      changes: [],
    };
  }
}

function cycleAndBlockers(s: BatchRenewalDeps, clientId: string): Pick<BatchClientResult, 'cycle' | 'blockers'> {
  const latest = s.assessments.list(clientId).sort((a, b) => b.cycle - a.cycle)[0];
  if (!latest) {
    return {
      cycle: null,
      blockers: [{ kind: 'no-assessment', message: 'No assessment started yet: start one in the app.', requirementIds: [] }],
    };
  }
  const detail = s.assessments.detail(latest.id);
  const cycle = {
    assessmentId: latest.id,
    cycle: latest.cycle,
    status: latest.status,
    plannedSubmissionDate: latest.plannedSubmissionDate,
    readinessPercent: detail.readiness.percent,
  };
  if (latest.status === 'signed') {
    if (latest.accreditedOn)
      return {
        cycle,
        blockers: [
          {
            kind: 'renewal-not-started',
            message: `The ${latest.cycle + 1} renewal has not been started: start it from the ${latest.cycle} assessment in the app.`,
            requirementIds: [],
          },
        ],
      };
    if (!latest.submittedOn)
      return {
        cycle,
        blockers: [
          {
            kind: 'not-submitted',
            message: `The ${latest.cycle} assessment is signed but not submitted: send it to the NHS secure email team and record the submission.`,
            requirementIds: [],
          },
        ],
      };
    return { cycle, blockers: [] };
  }
  return {
    cycle,
    blockers: detail.readiness.blockers.map((b) => ({ kind: b.kind, message: b.message, requirementIds: b.requirementIds })),
  };
}
