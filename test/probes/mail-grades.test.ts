import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labProbeOptions, startMailLab, type MailLab } from '../fixtures/smtp/mail-lab';
import { startSmtpServer, type RunningServer } from '../fixtures/smtp/smtp-servers';
import { dkimPublicKey, type IssuedCert } from '../fixtures/smtp/certs';
import { domainRecords, healthy, mailKeys, type DomainSpec } from '../fixtures/dns/mail-zones';
import type { FixtureRecords } from '../fixtures/dns/dns-fixture-server';
import { runDomainProbe, type DomainProbeResult } from '../../electron/mail-domain/run-domain-probe';
import type { DomainFinding } from '../../shared/contract/domain-checks';
import type { Route } from '../../shared/contract/clients';

// One loopback scenario per certificate and DKIM grade in the README's grading table: real STARTTLS
// servers presenting certificates made for the scenario, real DNS answers, the real probe. Certificate
// dates come from CLOCK, the time the probe is told it is, so the grader judges them against the same
// instant. CLOCK is today (09:00 UTC), not a fixed date: the TLS library checks dates against the machine's
// clock too, and an untrusted chain with a date the library thinks is past would be reported as expired
// instead of untrusted — so certificate and machine must agree on any day the suite runs.

const CLOCK = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + 9 * 3_600_000);
const DAY = 86_400_000;
const at = (days: number) => new Date(CLOCK.getTime() + days * DAY);
const iso = (d: Date) => d.toISOString().slice(0, 10);

interface Scenario {
  domain: string;
  route?: Route;
  // The certificate its one MX host presents (default: RSA-2048 from the lab CA, valid for a year).
  cert?: (lab: MailLab, mx: string) => IssuedCert;
  dkim?: DomainSpec['dkim'];
}

const k = mailKeys();
const ms = (selector: string, domain: string) => `${selector}-${domain.replace(/\./g, '-')}._domainkey.gradetenant.onmicrosoft.com`;

const SCENARIOS: Scenario[] = [
  { domain: 'rsa2048.grades.test', cert: (lab, mx) => lab.pki.leaf({ hosts: [mx], keyBits: 2048, notBefore: at(-1), notAfter: at(365) }) },
  {
    domain: 'expired.grades.test',
    cert: (lab, mx) => lab.pki.leaf({ hosts: [mx], keyBits: 2048, notBefore: at(-400), notAfter: at(-10) }),
  },
  { domain: 'notyet.grades.test', cert: (lab, mx) => lab.pki.leaf({ hosts: [mx], keyBits: 2048, notBefore: at(5), notAfter: at(400) }) },
  { domain: 'soon.grades.test', cert: (lab, mx) => lab.pki.leaf({ hosts: [mx], keyBits: 2048, notBefore: at(-80), notAfter: at(10) }) },
  {
    domain: 'selfsigned.grades.test',
    cert: (lab, mx) => lab.pki.selfSigned({ hosts: [mx], keyBits: 2048, notBefore: at(-1), notAfter: at(365) }),
  },
  {
    domain: 'wronghost.grades.test',
    cert: (lab) => lab.pki.leaf({ hosts: ['mail.elsewhere.test'], keyBits: 2048, notBefore: at(-1), notAfter: at(365) }),
  },
  {
    // A wildcard covers exactly one label (RFC 6125 §6.4.3): *.grades.test does not cover mx1.deep.grades.test.
    domain: 'deep.grades.test',
    cert: (lab) => lab.pki.leaf({ hosts: ['*.grades.test'], keyBits: 2048, notBefore: at(-1), notAfter: at(365) }),
  },
  {
    // …while *.wild.grades.test covers mx1.wild.grades.test.
    domain: 'wild.grades.test',
    cert: (lab) => lab.pki.leaf({ hosts: ['*.wild.grades.test'], keyBits: 2048, notBefore: at(-1), notAfter: at(365) }),
  },
  {
    domain: 'untrusted.grades.test',
    cert: (lab, mx) => lab.pki.leafViaMissingIntermediate({ hosts: [mx], keyBits: 2048, notBefore: at(-1), notAfter: at(365) }),
  },
  { domain: 'weakcert.grades.test', cert: (lab, mx) => lab.pki.leaf({ hosts: [mx], keyBits: 1024, notBefore: at(-1), notAfter: at(365) }) },
  // DKIM
  {
    domain: 'oneselector.grades.test',
    route: 'o365',
    dkim: { selector1: { cname: ms('selector1', 'oneselector.grades.test'), key: k.rsa2048 } },
  },
  {
    // selector2's CNAME is there, but its target does not exist; the route is not given: the CNAMEs
    // into Microsoft's DKIM zone say Microsoft 365.
    domain: 'danglingselector.grades.test',
    dkim: {
      selector1: { cname: ms('selector1', 'danglingselector.grades.test'), key: k.rsa2048 },
      selector2: { cname: ms('selector2', 'danglingselector.grades.test') },
    },
  },
  { domain: 'nodomainkey.grades.test', dkim: {} },
  { domain: 'dkim512.grades.test', dkim: { default: { key: dkimPublicKey(512) } } },
  { domain: 'dkim1024.grades.test', dkim: { default: { key: k.rsa1024 } } },
];

let lab: MailLab;
const servers: RunningServer[] = [];
const results = new Map<string, DomainProbeResult>();

beforeAll(async () => {
  const records: Record<string, FixtureRecords> = {};
  for (const s of SCENARIOS) {
    Object.assign(
      records,
      domainRecords(
        s.domain,
        healthy(s.domain, k, {
          mx: [{ priority: 10, host: `mx1.${s.domain}` }],
          spf: ['v=spf1 mx -all'],
          ...(s.dkim ? { dkim: s.dkim } : {}),
        }),
      ),
    );
  }
  lab = await startMailLab({ records });
  for (const s of SCENARIOS) {
    if (!s.cert) continue;
    const mx = `mx1.${s.domain}`;
    const server = await startSmtpServer({ cert: s.cert(lab, mx), name: mx });
    servers.push(server);
    lab.route(mx, server.port);
  }
  const queue = [...SCENARIOS];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let s = queue.shift(); s; s = queue.shift())
        results.set(s.domain, await runDomainProbe(s.domain, { ...labProbeOptions(lab), route: s.route, now: () => CLOCK }));
    }),
  );
}, 120_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await lab?.close();
});

function finding(domain: string, check: string): DomainFinding {
  const f = results.get(domain)?.findings.find((x) => x.check === check);
  if (!f) throw new Error(`no ${check} finding for ${domain}`);
  return f;
}

describe('certificate grades on a real STARTTLS server', () => {
  it.each<[string, 'pass' | 'warn' | 'fail', RegExp]>([
    ['rsa2048.grades.test', 'pass', /Valid, trusted certificate for mx1\.rsa2048\.grades\.test/],
    ['expired.grades.test', 'fail', new RegExp(`expired on ${iso(at(-10))}`)],
    ['notyet.grades.test', 'fail', new RegExp(`not valid until ${iso(at(5))}`)],
    ['soon.grades.test', 'warn', new RegExp(`expires on ${iso(at(10))}, in 10 days`)],
    ['selfsigned.grades.test', 'fail', /self-signed/],
    ['wronghost.grades.test', 'fail', /not valid for mx1\.wronghost\.grades\.test \(it names mail\.elsewhere\.test\)/],
    ['deep.grades.test', 'fail', /not valid for mx1\.deep\.grades\.test \(it names \*\.grades\.test\)/],
    ['wild.grades.test', 'pass', /Valid, trusted certificate for mx1\.wild\.grades\.test/],
    ['untrusted.grades.test', 'fail', /intermediate/],
    ['weakcert.grades.test', 'fail', /RSA 1024-bit, insufficient/],
  ])('%s: smtp.certificate is %s', (domain, status, summary) => {
    const f = finding(domain, 'smtp.certificate');
    expect({ status: f.status, summary: f.summary }).toEqual({ status, summary: expect.stringMatching(summary) });
    if (status !== 'pass') expect(f.remediation).toBeTruthy();
  });

  it('an RSA-2048 key is sufficient, not a warning', () => {
    const f = finding('rsa2048.grades.test', 'smtp.certificate');
    expect(f.reasons.map((r) => [r.severity, r.text])).toContainEqual(['pass', expect.stringMatching(/key RSA 2048-bit, sufficient/)]);
    expect(f.reasons.some((r) => r.severity === 'warn' || r.severity === 'fail')).toBe(false);
  });

  it('a bad certificate is not "no STARTTLS"', () => {
    for (const d of ['expired.grades.test', 'selfsigned.grades.test', 'wronghost.grades.test'])
      expect(finding(d, 'smtp.starttls').status).toBe('pass');
  });
});

describe('DKIM grades from real DNS answers', () => {
  it.each<[string, 'pass' | 'warn' | 'fail', RegExp]>([
    ['oneselector.grades.test', 'warn', /selector2\._domainkey\.oneselector\.grades\.test is missing/],
    [
      'danglingselector.grades.test',
      'warn',
      /selector2\._domainkey\.danglingselector\.grades\.test points to selector2-danglingselector-grades-test\._domainkey\.gradetenant\.onmicrosoft\.com, where there is no key \(NXDOMAIN\)/,
    ],
    ['nodomainkey.grades.test', 'fail', /_domainkey\.nodomainkey\.grades\.test does not exist \(NXDOMAIN/],
    ['dkim512.grades.test', 'fail', /512-bit RSA key, which receivers refuse/],
    ['dkim1024.grades.test', 'warn', /1024-bit RSA key/],
  ])('%s: dns.dkim is %s', (domain, status, summary) => {
    const f = finding(domain, 'dns.dkim');
    expect({ status: f.status, summary: f.summary }).toEqual({ status, summary: expect.stringMatching(summary) });
    expect(f.remediation).toBeTruthy();
  });

  it('the one-selector fix names the missing CNAME and its likely target', () => {
    expect(finding('oneselector.grades.test', 'dns.dkim').remediation).toContain(
      `selector2._domainkey.oneselector.grades.test  CNAME  ${ms('selector2', 'oneselector.grades.test')}`,
    );
  });
});
