import { afterEach, describe, expect, it } from 'vitest';
import { Requirement, type RequirementInput } from './catalogue/schema';
import { isWithinCalendarMonths, utcDateOf } from './dates';
import { evaluateReadiness, type EvidenceState, type ReadinessInput, type ResponseState } from './readiness';

// The NHS gates of the one readiness model, table by table: DSPT, pen test / ITHC and ISO 27001 on the one
// calendar-month rule, probe runs per route, evidence each requirement declares, the statement's own facts.

const req = (over: Partial<RequirementInput> & { id: string }): Requirement =>
  Requirement.parse({
    title: over.id,
    wording: 'w',
    guidance: 'g',
    obligation: 'MUST',
    routes: ['o365', 'google', 'self-managed'],
    asserts: ['ict-expert'],
    provenance: 'nhs',
    ...over,
  });

const ELIG03 = req({
  id: 'ELIG-03',
  provenance: 'official',
  fields: [
    {
      key: 'dsptStatus',
      label: 'DSPT status',
      type: 'choice',
      required: true,
      options: ['Standards Exceeded', 'Standards Met', 'Approaching Standards', 'Standards Not Met'],
    },
    { key: 'dsptPublishedAt', label: 'Publication date', type: 'date', required: true, maxAgeMonths: 12 },
  ],
});
const ICT01 = req({
  id: 'ICT-01',
  obligation: 'SHOULD',
  provenance: 'nhs-legacy',
  routes: ['self-managed'],
  fields: [
    { key: 'scopeIncludesEmail', label: 'Scope includes email', type: 'yes-no', required: true },
    { key: 'issueDate', label: 'Issue date', type: 'date', required: true },
    { key: 'expiryDate', label: 'Expiry date', type: 'date', required: true, notBeforeSubmission: true },
    { key: 'lastAuditDate', label: 'Last audit', type: 'date', required: true, maxAgeMonths: 12 },
  ],
});
const ICT02 = req({
  id: 'ICT-02',
  routes: ['self-managed'],
  fields: [{ key: 'testDate', label: 'Date of test', type: 'date', required: true, maxAgeMonths: 12 }],
});
const TECH01 = req({ id: 'TECH-01' });
const O36501 = req({ id: 'O365-01', provenance: 'official', routes: ['o365'] });
const O36511 = req({ id: 'O365-11', obligation: 'RECOMMENDED', provenance: 'inferred', routes: ['o365'] });
const ORG01 = req({ id: 'ORG-01', documentReference: true });

const met = (fields?: Record<string, string>): ResponseState => ({ result: 'met', ...(fields ? { fields } : {}) });
const doc = { title: 'Breach procedure', version: '3', date: '2026-03-01', approvedBy: 'Registered manager', approvalDate: '2026-03-02' };
const file = (requirementId: string, title: string, kind: EvidenceState['kind']): EvidenceState => ({
  requirementId,
  evidenceId: `${requirementId}-f`,
  title,
  kind,
  freshness: 'current',
});

const SUBMISSION = '2026-11-23';
const DSPT_OK = { dsptStatus: 'Standards Met', dsptPublishedAt: '2026-06-30' };
const ISO_OK = { scopeIncludesEmail: 'yes', issueDate: '2024-01-15', expiryDate: '2027-01-14', lastAuditDate: '2026-01-20' };

// A self-managed client that passes every gate; each case changes one thing.
function selfManaged(over: Partial<ReadinessInput> = {}): ReadinessInput {
  return {
    requirements: [ELIG03, ICT01, ICT02, TECH01],
    responses: { 'ELIG-03': met(DSPT_OK), 'ICT-01': met(ISO_OK), 'ICT-02': met({ testDate: '2026-02-10' }), 'TECH-01': met() },
    findings: [],
    evidence: [
      file('ELIG-03', 'DSPT 2026 publication', 'dspt-publication'),
      file('ICT-01', 'ISO certificate', 'iso27001-certificate'),
      file('ICT-02', 'ITHC summary', 'pen-test'),
    ],
    signoffs: ['ict-expert', 'clinical-safety-expert'],
    plannedSubmissionDate: SUBMISSION,
    route: 'self-managed',
    domains: ['riverside.example'],
    runs: [{ kind: 'domain', target: 'riverside.example', finishedAt: '2026-11-10T09:00:00Z' }],
    today: '2026-11-20',
    checkedOn: '2026-11-20',
    statement: {
      detailsSaved: true,
      contact: { name: 'Ann Lee', email: 'ann@riverside.example' },
      sites: [],
      ictSignatory: { name: 'Raj Patel', role: 'Director', organisation: 'Northgate Mail', date: '2026-11-18' },
    },
    ...over,
  };
}

const blockers = (i: ReadinessInput) =>
  evaluateReadiness(i).blockers.map((b) => `${b.kind}:${b.requirementIds.join('+')}${b.field ? ':' + b.field : ''}`);

describe('the self-managed baseline', () => {
  it('passes every gate', () => expect(blockers(selfManaged())).toEqual([]));
  it('gives every blocker a requirement or field, a message and a fix', () => {
    const r = evaluateReadiness(
      selfManaged({ responses: {}, evidence: [], runs: [], statement: { detailsSaved: false, sites: [] }, signoffs: [] }),
    );
    expect(r.blockers.length).toBeGreaterThan(5);
    for (const b of r.blockers) {
      expect(b.message.length).toBeGreaterThan(10);
      expect(b.fix?.length ?? 0).toBeGreaterThan(10);
      expect(b.requirementIds.length > 0 || b.field !== undefined).toBe(true);
    }
    expect(r.counts).toMatchObject({ blockers: r.blockers.length, warnings: r.warnings.length });
  });
});

describe('DSPT (ELIG-03)', () => {
  it.each<[string, Record<string, string>, string[]]>([
    ['Standards Exceeded', { ...DSPT_OK, dsptStatus: 'Standards Exceeded' }, []],
    ['Approaching Standards', { ...DSPT_OK, dsptStatus: 'Approaching Standards' }, []],
    ['Standards Not Met', { ...DSPT_OK, dsptStatus: 'Standards Not Met' }, ['gate:ELIG-03:dsptStatus']],
    ['no status', { dsptPublishedAt: '2026-06-30' }, ['gate:ELIG-03:dsptStatus']],
    ['no publication date', { dsptStatus: 'Standards Met' }, ['gate:ELIG-03:dsptPublishedAt']],
    ['published 12 calendar months before', { ...DSPT_OK, dsptPublishedAt: '2025-11-23' }, []],
    ['published a day earlier', { ...DSPT_OK, dsptPublishedAt: '2025-11-22' }, ['gate:ELIG-03:dsptPublishedAt']],
    ['published after the submission date', { ...DSPT_OK, dsptPublishedAt: '2026-11-24' }, ['gate:ELIG-03:dsptPublishedAt']],
    ['a 29 February in a common year', { ...DSPT_OK, dsptPublishedAt: '2026-02-29' }, ['gate:ELIG-03:dsptPublishedAt']],
  ])('%s', (_l, fields, expected) => {
    expect(blockers(selfManaged({ responses: { ...selfManaged().responses, 'ELIG-03': met(fields) } }))).toEqual(expected);
  });

  it('says ELIG-03 cannot be Met on Standards Not Met, and how to fix it', () => {
    const r = evaluateReadiness(
      selfManaged({ responses: { ...selfManaged().responses, 'ELIG-03': met({ ...DSPT_OK, dsptStatus: 'Standards Not Met' }) } }),
    );
    expect(r.blockers[0]!.message).toContain('cannot be Met');
    expect(r.blockers[0]!.fix).toContain('Approaching Standards or better');
  });
});

describe('pen test / ITHC (ICT-02): 12 calendar months of the submission date', () => {
  it.each<[string, string, boolean]>([
    ['2026-11-23', '2025-11-23', true],
    ['2026-11-23', '2025-11-22', false],
    ['2025-02-28', '2024-02-29', true], // leap day: counts until 28 February
    ['2025-03-01', '2024-02-29', false],
    ['2024-02-29', '2023-02-28', false], // 12 months from 28 Feb 2023 end on 28 Feb 2024
    ['2024-02-29', '2023-03-01', true],
    ['2026-03-31', '2025-03-31', true],
    ['2026-03-31', '2025-03-30', false],
    ['2026-11-23', '2026-11-23', true],
  ])('submission %s, test %s → within: %s', (submission, test, ok) => {
    const input = selfManaged({
      plannedSubmissionDate: submission,
      today: submission,
      checkedOn: submission,
      runs: [{ kind: 'domain', target: 'riverside.example', finishedAt: `${submission}T08:00:00Z` }],
      responses: {
        ...selfManaged().responses,
        'ELIG-03': met({ ...DSPT_OK, dsptPublishedAt: submission }),
        'ICT-01': met({ ...ISO_OK, expiryDate: '2030-01-01', lastAuditDate: submission }),
        'ICT-02': met({ testDate: test }),
      },
      statement: { ...selfManaged().statement, ictSignatory: { ...selfManaged().statement.ictSignatory, date: submission } },
    });
    expect(blockers(input)).toEqual(ok ? [] : ['gate:ICT-02:testDate']);
  });

  it('a test after the submission date is refused', () => {
    expect(blockers(selfManaged({ responses: { ...selfManaged().responses, 'ICT-02': met({ testDate: '2026-12-01' }) } }))).toEqual([
      'gate:ICT-02:testDate',
    ]);
  });
});

describe('the calendar-month rule ignores time of day and time zone', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });
  it.each(['UTC', 'Europe/London', 'Pacific/Auckland', 'America/Los_Angeles'])('same answers in %s', (tz) => {
    process.env.TZ = tz;
    const at = (instant: string) => isWithinCalendarMonths('2025-11-23', utcDateOf(instant), 12);
    expect([at('2026-11-23T00:00:00Z'), at('2026-11-23T23:59:59Z'), at('2026-11-23T09:00:00Z'), at('2026-11-24T00:00:00Z')]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    // 23:30 BST on 23 June is 22:30 UTC the same day; 00:30 BST on 24 June is still 23 June in UTC.
    expect([utcDateOf('2026-06-23T23:30:00+01:00'), utcDateOf('2026-06-24T00:30:00+01:00')]).toEqual(['2026-06-23', '2026-06-23']);
    expect(isWithinCalendarMonths('2024-02-29', '2025-02-28', 12)).toBe(true);
  });
});

describe('ISO 27001 (ICT-01) on the self-managed route', () => {
  it.each<[string, Record<string, string> | undefined, string[]]>([
    ['a 3-year certificate issued 2024-01-15, audited in January', ISO_OK, []],
    ['expired before submission', { ...ISO_OK, expiryDate: '2026-11-22' }, ['gate:ICT-01:expiryDate']],
    ['expires on the submission date', { ...ISO_OK, expiryDate: SUBMISSION }, []],
    ['scope excludes email', { ...ISO_OK, scopeIncludesEmail: 'no' }, ['gate:ICT-01:scopeIncludesEmail']],
    ['scope unknown', { ...ISO_OK, scopeIncludesEmail: '' }, ['gate:ICT-01:scopeIncludesEmail']],
    ['last audit 13 months ago', { ...ISO_OK, lastAuditDate: '2025-10-22' }, ['gate:ICT-01:lastAuditDate']],
    ['no audit date (issue date is not the audit date)', { ...ISO_OK, lastAuditDate: '' }, ['gate:ICT-01:lastAuditDate']],
    [
      'expiry before issue',
      { ...ISO_OK, issueDate: '2027-02-01', expiryDate: '2027-01-14' },
      ['date-too-old:ICT-01:issueDate', 'gate:ICT-01:expiryDate'],
    ],
    ['not recorded at all', undefined, ['gate:ICT-01']],
  ])('%s', (_l, fields, expected) => {
    const responses = { ...selfManaged().responses };
    if (fields) responses['ICT-01'] = met(fields);
    else delete responses['ICT-01'];
    expect(blockers(selfManaged({ responses }))).toEqual(expected);
  });
});

describe('probe runs', () => {
  const o365 = (over: Partial<ReadinessInput> = {}) =>
    selfManaged({
      requirements: [TECH01, O36501, O36511],
      responses: { 'TECH-01': met(), 'O365-01': met() },
      evidence: [],
      route: 'o365',
      domains: ['a.example', 'b.example'],
      runs: [
        { kind: 'domain', target: 'a.example', finishedAt: '2026-11-01T10:00:00Z' },
        { kind: 'domain', target: 'b.example', finishedAt: '2026-11-02T10:00:00Z' },
        { kind: 'tenant', target: 'contoso.onmicrosoft.com', finishedAt: '2026-11-03T10:00:00Z' },
      ],
      findings: [
        {
          check: 'exo.nhsmail-connector-tls',
          status: 'pass',
          summary: 'Connector to nhs.net enforces TLS',
          observedAt: '2026-11-03T10:00:00Z',
        },
      ],
      statement: { detailsSaved: true, contact: { name: 'A', email: 'a@a.example' }, sites: [] },
      ...over,
    });
  it.each<[string, Partial<ReadinessInput>, string[]]>([
    ['all runs recent, connector verified', {}, []],
    ['one domain never checked', { runs: o365().runs.filter((r) => r.target !== 'b.example') }, ['probe-missing:TECH-01+O365-01']],
    ['no tenant probe', { runs: o365().runs.filter((r) => r.kind !== 'tenant') }, ['probe-missing:O365-01']],
    ['a domain checked 31 days before sign-off', { checkedOn: '2026-12-02' }, ['probe-stale:TECH-01+O365-01']],
    ['every run 30 days old is still fine', { checkedOn: '2026-12-01' }, []],
    [
      // The tenant run of 3 November is exactly 7 days old on the 10th: it still counts; the domains do not.
      'a limit of 7 days in Settings',
      { probeMaxAgeDays: 7, checkedOn: '2026-11-10' },
      ['probe-stale:TECH-01+O365-01', 'probe-stale:TECH-01+O365-01'],
    ],
    [
      'a limit of 6 days in Settings',
      { probeMaxAgeDays: 6, checkedOn: '2026-11-10' },
      ['probe-stale:TECH-01+O365-01', 'probe-stale:TECH-01+O365-01', 'probe-stale:O365-01'],
    ],
    [
      'connector not verified',
      { findings: [{ check: 'exo.nhsmail-connector-tls', status: 'fail', summary: 'No connector', observedAt: 'x' }] },
      ['gate:O365-01'],
    ],
  ])('%s', (_l, over, expected) => expect(blockers(o365(over))).toEqual(expected));

  it('google and self-managed need no tenant probe, but every domain checked', () => {
    const google = o365({ route: 'google', requirements: [TECH01], responses: { 'TECH-01': met() } });
    expect(blockers({ ...google, runs: google.runs.filter((r) => r.kind !== 'tenant') })).toEqual([]);
    expect(blockers({ ...google, runs: [] })).toEqual(['probe-missing:TECH-01', 'probe-missing:TECH-01']);
  });

  it('inferred items never block, even unanswered', () => {
    const r = evaluateReadiness(o365({ responses: { 'TECH-01': met(), 'O365-01': met(), 'O365-11': { result: 'not-applicable' } } }));
    expect(r.blockers).toEqual([]);
    expect(r.warnings.map((w) => w.kind)).toContain('na-unjustified');
  });
});

describe('evidence each requirement declares', () => {
  const org = (over: Partial<ReadinessInput>) =>
    selfManaged({ requirements: [ORG01], route: 'google', domains: [], runs: [], evidence: [], ...over });
  it.each<[string, Partial<ReadinessInput>, string[]]>([
    ['ORG-01 met with no file', { responses: { 'ORG-01': { result: 'met', document: doc } } }, ['evidence-required:ORG-01']],
    [
      'ORG-01 with a file naming another document',
      { responses: { 'ORG-01': { result: 'met', document: doc } }, evidence: [file('ORG-01', 'Fire safety policy', 'policy')] },
      ['evidence-required:ORG-01'],
    ],
    [
      'ORG-01 with the named document',
      { responses: { 'ORG-01': { result: 'met', document: doc } }, evidence: [file('ORG-01', 'Breach procedure v3', 'procedure')] },
      [],
    ],
    [
      'ORG-01 matched by file name',
      {
        responses: { 'ORG-01': { result: 'met', document: doc } },
        evidence: [{ ...file('ORG-01', 'Procedure', 'procedure'), fileName: 'breach-procedure.pdf' }],
      },
      [],
    ],
  ])('%s', (_l, over, expected) => expect(blockers(org(over))).toEqual(expected));

  it('the pen test and ISO certificate files are required on self-managed', () => {
    expect(blockers(selfManaged({ evidence: [file('ELIG-03', 'DSPT', 'dspt-publication')] }))).toEqual(['evidence-required:ICT-02']);
    // ICT-01 is a SHOULD: a missing certificate file warns.
    expect(
      evaluateReadiness(selfManaged({ evidence: [file('ELIG-03', 'DSPT', 'dspt-publication')] })).warnings.map(
        (w) => `${w.kind}:${w.requirementIds[0]}`,
      ),
    ).toContain('evidence-required:ICT-01');
  });
});

describe('the statement’s own facts', () => {
  const st = selfManaged().statement;
  it.each<[string, Partial<ReadinessInput>, string[]]>([
    ['no contact for the secure email team', { statement: { ...st, contact: undefined } }, ['statement-missing::contact']],
    ['a contact without email', { statement: { ...st, contact: { name: 'Ann' } } }, ['statement-missing::contact']],
    [
      'no ICT provider signatory on self-managed',
      { statement: { ...st, ictSignatory: undefined } },
      ['statement-missing::ictProvider.signatory'],
    ],
    [
      'a signatory dated in the future',
      { statement: { ...st, ictSignatory: { ...st.ictSignatory, date: '2026-12-25' } } },
      ['statement-missing::ictProvider.signatory.date'],
    ],
    [
      'a care group site without ODS code',
      { statement: { ...st, sites: [{ name: 'Oak House', odsCode: 'VN1A2' }, { name: 'Elm House' }] } },
      ['statement-missing:ELIG-01:sites'],
    ],
    ['details not confirmed', { statement: { ...st, detailsSaved: false } }, ['statement-missing::details']],
    [
      'no ICT signatory needed on Google',
      { route: 'google', requirements: [TECH01], responses: { 'TECH-01': met() }, statement: { ...st, ictSignatory: undefined } },
      [],
    ],
  ])('%s', (_l, over, expected) => expect(blockers(selfManaged(over))).toEqual(expected));
});
