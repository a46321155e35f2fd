import { addDays, daysBetween, isIsoDate, toIsoDate, utcDateOf } from '../../shared/domain/dates';
import { effectiveExpiry, renewalStatus, RENEWAL_LEAD_DAYS } from '../../shared/domain/renewal-status';
import type { PortfolioOverview, PortfolioRow } from '../../shared/contract/portfolio';
import type { SummaryDeps } from './readiness-summary';
import type { CalendarEvent } from './calendar';
import { summariesFor, type AssessmentFigures } from './readiness-summary';
import { PortfolioRepo, storedFigures, type OverviewRow } from './portfolio-repo';
import { outcomeStage, outcomeSummary, type OutcomeDates } from '../../shared/domain/outcome';

const outcomeDates = (r: OverviewRow): OutcomeDates => {
  const v = (x: string | null) => x ?? undefined;
  return {
    submittedOn: v(r.cur_submitted_on),
    queriedOn: v(r.cur_queried_on),
    resubmittedOn: v(r.cur_resubmitted_on),
    rejectedOn: v(r.cur_rejected_on),
    rejectionReason: v(r.cur_rejection_reason),
    accreditedOn: v(r.cur_accredited_on),
  };
};

// One client's row: where it stands in the yearly cycle on `today`, from its OVERVIEW_SQL row and figures.
function portfolioRow(r: OverviewRow, today: string, f: AssessmentFigures | undefined, dateWarnings: string[]): PortfolioRow {
  const accredited = r.acc_id ? { accredited_on: r.acc_accredited_on, expires_on: r.acc_expires_on } : undefined;
  const expiry = accredited
    ? effectiveExpiry({ accreditedOn: accredited.accredited_on, expiresOn: accredited.expires_on }, today)
    : { expiresOn: undefined };
  if (expiry.warning) dateWarnings.push(`${r.legal_name} (${r.ods_code}, ${r.acc_cycle}) ${expiry.warning}.`);
  // The outcome rule says whether the NHS team has the statement (sent, re-submitted) or the consultant
  // has work to do on it (queried, rejected).
  const outcome = outcomeDates(r);
  const stage = outcomeStage(outcome);
  const { status, daysLeft } = renewalStatus({
    today,
    expiresOn: expiry.expiresOn,
    currentStatus: r.cur_status ?? undefined,
    currentSubmitted: stage === 'sent' || stage === 'resubmitted' || stage === 'accredited',
    currentIsAccredited: accredited ? r.acc_id === r.cur_id : undefined,
  });
  return {
    clientId: r.client_id,
    legalName: r.legal_name,
    odsCode: r.ods_code,
    route: r.route,
    sample: r.sample === 1,
    domainCount: r.domain_count,
    status,
    daysLeft,
    accreditedOn: accredited?.accredited_on && isIsoDate(accredited.accredited_on) ? accredited.accredited_on : undefined,
    expiresOn: expiry.expiresOn,
    current:
      r.cur_id && f
        ? {
            assessmentId: r.cur_id,
            cycle: r.cur_cycle!,
            status: r.cur_status!,
            percent: f.percent,
            blockers: f.blockers,
            plannedSubmissionDate: r.cur_planned!,
            outcome: stage === 'not-sent' ? undefined : outcomeSummary(outcome, r.cur_open_findings),
          }
        : undefined,
    failingChecks: f?.failingChecks ?? 0,
    evidenceExpiring: f?.evidenceExpiring ?? 0,
    lastCheckedAt: r.last_run ?? undefined,
  };
}

// Two accreditation cycles without a single change: more likely a wrong clock than a workspace left alone.
const IDLE_DAYS = 730;

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export type PortfolioDeps = SummaryDeps;

// The home page's data: every client's place in the yearly cycle, from one query (OVERVIEW_SQL) rather
// than one per client, so it stays quick at thousands of clients (bench/portfolio.ts measures 500 and 5,000).
export class PortfolioService {
  constructor(private readonly s: PortfolioDeps) {}

  overview(): PortfolioOverview {
    const now = this.s.clock.now();
    const today = toIsoDate(now);
    const repo = new PortfolioRepo(this.s.db);
    const clients = repo.overview();
    const figures = summariesFor(
      this.s,
      clients.filter((r) => r.cur_id).map((r) => ({ id: r.cur_id!, clientId: r.client_id, stored: storedFigures(r) })),
    );

    const dateWarnings: string[] = [];
    const rows = clients.map((r) => portfolioRow(r, today, r.cur_id ? figures.get(r.cur_id) : undefined, dateWarnings));

    // A laptop clock far behind the data makes every "days left" wrong: say so rather than mislead.
    const newestAt = repo.newestChange();
    const newest = newestAt ? utcDateOf(newestAt) : '';
    // A clock far ahead is less certain (a workspace can lie idle), so it is worded as a question.
    const clockWarning =
      newest && newest > today
        ? `This computer's date (${today}) is earlier than changes already in the workspace (${newest}). Renewal dates and days left may be wrong until the clock is corrected.`
        : newest && daysBetween(newest, today) > IDLE_DAYS
          ? `Nothing in this workspace has changed since ${newest}, over ${Math.floor(IDLE_DAYS / 365)} years before this computer's date (${today}). If the date is wrong, so are the renewal dates and days left.`
          : undefined;
    return {
      today,
      rows,
      ...(clockWarning ? { clockWarning } : {}),
      ...(dateWarnings.length ? { dateWarnings } : {}),
    };
  }

  // Calendar events per client: renewal start (lead time before expiry) and accreditation expiry, and the day
  // each piece of evidence in the current cycle stops counting (its expiry date, or its age limit), so the
  // firm renews the pen test or DSPT publication before it lapses rather than at submission.
  calendarEvents(clientId?: string): CalendarEvent[] {
    const { rows } = this.overview();
    return rows.filter((r) => !clientId || r.clientId === clientId).flatMap((r) => [...this.renewalEvents(r), ...this.evidenceEvents(r)]);
  }

  private renewalEvents(r: PortfolioRow): CalendarEvent[] {
    if (!r.expiresOn) return [];
    return [
      {
        uid: `renewal-${r.clientId}-${r.expiresOn}@dcb1596-workbench`,
        title: `Start DCB1596 renewal: ${r.legalName} (${r.odsCode})`,
        date: addDays(r.expiresOn, -RENEWAL_LEAD_DAYS),
        description: `Accreditation expires on ${r.expiresOn}. Start the renewal now: re-run the domain checks and tenant probe, refresh evidence, and re-sign.`,
      },
      {
        uid: `expiry-${r.clientId}-${r.expiresOn}@dcb1596-workbench`,
        title: `DCB1596 accreditation expires: ${r.legalName} (${r.odsCode})`,
        date: r.expiresOn,
        description: `The secure email accreditation of ${r.legalName} granted on ${r.accreditedOn} expires today.`,
      },
    ];
  }

  private evidenceEvents(r: PortfolioRow): CalendarEvent[] {
    if (!r.current) return [];
    const byItem = new Map<string, { title: string; expiresAt: string; requirements: string[] }>();
    for (const e of this.s.evidence.statesForAssessment(r.current.assessmentId, r.current.plannedSubmissionDate)) {
      if (!e.expiresAt) continue;
      const item = byItem.get(e.evidenceId) ?? { title: e.title, expiresAt: e.expiresAt, requirements: [] };
      item.requirements.push(e.requirementId);
      byItem.set(e.evidenceId, item);
    }
    return [...byItem.entries()].map(([evidenceId, e]) => ({
      uid: `evidence-${evidenceId}-${e.expiresAt}@dcb1596-workbench`,
      title: `Evidence expires: ${e.title} — ${r.legalName} (${r.odsCode})`,
      date: e.expiresAt,
      description: `“${e.title}” counts for the ${r.current!.cycle} assessment of ${r.legalName} until ${e.expiresAt} (it supports ${e.requirements.sort().join(', ')}). Add a new version before then; the planned submission is on ${r.current!.plannedSubmissionDate}.`,
    }));
  }
}
