import { describe, expect, it } from 'vitest';
import type { DmarcFacts, RuaFacts } from '../../probes/dns/dmarc';
import { effectivePolicy, gradeDmarc, withPolicy } from './dmarc-rules';
import type { GradeContext } from './context';

const ctx: GradeContext = {
  domain: 'care.test',
  provider: 'other',
  mxHosts: [],
  mtaStsEnforce: false,
  now: new Date('2026-11-23T09:00:00Z'),
  dnsServers: ['1.1.1.1'],
};
const rua: RuaFacts = {
  uri: 'mailto:d@care.test',
  valid: true,
  scheme: 'mailto',
  address: 'd@care.test',
  domain: 'care.test',
  external: false,
  mxOutcome: 'answer',
};

function facts(record: string | undefined, over: Partial<DmarcFacts> = {}): DmarcFacts {
  const tags: Record<string, string | number> = {};
  for (const part of (record ?? '').split(';')) {
    const [k, v] = part.split('=').map((x) => x?.trim());
    if (k && v !== undefined) tags[k] = k === 'pct' ? Number(v) : v;
  }
  return {
    domain: 'care.test',
    pslOrgDomain: 'care.test',
    treeWalkOrgDomain: 'care.test',
    lookups: record ? [{ name: '_dmarc.care.test', outcome: 'answer', dmarcRecords: [record], otherRecords: [] }] : [],
    policyDomain: record ? 'care.test' : undefined,
    inherited: false,
    record,
    tags: record ? tags : undefined,
    unknownTags: [],
    parseWarnings: [],
    rua: record && /rua=/.test(record) ? [rua] : [],
    ...over,
  };
}

describe('DMARC grading', () => {
  it.each<[string, string | undefined, Partial<DmarcFacts>, string, RegExp]>([
    ['reject passes', 'v=DMARC1; p=reject; rua=mailto:d@care.test', {}, 'pass', /reject/],
    [
      'quarantine passes, asking for the reject timeline',
      'v=DMARC1; p=quarantine; rua=mailto:d@care.test',
      {},
      'pass',
      /quarantine \(record the timeline/,
    ],
    ['none fails', 'v=DMARC1; p=none; rua=mailto:d@care.test', {}, 'fail', /policy is none/],
    ['missing fails', undefined, {}, 'fail', /No DMARC record/],
    ['quarantine in test mode fails', 'v=DMARC1; p=quarantine; t=y; rua=mailto:d@care.test', {}, 'fail', /t=y/],
    ['reject in test mode warns', 'v=DMARC1; p=reject; t=y; rua=mailto:d@care.test', {}, 'warn', /t=y/],
    ['sp=none warns', 'v=DMARC1; p=reject; sp=none; rua=mailto:d@care.test', {}, 'warn', /sp=none/],
    ['pct<100 warns', 'v=DMARC1; p=reject; pct=50; rua=mailto:d@care.test', {}, 'warn', /pct=50/],
    ['no rua warns', 'v=DMARC1; p=reject', {}, 'warn', /No rua=/],
    ['unknown tags warn', 'v=DMARC1; p=reject; rua=mailto:d@care.test; foo=bar', { unknownTags: ['foo'] }, 'warn', /Unknown tag foo/],
    [
      'an inherited sp=none fails for the subdomain',
      'v=DMARC1; p=reject; sp=none; rua=mailto:d@care.test',
      { inherited: true, domain: 'mail.care.test', policyDomain: 'care.test' },
      'fail',
      /policy is none.*sp=none/,
    ],
    ['no valid p and no rua is ignored by receivers', 'v=DMARC1; p=maybe', {}, 'fail', /no valid p= tag/],
    [
      'an unauthorised external rua warns',
      'v=DMARC1; p=reject; rua=mailto:x@reports.example',
      {
        rua: [
          {
            ...rua,
            uri: 'mailto:x@reports.example',
            address: 'x@reports.example',
            domain: 'reports.example',
            external: true,
            authorisation: 'missing',
            authorisationName: 'care.test._report._dmarc.reports.example',
          },
        ],
      },
      'warn',
      /has not authorised/,
    ],
  ])('%s', (_name, record, over, status, summary) => {
    const f = gradeDmarc(facts(record, over), ctx);
    expect(f.status).toBe(status);
    expect(f.summary).toMatch(summary);
  });

  it('a DNS timeout with no record found is not assessable, never "missing"', () => {
    const f = gradeDmarc(facts(undefined, { error: { name: '_dmarc.care.test', outcome: 'timeout' } }), ctx);
    expect(f).toMatchObject({ status: 'not-assessable', reason: 'unreachable' });
    expect(f.summary).toMatch(/timeout/);
  });

  it('two records fail with a fix', () => {
    const f = gradeDmarc(facts(undefined, { multipleAt: '_dmarc.care.test' }), ctx);
    expect(f.status).toBe('fail');
    expect(f.remediation).toContain('v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@care.test');
  });

  it.each([
    [{ tags: { p: 'reject' }, inherited: false }, 'reject'],
    [{ tags: { p: 'reject', sp: 'none' }, inherited: true }, 'none'],
    [{ tags: { p: 'none', sp: 'reject' }, inherited: true }, 'reject'],
    [{ tags: { p: 'reject', t: 'y' }, inherited: false }, 'quarantine'],
    [{ tags: { p: 'bogus' }, inherited: false }, 'no-processing'],
  ])('effective policy of %j is %s', (f, policy) => {
    expect(effectivePolicy({ ...f, rua: [] }).policy).toBe(policy);
  });

  it('rewrites the policy of an existing record, keeping its other tags and adding a report address', () => {
    expect(withPolicy('v=DMARC1; p=none; adkim=s', 'quarantine', 'mailto:d@care.test')).toBe(
      'v=DMARC1; p=quarantine; adkim=s; rua=mailto:d@care.test',
    );
    expect(withPolicy('v=DMARC1; rua=mailto:d@care.test', 'quarantine')).toBe('v=DMARC1; p=quarantine; rua=mailto:d@care.test');
  });
});
