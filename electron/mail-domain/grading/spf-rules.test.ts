import { describe, expect, it } from 'vitest';
import type { SpfFacts } from '../../probes/dns/spf';
import { toRecord } from '../../probes/dns/txt';
import { gradeSpf, mergeSpf, withAll } from './spf-rules';
import type { GradeContext } from './context';

const ctx: GradeContext = {
  domain: 'care.test',
  provider: 'other',
  mxHosts: ['mx.care.test'],
  mtaStsEnforce: false,
  now: new Date('2026-11-23T09:00:00Z'),
  dnsServers: ['1.1.1.1'],
};

function facts(over: Partial<SpfFacts> & { records?: string[] }): SpfFacts {
  // As DNS delivers them: character-strings of at most 255 bytes.
  const records = (over.records ?? ['v=spf1 mx -all']).map((r) => toRecord(r.match(/.{1,255}/g) ?? ['']));
  return {
    domain: 'care.test',
    txtOutcome: 'answer',
    txtRecords: records,
    spfRecords: records.filter((r) => /^v=spf1( |$)/i.test(r.text)),
    nearMisses: [],
    evaluation: { result: 'fail', lookups: { limit: 10, count: 1, void: 0 } },
    totalLookupTerms: 1,
    usesPtr: false,
    usesMacros: false,
    ...over,
  };
}

describe('SPF grading', () => {
  it.each<[string, Partial<SpfFacts> & { records?: string[] }, string, RegExp]>([
    ['-all passes', {}, 'pass', /-all/],
    ['~all warns', { evaluation: { result: 'softfail' } }, 'warn', /~all/],
    ['?all fails', { records: ['v=spf1 mx ?all'], evaluation: { result: 'neutral' } }, 'fail', /\?all or has no "all"/],
    ['+all fails', { records: ['v=spf1 +all'], evaluation: { result: 'pass' } }, 'fail', /authorises any server/],
    ['no record fails', { records: ['google-site-verification=abc'] }, 'fail', /no SPF record/],
    ['two records fail', { records: ['v=spf1 mx -all', 'v=spf1 a -all'] }, 'fail', /2 SPF records/],
    [
      'too many lookups fails',
      {
        evaluation: {
          result: 'permerror',
          comment: 'x: permanent error in processing during lookup of postmaster@care.test: Too many DNS requests',
        },
        totalLookupTerms: 11,
      },
      'fail',
      /more than 10 DNS lookups \(11/,
    ],
    [
      'a loop fails and names the path',
      { evaluation: { result: 'permerror', comment: 'Too many DNS requests' }, loopPath: ['care.test', 'a.test', 'b.test', 'a.test'] },
      'fail',
      /loops: care\.test → a\.test → b\.test → a\.test/,
    ],
    ['void lookups fail', { evaluation: { result: 'permerror', comment: 'Too many void DNS results' } }, 'fail', /void lookups/],
    ['ptr warns', { usesPtr: true }, 'warn', /ptr/],
    [
      'a character-string over 255 bytes fails',
      { records: [], spfRecords: [{ text: `v=spf1 ${'a'.repeat(300)} -all`, strings: 1, longestString: 310, bytes: 310 }] },
      'fail',
      /longer than 255 bytes/,
    ],
    ['an oversized record warns', { records: [`v=spf1 ${'ip4:198.51.100.1 '.repeat(34)}-all`] }, 'warn', /bytes/],
  ])('%s', (_name, over, status, summary) => {
    const f = gradeSpf(facts(over), ctx);
    expect(f.status).toBe(status);
    expect(f.summary).toMatch(summary);
  });

  it('a lookup timeout inside the tree is not assessable, never "missing"', () => {
    const f = gradeSpf(facts({ evaluation: { result: 'temperror', comment: 'DNS timeout' } }), ctx);
    expect(f).toMatchObject({ status: 'not-assessable', reason: 'unreachable' });
    expect(f.summary).not.toMatch(/no SPF/i);
  });

  it('a TXT lookup that timed out is not assessable', () => {
    const f = gradeSpf(facts({ txtOutcome: 'timeout', records: [] }), ctx);
    expect(f).toMatchObject({ status: 'not-assessable', reason: 'unreachable' });
  });

  it('suggests the provider record when there is none', () => {
    const f = gradeSpf(facts({ records: [] }), { ...ctx, provider: 'microsoft-365' });
    expect(f.remediation).toContain('v=spf1 include:spf.protection.outlook.com -all');
  });

  it.each([
    ['v=spf1 mx ~all', '-', 'v=spf1 mx -all'],
    ['v=spf1 mx', '-', 'v=spf1 mx -all'],
    ['v=spf1 redirect=_spf.example.net', '-', 'v=spf1 redirect=_spf.example.net'],
    ['v=spf1 include:a.test ?all', '~', 'v=spf1 include:a.test ~all'],
  ] as const)('withAll(%s, %s) = %s', (record, q, expected) => {
    expect(withAll(record, q)).toBe(expected);
  });

  it('merges two records into one ending in -all', () => {
    expect(mergeSpf(['v=spf1 mx ~all', 'v=spf1 include:_spf.sender.test mx -all'])).toBe('v=spf1 mx include:_spf.sender.test -all');
  });
});
