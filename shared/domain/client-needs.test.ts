import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENT_SUPPLIES, clientAnswers, clientNeeds, clientNeedsText, type ClientNeed } from './client-needs';
import { applicableRequirements, Catalogue } from './catalogue/schema';
import { evaluateReadiness, ISSUE_KINDS, type ReadinessInput, type ReadinessIssue, type ResponseState } from './readiness';

const catalogue = Catalogue.parse(JSON.parse(readFileSync(new URL('../../resources/catalogue/dcb1596.json', import.meta.url), 'utf8')));
const reqs = (route: ReadinessInput['route']) => applicableRequirements(catalogue, route);

const fullDoc = {
  title: 'Breach procedure',
  version: '2',
  date: '2026-09-01',
  approvedBy: 'Registered manager',
  approvalDate: '2026-09-05',
};

function input(over: Partial<ReadinessInput> = {}): ReadinessInput {
  return {
    requirements: reqs('o365'),
    responses: {},
    findings: [],
    evidence: [],
    signoffs: [],
    plannedSubmissionDate: '2026-12-20',
    route: 'o365',
    domains: ['meadowbank-care.co.uk'],
    runs: [],
    today: '2026-12-07',
    checkedOn: '2026-12-07',
    statement: { detailsSaved: false, sites: [] },
    ...over,
  };
}

const needsOf = (i: ReadinessInput) => clientNeeds(evaluateReadiness(i), i);
const find = (needs: ClientNeed[], id: string) => needs.find((n) => n.requirementId === id);

describe('who supplies what (CLIENT_SUPPLIES)', () => {
  it('decides every readiness issue kind', () => {
    expect(Object.keys(CLIENT_SUPPLIES).sort()).toEqual([...ISSUE_KINDS].sort());
  });

  const ORG01 = reqs('o365').find((r) => r.id === 'ORG-01')!;
  const TECH02 = reqs('o365').find((r) => r.id === 'TECH-02')!;
  const issue = (kind: ReadinessIssue['kind'], extra: Partial<ReadinessIssue> = {}): ReadinessIssue => ({
    kind,
    severity: 'blocker',
    requirementIds: ['ORG-01'],
    message: `ORG-01: something about ${kind}`,
    ...extra,
  });
  // [issue, requirement it names, on the client's list?, kind of ask]
  const rows: [string, ReadinessIssue, string, boolean, string?][] = [
    ['unanswered organisation item', issue('unanswered'), 'ORG-01', true, 'answer'],
    ['unanswered technical item', issue('unanswered', { requirementIds: ['TECH-02'] }), 'TECH-02', false],
    ['document details missing', issue('document-missing', { missing: ['document title', 'version'] }), 'ORG-01', true, 'document'],
    ['evidence file needed', issue('evidence-required', { missing: ['the breach procedure'] }), 'ORG-01', true, 'evidence'],
    ['evidence expired', issue('evidence-expired', { evidence: { title: 'Policy', expiresAt: '2026-11-01' } }), 'ORG-01', true, 'evidence'],
    ['evidence unreadable', issue('evidence-missing', { evidence: { title: 'Policy' } }), 'ORG-01', true, 'evidence'],
    [
      'evidence expiring (warning)',
      issue('evidence-expiring', { severity: 'warning', evidence: { title: 'P' } }),
      'ORG-01',
      true,
      'evidence',
    ],
    ['carried over', issue('carried-over'), 'ORG-01', true, 'answer'],
    ['not met', issue('not-met'), 'ORG-01', false],
    ['partially met', issue('partially-met'), 'ORG-01', false],
    ['N/A without reason', issue('na-unjustified'), 'ORG-01', false],
    ['failed check', issue('check-failed', { requirementIds: ['TECH-02'], check: 'dns.dmarc' }), 'TECH-02', false],
    ['check not run', issue('check-not-run', { requirementIds: ['TECH-02'], check: 'dns.dmarc' }), 'TECH-02', false],
    ['domain not checked', issue('probe-missing', { requirementIds: ['TECH-02'] }), 'TECH-02', false],
    ['sign-off missing', issue('signoff-missing', { requirementIds: [] }), '', false],
    ['gate on a probe finding', issue('gate', { requirementIds: ['O365-01'], check: 'exo.nhsmail-connector-tls' }), 'O365-01', false],
    ['statement contact', issue('statement-missing', { requirementIds: [], field: 'contact' }), '', true, 'detail'],
    ['statement details (ours)', issue('statement-missing', { requirementIds: [], field: 'details' }), '', false],
  ];
  it.each(rows)('%s', (_, i, reqId, included, askKind) => {
    const requirements = [ORG01, TECH02].filter((r) => r.id === reqId);
    const needs = clientNeeds({ blockers: [i], warnings: [] }, { requirements, responses: {} });
    expect(needs.length).toBe(included ? 1 : 0);
    if (included) expect(needs[0]!.asks[0]!.kind).toBe(askKind);
  });

  it('counts the organisation’s own declarations and documents as the client’s, probe-decided items as ours', () => {
    const ids = reqs('self-managed')
      .filter(clientAnswers)
      .map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['ELIG-01', 'ELIG-03', 'ORG-01', 'ORG-03', 'ORG-04', 'TECH-08', 'ICT-01', 'ICT-02']));
    for (const id of ['ELIG-05', 'ELIG-07', 'TECH-01', 'TECH-02', 'ICT-06']) expect(ids).not.toContain(id);
  });
});

describe('clientNeeds on the one readiness model', () => {
  it('a fresh Microsoft 365 client: organisation questions and documents, no technical items', () => {
    const needs = needsOf(input());
    const ids = needs.map((n) => n.requirementId);
    expect(ids).toEqual(expect.arrayContaining(['ELIG-01', 'ELIG-02', 'ELIG-03', 'ORG-01', 'ORG-04']));
    expect(ids).not.toContain('TECH-02');
    expect(ids).not.toContain('O365-01');
    expect(ids).not.toContain('ELIG-05');
    // ORG-01 needs an answer and its document file (readiness asks for the file even before an answer).
    expect(find(needs, 'ORG-01')!.asks.map((a) => a.kind)).toEqual(['answer', 'evidence']);
    // The contact comes from the statement gates.
    expect(needs.some((n) => n.topic === 'Contact for the NHS secure email team')).toBe(true);
    // Required items first.
    const firstOptional = needs.findIndex((n) => !n.required);
    if (firstOptional >= 0) expect(needs.slice(firstOptional).every((n) => !n.required)).toBe(true);
  });

  const cases: [string, Record<string, ResponseState>, ReadinessInput['evidence'], (n: ClientNeed | undefined) => void][] = [
    [
      'a met document without details asks for exactly the missing ones',
      { 'ORG-01': { result: 'met', document: { title: 'Breach procedure', version: '2' } } },
      [],
      (n) => {
        expect(n!.asks[0]).toEqual({ kind: 'document', text: 'The document’s date, approved by (role) and approval date.' });
        expect(n!.asks[1]).toEqual({ kind: 'evidence', text: 'A copy of the breach notification procedure.' });
      },
    ],
    [
      'a complete document with its file is off the list',
      { 'ORG-01': { result: 'met', document: fullDoc } },
      [{ requirementId: 'ORG-01', evidenceId: 'e1', title: 'Breach procedure', kind: 'procedure', freshness: 'current' }],
      (n) => expect(n).toBeUndefined(),
    ],
    [
      'an expired file asks for the current version with its date in words',
      { 'ORG-01': { result: 'met', document: fullDoc } },
      [
        {
          requirementId: 'ORG-01',
          evidenceId: 'e1',
          title: 'Breach procedure',
          kind: 'procedure',
          freshness: 'expired',
          expiresAt: '2026-11-30',
        },
      ],
      (n) =>
        expect(n!.asks).toEqual([
          { kind: 'evidence', text: 'The current version of “Breach procedure”: our copy expired on 30 November 2026.' },
        ]),
    ],
    [
      'a not-applicable document is off the list',
      { 'ORG-01': { result: 'not-applicable', naJustification: 'We never handle patient data by email' } },
      [],
      (n) => expect(n).toBeUndefined(),
    ],
  ];
  it.each(cases)('%s', (_, responses, evidence, expectNeed) => {
    expectNeed(find(needsOf(input({ responses, evidence })), 'ORG-01'));
  });

  it('asks for the DSPT facts by their labels, and words a stale date without keys', () => {
    const missing = find(needsOf(input({ responses: { 'ELIG-03': { result: 'met', fields: {} } } })), 'ELIG-03')!;
    expect(missing.asks.map((a) => a.text)).toEqual(expect.arrayContaining(['DSPT status.', 'Publication date.']));
    const stale = find(
      needsOf(
        input({ responses: { 'ELIG-03': { result: 'met', fields: { dsptStatus: 'Standards Met', dsptPublishedAt: '2025-06-30' } } } }),
      ),
      'ELIG-03',
    )!;
    const text = stale.asks.map((a) => a.text).join(' ');
    expect(text).toContain('30 June 2025');
    expect(text).not.toMatch(/ELIG-03|dsptPublishedAt|\d{4}-\d{2}-\d{2}/);
  });

  it('self-managed: the ISO 27001 certificate and the pen test come from the client', () => {
    const needs = needsOf(input({ route: 'self-managed', requirements: reqs('self-managed') }));
    expect(find(needs, 'ICT-01')).toBeDefined();
    expect(find(needs, 'ICT-02')).toBeDefined();
    expect(find(needs, 'ICT-06')).toBeUndefined();
  });
});

describe('clientNeedsText', () => {
  const header = { clientName: 'Meadowbank Care Ltd', cycle: 2026, plannedSubmissionDate: '2026-12-20', asOf: '2026-12-07' };
  it('numbers each item under required and recommended, with no internal keys', () => {
    const i = input();
    const text = clientNeedsText(header, needsOf(i));
    expect(text).toContain('What we still need from you — Meadowbank Care Ltd');
    expect(text).toContain('Planned submission: 20 December 2026');
    expect(text).toMatch(/Needed before we can submit:\n\n1\. /);
    expect(text).not.toMatch(/document\.|dspt[A-Z]|statement-missing|evidence-required|undefined/);
  });
  it('says so when nothing is needed', () => {
    expect(clientNeedsText(header, [])).toContain('Nothing: we have everything we need from you for now.');
  });
});
