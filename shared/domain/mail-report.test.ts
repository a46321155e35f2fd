import { describe, expect, it } from 'vitest';
import { countFindings, groupFindings, TECH_REQUIREMENT_OF_CHECK, worstStatus } from './mail-report';
import { CHECKS } from './checks';

const f = (check: string, status: 'pass' | 'warn' | 'fail' | 'not-assessable', target?: string) => ({ check, status, target });

describe('mail report helpers', () => {
  it('counts findings by status', () => {
    expect(countFindings([f('dns.mx', 'pass'), f('dns.spf', 'fail'), f('dns.dmarc', 'fail'), f('smtp.cipher', 'not-assessable')])).toEqual({
      pass: 1,
      warn: 0,
      fail: 2,
      notAssessable: 1,
    });
  });

  it.each([
    [[f('a', 'pass'), f('b', 'warn')], 'warn'],
    [[f('a', 'not-assessable'), f('b', 'pass')], 'not-assessable'],
    [[f('a', 'warn'), f('b', 'fail')], 'fail'],
    [[], undefined],
  ])('the worst of %j is %s', (list, worst) => {
    expect(worstStatus(list as never)).toBe(worst);
  });

  it('keeps DNS records apart from each mail server, in order', () => {
    const g = groupFindings([
      f('dns.mx', 'pass'),
      f('smtp.starttls', 'pass', 'mx1'),
      f('smtp.cipher', 'pass', 'mx1'),
      f('smtp.starttls', 'fail', 'mx2'),
      f('dns.spf', 'pass'),
    ]);
    expect(g.records.map((x) => x.check)).toEqual(['dns.mx', 'dns.spf']);
    expect(g.servers.map((s) => [s.host, s.findings.length])).toEqual([
      ['mx1', 2],
      ['mx2', 1],
    ]);
  });

  it('maps only known checks to requirements', () => {
    for (const check of Object.keys(TECH_REQUIREMENT_OF_CHECK)) expect(check in CHECKS).toBe(true);
  });
});
