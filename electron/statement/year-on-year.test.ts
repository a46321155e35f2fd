import { describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/contract/findings';
import { diffFindings, YearOnYear, type YearOnYearChange } from './year-on-year';

const f = (check: Finding['check'], status: Finding['status'], summary = `${check} ${status}`, target?: string): Finding => ({
  ...(status === 'not-assessable' ? { check, status, reason: 'unreachable' as const, summary } : { check, status, summary }),
  ...(target ? { target } : {}),
});
const run = (target: string, findings: Finding[], kind: 'domain' | 'tenant' = 'domain') => ({ kind, target, findings });

describe('diffFindings', () => {
  it.each<[string, Finding | undefined, Finding | undefined, YearOnYearChange]>([
    ['fail → pass', f('dns.dmarc', 'fail'), f('dns.dmarc', 'pass'), 'improved'],
    ['warn → pass', f('dns.dmarc', 'warn'), f('dns.dmarc', 'pass'), 'improved'],
    ['pass → warn', f('dns.dmarc', 'pass'), f('dns.dmarc', 'warn'), 'regressed'],
    ['pass → fail', f('dns.dmarc', 'pass'), f('dns.dmarc', 'fail'), 'regressed'],
    ['pass → pass', f('dns.dmarc', 'pass'), f('dns.dmarc', 'pass'), 'unchanged'],
    ['fail → not assessable', f('dns.dmarc', 'fail'), f('dns.dmarc', 'not-assessable'), 'not-comparable'],
    ['pass → not assessable', f('dns.dmarc', 'pass'), f('dns.dmarc', 'not-assessable'), 'not-comparable'],
    ['not assessable → pass', f('dns.dmarc', 'not-assessable'), f('dns.dmarc', 'pass'), 'not-comparable'],
    ['not assessable → not assessable', f('dns.dmarc', 'not-assessable'), f('dns.dmarc', 'not-assessable'), 'unchanged'],
    ['renamed target, pass → fail', f('dns.dmarc', 'pass', 'ok', '_dmarc.a.org'), f('dns.dmarc', 'fail', 'none', 'a.org'), 'regressed'],
    ['renamed target, fail → pass', f('dns.dmarc', 'fail', 'none', 'a.org'), f('dns.dmarc', 'pass', 'ok', '_dmarc.A.org.'), 'improved'],
    [
      'renamed DKIM target',
      f('dns.dkim', 'pass', 'k', 'selector1._domainkey.a.org'),
      f('dns.dkim', 'pass', 'k', '_domainkey.a.org'),
      'unchanged',
    ],
    ['only this year', undefined, f('dns.dmarc', 'pass'), 'new'],
    ['only last year', f('dns.dmarc', 'pass'), undefined, 'removed'],
  ])('%s is %s', (_l, before, after, change) => {
    const y = diffFindings([run('a.org', before ? [before] : [])], [run('a.org', after ? [after] : [])], '2025');
    expect(y.rows).toHaveLength(1);
    const row = y.rows[0]!;
    expect([row.check, row.target, row.area, row.change, row.previous, row.current]).toEqual([
      before?.check ?? after?.check,
      'a.org',
      { kind: 'domain', name: 'a.org' },
      change,
      before?.status,
      after?.status,
    ]);
  });

  it('keeps one row per MX host and per tenant, and the same check on a domain and a tenant apart', () => {
    const y = diffFindings(
      [run('a.org', [f('smtp.starttls', 'pass', 's', 'mx1.a.org'), f('smtp.starttls', 'pass', 's', 'mx2.a.org')])],
      [run('a.org', [f('smtp.starttls', 'pass', 's', 'MX1.a.org.'), f('smtp.starttls', 'fail', 's', 'mx2.a.org')])],
      '2025',
    );
    expect(y.rows.map((r) => [r.target, r.change])).toEqual([
      ['mx2.a.org', 'regressed'],
      ['mx1.a.org', 'unchanged'],
    ]);
  });

  it('groups by domain and tenant with the areas holding regressions first, regressions first within each', () => {
    const y = diffFindings(
      [
        run('a.org', [f('dns.dmarc', 'fail', 'DMARC policy is none'), f('smtp.starttls', 'pass', 's', 'mx1.a.org')]),
        run('b.org', [f('dns.spf', 'pass'), f('dns.dmarc', 'pass')]),
        run('contoso.onmicrosoft.com', [f('mfa.enforced', 'pass')], 'tenant'),
      ],
      [
        run('a.org', [f('dns.dmarc', 'pass', 'DMARC policy is reject')]),
        run('b.org', [f('dns.spf', 'pass'), f('dns.dmarc', 'fail')]),
        run('contoso.onmicrosoft.com', [f('mfa.enforced', 'not-assessable')], 'tenant'),
      ],
      '2025',
      '2025-03-01T10:00:00Z',
    );
    expect(y.rows.map((r) => [r.area.name, r.check, r.change])).toEqual([
      ['b.org', 'dns.dmarc', 'regressed'],
      ['b.org', 'dns.spf', 'unchanged'],
      ['contoso.onmicrosoft.com', 'mfa.enforced', 'not-comparable'],
      ['a.org', 'smtp.starttls', 'removed'],
      ['a.org', 'dns.dmarc', 'improved'],
    ]);
    expect(y.rows.find((r) => r.check === 'dns.dmarc' && r.area.name === 'a.org')!.note).toBe(
      'DMARC policy is none → DMARC policy is reject',
    );
    expect(YearOnYear.safeParse(y).success).toBe(true);
  });
});
