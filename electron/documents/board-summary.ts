import type { CheckStatus } from '../../shared/contract/findings';
import { CHECKS, isKnownCheck } from '../../shared/domain/checks';
import { checkTitle, formatDate } from './labels';
import type { Obligation, RequirementResult, StatementModel, StatementOutcome } from '../statement/statement-model';
import type { YearOnYearRow } from '../statement/year-on-year';
import { addDays, utcDateOf } from '../../shared/domain/dates';

// The facts of the one-page board summary, as a pure function of the statement model: the status of each
// area in plain English, every open item with a risk rating, an owner and a due date, what changed since
// last year and the trend of passing checks. The rules are data (RISK_RULES, AREA_OF_PREFIX) so the
// table-driven tests read like the policy.

type AreaKey = 'mail' | 'm365' | 'org' | 'provider';
export type Risk = 'high' | 'medium' | 'low';
export type AreaState = 'action' | 'attention' | 'in-order' | 'not-checked' | 'not-applicable';

const AREA_LABELS: Record<AreaKey, string> = {
  mail: 'Mail domains',
  m365: 'Microsoft 365',
  org: 'Organisation policies',
  provider: 'Provider assurance',
};

// Which area a requirement belongs to, by its ID prefix (resources/catalogue/dcb1596.json).
const AREA_OF_PREFIX: Record<string, AreaKey> = { ELIG: 'org', ORG: 'org', TECH: 'mail', O365: 'm365', ICT: 'provider' };

type IssueKind = 'check-fail' | 'check-warn' | 'check-not-assessable' | 'req-not-met' | 'req-partly-met' | 'req-not-assessed';

// Risk and how soon it should be dealt with. A failing check or an unmet MUST is high: the NHS team
// rejects a statement with either; a check we could not run is medium, because until it is
// run nobody knows; advisory checks and optional requirements never rate above low/medium.
const RISK_RULES: Record<IssueKind, { mandatory: Risk; advisory: Risk }> = {
  'check-fail': { mandatory: 'high', advisory: 'medium' },
  'check-warn': { mandatory: 'medium', advisory: 'low' },
  'check-not-assessable': { mandatory: 'medium', advisory: 'low' },
  'req-not-met': { mandatory: 'high', advisory: 'medium' },
  'req-partly-met': { mandatory: 'medium', advisory: 'low' },
  'req-not-assessed': { mandatory: 'medium', advisory: 'low' },
};

const DUE_IN_DAYS: Record<Risk, number> = { high: 30, medium: 60, low: 90 };

const MANDATORY: ReadonlySet<Obligation> = new Set(['must', 'required', 'expected']);

function riskOf(kind: IssueKind, mandatory: boolean): Risk {
  return RISK_RULES[kind][mandatory ? 'mandatory' : 'advisory'];
}

interface AreaSummary {
  key: AreaKey;
  label: string;
  state: AreaState;
  counts: { fail: number; warn: number; unknown: number; pass: number };
  sentence: string;
}

interface OpenItem {
  risk: Risk;
  area: AreaKey;
  title: string;
  detail: string;
  owner: string;
  due: string; // YYYY-MM-DD
}

export interface BoardSummary {
  areas: AreaSummary[];
  items: OpenItem[];
  changes?: { previousCycle: string; counts: Record<YearOnYearRow['change'], number>; notable: YearOnYearRow[] };
  trend: { month: string; passing: number; checked: number }[];
}

const RESULT_STATUS: Record<RequirementResult, keyof AreaSummary['counts'] | undefined> = {
  met: 'pass',
  'not-applicable': undefined,
  'partially-met': 'warn',
  'not-met': 'fail',
  'not-assessed': 'unknown',
};
const STATUS_COUNT: Record<CheckStatus, keyof AreaSummary['counts']> = {
  pass: 'pass',
  warn: 'warn',
  fail: 'fail',
  'not-assessable': 'unknown',
};
const RESULT_KIND: Partial<Record<RequirementResult, IssueKind>> = {
  'not-met': 'req-not-met',
  'partially-met': 'req-partly-met',
  'not-assessed': 'req-not-assessed',
};
const STATUS_KIND: Partial<Record<CheckStatus, IssueKind>> = {
  fail: 'check-fail',
  warn: 'check-warn',
  'not-assessable': 'check-not-assessable',
};
const RISK_ORDER: Risk[] = ['high', 'medium', 'low'];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function sentence(state: AreaState, c: AreaSummary['counts'], worst: string[], unit: string): string {
  const named = worst.length ? `: ${worst.slice(0, 2).join('; ')}${worst.length > 2 ? ` and ${worst.length - 2} more` : ''}` : '';
  switch (state) {
    case 'action':
      return `${plural(c.fail, unit === 'check' ? 'failing check' : 'requirement not met', unit === 'check' ? 'failing checks' : 'requirements not met')}${c.warn ? ` and ${plural(c.warn, unit === 'check' ? 'warning' : 'partly met')}` : ''}${named}.`;
    case 'attention':
      return `${c.warn ? plural(c.warn, unit === 'check' ? 'warning' : 'requirement partly met', unit === 'check' ? 'warnings' : 'requirements partly met') : ''}${c.warn && c.unknown ? ' and ' : ''}${c.unknown ? `${plural(c.unknown, unit)} not yet assessed` : ''}${named}.`;
    case 'in-order':
      return unit === 'check' ? `All ${plural(c.pass, unit)} pass.` : `All ${plural(c.pass, unit)} met.`;
    case 'not-checked':
      return unit === 'check' ? 'No results for this cycle yet: run the checks.' : 'No answers recorded yet.';
    case 'not-applicable':
      return '';
  }
}

export function buildBoardSummary(m: StatementModel): BoardSummary {
  const today = utcDateOf(m.generatedAt);
  const consultant = m.preparedBy
    ? `${m.preparedBy.name}${m.preparedBy.organisation ? ` (${m.preparedBy.organisation})` : ''}`
    : 'ICT expert';
  const contact = m.organisation.contact
    ? `${m.organisation.contact.name}${m.organisation.contact.role ? ` (${m.organisation.contact.role})` : ''}`
    : m.organisation.legalName;
  const owners: Record<AreaKey, string> = {
    mail: m.ictProvider?.legalName ?? consultant,
    m365: consultant,
    org: contact,
    provider: m.ictProvider?.legalName ?? consultant,
  };
  const items: OpenItem[] = [];
  const counts: Record<AreaKey, AreaSummary['counts']> = {
    mail: { fail: 0, warn: 0, unknown: 0, pass: 0 },
    m365: { fail: 0, warn: 0, unknown: 0, pass: 0 },
    org: { fail: 0, warn: 0, unknown: 0, pass: 0 },
    provider: { fail: 0, warn: 0, unknown: 0, pass: 0 },
  };
  const worst: Record<AreaKey, string[]> = { mail: [], m365: [], org: [], provider: [] };
  const push = (area: AreaKey, kind: IssueKind, mandatory: boolean, title: string, detail: string) => {
    const risk = riskOf(kind, mandatory);
    items.push({ risk, area, title, detail, owner: owners[area], due: addDays(today, DUE_IN_DAYS[risk]) });
    if (kind === 'check-fail' || kind === 'req-not-met') worst[area].unshift(title);
    else worst[area].push(title);
  };

  // Automated checks decide the technical areas.
  for (const run of m.technical.runs) {
    const area: AreaKey = run.kind === 'tenant' ? 'm365' : 'mail';
    for (const f of run.findings) {
      counts[area][STATUS_COUNT[f.status]]++;
      const kind = STATUS_KIND[f.status];
      if (!kind) continue;
      const advisory = isKnownCheck(f.check) && 'advisory' in CHECKS[f.check];
      const where = f.target && f.target !== run.target ? `${run.target} (${f.target})` : run.target;
      push(area, kind, !advisory, `${checkTitle(f.check)} on ${where}`, f.summary);
    }
  }
  // Answers decide the organisation and provider areas.
  for (const r of m.requirements) {
    const area = AREA_OF_PREFIX[r.id.split('-')[0]!];
    if (area !== 'org' && area !== 'provider') continue;
    const c = RESULT_STATUS[r.result];
    if (c) counts[area][c]++;
    const kind = RESULT_KIND[r.result];
    if (kind)
      push(
        area,
        kind,
        MANDATORY.has(r.obligation),
        `${r.id} ${r.title}`,
        r.result === 'not-assessed' ? 'No answer recorded yet' : (r.response ?? ''),
      );
  }

  const areas: AreaSummary[] = (Object.keys(AREA_LABELS) as AreaKey[]).map((key) => {
    const c = counts[key];
    const total = c.fail + c.warn + c.unknown + c.pass;
    const na = (key === 'm365' && m.organisation.route !== 'o365') || (key === 'provider' && m.organisation.route !== 'self-managed');
    const state: AreaState = na
      ? 'not-applicable'
      : total === 0
        ? 'not-checked'
        : c.fail
          ? 'action'
          : c.warn || c.unknown
            ? 'attention'
            : 'in-order';
    const unit = key === 'mail' || key === 'm365' ? 'check' : 'requirement';
    const text =
      state === 'not-applicable'
        ? key === 'm365'
          ? `Not applicable — email is on ${m.organisation.emailServiceProvider}, not Microsoft 365.`
          : `Not applicable — ${m.organisation.emailServiceProvider} provides the email service; the provider assurance section is for the self-managed route.`
        : sentence(state, c, worst[key], unit);
    return { key, label: AREA_LABELS[key], state, counts: c, sentence: text };
  });

  items.sort(
    (a, b) => RISK_ORDER.indexOf(a.risk) - RISK_ORDER.indexOf(b.risk) || a.due.localeCompare(b.due) || a.title.localeCompare(b.title),
  );

  const y = m.technical.yearOnYear;
  const changes = y
    ? {
        previousCycle: y.previousCycle,
        counts: Object.fromEntries(
          (['regressed', 'not-comparable', 'new', 'removed', 'improved', 'unchanged'] as const).map((c) => [
            c,
            y.rows.filter((r) => r.change === c).length,
          ]),
        ) as Record<YearOnYearRow['change'], number>,
        notable: y.rows.filter((r) => r.change === 'regressed' || r.change === 'improved' || r.change === 'not-comparable'),
      }
    : undefined;
  return { areas, items, ...(changes ? { changes } : {}), trend: m.technical.trend ?? [] };
}

// The NHS secure email team's outcome in one sentence for the board, each step with its date, in the
// order the outcome rule (shared/domain/outcome.ts) allows them: sent, queried, re-submitted, then
// rejected or accredited. The findings of a query are listed under it, fixed or still to fix.
export function outcomeSentence(o: StatementOutcome): string {
  const steps: string[] = [];
  if (o.submittedOn) steps.push(`sent on ${formatDate(o.submittedOn)}`);
  if (o.queriedOn) {
    const open = o.findings.filter((f) => !f.resolved).length;
    const count = `${o.findings.length} finding${o.findings.length === 1 ? '' : 's'}`;
    steps.push(`queried on ${formatDate(o.queriedOn)} with ${count}${open ? `, ${open} still to fix` : ', all fixed'}`);
  }
  if (o.resubmittedOn) steps.push(`re-submitted on ${formatDate(o.resubmittedOn)}`);
  const history = steps.join('; ');
  switch (o.stage) {
    case 'accredited':
      return `Accredited on ${formatDate(o.accreditedOn!)}${o.expiresOn ? `, valid until ${formatDate(o.expiresOn)}` : ''}${history ? ` (${history})` : ''}.`;
    case 'rejected':
      return `Rejected on ${formatDate(o.rejectedOn!)}${o.rejectionReason ? `: ${o.rejectionReason}` : ''}${history ? ` (${history})` : ''}.`;
    case 'queried':
      return `Queried — ${history}.`;
    case 'resubmitted':
      return `Re-submitted, awaiting the outcome — ${history}.`;
    case 'sent':
      return `Sent, awaiting the outcome — ${history}.`;
  }
}
