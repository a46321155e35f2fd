import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labProbeOptions, startMailLab, type MailLab } from '../fixtures/smtp/mail-lab';
import { policyText, startMtaStsServer, type MtaStsServer } from '../fixtures/smtp/mta-sts-server';
import { DnsResolverPort } from '../../electron/probes/dns/resolver';
import { gatherMtaSts } from '../../electron/probes/dns/mta-sts';
import { gradeMtaSts } from '../../electron/mail-domain/grading/mta-sts-rules';
import type { GradeContext } from '../../electron/mail-domain/grading/context';

// MTA-STS against a real HTTPS server with a test CA, reached through the fixture DNS: the policy host's
// address comes from our resolver, the certificate is checked for mta-sts.<domain>.

let lab: MailLab;
let wrongHost: MtaStsServer;
const HOST = 'mta-sts.good.example.test';
const MX = ['mx1.good.example.test', 'mx2.good.example.test'];

beforeAll(async () => {
  lab = await startMailLab();
  wrongHost = await startMtaStsServer(lab.pki.leaf({ hosts: ['www.good.example.test'] }), { [HOST]: { body: policyText('enforce', MX) } });
}, 60_000);
afterAll(async () => {
  await wrongHost?.close();
  await lab?.close();
});

async function check(
  response: Parameters<MtaStsServer['set']>[1] | undefined,
  opts: { port?: number; domain?: string; mx?: string[] } = {},
) {
  if (response) lab.mtaSts.set(HOST, response);
  const o = labProbeOptions(lab);
  const dns = new DnsResolverPort(o.dns);
  const domain = opts.domain ?? 'good.example.test';
  const facts = await gatherMtaSts(dns, domain, opts.mx ?? MX, {
    httpsPort: opts.port ?? lab.mtaSts.port,
    timeoutMs: 3000,
    extraCa: o.extraCa,
  });
  const ctx: GradeContext = {
    domain,
    provider: 'other',
    mxHosts: opts.mx ?? MX,
    mtaStsEnforce: facts.policy?.mode === 'enforce',
    now: new Date(),
    dnsServers: o.dns.servers,
  };
  return { facts, finding: gradeMtaSts(facts, ctx) };
}

describe('MTA-STS policy', () => {
  it('an enforce policy over CRLF, text/plain, valid certificate, covering every MX → pass', async () => {
    const { facts, finding } = await check({ body: policyText('enforce', MX) });
    expect(finding).toMatchObject({ status: 'pass', summary: 'MTA-STS enforces TLS (max_age 604800 s)' });
    expect(facts.fetch).toMatchObject({ ip: '127.0.0.1', status: 200, trusted: true, hostnameMatch: true, lineEndings: 'crlf' });
    expect(facts.fetch!.certificate!.sans).toContain(HOST);
  });

  it.each<[string, Parameters<MtaStsServer['set']>[1], string, RegExp]>([
    ['testing mode', { body: policyText('testing', MX) }, 'warn', /testing mode/],
    ['mode none', { body: policyText('none', []) }, 'warn', /switched off/],
    ['a redirect', { status: 301, location: 'https://www.good.example.test/mta-sts.txt' }, 'warn', /redirects \(HTTP 301/],
    ['HTTP 404', { status: 404, body: 'nope' }, 'warn', /HTTP 404/],
    [
      'the wrong Content-Type in enforce mode',
      { body: policyText('enforce', MX), contentType: 'text/html' },
      'fail',
      /served as "text\/html"/,
    ],
    ['LF line endings', { body: policyText('enforce', MX, { eol: '\n' }) }, 'warn', /LF line endings/],
    [
      'an MX left out in enforce mode',
      { body: policyText('enforce', ['mx1.good.example.test']) },
      'fail',
      /MX mx2\.good\.example\.test is not covered/,
    ],
    ['a wildcard one label too shallow', { body: policyText('enforce', ['*.example.test']) }, 'fail', /not covered.*exactly one label/],
    ['a wildcard at the right depth', { body: policyText('enforce', ['*.good.example.test']) }, 'pass', /enforces TLS/],
    ['a short max_age', { body: policyText('enforce', MX, { maxAge: 3600 }) }, 'warn', /max_age is 3600 s/],
    ['a policy that is not one', { body: 'hello world' }, 'warn', /cannot be read/],
    [
      'a lax-only policy',
      { body: 'version: STSv1\r\nMode: enforce\r\nmx: mx1.good.example.test\r\nmx: mx2.good.example.test\r\nmax_age: 604800\r\n' },
      'warn',
      /not strictly valid/,
    ],
  ])('%s', async (_name, response, status, summary) => {
    const { finding } = await check(response);
    expect({ status: finding.status, summary: finding.summary }).toEqual({ status, summary: expect.stringMatching(summary) });
  });

  it('a certificate for another name on the policy host fails in enforce mode', async () => {
    const { facts, finding } = await check(undefined, { port: wrongHost.port });
    expect(facts.fetch).toMatchObject({ hostnameMatch: false, trusted: true });
    expect(facts.policy?.mode).toBe('enforce'); // read anyway, to judge how bad it is
    expect(finding).toMatchObject({ status: 'fail', summary: expect.stringMatching(/not valid for mta-sts\.good\.example\.test/) });
  });

  it('a policy host that is down is a warning that says so', async () => {
    const { finding } = await check(undefined, { port: 1 });
    expect(finding.status).toBe('warn');
    expect(finding.summary).toMatch(/Could not connect to mta-sts\.good\.example\.test/);
  });

  it('no _mta-sts record: a warning with the records to publish', async () => {
    const { finding } = await check(undefined, { domain: 'plain.example.test', mx: ['mx.plain.example.test'] });
    expect(finding.status).toBe('warn');
    expect(finding.remediation).toMatch(/_mta-sts\.plain\.example\.test:\n {2}v=STSv1; id=\d{14}/);
    expect(finding.remediation).toContain('  mode: testing');
    expect(finding.remediation).toContain('  mx: mx.plain.example.test');
  });

  it('the policy host was reached at the address our resolver gave', async () => {
    await check({ body: policyText('enforce', MX) });
    expect(lab.dns.queries.some((q) => q.name === HOST && q.type === 'A')).toBe(true);
    expect(lab.mtaSts.requests.at(-1)).toEqual({ host: HOST, path: '/.well-known/mta-sts.txt' });
  });
});
