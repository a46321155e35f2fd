import { describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/contract/findings';
import { diffFindings, YearOnYear, type YearOnYearChange } from './year-on-year';

const f = (check: Finding['check'], status: Finding['status'], summary = `${check} ${status}`): Finding =>
  status === 'not-assessable' ? { check, status, reason: 'unreachable', summary } : { check, status, summary };

describe('diffFindings', () => {
  it.each<[string, Finding | undefined, Finding | undefined, YearOnYearChange]>([
    ['fail → pass', f('dns.dmarc', 'fail'), f('dns.dmarc', 'pass'), 'improved'],
    ['warn → pass', f('dns.dmarc', 'warn'), f('dns.dmarc', 'pass'), 'improved'],
    ['pass → warn', f('dns.dmarc', 'pass'), f('dns.dmarc', 'warn'), 'regressed'],
    ['pass → fail', f('dns.dmarc', 'pass'), f('dns.dmarc', 'fail'), 'regressed'],
    ['pass → pass', f('dns.dmarc', 'pass'), f('dns.dmarc', 'pass'), 'unchanged'],
    ['fail → not assessable', f('dns.dmarc', 'fail'), f('dns.dmarc', 'not-assessable'), 'unchanged'],
    ['not assessable → pass', f('dns.dmarc', 'not-assessable'), f('dns.dmarc', 'pass'), 'unchanged'],
    ['only this year', undefined, f('dns.dmarc', 'pass'), 'new'],
    ['only last year', f('dns.dmarc', 'pass'), undefined, 'removed'],
  ])('%s is %s', (_l, before, after, change) => {
    const run = (x: Finding | undefined) => [{ target: 'a.org', findings: x ? [x] : [] }];
    const y = diffFindings(run(before), run(after), '2025');
    expect(y.rows).toHaveLength(1);
    const row = y.rows[0]!;
    expect([row.check, row.target, row.change, row.previous, row.current]).toEqual([
      'dns.dmarc',
      'a.org',
      change,
      before?.status,
      after?.status,
    ]);
  });

  it('matches by check and target, keeps a note when the wording changed, and yields a valid page model', () => {
    const y = diffFindings(
      [
        {
          target: 'a.org',
          findings: [f('dns.dmarc', 'fail', 'DMARC policy is none'), { ...f('smtp.starttls', 'pass'), target: 'mx1.a.org' }],
        },
      ],
      [
        { target: 'a.org', findings: [f('dns.dmarc', 'pass', 'DMARC policy is reject')] },
        { target: 'b.org', findings: [f('dns.dmarc', 'fail')] },
      ],
      '2025',
      '2025-03-01T10:00:00Z',
    );
    expect(y.rows.map((r) => [r.check, r.target, r.change])).toEqual([
      ['dns.dmarc', 'a.org', 'improved'],
      ['dns.dmarc', 'b.org', 'new'],
      ['smtp.starttls', 'mx1.a.org', 'removed'],
    ]);
    expect(y.rows[0]!.note).toBe('DMARC policy is none → DMARC policy is reject');
    expect(YearOnYear.safeParse(y).success).toBe(true);
  });
});
