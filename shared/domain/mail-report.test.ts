import { describe, expect, it } from 'vitest';
import { checkNotice, countFindings, groupFindings, TECH_REQUIREMENT_OF_CHECK, worstStatus } from './mail-report';
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

describe('the notice after a check run', () => {
  const c = (pass: number, warn: number, fail: number, notAssessable: number) => ({ counts: { pass, warn, fail, notAssessable } });
  it.each<[string, Parameters<typeof checkNotice>[0], string, RegExp, string]>([
    ['all graded, none failing', [c(10, 1, 0, 0)], 'success', /^No failing checks\.$/, 'Checked 1 domain'],
    ['failures', [c(8, 0, 2, 1)], 'warning', /2 checks failing.*1 check could not be assessed/, 'Checked 1 domain'],
    ['nothing graded', [c(0, 0, 0, 11)], 'warning', /None of the 11 checks could be assessed/, 'Checked 1 domain'],
    [
      'some not assessed, none failing',
      [c(7, 0, 0, 4), c(11, 0, 0, 0)],
      'warning',
      /No failing checks, but 4 checks could not be assessed/,
      'Checked 2 domains',
    ],
    [
      "the network's DNS failed",
      [{ ...c(0, 0, 0, 11), network: { summary: "The network's DNS is unreliable" } }],
      'error',
      /DNS is unreliable\. Nothing was kept as evidence\./,
      'Could not check 1 domain',
    ],
  ])('%s', (_name, results, intent, body, title) => {
    const n = checkNotice(results);
    expect(n).toEqual({ intent, title, body: expect.stringMatching(body) });
  });

  it('never says "No failing checks" with success unless every check was graded', () => {
    for (const na of [1, 5, 11]) expect(checkNotice([c(0, 0, 0, na)]).intent).not.toBe('success');
  });
});
