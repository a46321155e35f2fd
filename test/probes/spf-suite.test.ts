import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAll } from 'js-yaml';
import { startDnsFixture, type DnsFixture, type FixtureRecords, type FixtureZone } from '../fixtures/dns/dns-fixture-server';
import { DnsResolverPort } from '../../electron/probes/dns/resolver';
import { gatherSpf } from '../../electron/probes/dns/spf';
import { gradeSpf } from '../../electron/mail-domain/grading/spf-rules';
import { normaliseEmailDomain } from '../../shared/domain/email-domain';
import type { DomainFinding } from '../../shared/contract/domain-checks';

// The SPF project's RFC 7208 test suite (../shared/spf-suite, an oracle we did not write), served scenario
// by scenario from a DNS server on loopback. The app grades a domain's published record, not one sending
// address, so each case asks what the suite says about the record: a case whose expected result includes
// permerror must be graded fail with the reason; temperror must be "not assessable"; none must say there
// is no SPF record (or, for a name that is not a domain, refuse it as input); every other result (pass,
// fail, softfail, neutral for the suite's address) means the record is valid, so the app must not report
// a record error.

const SUITE = path.resolve(__dirname, '../..', '..', 'shared', 'spf-suite', 'rfc7208-tests.yml');

// Cases set aside, with the reason. Each depends on the sending address or sender, which the app does
// not have: it evaluates for a TEST-NET address that matches nothing, so the whole record is walked.
const SET_ASIDE: Record<string, string> = {
  'include-at-limit':
    'e8.example.com is within the 10-lookup limit only for 1.2.3.4, matched by ip4: before the trailing mx; for every other sender the mx is the 11th lookup and receivers return permerror, which the app reports',
  'p-macro-multiple':
    'exists:%{p}… depends on the PTR name of the sending address; for an address with no PTR both exists terms and the PTR lookup find nothing, which mailauth counts as 3 void lookups (permerror)',
};

// Where the cause of a permanent error is not the generic one, the summary must name it.
const WORDING: Record<string, RegExp> = {
  'mx-limit': /mx term for e4\.example\.com finds 11 MX records/,
  'redirect-none': /redirect= target erehwon\.example\.com has no SPF record/,
  'include-none': /Included domain erehwon\.example\.com has no SPF record/,
  'include-loop': /loops: e2\.example\.com → e3\.example\.com → e2\.example\.com/,
  'include-over-limit': /more than 10 DNS lookups/,
  multitxt1: /publishes 2 SPF records/,
  'void-over-limit': /void lookups/,
};

type ZoneEntry = string | Record<string, unknown>;
interface SuiteCase {
  spec: string | string[];
  helo: string;
  host: string;
  mailfrom: string;
  result: string | string[];
  description?: string;
}
interface Scenario {
  description: string;
  tests: Record<string, SuiteCase>;
  zonedata?: Record<string, ZoneEntry[]>;
}

// The suite's zone as our fixture serves it. RFC 7208 dropped the SPF RR type: as the suite's header asks
// of drivers, a name's SPF-type records are served as TXT when it declares no TXT records of its own.
function zoneOf(zonedata: Scenario['zonedata'] = {}): FixtureZone {
  const records: Record<string, FixtureRecords> = {};
  const behaviour: FixtureZone['behaviour'] = {};
  for (const [rawName, entries] of Object.entries(zonedata)) {
    const name = rawName.toLowerCase().replace(/\.$/, '');
    const r: FixtureRecords = {};
    const spf: (string | string[])[] = [];
    const txt: (string | string[])[] = [];
    // "TXT: NONE" is the suite's way to say "no TXT records here, and do not copy the SPF ones".
    let txtDeclared = false;
    for (const e of entries) {
      if (e === 'TIMEOUT') {
        // The suite's TIMEOUT: queries for types the name has no records of never get an answer.
        behaviour[name] = 'timeout-nodata';
        continue;
      }
      const [type, value] = Object.entries(e as Record<string, unknown>)[0]!;
      if (type === 'SPF') spf.push(value as string | string[]);
      else if (type === 'TXT') {
        txtDeclared = true;
        if (value !== 'NONE') txt.push(value as string | string[]);
      } else if (type === 'A') (r.A ??= []).push(String(value));
      else if (type === 'AAAA') (r.AAAA ??= []).push(String(value));
      else if (type === 'PTR') (r.PTR ??= []).push(String(value));
      else if (type === 'CNAME') r.CNAME = String(value);
      else if (type === 'MX') {
        const [priority, exchange] = value as [number, string];
        (r.MX ??= []).push({ priority, exchange });
      } else throw new Error(`Suite record type not served: ${type}`);
    }
    const texts = txtDeclared || behaviour[name] ? txt : spf;
    if (texts.length) r.TXT = texts;
    records[name] = r;
  }
  return { records, behaviour };
}

type Expected = 'record-error' | 'temperror' | 'no-record' | 'valid';

// A case may list several acceptable results (where RFC 7208 leaves the choice open): any of their
// verdicts is accepted.
function expectedOf(c: SuiteCase): Expected[] {
  const verdict = (r: string): Expected =>
    r === 'permerror' ? 'record-error' : r === 'temperror' ? 'temperror' : r === 'none' ? 'no-record' : 'valid';
  return [...new Set([c.result].flat().map(verdict))];
}

function verdictOf(f: DomainFinding, result: string): Expected {
  if (f.status === 'not-assessable') return 'temperror';
  if (result === 'permerror') return 'record-error';
  if (result === 'none') return 'no-record';
  return 'valid';
}

const scenarios = (loadAll(readFileSync(SUITE, 'utf8')) as Scenario[]).filter((s) => s?.tests);
let fixture: DnsFixture;

beforeAll(async () => {
  fixture = await startDnsFixture({ records: {} });
});
afterAll(async () => {
  await fixture.close();
});

describe.each(scenarios.map((s) => [s.description, s] as const))('RFC 7208 suite: %s', (_title, scenario) => {
  const cases = Object.entries(scenario.tests).filter(([name]) => !(name in SET_ASIDE));

  it.each(cases)('%s', async (name, c) => {
    fixture.setZone(zoneOf(scenario.zonedata));
    const rawDomain = c.mailfrom ? c.mailfrom.slice(c.mailfrom.lastIndexOf('@') + 1) : c.helo;
    const expected = expectedOf(c);
    const input = normaliseEmailDomain(rawDomain);
    if (!input.ok) {
      // Not a domain at all (an over-long or empty label, a single label, a literal): the app refuses it
      // as input, which is the suite's "none" (no record to evaluate).
      expect(expected, `${name}: the app refused ${rawDomain}: ${input.error}`).toContain('no-record');
      return;
    }
    const dns = new DnsResolverPort({ servers: [fixture.server], timeoutMs: 300, tries: 1 });
    const facts = await gatherSpf(dns, input.domain, { maxElapsedMs: 20_000 });
    const finding = gradeSpf(facts, {
      domain: input.domain,
      provider: 'other',
      mxHosts: [],
      mtaStsEnforce: false,
      now: new Date('2026-01-01T00:00:00Z'),
      dnsServers: [fixture.server],
    });
    const got = verdictOf(finding, facts.evaluation.result);
    expect(expected, `${name} (${[c.spec].flat().join(', ')}): ${finding.summary}`).toContain(got);
    if (got === 'record-error') {
      expect(finding.status).toBe('fail');
      // The reason is named, not only "fail".
      expect(finding.summary).toMatch(/permanent error|loops|void lookups|SPF record|not accept|lookups|MX|redirect/i);
    }
    if (WORDING[name]) expect(finding.summary).toMatch(WORDING[name]!);
    if (got === 'valid') expect(finding.reasons.some((r) => /error receivers will not accept/.test(r.text))).toBe(false);
    if (got === 'no-record') expect(finding.summary).toMatch(/no SPF record/);
  });
});
