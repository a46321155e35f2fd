import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dmarcLib from 'mailauth/lib/dmarc/get-dmarc-record.js';
import type { DmarcFacts, RuaFacts } from '../../probes/dns/dmarc';
import { gatherDmarc } from '../../probes/dns/dmarc';
import { DnsResolverPort } from '../../probes/dns/resolver';
import { readTxt } from '../../probes/dns/txt';
import { startDnsFixture, type DnsFixture } from '../../../test/fixtures/dns/dns-fixture-server';
import { gradeDmarc } from './dmarc-rules';
import { DMARC_TAG_RULES, isValidDmarc, parseDmarcTags, repairDmarc, validDmarcUri } from './dmarc-tags';
import type { GradeContext } from './context';

// Each DMARC tag's valid and invalid values (RFC 7489 §6.3, RFC 9989 §4.7), duplicates, a record that
// does not begin with v=DMARC1, and the property that every fix the grader suggests is itself a record
// that validates.

const ctx: GradeContext = {
  domain: 'care.test',
  provider: 'other',
  mxHosts: [],
  mtaStsEnforce: false,
  now: new Date('2026-11-23T09:00:00Z'),
  dnsServers: ['127.0.0.1'],
};

function ruaFacts(record: string): RuaFacts[] {
  const rua = parseDmarcTags(record).first.rua;
  if (!rua) return [];
  return rua.split(',').map((uri) => {
    const valid = validDmarcUri(uri);
    const address = valid ? uri.trim().replace(/^mailto:/i, '') : undefined;
    return { uri, valid, scheme: 'mailto', address, domain: 'care.test', external: false, mxOutcome: 'answer' as const };
  });
}

// Facts as gatherDmarc builds them for a record found at _dmarc.care.test (tags from mailauth's parser).
function factsFor(record: string): DmarcFacts {
  const parsed = dmarcLib.parseDmarcRecord(record) ?? { rr: record };
  const tags: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(parsed)) if (k !== 'rr' && (typeof v === 'string' || typeof v === 'number')) tags[k] = v;
  return {
    domain: 'care.test',
    pslOrgDomain: 'care.test',
    treeWalkOrgDomain: 'care.test',
    lookups: [{ name: '_dmarc.care.test', outcome: 'answer', dmarcRecords: [record], otherRecords: [] }],
    policyDomain: 'care.test',
    inherited: false,
    record,
    tags,
    unknownTags: [],
    parseWarnings: [],
    rua: ruaFacts(record),
  };
}

// The DMARC records inside a fix (the report-authorisation record "v=DMARC1" alone is another kind).
function fixRecords(remediation: string | undefined): string[] {
  return (remediation ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('v=DMARC1'));
}

const R = 'rua=mailto:d@care.test';

describe('DMARC tag values', () => {
  it.each<[string, string[], string[]]>([
    ['p', ['none', 'quarantine', 'reject', 'Reject'], ['foo', '', 'rejected']],
    ['sp', ['none', 'quarantine', 'reject'], ['bob', '']],
    ['np', ['none', 'quarantine', 'reject'], ['invalid']],
    ['adkim', ['r', 's', 'S'], ['bob', 'relaxed', '']],
    ['aspf', ['r', 's'], ['bob', 'x']],
    ['fo', ['0', '1', 'd', 's', '1:d:s', '0 : 1'], ['x', '1:x', '2', '']],
    ['rf', ['afrf', 'AFRF'], ['iodef', 'xml']],
    ['ri', ['86400', '0', '4294967295'], ['abc', '-1', '1.5', '4294967296']],
    ['pct', ['0', '50', '100'], ['abc', '-1', '101', '5%']],
    ['t', ['y', 'n'], ['x', 'yes']],
    ['psd', ['y', 'n', 'u'], ['x', 'maybe']],
    [
      'rua',
      ['mailto:d@care.test', 'mailto:d@care.test,mailto:e@reports.example', 'mailto:d@care.test!10m', 'https://reports.example/dmarc'],
      ['d@care.test', 'mailto:', 'mailto:nobody', 'ftp://x.example/'],
    ],
    ['ruf', ['mailto:f@care.test'], ['f@care.test']],
  ])('%s: %j valid, %j invalid', (tag, valid, invalid) => {
    const rule = DMARC_TAG_RULES[tag]!;
    for (const v of valid) expect(rule.test(v), `${tag}=${v}`).toBe(true);
    for (const v of invalid) expect(rule.test(v), `${tag}=${v}`).toBe(false);
  });

  it('covers every tag RFC 7489 and RFC 9989 define', () => {
    expect(Object.keys(DMARC_TAG_RULES).sort()).toEqual(
      ['adkim', 'aspf', 'fo', 'np', 'p', 'pct', 'psd', 'rf', 'ri', 'rua', 'ruf', 'sp', 't'].sort(),
    );
  });

  it.each([
    ['v=DMARC1; p=reject', true],
    ['v = DMARC1 ; p = reject', true],
    ['v=DMARC1;p=reject;', true],
    [' v=DMARC1; p=reject', false],
    ['p=reject; v=DMARC1', false],
    ['v=dmarc1; p=reject', false],
    ['v=DMARC1; p=reject; p=none', false],
    ['v=DMARC1; p=reject; foo=bar', false],
    ['v=DMARC1', false],
  ])('%j validates: %s', (record, valid) => {
    expect(isValidDmarc(record)).toBe(valid);
  });
});

describe('DMARC grading of invalid records, each fix a record that validates', () => {
  it.each<[string, string, 'pass' | 'warn' | 'fail', RegExp]>([
    ['adkim=bob', `v=DMARC1; p=reject; adkim=bob; ${R}`, 'fail', /adkim=bob is not valid/],
    ['aspf=bob', `v=DMARC1; p=reject; aspf=bob; ${R}`, 'fail', /aspf=bob is not valid/],
    ['fo=x', `v=DMARC1; p=reject; fo=x; ${R}`, 'fail', /fo=x is not valid/],
    ['t=x', `v=DMARC1; p=reject; t=x; ${R}`, 'fail', /t=x is not valid/],
    ['psd=x', `v=DMARC1; p=reject; psd=x; ${R}`, 'fail', /psd=x is not valid/],
    ['rf=xml', `v=DMARC1; p=reject; rf=xml; ${R}`, 'fail', /rf=xml is not valid/],
    ['ri=abc', `v=DMARC1; p=reject; ri=abc; ${R}`, 'fail', /ri=abc is not valid/],
    ['np=invalid', `v=DMARC1; p=reject; np=invalid; ${R}`, 'fail', /np=invalid is not valid/],
    ['sp=bob', `v=DMARC1; p=reject; sp=bob; ${R}`, 'fail', /sp=bob is not valid/],
    ['p=foo with rua', `v=DMARC1; p=foo; ${R}`, 'fail', /p=foo is not valid.*as if it were p=none/],
    ['p=foo without rua', 'v=DMARC1; p=foo', 'fail', /p=foo is not valid.*no valid p= tag/],
    ['pct=abc', `v=DMARC1; p=reject; pct=abc; ${R}`, 'fail', /pct=abc is not valid/],
    ['pct=-1', `v=DMARC1; p=reject; pct=-1; ${R}`, 'fail', /pct=-1 is not valid/],
    ['pct=101', `v=DMARC1; p=reject; pct=101; ${R}`, 'fail', /pct=101 is not valid/],
    ['duplicate p', `v=DMARC1; p=reject; p=none; ${R}`, 'fail', /gives p more than once \(p=reject, p=none\)/],
    ['duplicate rua', `v=DMARC1; p=reject; ${R}; ${R}`, 'fail', /gives rua more than once/],
    ['an invalid rua entry', 'v=DMARC1; p=reject; rua=d@care.test', 'warn', /not a valid mailto/],
    ['an invalid ruf entry', `v=DMARC1; p=reject; ${R}; ruf=f@care.test`, 'warn', /ruf=f@care\.test/],
    ['an unknown tag', `v=DMARC1; p=reject; ${R}; foo=bar`, 'warn', /Unknown tag foo/],
    ['pct=50 (valid, partial)', `v=DMARC1; p=reject; pct=50; ${R}`, 'warn', /pct=50/],
    [
      'a valid record with every tag',
      `v=DMARC1; p=reject; sp=quarantine; np=reject; adkim=s; aspf=r; fo=1:d; rf=afrf; ri=86400; pct=100; t=n; psd=n; ${R}; ruf=mailto:f@care.test`,
      'pass',
      /policy is reject/,
    ],
  ])('%s', (_name, record, status, reason) => {
    const f = gradeDmarc(factsFor(record), ctx);
    expect(f.status).toBe(status);
    expect(f.reasons.map((r) => r.text).join('\n')).toMatch(reason);
    // pct is never shown as a number it is not.
    expect(f.reasons.map((r) => r.text).join('\n')).not.toMatch(/pct=0\b|-1%/);
    if (status !== 'pass') {
      const fixes = fixRecords(f.remediation);
      expect(fixes.length, f.remediation).toBeGreaterThan(0);
      for (const fix of fixes) {
        expect(isValidDmarc(fix), fix).toBe(true);
        // The fix never carries the invalid value forward.
        for (const bad of parseDmarcTags(record).invalid) expect(fix).not.toContain(`${bad.name}=${bad.value};`);
      }
      // A repeated p= never survives into the fix.
      for (const fix of fixes) expect(parseDmarcTags(fix).duplicates).toEqual([]);
    }
  });

  it('grades p by its first occurrence, never the last', () => {
    const f = gradeDmarc(factsFor(`v=DMARC1; p=none; p=reject; ${R}`), ctx);
    expect(f.data).toMatchObject({ policy: 'none', invalidTags: ['p (repeated)'] });
  });

  it('repairs a record keeping its valid tags in order', () => {
    expect(repairDmarc('v=DMARC1; adkim=bob; aspf=s; p=reject; p=none; rua=d@x, mailto:d@care.test; foo=1')).toBe(
      'v=DMARC1; p=reject; aspf=s; rua=mailto:d@care.test',
    );
  });
});

describe('a record that does not begin with v=DMARC1, read from DNS', () => {
  let dnsFixture: DnsFixture;
  beforeAll(async () => {
    dnsFixture = await startDnsFixture({
      records: {
        'care.test': { TXT: ['v=spf1 -all'] },
        '_dmarc.care.test': { TXT: [' v=DMARC1; p=reject'] },
        '_dmarc.trailing.test': { TXT: ['v=DMARC1; p=reject; rua=mailto:d@trailing.test  '] },
        'trailing.test': { MX: [{ priority: 10, exchange: 'mx.trailing.test' }] },
      },
    });
  });
  afterAll(() => dnsFixture.close());

  const grade = async (domain: string) => {
    const dns = new DnsResolverPort({ servers: [dnsFixture.server], timeoutMs: 500, tries: 1 });
    const facts = await gatherDmarc(dns, domain, await readTxt(dns, domain));
    return gradeDmarc(facts, { ...ctx, domain });
  };

  it('a leading space hides the record: fail, named, with a fix that validates', async () => {
    const f = await grade('care.test');
    expect(f.status).toBe('fail');
    expect(f.summary).toMatch(/starts with a space/);
    const fixes = fixRecords(f.remediation);
    expect(fixes).toEqual(['v=DMARC1; p=reject; rua=mailto:dmarc-reports@care.test']);
    expect(fixes.every(isValidDmarc)).toBe(true);
  });

  it('trailing space is harmless', async () => {
    const f = await grade('trailing.test');
    expect(f.status).toBe('pass');
  });
});
