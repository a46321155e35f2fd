import { describe, expect, it } from 'vitest';
import { diffCycles, isEmptyDiff, type CycleSnapshot } from './cycle-diff';

const base = (over: Partial<CycleSnapshot> = {}): CycleSnapshot => ({
  cycle: 2025,
  requirements: [
    { id: 'ORG-01', title: 'Breach notification' },
    { id: 'TECH-02', title: 'DMARC' },
    { id: 'ICT-02', title: 'Pen test' },
  ],
  responses: [
    { requirementId: 'ORG-01', result: 'met', document: { title: 'Incident procedure', version: '2.0', date: '2025-01-10' } },
    { requirementId: 'TECH-02', result: 'partially-met' },
    { requirementId: 'ICT-02', result: 'met', fields: { tester: 'Acme', testDate: '2025-02-01' } },
  ],
  findings: [
    {
      check: 'dns.dmarc',
      target: 'x.org',
      status: 'pass',
      summary: 'DMARC policy is quarantine',
      data: { policy: 'quarantine' },
      observedAt: '2025-03-01T00:00:00Z',
    },
    {
      check: 'mfa.registration',
      target: 'tenant',
      status: 'warn',
      summary: '92% registered',
      data: { coverage: 0.92 },
      observedAt: '2025-03-01T00:00:00Z',
    },
    { check: 'dns.spf', target: 'x.org', status: 'pass', summary: 'ok', observedAt: '2025-03-01T00:00:00Z' },
  ],
  evidence: [
    { evidenceId: 'e1', title: 'Pen test 2025', kind: 'pen-test', freshness: 'current' },
    { evidenceId: 'e2', title: 'Email policy', kind: 'policy', freshness: 'current' },
  ],
  ...over,
});

describe('diffCycles', () => {
  it('finds nothing between identical cycles', () => {
    expect(isEmptyDiff(diffCycles(base(), { ...base(), cycle: 2026 }))).toBe(true);
  });

  it('reports answers, document versions, details, findings and evidence that changed', () => {
    const prev = base();
    const next = base({
      cycle: 2026,
      requirements: [...prev.requirements.filter((r) => r.id !== 'ICT-02'), { id: 'TECH-05', title: 'MTA-STS' }],
      responses: [
        { requirementId: 'ORG-01', result: 'met', document: { title: 'Incident procedure', version: '3.0', date: '2026-01-12' } },
        { requirementId: 'TECH-02', result: 'met' },
      ],
      findings: [
        {
          check: 'dns.dmarc',
          target: 'x.org',
          status: 'pass',
          summary: 'DMARC policy is reject',
          data: { policy: 'reject' },
          observedAt: '2026-03-01T00:00:00Z',
        },
        {
          check: 'mfa.registration',
          target: 'tenant',
          status: 'pass',
          summary: '99% registered',
          data: { coverage: 0.99 },
          observedAt: '2026-03-01T00:00:00Z',
        },
        { check: 'dns.spf', target: 'x.org', status: 'fail', summary: 'two records', observedAt: '2026-03-01T00:00:00Z' },
        { check: 'dns.mta-sts', target: 'x.org', status: 'warn', summary: 'testing mode', observedAt: '2026-03-01T00:00:00Z' },
      ],
      evidence: [
        { evidenceId: 'e2', title: 'Email policy', kind: 'policy', freshness: 'expired', expiresAt: '2026-01-01' },
        { evidenceId: 'e3', title: 'Pen test 2026', kind: 'pen-test', freshness: 'current' },
      ],
    });
    const d = diffCycles(prev, next);
    expect(d.requirementsAdded).toEqual([{ id: 'TECH-05', title: 'MTA-STS' }]);
    expect(d.requirementsRemoved).toEqual([{ id: 'ICT-02', title: 'Pen test' }]);
    expect(d.answers).toEqual([{ requirementId: 'TECH-02', title: 'DMARC', from: 'partially-met', to: 'met' }]);
    expect(d.documents.map((x) => [x.field, x.from, x.to])).toEqual([
      ['Document version', '2.0', '3.0'],
      ['Document date', '2025-01-10', '2026-01-12'],
    ]);
    expect(d.findings.map((f) => [f.check, f.from, f.to, f.data])).toEqual([
      ['dns.dmarc', 'pass', 'pass', [{ key: 'policy', from: 'quarantine', to: 'reject' }]],
      ['dns.mta-sts', undefined, 'warn', []],
      ['dns.spf', 'pass', 'fail', []],
      ['mfa.registration', 'warn', 'pass', [{ key: 'coverage', from: 0.92, to: 0.99 }]],
    ]);
    expect(d.evidenceAdded.map((e) => e.evidenceId)).toEqual(['e3']);
    expect(d.evidenceRemoved.map((e) => e.evidenceId)).toEqual(['e1']);
    expect(d.evidenceExpired.map((e) => e.evidenceId)).toEqual(['e2']);
  });

  it('tells a check run in one cycle only by its status, not by facts moving from or to nothing', () => {
    const prev = base();
    const next = base({ cycle: 2026, findings: base().findings.filter((f) => f.check !== 'dns.dmarc') });
    const change = diffCycles(prev, next).findings.find((f) => f.check === 'dns.dmarc');
    expect(change).toMatchObject({ from: 'pass', to: undefined, fromSummary: 'DMARC policy is quarantine' });
    expect(change?.data).toEqual([]);
  });

  it('treats a missing answer as not assessed', () => {
    const d = diffCycles(base(), base({ cycle: 2026, responses: [] }));
    expect(d.answers.map((a) => [a.requirementId, a.to])).toEqual([
      ['ORG-01', 'not-assessed'],
      ['TECH-02', 'not-assessed'],
      ['ICT-02', 'not-assessed'],
    ]);
  });
});
