import { CHECKS } from './checks';
import { addDays, daysBetween, isIsoDate, isWithinCalendarMonths, lastDayWithinMonths, utcDateOf } from './dates';
import { evidenceNeeds, namesDocument } from './evidence-requirements';
import type { Requirement } from './catalogue/schema';
import type { ReadinessInput, ReadinessIssue, ResponseState } from './readiness';

// The NHS gates that decide whether a statement can be signed and exported as final, beyond "every item
// answered": each is data (requirement, source, what it needs) plus one pure check, and each issue names the
// requirement, what is missing and how to fix it. Sources are the catalogue's: S13 (DSPT at Approaching
// Standards or better), S0 (care-sector guide: pen test and ISO 27001 within the last 12 months; Office 365
// accreditations must confirm the service is configured to communicate securely with NHSmail), S5 (pen test /
// ITHC on the self-managed route).

const DSPT_ACCEPTED = ['Standards Exceeded', 'Standards Met', 'Approaching Standards'] as const;
const DEFAULT_PROBE_MAX_AGE_DAYS = 30;
const GATE_MONTHS = 12;

interface Gate {
  id: string;
  requirementId: string;
  routes: ('o365' | 'google' | 'self-managed')[];
  source: string;
  title: string;
}

const GATES: readonly Gate[] = [
  {
    id: 'dspt',
    requirementId: 'ELIG-03',
    routes: ['o365', 'google', 'self-managed'],
    source: 'S13',
    title: 'DSPT published at Approaching Standards or better',
  },
  { id: 'pen-test', requirementId: 'ICT-02', routes: ['self-managed'], source: 'S0', title: 'Pen test / ITHC within 12 calendar months' },
  {
    id: 'iso27001',
    requirementId: 'ICT-01',
    routes: ['self-managed'],
    source: 'S0',
    title: 'ISO 27001 current, covering email, audited within 12 months',
  },
  {
    id: 'o365-config',
    requirementId: 'O365-01',
    routes: ['o365'],
    source: 'S0',
    title: 'Tenant configured to communicate securely with NHSmail',
  },
  {
    id: 'domains-checked',
    requirementId: 'TECH-01',
    routes: ['o365', 'google', 'self-managed'],
    source: 'S5',
    title: 'Every domain in scope checked',
  },
];

type Add = (i: Omit<ReadinessIssue, 'severity'> & { severity?: ReadinessIssue['severity'] }) => void;

const blank = (v: string | undefined) => v === undefined || v.trim() === '';
const field = (r: ResponseState | undefined, key: string) => r?.fields?.[key]?.trim() || undefined;

// A date a requirement asks for, judged on the submission date with the one calendar-month rule.
export function monthsWindowProblem(label: string, value: string, submission: string, months = GATE_MONTHS): string | undefined {
  if (!isIsoDate(value)) return `${label} “${value}” is not a date (use YYYY-MM-DD)`;
  if (value > submission) return `${label} (${value}) is after the planned submission on ${submission}`;
  if (!isWithinCalendarMonths(value, submission, months))
    return `${label} (${value}) is more than ${months} calendar months before the planned submission on ${submission} (it counted until ${lastDayWithinMonths(value, months)})`;
  return undefined;
}

function dsptGate(input: ReadinessInput, add: Add) {
  const id = 'ELIG-03';
  const r = input.responses[id];
  const status = field(r, 'dsptStatus');
  const published = field(r, 'dsptPublishedAt');
  const ids = [id];
  if (!status) {
    add({
      kind: 'gate',
      requirementIds: ids,
      field: 'dsptStatus',
      message: `${id}: the DSPT status is not recorded`,
      fix: 'Open ELIG-03 and choose the status shown on the DSPT site (Approaching Standards or better is needed).',
    });
  } else if (!(DSPT_ACCEPTED as readonly string[]).includes(status)) {
    add({
      kind: 'gate',
      requirementIds: ids,
      field: 'dsptStatus',
      message: `${id}: the DSPT is published at “${status}”; the NHS accepts Approaching Standards or better, so ELIG-03 cannot be Met`,
      fix: 'Publish the DSPT at Approaching Standards or better, then update the status and publication date in ELIG-03.',
    });
  }
  if (!published)
    add({
      kind: 'gate',
      requirementIds: ids,
      field: 'dsptPublishedAt',
      message: `${id}: the DSPT publication date is missing`,
      fix: 'Enter the date the current DSPT assessment was published (shown on the DSPT site).',
    });
  else {
    const p = monthsWindowProblem('The DSPT publication date', published, input.plannedSubmissionDate);
    if (p)
      add({
        kind: 'gate',
        requirementIds: ids,
        field: 'dsptPublishedAt',
        message: `${id}: ${p}`,
        fix: 'Publish this year’s DSPT assessment and enter its publication date.',
      });
  }
}

function penTestGate(input: ReadinessInput, add: Add) {
  const id = 'ICT-02';
  const date = field(input.responses[id], 'testDate');
  if (!date) {
    add({
      kind: 'gate',
      requirementIds: [id],
      field: 'testDate',
      message: `${id}: the date of the penetration test / ITHC is missing`,
      fix: 'Enter the date of the latest penetration test or IT Health Check of the email service in ICT-02.',
    });
    return;
  }
  const p = monthsWindowProblem('The penetration test / ITHC', date, input.plannedSubmissionDate);
  if (p)
    add({
      kind: 'gate',
      requirementIds: [id],
      field: 'testDate',
      message: `${id}: ${p}`,
      fix: 'Commission a new penetration test or ITHC and enter its date and summary.',
    });
}

function isoGate(input: ReadinessInput, add: Add) {
  const id = 'ICT-01';
  const r = input.responses[id];
  const ids = [id];
  const expiry = field(r, 'expiryDate');
  const issued = field(r, 'issueDate');
  const audit = field(r, 'lastAuditDate');
  const scope = field(r, 'scopeIncludesEmail')?.toLowerCase();
  const s = input.plannedSubmissionDate;
  if (!expiry)
    add({
      kind: 'gate',
      requirementIds: ids,
      field: 'expiryDate',
      message: `${id}: the ISO 27001 certificate’s expiry date is missing`,
      fix: 'Enter the expiry date printed on the certificate in ICT-01.',
    });
  else if (!isIsoDate(expiry))
    add({
      kind: 'gate',
      requirementIds: ids,
      field: 'expiryDate',
      message: `${id}: the expiry date “${expiry}” is not a date`,
      fix: 'Use YYYY-MM-DD.',
    });
  else if (expiry < s)
    add({
      kind: 'gate',
      requirementIds: ids,
      field: 'expiryDate',
      message: `${id}: the ISO 27001 certificate expires on ${expiry}, before the planned submission on ${s}`,
      fix: 'Obtain the renewed certificate and enter its dates.',
    });
  if (issued && expiry && isIsoDate(issued) && isIsoDate(expiry) && expiry <= issued)
    add({
      kind: 'gate',
      requirementIds: ids,
      field: 'expiryDate',
      message: `${id}: the certificate expires (${expiry}) before it was issued (${issued})`,
      fix: 'Check both dates against the certificate.',
    });
  if (scope !== 'yes')
    add({
      kind: 'gate',
      requirementIds: ids,
      field: 'scopeIncludesEmail',
      message:
        scope === 'no'
          ? `${id}: the ISO 27001 scope does not include the email service`
          : `${id}: it is not recorded whether the ISO 27001 scope includes the email service`,
      fix: 'Read the certificate’s scope statement; the email service must be inside it. Record Yes only when it is.',
    });
  if (!audit)
    add({
      kind: 'gate',
      requirementIds: ids,
      field: 'lastAuditDate',
      message: `${id}: the date of the last certification or surveillance audit is missing (the issue date is not the audit date)`,
      fix: 'Enter the date of the last certification or surveillance audit from the certification body’s report.',
    });
  else {
    const p = monthsWindowProblem('The last ISO 27001 audit', audit, s);
    if (p)
      add({
        kind: 'gate',
        requirementIds: ids,
        field: 'lastAuditDate',
        message: `${id}: ${p}`,
        fix: 'A surveillance audit is due every year: enter the latest one, or wait for it before submitting.',
      });
  }
}

// Probe runs: every domain in scope checked, and (Office 365) the tenant probed, each recently enough.
function probeGates(input: ReadinessInput, add: Add, applicable: Set<string>) {
  const maxAge = input.probeMaxAgeDays ?? DEFAULT_PROBE_MAX_AGE_DAYS;
  const oldest = addDays(input.checkedOn, -maxAge);
  const stale = (finishedAt: string) => utcDateOf(finishedAt) < oldest;
  const needsDomains = [...applicable].filter((id) => evidenceNeeds(id).some((n) => n.kind === 'domain-run'));
  if (needsDomains.length)
    for (const domain of input.domains) {
      const run = latest(input.runs.filter((r) => r.kind === 'domain' && r.target === domain));
      if (!run)
        add({
          kind: 'probe-missing',
          requirementIds: needsDomains,
          target: domain,
          message: `${domain} has not been checked: ${needsDomains.join(', ')} need a mail-domain check of every domain in scope`,
          fix: `Open the Mail domain tab and check ${domain}.`,
        });
      else if (stale(run.finishedAt))
        add({
          kind: 'probe-stale',
          requirementIds: needsDomains,
          target: domain,
          message: `${domain} was last checked on ${utcDateOf(run.finishedAt)}, more than ${maxAge} days before ${input.checkedOn}`,
          fix: `Check ${domain} again (Mail domain tab); the limit is ${maxAge} days (Settings › Readiness).`,
        });
    }
  if (input.route !== 'o365' || !applicable.has('O365-01')) return;
  const tenant = latest(input.runs.filter((r) => r.kind === 'tenant'));
  const id = 'O365-01';
  if (!tenant) {
    add({
      kind: 'probe-missing',
      requirementIds: [id],
      message: `${id} cannot be Met: no Microsoft 365 tenant probe or imported Exchange collection shows the secure configuration`,
      fix: 'Run the tenant probe on the Microsoft 365 tab, or import the Exchange collection the customer’s admin ran.',
    });
    return;
  }
  if (stale(tenant.finishedAt))
    add({
      kind: 'probe-stale',
      requirementIds: [id],
      message: `${id}: the tenant was last probed on ${utcDateOf(tenant.finishedAt)}, more than ${maxAge} days before ${input.checkedOn}`,
      fix: `Probe the tenant again (Microsoft 365 tab); the limit is ${maxAge} days (Settings › Readiness).`,
    });
  const connector = input.findings.filter((f) => f.check === 'exo.nhsmail-connector-tls');
  if (!connector.some((f) => f.status === 'pass'))
    add({
      kind: 'gate',
      requirementIds: [id],
      check: 'exo.nhsmail-connector-tls',
      message: `${id} cannot be Met: the ${CHECKS['exo.nhsmail-connector-tls'].title.toLowerCase()} is ${connector.length ? 'not verified by the latest tenant probe' : 'not in the latest tenant probe'}`,
      fix: 'Create the outbound connector to nhs.net with enforced, validated TLS as the Office 365 secure email configuration guide describes, then probe the tenant again.',
    });
}

function latest<T extends { finishedAt: string }>(runs: T[]): T | undefined {
  return runs.reduce<T | undefined>((a, b) => (!a || b.finishedAt > a.finishedAt ? b : a), undefined);
}

// Evidence files each requirement declares (evidence-requirements.ts). Probe runs are judged above.
function evidenceGates(input: ReadinessInput, add: Add, reqs: Requirement[], severityOf: (r: Requirement) => ReadinessIssue['severity']) {
  for (const r of reqs) {
    const resp = input.responses[r.id];
    if (resp?.result === 'not-applicable' || resp?.result === 'not-met') continue;
    for (const need of evidenceNeeds(r.id)) {
      if (need.kind !== 'file') continue;
      // A lapsed or altered file is reported on its own (readiness.ts); it still counts as the file being there.
      const linked = input.evidence.filter((e) => e.requirementId === r.id);
      const ofKind = linked.filter((e) => !e.kind || need.evidenceKinds.includes(e.kind));
      const docTitle = resp?.document?.title?.trim();
      const matching =
        need.matchesDocument && docTitle
          ? ofKind.filter((e) => namesDocument(e.title, docTitle) || namesDocument(e.fileName ?? '', docTitle))
          : ofKind;
      if (matching.length) continue;
      add({
        kind: 'evidence-required',
        severity: severityOf(r),
        requirementIds: [r.id],
        message:
          ofKind.length && need.matchesDocument && docTitle
            ? `${r.id} has evidence linked, but none of it is the document named in its details (“${docTitle}”)`
            : `${r.id} ${r.title} has no evidence file: it needs ${need.what}`,
        fix: `Add ${need.what} on the Evidence tab and link it to ${r.id}.`,
        missing: [need.what],
      });
    }
  }
}

// What the statement itself must carry (the NHS templates, catalogue sources S3 and S6).
function statementGates(input: ReadinessInput, add: Add) {
  const st = input.statement;
  if (!st.detailsSaved)
    add({
      kind: 'statement-missing',
      requirementIds: [],
      field: 'details',
      message: 'The statement details (email service provider, data location notes) have not been confirmed',
      fix: 'Open Sign-off and export, check the statement details and save them.',
    });
  if (!st.contact?.name || !st.contact.email)
    add({
      kind: 'statement-missing',
      requirementIds: [],
      field: 'contact',
      message: 'The statement has no contact for the NHS secure email team (a name with an email address)',
      fix: 'Add a contact with an email address on the client’s details page.',
    });
  if (st.sites.length > 1)
    for (const site of st.sites)
      if (!site.odsCode)
        add({
          kind: 'statement-missing',
          requirementIds: ['ELIG-01'],
          field: 'sites',
          target: site.name,
          message: `Site “${site.name}” has no ODS code; a care group’s statement lists every site with its ODS code`,
          fix: 'Add the site’s ODS code on the client’s details page.',
        });
  if (input.route === 'self-managed') {
    const sig = st.ictSignatory;
    const missing = (
      [
        ['name', sig?.name],
        ['role', sig?.role],
        ['organisation', sig?.organisation],
        ['date', sig?.date],
      ] as const
    )
      .filter(([, v]) => blank(v))
      .map(([k]) => k);
    if (missing.length)
      add({
        kind: 'statement-missing',
        requirementIds: [],
        field: 'ictProvider.signatory',
        message: `The ICT service provider’s signatory is incomplete (${missing.join(', ')} missing); the self-managed statement needs it`,
        fix: 'Enter the provider signatory’s name, role, organisation and date in the statement details.',
      });
    else if (sig?.date && isIsoDate(sig.date) && daysBetween(sig.date, input.today) < 0)
      add({
        kind: 'statement-missing',
        requirementIds: [],
        field: 'ictProvider.signatory.date',
        message: `The ICT service provider signatory’s date (${sig.date}) is in the future`,
        fix: 'Enter the date the provider’s signatory signed.',
      });
  }
}

// The fields a gate judges for this route (the generic field rules leave them alone).
export function gatedFields(route: ReadinessInput['route'], requirementId: string): readonly string[] {
  const gate = GATES.find((g) => g.requirementId === requirementId && g.routes.includes(route));
  return gate ? (GATE_FIELDS[requirementId] ?? []) : [];
}

const GATE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'ELIG-03': ['dsptStatus', 'dsptPublishedAt'],
  'ICT-01': ['expiryDate', 'scopeIncludesEmail', 'lastAuditDate'],
  'ICT-02': ['testDate'],
};

export function gateIssues(
  input: ReadinessInput,
  reqs: Requirement[],
  add: Add,
  severityOf: (r: Requirement) => ReadinessIssue['severity'],
) {
  const applicable = new Set(reqs.map((r) => r.id));
  const on = (g: string) => GATES.some((x) => x.id === g && x.routes.includes(input.route) && applicable.has(x.requirementId));
  // An unanswered or not-met MUST item already blocks; the gate judges the facts of a claim.
  const claimed = (id: string) => ['met', 'partially-met'].includes(input.responses[id]?.result ?? '');
  if (on('dspt') && claimed('ELIG-03')) dsptGate(input, add);
  if (on('pen-test') && claimed('ICT-02')) penTestGate(input, add);
  if (on('iso27001')) {
    // ICT-01 is a SHOULD in the legacy wording, but the care-sector guide (S0) requires a current certificate.
    if (claimed('ICT-01')) isoGate(input, add);
    else
      add({
        kind: 'gate',
        requirementIds: ['ICT-01'],
        message: 'ICT-01: the self-managed route needs a current ISO 27001 certificate covering the email service (care-sector guide)',
        fix: 'Record the provider’s ISO 27001 certificate in ICT-01 (body, number, scope, dates, last audit) and mark it met.',
      });
  }
  probeGates(input, add, applicable);
  evidenceGates(input, add, reqs, severityOf);
  statementGates(input, add);
}
