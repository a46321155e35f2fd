import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applicableRequirements, Catalogue, Requirement, type RequirementInput } from './catalogue/schema';
import { PROPOSAL_BY_STATUS, decidableByFindings, proposeAnswer, proposals, type ProposalFinding } from './proposals';
import type { CheckStatus } from '../contract/findings';

const req = (over: Partial<RequirementInput> & { id: string }): Requirement =>
  Requirement.parse({
    title: over.id,
    wording: 'w',
    guidance: 'g',
    obligation: 'SHOULD',
    routes: ['o365'],
    asserts: ['ict-expert'],
    provenance: 'nhs',
    ...over,
  });

// TECH-01: two checks behind it, both must have findings.
const TECH01 = req({ id: 'TECH-01', checks: ['smtp.starttls', 'smtp.tls-version'] });
const f = (check: string, status: CheckStatus, over: Partial<ProposalFinding> = {}): ProposalFinding => ({
  runId: 'run-domain-1',
  kind: 'domain',
  check,
  status,
  observedAt: '2026-12-03T10:00:00Z',
  ...over,
});

describe('which finding statuses propose which answer', () => {
  it('maps every status', () => {
    expect(PROPOSAL_BY_STATUS).toEqual({ pass: 'met', warn: 'partially-met', fail: 'not-met', 'not-assessable': undefined });
  });

  // [case, statuses of the two checks (undefined: no finding), proposed answer]
  const rows: [string, (CheckStatus | undefined)[], string | undefined][] = [
    ['both pass', ['pass', 'pass'], 'met'],
    ['one warns', ['pass', 'warn'], 'partially-met'],
    ['one fails', ['pass', 'fail'], 'not-met'],
    ['fail beats warn', ['warn', 'fail'], 'not-met'],
    ['one not assessable: no proposal', ['pass', 'not-assessable'], undefined],
    ['not assessable even beside a failure', ['fail', 'not-assessable'], undefined],
    ['one check never run: no proposal', ['pass', undefined], undefined],
    ['nothing run: no proposal', [undefined, undefined], undefined],
  ];
  it.each(rows)('%s', (_, statuses, expected) => {
    const findings = statuses.flatMap((s, i) => (s ? [f(TECH01.checks[i]!, s)] : []));
    expect(proposeAnswer(TECH01, findings)?.result).toBe(expected);
  });

  it('a status on every MX host counts: one failing host makes the requirement not met', () => {
    const findings = [f('smtp.starttls', 'pass'), f('smtp.starttls', 'fail'), f('smtp.tls-version', 'pass')];
    expect(proposeAnswer(TECH01, findings)?.result).toBe('not-met');
  });
});

describe('what a proposal may decide, and when', () => {
  const passing = [f('smtp.starttls', 'pass'), f('smtp.tls-version', 'pass')];
  const rows: [string, Requirement, Parameters<typeof proposeAnswer>[2], boolean][] = [
    ['unanswered', TECH01, undefined, true],
    ['explicitly not assessed', TECH01, { result: 'not-assessed' }, true],
    ['carried over from last year', TECH01, { result: 'met', carriedOver: true }, true],
    ['already answered', TECH01, { result: 'partially-met' }, false],
    ['marked not applicable', TECH01, { result: 'not-applicable', naJustification: 'x' }, false],
    ['needs a document', req({ id: 'ORG-02', checks: ['smtp.starttls'], documentReference: true }), undefined, false],
    [
      'needs a required field',
      req({ id: 'O365-08', checks: ['smtp.starttls'], fields: [{ key: 'days', label: 'Days', type: 'text', required: true }] }),
      undefined,
      false,
    ],
    ['only an advisory check', req({ id: 'O365-13', checks: ['secure-score'] }), undefined, false],
    ['information only', req({ id: 'TECH-06', obligation: 'INFO', checks: ['smtp.starttls'] }), undefined, false],
  ];
  it.each(rows)('%s', (_, r, response, proposes) => {
    const found = [...passing, f('secure-score', 'pass')];
    expect(proposeAnswer(r, found, response) !== undefined).toBe(proposes);
  });

  it('names the runs it comes from, newest first', () => {
    const O36506 = req({ id: 'O365-06', checks: ['exo.dkim-signing', 'dns.dkim'] });
    const p = proposeAnswer(O36506, [
      f('dns.dkim', 'pass', { runId: 'd1', observedAt: '2026-12-01T09:00:00Z' }),
      f('exo.dkim-signing', 'pass', { runId: 't1', kind: 'tenant', observedAt: '2026-12-03T10:00:00Z' }),
    ])!;
    expect(p.runs.map((r) => r.runId)).toEqual(['t1', 'd1']);
    expect(p.source).toBe('the tenant probe of 3 December 2026 and the mail-domain check of 1 December 2026');
  });

  it('the built-in catalogue: technical items are decidable, organisation items never', () => {
    const cat = Catalogue.parse(JSON.parse(readFileSync(new URL('../../resources/catalogue/dcb1596.json', import.meta.url), 'utf8')));
    const ids = applicableRequirements(cat, 'o365')
      .filter(decidableByFindings)
      .map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['TECH-01', 'TECH-02', 'TECH-03', 'O365-03', 'O365-12']));
    for (const id of ['ELIG-01', 'ORG-01', 'ORG-02', 'ORG-04', 'O365-01', 'O365-13']) expect(ids).not.toContain(id);
    expect(proposals(applicableRequirements(cat, 'o365'), [], {})).toEqual([]);
  });
});
