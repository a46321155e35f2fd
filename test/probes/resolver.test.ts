import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsFixture, type DnsFixture } from '../fixtures/dns/dns-fixture-server';
import type { DnsLookupError } from '../../electron/probes/dns/resolver';
import { DnsResolverPort, isAbsent } from '../../electron/probes/dns/resolver';
import { gatherDnssec } from '../../electron/probes/dns/dnssec';
import { rawQuery } from '../../electron/probes/dns/raw-query';

// The Resolver port against real DNS servers on loopback: which server answered, what counts as
// "no such record" and what only means "no answer".

let good: DnsFixture;
let broken: DnsFixture;

beforeAll(async () => {
  good = await startDnsFixture({
    records: {
      'care.test': { TXT: ['v=spf1 -all'], MX: [{ priority: 10, exchange: 'mx.care.test' }], SOA: true },
      'mx.care.test': { A: ['127.0.0.1'] },
      'sub.deep.care.test': { A: ['127.0.0.1'] },
      'big.care.test': { TXT: ['x'.repeat(1400)] },
      // RFC 7208 allows these characters in a (macro-expanded) name; c-ares refused them (EBADNAME).
      'foo:bar/baz.care.test': { A: ['192.0.2.7'] },
      'a b%c.care.test': { TXT: ['spaced'] },
      // A valid SPF record beside an empty TXT record and a record holding one empty string (c-ares: EBADRESP).
      'null.care.test': { TXT: ['v=spf1 -all', [], ['']] },
      'alias.care.test': { CNAME: 'mx.care.test' },
    },
    behaviour: { 'slow.care.test': 'timeout', 'fail.care.test': 'servfail' },
    dnssec: { 'care.test': 'secure', 'bad.test': 'bogus' },
  });
  broken = await startDnsFixture({ records: {}, behaviour: { '*.test': 'timeout', 'care.test': 'servfail' } });
});
afterAll(async () => {
  await good.close();
  await broken.close();
});

const port = (servers: string[]) => new DnsResolverPort({ servers, timeoutMs: 300, tries: 1 });

const outcome = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'answer';
  } catch (err) {
    return (err as DnsLookupError).outcome;
  }
};

describe('DnsResolverPort', () => {
  it('refuses to run without explicit servers (never the system resolver)', () => {
    expect(() => port([])).toThrow(/never uses the system resolver/);
  });

  it.each([
    ['care.test', 'TXT', 'answer'],
    ['nothere.care.test', 'TXT', 'nxdomain'],
    ['mx.care.test', 'TXT', 'nodata'],
    ['deep.care.test', 'TXT', 'nodata'], // an empty non-terminal exists
    ['slow.care.test', 'TXT', 'timeout'],
    ['fail.care.test', 'TXT', 'servfail'],
    [`${'a'.repeat(64)}.care.test`, 'TXT', 'bad-name'],
  ])('%s %s → %s', async (name, type, expected) => {
    expect(await outcome(port([good.server]).resolve(name, type))).toBe(expected);
  });

  it('treats only NXDOMAIN and NODATA as absence', async () => {
    const dns = port([good.server]);
    const errors = await Promise.all(
      ['nothere.care.test', 'mx.care.test', 'slow.care.test', 'fail.care.test'].map((n) => dns.txt(n).catch((e: unknown) => e)),
    );
    expect(errors.map(isAbsent)).toEqual([true, true, false, false]);
  });

  it('falls back to the next server on a timeout or SERVFAIL, and records who answered', async () => {
    const dns = port([broken.server, good.server]);
    expect(await dns.txt('care.test')).toEqual([['v=spf1 -all']]);
    expect(await dns.mx('care.test')).toEqual([{ exchange: 'mx.care.test', priority: 10 }]);
    const [txt] = dns.lookups();
    expect(txt!.attempts.map((a) => [a.server, a.outcome])).toEqual([
      [broken.server, 'servfail'],
      [good.server, 'answer'],
    ]);
    expect(txt!.server).toBe(good.server);
    expect(dns.answeredBy()).toEqual([good.server]);
  });

  it('does not ask another server when the first says the name does not exist', async () => {
    const dns = port([good.server, broken.server]);
    expect(await outcome(dns.txt('nothere.care.test'))).toBe('nxdomain');
    expect(dns.lookups()[0]!.attempts).toHaveLength(1);
  });

  it('asks each question once per run and retries large answers over TCP', async () => {
    const before = good.queries.length;
    const dns = port([good.server]);
    const [a, b] = await Promise.all([dns.txt('big.care.test'), dns.txt('big.care.test')]);
    expect(a![0]!.join('')).toHaveLength(1400);
    expect(b).toEqual(a);
    const asked = good.queries.slice(before).filter((q) => q.name === 'big.care.test');
    expect(asked.map((q) => q.transport)).toEqual(['udp', 'tcp']);
  });

  it('stops at the deadline without sending', async () => {
    const dns = new DnsResolverPort({ servers: [good.server], timeoutMs: 300, tries: 1, deadline: Date.now() - 1 });
    const before = good.queries.length;
    expect(await outcome(dns.txt('care.test'))).toBe('timeout');
    expect(good.queries.length).toBe(before);
  });

  it('caps the number of lookups a hostile zone can cause', async () => {
    const dns = new DnsResolverPort({ servers: [good.server], timeoutMs: 300, tries: 1, maxLookups: 3 });
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((l) => outcome(dns.txt(`${l}.care.test`))));
    expect(results).toEqual(['nxdomain', 'nxdomain', 'nxdomain', 'error']);
  });

  it('asks names with ":", "/" and spaces as they are, and reads empty TXT strings', async () => {
    const dns = port([good.server]);
    expect(await dns.a('foo:bar/baz.care.test')).toEqual(['192.0.2.7']);
    expect(await dns.txt('a b%c.care.test')).toEqual([['spaced']]);
    expect(await dns.txt('null.care.test')).toEqual([['v=spf1 -all'], [], ['']]);
    expect(good.queries.some((q) => q.name === 'foo:bar/baz.care.test')).toBe(true);
  });

  it('follows a CNAME inside the answer and keeps only the chain it names', async () => {
    const dns = port([good.server]);
    expect(await dns.a('alias.care.test')).toEqual(['127.0.0.1']);
    expect(await dns.cname('alias.care.test')).toEqual(['mx.care.test']);
    expect(await outcome(dns.cname('mx.care.test'))).toBe('nodata');
  });

  it('hands mailauth the shapes node:dns gives', async () => {
    const dns = port([good.server]);
    expect(await dns.mailauthResolver('care.test', 'TXT')).toEqual([['v=spf1 -all']]);
    await expect(dns.mailauthResolver('nothere.care.test', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(dns.mailauthResolver('slow.care.test', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
  });
});

describe('DNSSEC through the AD bit', () => {
  it('reads secure, insecure and bogus from a validating resolver, with DO set', async () => {
    const cfg = { servers: [good.server], timeoutMs: 300, tries: 1 };
    const f = await gatherDnssec('care.test', ['mx.care.test', 'x.bad.test', 'plain.test'], cfg);
    expect(f.domain).toMatchObject({ state: 'secure', server: good.server });
    expect(f.mxHosts.map((m) => m.state)).toEqual(['secure', 'bogus', 'insecure']);
    expect(good.queries.some((q) => q.name === 'care.test' && q.type === 'SOA' && q.dnssecOk)).toBe(true);
    expect(good.queries.some((q) => q.name === 'x.bad.test' && q.checkingDisabled)).toBe(true);
  });

  it('reports a resolver that never answers as indeterminate, not insecure', async () => {
    const f = await gatherDnssec('care.test', [], { servers: [broken.server], timeoutMs: 200, tries: 1 });
    expect(f.domain.state).toBe('indeterminate');
  });

  it('falls back to TCP for a truncated raw answer', async () => {
    const a = await rawQuery(good.server, 'big.care.test', 'TXT', { dnssecOk: true, timeoutMs: 500 });
    expect(a).toMatchObject({ rcode: 'NOERROR', transport: 'tcp', answerCount: 1 });
  });
});
