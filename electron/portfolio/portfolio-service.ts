import { addDays, daysBetween, isIsoDate, toIsoDate } from '../../shared/domain/dates';
import { effectiveExpiry, renewalStatus, RENEWAL_LEAD_DAYS } from '../../shared/domain/renewal-status';
import type { PortfolioOverview, PortfolioRow } from '../../shared/contract/portfolio';
import type { Services } from '../backend/services';
import type { CalendarEvent } from './calendar';

type AssessmentRow = {
  id: string;
  client_id: string;
  cycle: number;
  status: 'draft' | 'ready' | 'signed';
  submitted_on: string | null;
  accredited_on: string | null;
  expires_on: string | null;
  updated_at: string;
};

// Two accreditation cycles without a single change: more likely a wrong clock than a workspace left alone.
const IDLE_DAYS = 730;

// The home page's data: every client's place in the yearly cycle. Built from a few whole-table queries
// (indexed by client and cycle) rather than one query per client, so it stays quick at hundreds of clients.
export class PortfolioService {
  constructor(private readonly s: Services) {}

  overview(): PortfolioOverview {
    const now = this.s.clock.now();
    const today = toIsoDate(now);
    const clients = this.s.clients.list({ includeArchived: false });
    const assessments = this.s.db
      .prepare(
        'SELECT id, client_id, cycle, status, submitted_on, accredited_on, expires_on, updated_at FROM assessments ORDER BY client_id, cycle DESC',
      )
      .all() as AssessmentRow[];
    const byClient = new Map<string, AssessmentRow[]>();
    for (const a of assessments) byClient.set(a.client_id, [...(byClient.get(a.client_id) ?? []), a]);
    const lastRun = new Map(
      (
        this.s.db.prepare('SELECT client_id, MAX(finished_at) AS at FROM probe_runs GROUP BY client_id').all() as {
          client_id: string;
          at: string;
        }[]
      ).map((r) => [r.client_id, r.at]),
    );

    const dateWarnings: string[] = [];
    const rows: PortfolioRow[] = clients.map((c) => {
      const cycles = byClient.get(c.id) ?? [];
      const current = cycles[0];
      const accredited = cycles.find((a) => a.accredited_on || a.expires_on);
      const expiry = accredited
        ? effectiveExpiry({ accreditedOn: accredited.accredited_on, expiresOn: accredited.expires_on }, today)
        : { expiresOn: undefined };
      if (expiry.warning) dateWarnings.push(`${c.legalName} (${c.odsCode}, ${accredited!.cycle}) ${expiry.warning}.`);
      const { status, daysLeft } = renewalStatus({
        today,
        expiresOn: expiry.expiresOn,
        currentStatus: current?.status,
        currentSubmitted: Boolean(current?.submitted_on),
        currentIsAccredited: accredited ? accredited.id === current?.id : undefined,
      });
      let currentView: PortfolioRow['current'];
      let failingChecks = 0;
      let evidenceExpiring = 0;
      if (current) {
        const detail = this.s.assessments.detail(current.id);
        currentView = {
          assessmentId: current.id,
          cycle: current.cycle,
          status: current.status,
          percent: detail.readiness.percent,
          blockers: detail.readiness.blockers.length,
          plannedSubmissionDate: detail.assessment.plannedSubmissionDate,
        };
        failingChecks = detail.findings.filter((f) => f.status === 'fail').length;
        const states = this.s.evidence?.statesForAssessment(current.id, detail.assessment.plannedSubmissionDate) ?? [];
        evidenceExpiring = new Set(states.filter((e) => e.freshness === 'expiring' || e.freshness === 'expired').map((e) => e.evidenceId))
          .size;
      }
      return {
        clientId: c.id,
        legalName: c.legalName,
        odsCode: c.odsCode,
        route: c.route,
        sample: c.sample,
        domainCount: c.domains.length,
        status,
        daysLeft,
        accreditedOn: accredited?.accredited_on && isIsoDate(accredited.accredited_on) ? accredited.accredited_on : undefined,
        expiresOn: expiry.expiresOn,
        current: currentView,
        failingChecks,
        evidenceExpiring,
        lastCheckedAt: lastRun.get(c.id),
      };
    });

    // A laptop clock far behind the data makes every "days left" wrong: say so rather than mislead.
    const newest = assessments.reduce((m, a) => (a.updated_at > m ? a.updated_at : m), '');
    // A clock far ahead is less certain (a workspace can lie idle), so it is worded as a question.
    const clockWarning =
      newest && newest.slice(0, 10) > today
        ? `This computer's date (${today}) is earlier than changes already in the workspace (${newest.slice(0, 10)}). Renewal dates and days left may be wrong until the clock is corrected.`
        : newest && daysBetween(newest.slice(0, 10), today) > IDLE_DAYS
          ? `Nothing in this workspace has changed since ${newest.slice(0, 10)}, over ${Math.floor(IDLE_DAYS / 365)} years before this computer's date (${today}). If the date is wrong, so are the renewal dates and days left.`
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
    for (const e of this.s.evidence?.statesForAssessment(r.current.assessmentId, r.current.plannedSubmissionDate) ?? []) {
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
