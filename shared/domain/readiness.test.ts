import { describe, expect, it } from 'vitest';
import { evaluateReadiness, fieldDateProblem, type ReadinessInput, type ResponseState } from './readiness';
import { Requirement, type FieldDef, type RequirementInput } from './catalogue/schema';

const req = (over: Partial<RequirementInput> & { id: string }): Requirement =>
  Requirement.parse({
    title: over.id,
    wording: 'w',
    guidance: 'g',
    obligation: 'MUST',
    routes: ['o365'],
    asserts: ['ict-expert'],
    provenance: 'nhs',
    ...over,
  });

const ORG01 = req({ id: 'ORG-01', documentReference: true });
const ORG02 = req({ id: 'ORG-02', obligation: 'SHOULD', documentReference: true, checks: ['mobile.compliance-policy'] });
const TECH02 = req({ id: 'TECH-02', provenance: 'official', checks: ['dns.dmarc'] });
const TECH03 = req({ id: 'TECH-03', obligation: 'SHOULD', checks: ['dns.spf'] });
const ICT02 = req({
  id: 'ICT-02',
  fields: [
    { key: 'tester', label: 'Tester', type: 'text', required: true },
    { key: 'testDate', label: 'Date of test', type: 'date', required: true, maxAgeMonths: 12 },
  ],
});
const TECH08 = req({
  id: 'TECH-08',
  obligation: 'SHOULD',
  fields: [
    { key: 'processedOutsideUk', label: 'Outside UK?', type: 'yes-no', required: true },
    { key: 'outsideUkWhere', label: 'Where', type: 'text', requiredWhen: { key: 'processedOutsideUk', equals: 'yes' } },
  ],
});
const INFO = req({ id: 'ELIG-06', obligation: 'INFO' });
const INFERRED = req({ id: 'O365-03', obligation: 'SHOULD', provenance: 'inferred' });

const fullDoc = {
  title: 'Incident policy',
  version: '2.1',
  date: '2026-09-01',
  approvedBy: 'Registered manager',
  approvalDate: '2026-09-05',
};
const met = (extra: Partial<ResponseState> = {}): ResponseState => ({ result: 'met', ...extra });

function base(over: Partial<ReadinessInput> = {}): ReadinessInput {
  return {
    requirements: [ORG01, TECH02],
    responses: { 'ORG-01': met({ document: fullDoc }), 'TECH-02': met() },
    findings: [
      { check: 'dns.dmarc', status: 'pass', summary: 'DMARC policy is reject', observedAt: '2026-11-20T10:00:00Z', target: 'x.org' },
    ],
    evidence: [{ requirementId: 'ORG-01', evidenceId: 'doc', title: 'Incident policy', kind: 'policy', freshness: 'current' }],
    signoffs: ['ict-expert', 'clinical-safety-expert'],
    plannedSubmissionDate: '2026-12-01',
    route: 'o365',
    domains: [],
    runs: [],
    today: '2026-11-25',
    checkedOn: '2026-11-25',
    statement: { detailsSaved: true, contact: { name: 'Ann Lee', email: 'ann@x.org' }, sites: [] },
    ...over,
  };
}

const kinds = (r: ReturnType<typeof evaluateReadiness>, severity: 'blocker' | 'warning') =>
  r[severity === 'blocker' ? 'blockers' : 'warnings'].map((i) => `${i.kind}:${i.requirementIds.join('+')}${i.field ? ':' + i.field : ''}`);

describe('evaluateReadiness', () => {
  it('is ready when everything is answered, documented, passing and signed', () => {
    const r = evaluateReadiness(base());
    expect(r).toMatchObject({ ready: true, readyForSignoff: true, blockers: [], warnings: [], percent: 100 });
  });

  it.each<[string, Partial<ReadinessInput>, string[]]>([
    ['an unanswered MUST', { responses: { 'TECH-02': met() } }, ['unanswered:ORG-01']],
    ['a MUST not met', { responses: { 'ORG-01': { result: 'not-met' }, 'TECH-02': met() } }, ['not-met:ORG-01']],
    [
      'a MUST partially met (with document)',
      { responses: { 'ORG-01': { result: 'partially-met', document: fullDoc }, 'TECH-02': met() } },
      ['partially-met:ORG-01'],
    ],
    [
      'missing document fields',
      { responses: { 'ORG-01': met({ document: { ...fullDoc, approvedBy: ' ', approvalDate: undefined } }), 'TECH-02': met() } },
      ['document-missing:ORG-01'],
    ],
    ['N/A without justification', { responses: { 'ORG-01': { result: 'not-applicable' }, 'TECH-02': met() } }, ['na-unjustified:ORG-01']],
    [
      'a failed check feeding a MUST',
      { findings: [{ check: 'dns.dmarc', status: 'fail', summary: 'p=none', observedAt: 'x', target: 'x.org' }] },
      ['check-failed:TECH-02'],
    ],
    [
      'expired evidence',
      { evidence: [{ requirementId: 'ORG-01', evidenceId: 'e', title: 'Policy', freshness: 'expired', expiresAt: '2026-01-01' }] },
      ['evidence-expired:ORG-01'],
    ],
    [
      'altered evidence',
      { evidence: [{ requirementId: 'ORG-01', evidenceId: 'e', title: 'Policy', freshness: 'missing' }] },
      ['evidence-missing:ORG-01'],
    ],
    ['a missing sign-off', { signoffs: ['ict-expert'] }, ['signoff-missing::signOffs.clinicalSafetyExpert']],
    [
      'a MUST carried over and not re-confirmed',
      { responses: { 'ORG-01': met({ document: fullDoc, carriedOver: true }), 'TECH-02': met() } },
      ['carried-over:ORG-01'],
    ],
  ])('blocks on %s', (_label, over, expected) => {
    const r = evaluateReadiness(base(over));
    expect(r.ready).toBe(false);
    expect(kinds(r, 'blocker')).toEqual(expected);
  });

  it('only missing sign-offs still allows the assessment to go for sign-off', () => {
    const r = evaluateReadiness(base({ signoffs: [] }));
    expect(r.ready).toBe(false);
    expect(r.readyForSignoff).toBe(true);
    expect(r.blockers).toHaveLength(2);
  });

  it.each<[string, Partial<ReadinessInput>, string[]]>([
    [
      'an unanswered SHOULD',
      { requirements: [TECH03], responses: {}, findings: [{ check: 'dns.spf', status: 'pass', summary: 'ok', observedAt: 'x' }] },
      ['unanswered:TECH-03'],
    ],
    [
      'a failed check feeding only a SHOULD',
      {
        requirements: [TECH03],
        responses: { 'TECH-03': met() },
        findings: [{ check: 'dns.spf', status: 'fail', summary: '+all', observedAt: 'x' }],
      },
      ['check-failed:TECH-03'],
    ],
    [
      'a warning finding',
      { findings: [{ check: 'dns.dmarc', status: 'warn', summary: 'sp=none', observedAt: 'x' }] },
      ['check-warning:TECH-02'],
    ],
    [
      'a not-assessable finding',
      { findings: [{ check: 'dns.dmarc', status: 'not-assessable', reason: 'unreachable', summary: 'timeout', observedAt: 'x' }] },
      ['check-not-assessable:TECH-02'],
    ],
    ['a check never run', { findings: [] }, ['check-not-run:TECH-02']],
    [
      'evidence expiring soon',
      {
        evidence: [{ requirementId: 'ORG-01', evidenceId: 'e', title: 'Incident policy', freshness: 'expiring', expiresAt: '2027-01-01' }],
      },
      ['evidence-expiring:ORG-01'],
    ],
    ['an inferred SHOULD unanswered', { requirements: [ORG01, TECH02, INFERRED] }, ['unanswered:O365-03']],
    [
      'a SHOULD carried over and not re-confirmed',
      {
        requirements: [TECH03],
        responses: { 'TECH-03': met({ carriedOver: true }) },
        findings: [{ check: 'dns.spf', status: 'pass', summary: 'ok', observedAt: 'x' }],
      },
      ['carried-over:TECH-03'],
    ],
  ])('only warns on %s', (_label, over, expected) => {
    const r = evaluateReadiness(base(over));
    expect(kinds(r, 'warning')).toEqual(expected);
    expect(r.blockers).toEqual([]);
  });

  it('never asks for an answer to an INFO item and leaves it out of progress', () => {
    const r = evaluateReadiness(base({ requirements: [ORG01, TECH02, INFO] }));
    expect(r.ready).toBe(true);
    expect(r.sections.map((s) => [s.id, s.total])).toEqual([
      ['ORG', 1],
      ['TECH', 1],
    ]);
  });

  it('checks document details even on a SHOULD requirement that is claimed met', () => {
    const r = evaluateReadiness(
      base({
        requirements: [ORG02],
        responses: { 'ORG-02': met() },
        evidence: [{ requirementId: 'ORG-02', evidenceId: 'm', title: 'Mobile policy', kind: 'policy', freshness: 'current' }],
        findings: [{ check: 'mobile.compliance-policy', status: 'pass', summary: 'ok', observedAt: 'x' }],
      }),
    );
    expect(kinds(r, 'blocker')).toEqual(['document-missing:ORG-02']);
  });

  it('requires fields, conditionally required fields, and recent dates', () => {
    const r = evaluateReadiness(
      base({
        requirements: [ICT02, TECH08],
        responses: {
          'ICT-02': met({ fields: { tester: 'Acme Security', testDate: '2025-11-30' } }),
          'TECH-08': met({ fields: { processedOutsideUk: 'yes' } }),
        },
        evidence: [{ requirementId: 'ICT-02', evidenceId: 'p', title: 'Pen test summary', kind: 'pen-test', freshness: 'current' }],
      }),
    );
    expect(kinds(r, 'blocker')).toEqual(['date-too-old:ICT-02:testDate', 'field-missing:TECH-08:outsideUkWhere']);
    const ok = evaluateReadiness(
      base({
        requirements: [ICT02, TECH08],
        responses: {
          'ICT-02': met({ fields: { tester: 'Acme', testDate: '2025-12-01' } }),
          'TECH-08': met({ fields: { processedOutsideUk: 'no' } }),
        },
        evidence: [{ requirementId: 'ICT-02', evidenceId: 'p', title: 'Pen test summary', kind: 'pen-test', freshness: 'current' }],
      }),
    );
    expect(ok.blockers).toEqual([]);
  });

  it('reports one issue per failing finding, naming every requirement it feeds', () => {
    const ICT06 = req({ id: 'ICT-06', provenance: 'official', routes: ['o365'], checks: ['dns.dmarc'] });
    const r = evaluateReadiness(
      base({
        requirements: [TECH02, ICT06],
        responses: { 'TECH-02': met(), 'ICT-06': met() },
        findings: [
          { check: 'dns.dmarc', status: 'fail', summary: 'none', observedAt: 'x', target: 'a.org' },
          { check: 'dns.dmarc', status: 'fail', summary: 'none', observedAt: 'x', target: 'b.org' },
        ],
      }),
    );
    expect(r.blockers.map((b) => [b.target, b.requirementIds])).toEqual([
      ['a.org', ['TECH-02', 'ICT-06']],
      ['b.org', ['TECH-02', 'ICT-06']],
    ]);
  });

  it('computes progress per section', () => {
    const r = evaluateReadiness(
      base({
        requirements: [ORG01, ORG02, TECH02, TECH03],
        responses: { 'ORG-01': met({ document: fullDoc }), 'TECH-03': { result: 'not-applicable', naJustification: 'No outbound mail' } },
      }),
    );
    expect(r.sections).toEqual([
      { id: 'ORG', title: 'Organisation', total: 2, answered: 1, met: 1, percent: 50 },
      { id: 'TECH', title: 'Domain and transport', total: 2, answered: 1, met: 1, percent: 50 },
    ]);
    expect(r.percent).toBe(50);
  });
});

describe('fieldDateProblem', () => {
  const within: FieldDef = { key: 'd', label: 'Test date', type: 'date', required: true, maxAgeMonths: 12 };
  const expiry: FieldDef = { key: 'e', label: 'Expiry', type: 'date', required: true, notBeforeSubmission: true };
  it.each<[FieldDef, string, string | undefined]>([
    [within, '2025-12-01', undefined],
    [within, '2025-11-30', 'more than 12 calendar months'],
    [within, '2026-02-30', 'not a valid date'],
    [expiry, '2026-12-01', undefined],
    [expiry, '2026-11-30', 'before the planned submission'],
  ])('%j with %s', (f, v, problem) => {
    const p = fieldDateProblem(f, v, '2026-12-01');
    if (problem) expect(p).toContain(problem);
    else expect(p).toBeUndefined();
  });
});
