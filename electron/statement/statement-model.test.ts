import { describe, expect, it } from 'vitest';
import { encodePng, sampleStatement, sampleStatementInput } from '../../test/support/sample-statement';
import { StatementModel, finalStatementIssues, parseStatementModel, type StatementModelInput } from './statement-model';

type Edit = (m: StatementModelInput) => void;

const png = (w: number, h: number) => encodePng(w, h, Buffer.alloc((w * 4 + 1) * h));

function issuesAfter(edit: Edit): string[] {
  const input = sampleStatementInput();
  edit(input);
  const r = parseStatementModel(input);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('StatementModel validation', () => {
  it('accepts the sample for both routes', () => {
    expect(parseStatementModel(sampleStatementInput()).ok).toBe(true);
    expect(parseStatementModel(sampleStatementInput({ route: 'self-managed' })).ok).toBe(true);
  });

  it.each<[string, Edit, RegExp]>([
    [
      'N/A without a reason',
      (m) => (m.requirements.find((r) => r.result === 'not-applicable')!.naJustification = ''),
      /naJustification: Say why/,
    ],
    ['self-managed without the ICT provider', (m) => (m.organisation.route = 'self-managed'), /ictProvider: The self-managed route needs/],
    ['a duplicate requirement ID', (m) => m.requirements.push({ ...m.requirements[0]! }), /ELIG-01 appears twice/],
    ['a malformed requirement ID', (m) => (m.requirements[0]!.id = 'org 1'), /Requirement IDs look like ORG-01/],
    ['an invalid ODS code', (m) => (m.organisation.odsCode = 'A!'), /odsCode: Not a valid ODS code/],
    ['no domains', (m) => (m.organisation.domains = []), /At least one email domain/],
    ['outside-UK processing without where', (m) => (m.dataLocation = { processedOutsideUk: true }), /dataLocation.where: Say where/],
    ['a bad evidence hash', (m) => (m.requirements[2]!.evidence![0]!.sha256 = 'abc'), /sha256: Expected a lowercase SHA-256/],
    ['a sign-off without a name', (m) => (m.signOffs.ictExpert!.name = '  '), /signOffs.ictExpert.name: Name is required/],
    [
      'a sign-off without an email',
      (m) => (m.signOffs.clinicalSafetyExpert!.email = 'helen'),
      /clinicalSafetyExpert.email: Enter an email address/,
    ],
    ['a sign-off without a role', (m) => (m.signOffs.clinicalSafetyExpert!.role = ''), /clinicalSafetyExpert.role: Role is required/],
    [
      'a signature image that is not a PNG',
      (m) => (m.signOffs.ictExpert!.signature = { kind: 'image', png: new Uint8Array([1, 2, 3, 4]) }),
      /must be a PNG/,
    ],
    [
      'a signature image with a huge canvas',
      (m) => (m.signOffs.ictExpert!.signature = { kind: 'image', png: png(5000, 1) }),
      /at most 4096 pixels/,
    ],
    ['an unknown check ID', (m) => (m.requirements[6]!.checks = [{ check: 'dns.nope', status: 'pass' }]), /Unknown check ID/],
    ['an unknown field', (m) => ((m.organisation as Record<string, unknown>).ceo = 'x'), /Unrecognized key/],
  ])('rejects %s', (_label, edit, message) => {
    expect(issuesAfter(edit).join('\n')).toMatch(message);
  });

  it('accepts a small drawn signature PNG', () => {
    expect(issuesAfter((m) => (m.signOffs.ictExpert!.signature = { kind: 'image', png: png(300, 80) }))).toEqual([]);
  });
});

describe('finalStatementIssues', () => {
  const issues = (edit: Edit, route: 'o365' | 'self-managed' = 'o365') => {
    const input = sampleStatementInput({ route });
    edit(input);
    return finalStatementIssues(StatementModel.parse(input)).map((i) => i.message);
  };

  it('is empty for a complete, signed statement', () => {
    expect(finalStatementIssues(sampleStatement())).toEqual([]);
    expect(finalStatementIssues(sampleStatement({ route: 'self-managed' }))).toEqual([]);
  });

  it.each<[string, Edit, RegExp]>([
    ['no ICT sign-off', (m) => delete m.signOffs.ictExpert, /ict expert has not signed off/],
    ['no clinical safety sign-off', (m) => delete m.signOffs.clinicalSafetyExpert, /clinical safety expert has not signed off/],
    [
      'what the readiness model still finds blocking',
      (m) =>
        (m.outstanding = [
          'ICT-02: The penetration test / ITHC (2025-02-28) is more than 12 calendar months before the planned submission',
        ]),
      /ICT-02: The penetration test/,
    ],
  ])('reports %s', (_l, edit, message) => {
    expect(issues(edit).join('\n')).toMatch(message);
  });

  // The NHS gates (DSPT, pen test, ISO 27001 on the one calendar-month rule, probes, evidence) are decided once,
  // in shared/domain/readiness.ts and its table tests; the report must not judge them a second time on other
  // inputs (it used to count 365 × 24 h from the sign-off instant, and disagreed with sign-off).
  it('judges no date itself: an old pen test or an expired certificate in the model is the readiness model’s call', () => {
    const input = sampleStatementInput({ route: 'self-managed' });
    input.ictProvider!.penTest.testedOn = '2020-01-01';
    input.ictProvider!.iso27001.expiresOn = '2021-01-01';
    input.requirements[0]!.result = 'not-assessed';
    expect(finalStatementIssues(StatementModel.parse(input))).toEqual([]);
  });

  it('does not ask for documents on requirements that do not apply', () => {
    expect(
      issues((m) => {
        const r = m.requirements[2]!;
        delete r.document;
        r.result = 'not-applicable';
        r.naJustification = 'Handled by the care group';
      }),
    ).toEqual([]);
  });
});
