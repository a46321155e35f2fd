import type { Task } from '../../shared/contract/people';
import { applicableRequirements } from '../../shared/domain/catalogue/schema';
import { toIsoDate } from '../../shared/domain/dates';
import type { Clock } from '../backend/ports';
import type { CatalogueService } from '../catalogue/catalogue-service';
import type { EvidenceService } from '../evidence/evidence-service';
import type { PortfolioService } from '../portfolio/portfolio-service';
import type { Db } from '../store/database';
import { AssessmentRepo } from '../assessments/assessment-repo';
import { TasksRepo } from './tasks-repo';

// The cross-client task view: open answers with an owner (those owned by client staff are "waiting on the
// client"), evidence the library judges expiring (shared/domain/freshness.ts, within 60 days), and due
// dates: planned submissions, accreditation expiry reminders (the portfolio's renewal rule) and the NHS
// team's query findings still to fix.

// The task list reads the portfolio, the catalogue and the evidence library.
export interface TasksDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly catalogue: Pick<CatalogueService, 'get'>;
  readonly evidence: Pick<EvidenceService, 'list'>;
  readonly portfolio: Pick<PortfolioService, 'overview'>;
}

export function listTasks(s: TasksDeps): { today: string; tasks: Task[] } {
  const today = toIsoDate(s.clock.now());
  const repo = new TasksRepo(s.db);
  const current = repo.currentAssessments();
  const tasks: Task[] = [];
  for (const a of current) {
    const titles = new Map(
      applicableRequirements(s.catalogue.get(a.catalogue_version), a.route as never).map((r) => [r.id, r.title] as const),
    );
    const owned = repo.ownedOpenAnswers(a.id);
    for (const o of owned) {
      if (!titles.has(o.requirement_id)) continue;
      tasks.push({
        kind: o.role === 'client' ? 'waiting-on-client' : 'item',
        title: `${o.requirement_id} ${titles.get(o.requirement_id)}`,
        detail: `${a.cycle} · ${o.result === 'not-assessed' ? 'not answered yet' : o.result.replace('-', ' ')}`,
        clientId: a.client_id,
        clientName: a.legal_name,
        ownerId: o.person_id ?? undefined,
        ownerName: o.owner,
        href: `/clients/${a.client_id}/assessments/${a.id}/${o.requirement_id}`,
      });
    }
    if (a.status !== 'signed')
      tasks.push({
        kind: 'due',
        title: `Planned submission of the ${a.cycle} statement`,
        detail: a.status === 'ready' ? 'ready for sign-off' : 'draft',
        clientId: a.client_id,
        clientName: a.legal_name,
        due: a.planned,
        href: `/clients/${a.client_id}/assessments/${a.id}`,
      });
    // outcome_findings has one owner (assessments/assessment-repo.ts), which lists them oldest first.
    const findings = new AssessmentRepo(s.db).outcomeFindings(a.id).filter((f) => f.resolved === 0);
    for (const f of findings)
      tasks.push({
        kind: 'due',
        title: `NHS finding to fix: ${f.text}`,
        detail: `${a.cycle} statement queried`,
        clientId: a.client_id,
        clientName: a.legal_name,
        href: `/clients/${a.client_id}/assessments`,
      });
    for (const e of s.evidence.list({ clientId: a.client_id, freshness: 'expiring' }))
      tasks.push({
        kind: 'evidence-expiring',
        title: e.title,
        detail: e.freshness.reason,
        clientId: a.client_id,
        clientName: a.legal_name,
        due: e.freshness.validUntil,
        href: `/clients/${a.client_id}/evidence`,
      });
  }
  for (const r of s.portfolio.overview().rows) {
    if ((r.status !== 'renewal-due' && r.status !== 'expired') || !r.expiresOn) continue;
    tasks.push({
      kind: 'due',
      title: r.status === 'expired' ? 'Accreditation expired' : 'Accreditation expires: renew',
      detail: r.current ? `${r.current.cycle} cycle ${r.current.status}` : 'no renewal started',
      clientId: r.clientId,
      clientName: r.legalName,
      due: r.expiresOn,
      href: `/clients/${r.clientId}/assessments`,
    });
  }
  // Dated tasks first, soonest first; then the rest by client.
  tasks.sort(
    (x, y) =>
      (x.due ?? '9999').localeCompare(y.due ?? '9999') || x.clientName.localeCompare(y.clientName) || x.title.localeCompare(y.title),
  );
  return { today, tasks: tasks.slice(0, 2000) };
}
