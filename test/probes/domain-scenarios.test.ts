import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labProbeOptions, startMailLab, type MailLab } from '../fixtures/smtp/mail-lab';
import { runDomainProbe, type DomainProbeResult } from '../../electron/mail-domain/run-domain-probe';
import type { DomainFinding } from '../../shared/contract/domain-checks';
import { DomainReport } from '../../shared/contract/domain-checks';
import type { Route } from '../../shared/contract/clients';

// The issue's fixture scenarios, end to end: the real probe against the fixture DNS server, the SMTP
// servers and the MTA-STS HTTPS server on 127.0.0.1. Every domain is probed once (in parallel) and the
// findings are checked per scenario.

let lab: MailLab;
const results = new Map<string, DomainProbeResult>();

const SCENARIOS: [string, Route | undefined][] = [
  ['good.example.test', undefined],
  ['good.example.test', 'o365'],
  ['spf11.example.test', undefined],
  ['loop.example.test', undefined],
  ['twospf.example.test', undefined],
  ['voidspf.example.test', undefined],
  ['softfail.example.test', undefined],
  ['plusall.example.test', undefined],
  ['brokenspf.example.test', undefined],
  ['splittxt.example.test', undefined],
  ['bigspf.example.test', undefined],
  ['mail.orgdmarc.test', undefined],
  ['pnone.example.test', undefined],
  ['quarantine.example.test', undefined],
  ['testmode.example.test', undefined],
  ['unknowntag.example.test', undefined],
  ['twodmarc.example.test', undefined],
  ['extrua.example.test', undefined],
  ['unauthrua.example.test', undefined],
  ['dkimnew.example.test', 'o365'],
  ['weakkey.example.test', undefined],
  ['nodkim.example.test', undefined],
  ['nullmx.example.test', undefined],
  ['nomx.example.test', undefined],
  ['cnamemx.example.test', undefined],
  ['slow.example.test', undefined],
  ['bücher-pflege.test', undefined],
  ['bogus.example.test', undefined],
];
const key = (d: string, route?: Route) => `${d}|${route ?? ''}`;

beforeAll(async () => {
  lab = await startMailLab();
  // Four at a time: the fixture servers share this process, and TLS handshakes block its event loop.
  const queue = [...SCENARIOS];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [d, route] = next;
        results.set(key(d, route), await runDomainProbe(d, { ...labProbeOptions(lab), route, now: () => new Date() }));
      }
    }),
  );
}, 120_000);
afterAll(() => lab?.close());

function finding(domain: string, check: string, route?: Route, target?: string): DomainFinding {
  const r = results.get(key(domain, route));
  if (!r) throw new Error(`no result for ${domain}`);
  const f = r.findings.find((x) => x.check === check && (!target || x.target === target));
  if (!f) throw new Error(`no ${check} finding for ${domain}`);
  return f;
}

describe('a healthy domain', () => {
  it('passes every check, and the report matches the contract', () => {
    const r = results.get(key('good.example.test'))!;
    expect(r.findings.map((f) => `${f.check} ${f.target} ${f.status}`)).toEqual([
      'dns.mx good.example.test pass',
      'dns.spf good.example.test pass',
      'dns.dmarc _dmarc.good.example.test pass',
      'dns.dkim _domainkey.good.example.test pass',
      'dns.mta-sts _mta-sts.good.example.test pass',
      'dns.tls-rpt _smtp._tls.good.example.test pass',
      'dns.dnssec good.example.test pass',
      ...['mx1', 'mx2'].flatMap((h) =>
        ['starttls', 'tls-version', 'cipher', 'certificate'].map((c) => `smtp.${c} ${h}.good.example.test pass`),
      ),
    ]);
    expect(DomainReport.safeParse(r.report).success).toBe(true);
    expect(r.report.resolver).toEqual({ servers: [lab.dns.server], timeoutMs: 1500, tries: 2, answeredBy: [lab.dns.server] });
    expect(r.report.transport).toHaveLength(2);
    expect(r.report.transport[0]).toMatchObject({ mx: 'mx1.good.example.test', ip: '127.0.0.1', starttls: 'offered', protocol: 'TLSv1.3' });
    expect(r.report.transport[0]!.certificate).toMatchObject({ hostnameMatch: true, trusted: true, keyType: 'rsa', keyBits: 3072 });
  });

  it('looked up every name through the injected resolver (MX addresses, SPF includes, DKIM CNAME targets, the MTA-STS host)', () => {
    const asked = new Set(lab.dns.queries.map((q) => `${q.type} ${q.name}`));
    for (const q of [
      'MX good.example.test',
      'A mx1.good.example.test',
      'A mx2.good.example.test',
      'TXT _spf.sender.test',
      'TXT selector1-good-example-test._domainkey.fixturetenant.onmicrosoft.com',
      'A mta-sts.good.example.test',
      'TXT _mta-sts.good.example.test',
      'SOA good.example.test',
    ]) {
      expect(asked, q).toContain(q);
    }
    expect(lab.mtaSts.requests).toContainEqual({ host: 'mta-sts.good.example.test', path: '/.well-known/mta-sts.txt' });
  });

  it('keeps every DNS answer and SMTP transcript in the snapshot, and never sends MAIL FROM', () => {
    const snap = results.get(key('good.example.test'))!.snapshot as {
      dnsLookups: unknown[];
      smtp: { hosts: { addresses: { sessions: { transcript: { entries: { dir: string; text: string }[] } }[] }[] }[] };
    };
    expect(snap.dnsLookups.length).toBeGreaterThan(20);
    const sent = snap.smtp.hosts.flatMap((h) =>
      h.addresses.flatMap((a) =>
        a.sessions.flatMap((s) => s.transcript.entries.filter((e) => e.dir === 'C').map((e) => e.text.split(' ')[0])),
      ),
    );
    expect(new Set(sent)).toEqual(new Set(['EHLO', 'STARTTLS', 'QUIT']));
  });
});

describe('fixture scenarios', () => {
  it.each<[string, Route | undefined, string, string, RegExp, string?]>([
    // SPF
    ['spf11.example.test', undefined, 'dns.spf', 'fail', /more than 10 DNS lookups \(11 DNS-querying terms/],
    ['loop.example.test', undefined, 'dns.spf', 'fail', /loops: loop\.example\.test → a\.loop\.test → b\.loop\.test → a\.loop\.test/],
    ['twospf.example.test', undefined, 'dns.spf', 'fail', /publishes 2 SPF records/],
    ['voidspf.example.test', undefined, 'dns.spf', 'fail', /void lookups/],
    ['softfail.example.test', undefined, 'dns.spf', 'warn', /~all/],
    ['plusall.example.test', undefined, 'dns.spf', 'fail', /authorises any server/],
    ['brokenspf.example.test', undefined, 'dns.spf', 'fail', /error receivers will not accept/],
    ['splittxt.example.test', undefined, 'dns.spf', 'pass', /-all/],
    ['bigspf.example.test', undefined, 'dns.spf', 'warn', /541 bytes/],
    // DMARC
    ['mail.orgdmarc.test', undefined, 'dns.dmarc', 'pass', /quarantine/],
    ['pnone.example.test', undefined, 'dns.dmarc', 'fail', /policy is none/],
    ['quarantine.example.test', undefined, 'dns.dmarc', 'pass', /quarantine \(record the timeline to reject\)/],
    ['testmode.example.test', undefined, 'dns.dmarc', 'fail', /t=y/],
    ['unknowntag.example.test', undefined, 'dns.dmarc', 'warn', /Unknown tag foo/],
    ['twodmarc.example.test', undefined, 'dns.dmarc', 'fail', /more than one DMARC record/],
    ['extrua.example.test', undefined, 'dns.dmarc', 'pass', /reject/],
    ['unauthrua.example.test', undefined, 'dns.dmarc', 'warn', /has not authorised/],
    ['slow.example.test', undefined, 'dns.dmarc', 'not-assessable', /timeout/],
    // DKIM
    ['good.example.test', 'o365', 'dns.dkim', 'pass', /selector1, selector2/],
    ['dkimnew.example.test', 'o365', 'dns.dkim', 'pass', /selector1, selector2/],
    ['weakkey.example.test', undefined, 'dns.dkim', 'warn', /1024-bit RSA key/],
    // A domain with an MX and no DKIM at all fails (dkim-rules.ts).
    ['nodkim.example.test', undefined, 'dns.dkim', 'fail', /does not exist/],
    // MX
    ['nullmx.example.test', undefined, 'dns.mx', 'warn', /null MX/],
    ['nomx.example.test', undefined, 'dns.mx', 'fail', /no MX records/],
    ['cnamemx.example.test', undefined, 'dns.mx', 'warn', /alias \(CNAME to real\.cnamemx\.example\.test\)/],
    // DNSSEC
    ['bogus.example.test', undefined, 'dns.dnssec', 'fail', /broken DNSSEC/],
    ['bogus.example.test', undefined, 'dns.mx', 'not-assessable', /SERVFAIL/],
  ])('%s (%s): %s is %s', (domain, route, check, status, summary) => {
    const f = finding(domain, check, route);
    expect({ status: f.status, summary: f.summary }).toEqual({ status, summary: expect.stringMatching(summary) });
  });

  it('fixes come with the exact record to publish', () => {
    expect(finding('twospf.example.test', 'dns.spf').remediation).toContain('v=spf1 mx include:_spf.sender.test -all');
    expect(finding('softfail.example.test', 'dns.spf').remediation).toContain('v=spf1 mx -all');
    expect(finding('pnone.example.test', 'dns.dmarc').remediation).toContain(
      'Publish this TXT record at _dmarc.pnone.example.test:\n  v=DMARC1; p=quarantine; rua=mailto:dmarc@pnone.example.test',
    );
    expect(finding('unauthrua.example.test', 'dns.dmarc').remediation).toContain(
      'unauthrua.example.test._report._dmarc.reports.example.net  TXT  "v=DMARC1"',
    );
    expect(finding('nodkim.example.test', 'dns.dkim').remediation).toMatch(/Turn on DKIM signing/);
  });

  it('a TXT record split across strings is joined with no separator', () => {
    expect(finding('splittxt.example.test', 'dns.spf').found[0]).toBe(
      'splittxt.example.test TXT "v=spf1 mx include:_spf.sender.test -all"',
    );
  });

  it('an SPF record over 512 bytes was fetched over TCP', () => {
    expect(lab.dns.queries.filter((q) => q.name === 'bigspf.example.test' && q.type === 'TXT').map((q) => q.transport)).toContain('tcp');
  });

  it('DMARC only at the organisational domain applies its sp= to the subdomain', () => {
    const f = finding('mail.orgdmarc.test', 'dns.dmarc');
    expect(f.target).toBe('_dmarc.mail.orgdmarc.test');
    expect(f.data).toMatchObject({ policy: 'quarantine', inherited: true, policyDomain: 'orgdmarc.test', pslOrgDomain: 'orgdmarc.test' });
    expect(f.reasons.map((r) => r.text).join('\n')).toMatch(
      /no record at _dmarc\.mail\.orgdmarc\.test; the organisational domain's record at _dmarc\.orgdmarc\.test applies/,
    );
  });

  it('reads both Microsoft 365 DKIM CNAME forms', () => {
    expect(finding('good.example.test', 'dns.dkim', 'o365').data).toMatchObject({ microsoftForm: 'onmicrosoft' });
    expect(finding('dkimnew.example.test', 'dns.dkim', 'o365').data).toMatchObject({ microsoftForm: 'dkim-mail-microsoft' });
    expect(finding('dkimnew.example.test', 'dns.dkim', 'o365').found[0]).toContain(
      'CNAME selector1-dkimnew-example-test._domainkey.fixturetenant.r-v1.dkim.mail.microsoft',
    );
  });

  it('a null MX makes the SMTP checks not applicable, while SPF and DMARC still count', () => {
    const r = results.get(key('nullmx.example.test'))!;
    expect(r.findings.filter((f) => f.check.startsWith('smtp.')).map((f) => [f.status, f.reason])).toEqual(
      Array(4).fill(['not-assessable', 'not-applicable']),
    );
    expect(finding('nullmx.example.test', 'dns.spf').status).toBe('pass');
    expect(finding('nullmx.example.test', 'dns.dmarc').status).toBe('pass');
    expect(r.report.transport).toEqual([]);
  });

  it('an MX that is a CNAME is still probed at its target address', () => {
    expect(finding('cnamemx.example.test', 'smtp.starttls').status).toBe('pass');
  });

  it('a resolver timeout is never read as a missing record', () => {
    const f = finding('slow.example.test', 'dns.dmarc');
    expect(f).toMatchObject({ status: 'not-assessable', reason: 'unreachable', target: '_dmarc.slow.example.test' });
    expect(`${f.summary} ${f.detail}`).not.toMatch(/No DMARC record|no DMARC record applies/);
    // The rest of the domain is graded normally.
    expect(finding('slow.example.test', 'dns.spf').status).toBe('pass');
  });

  it('probes an IDN by its A-label and shows both spellings', () => {
    const r = results.get(key('bücher-pflege.test'))!;
    expect(r.report.domain).toBe('xn--bcher-pflege-dlb.test');
    expect(r.report.displayDomain).toBe('bücher-pflege.test (xn--bcher-pflege-dlb.test)');
    expect(finding('bücher-pflege.test', 'dns.mx').status).toBe('pass');
    // Every name asked is ASCII; the root ("", the resolver control question) has no label at all.
    expect(lab.dns.queries.every((q) => q.name === '' || /^[\x21-\x7e]+$/.test(q.name))).toBe(true);
    expect(lab.dns.queries.some((q) => q.name === 'xn--bcher-pflege-dlb.test')).toBe(true);
  });

  it('rejects input that is not a domain', async () => {
    await expect(runDomainProbe('https://care.test/path', labProbeOptions(lab))).rejects.toThrow(/not a bare domain/);
  });
});
