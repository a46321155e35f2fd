import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labProbeOptions, startMailLab, type MailLab } from '../fixtures/smtp/mail-lab';
import { closedPort, startScriptedSmtp, startSmtpServer, type RunningServer } from '../fixtures/smtp/smtp-servers';
import { runDomainProbe, type DomainProbeOptions } from '../../electron/mail-domain/run-domain-probe';
import type { DomainFinding } from '../../shared/contract/domain-checks';
import { preflight, looksBlocked } from '../../electron/probes/smtp/preflight';
import { Socket } from 'node:net';

// The STARTTLS probe against real SMTP servers on 127.0.0.1: smtp-server with certificates made in the
// test, and scripted servers for the hostile and broken behaviour no library server has. plain.example.test
// has one MX and no MTA-STS; single.example.test has one MX and an MTA-STS policy in enforce mode.

let lab: MailLab;
const servers: RunningServer[] = [];
const PLAIN = 'mx.plain.example.test';
const SINGLE = 'mx.single.example.test';

beforeAll(async () => {
  lab = await startMailLab();
}, 60_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await lab?.close();
});

async function serve<T extends RunningServer>(p: Promise<T>): Promise<T> {
  const s = await p;
  servers.push(s);
  return s;
}

async function probe(domain: string, mx: string, port: number, over: Partial<DomainProbeOptions> = {}) {
  lab.route(mx, port);
  const started = Date.now();
  const result = await runDomainProbe(domain, { ...labProbeOptions(lab), ...over });
  const smtp = Object.fromEntries(result.findings.filter((f) => f.check.startsWith('smtp.')).map((f) => [f.check, f])) as Record<
    string,
    DomainFinding
  >;
  return { result, smtp, ms: Date.now() - started, transport: result.report.transport[0] };
}

const statuses = (smtp: Record<string, DomainFinding>) =>
  Object.fromEntries(Object.entries(smtp).map(([k, f]) => [k, f.reason ? `${f.status}/${f.reason}` : f.status]));

describe('STARTTLS probe', () => {
  it('a modern server: STARTTLS, TLS 1.3 and 1.2 only, AEAD ciphers, a trusted certificate for the MX name', async () => {
    const cert = lab.pki.leaf({ hosts: [PLAIN] });
    const s = await serve(startSmtpServer({ cert }));
    const { smtp, transport, result } = await probe('plain.example.test', PLAIN, s.port);
    expect(statuses(smtp)).toEqual({
      'smtp.starttls': 'pass',
      'smtp.tls-version': 'pass',
      'smtp.cipher': 'pass',
      'smtp.certificate': 'pass',
    });
    expect(transport).toMatchObject({
      mx: PLAIN,
      ip: '127.0.0.1',
      port: s.port,
      starttls: 'offered',
      protocol: 'TLSv1.3',
      cipher: 'TLS_AES_256_GCM_SHA384',
    });
    expect(transport!.versions).toEqual({ 'TLSv1.3': 'accepted', 'TLSv1.2': 'accepted', 'TLSv1.1': 'rejected', TLSv1: 'rejected' });
    // Shallow scan: the default session, a TLS 1.2-only one, then 1.1 and 1.0 (1.3 was learnt from the first).
    // The port preflight closes before the greeting, so the server never counts it as a session.
    expect(s.connections).toBe(4);
    expect(result.report.transport[0]!.certificate).toMatchObject({
      subject: expect.stringContaining(PLAIN),
      sans: [PLAIN],
      trusted: true,
      hostnameMatch: true,
    });
  });

  it('TLS 1.0 and 1.1 still accepted → smtp.tls-version fails', async () => {
    const s = await serve(startSmtpServer({ cert: lab.pki.leaf({ hosts: [PLAIN] }), minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }));
    const { smtp, transport } = await probe('plain.example.test', PLAIN, s.port);
    expect(smtp['smtp.tls-version']!.status).toBe('fail');
    expect(smtp['smtp.tls-version']!.summary).toMatch(/still accepts TLSv1\.1 and TLSv1/);
    expect(transport!.versions).toMatchObject({ 'TLSv1.1': 'accepted', TLSv1: 'accepted' });
  });

  it('where the local OpenSSL refuses TLS 1.0/1.1 the answer is "cannot be tested by this client", not a verdict', async () => {
    const s = await serve(startSmtpServer({ cert: lab.pki.leaf({ hosts: [PLAIN] }), minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }));
    // OpenSSL 3 at its default security level will not offer TLS 1.0/1.1: the situation of a stricter build.
    const { smtp, transport } = await probe('plain.example.test', PLAIN, s.port, {
      smtp: { ...labProbeOptions(lab).smtp, legacyCiphers: 'DEFAULT@SECLEVEL=2' },
    });
    expect(statuses(smtp)['smtp.tls-version']).toBe('not-assessable/client-cannot-test');
    expect(transport!.versions).toMatchObject({ 'TLSv1.1': 'client-cannot-test', TLSv1: 'client-cannot-test' });
    expect(s.connections).toBe(2); // default + TLS 1.2-only: no session is spent on versions we cannot offer
  });

  it('static RSA key exchange only (no forward secrecy) → smtp.cipher fails', async () => {
    const s = await serve(startSmtpServer({ cert: lab.pki.leaf({ hosts: [PLAIN] }), maxVersion: 'TLSv1.2', ciphers: 'AES128-GCM-SHA256' }));
    const { smtp, transport } = await probe('plain.example.test', PLAIN, s.port);
    expect(transport).toMatchObject({ protocol: 'TLSv1.2', cipher: 'TLS_RSA_WITH_AES_128_GCM_SHA256' });
    expect(smtp['smtp.cipher']).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/static RSA key exchange: no forward secrecy/),
    });
    expect(smtp['smtp.tls-version']!.summary).toMatch(/TLS 1\.2|TLS 1\.3 is not offered|TLSv1\.2/);
  });

  it.each<[string, () => Parameters<typeof startSmtpServer>[0], string, RegExp]>([
    [
      'an expired certificate',
      () => ({ cert: lab.pki.leaf({ hosts: [PLAIN], notBefore: lab.pki.daysFrom(-400), notAfter: lab.pki.daysFrom(-30) }) }),
      'fail',
      /expired on/,
    ],
    ['a self-signed certificate', () => ({ cert: lab.pki.selfSigned({ hosts: [PLAIN] }) }), 'fail', /self-signed/],
    [
      'a certificate for another host',
      () => ({ cert: lab.pki.leaf({ hosts: ['other.example.test'] }) }),
      'fail',
      /not valid for mx\.plain\.example\.test \(it names other\.example\.test\)/,
    ],
    [
      'a missing intermediate',
      () => ({ cert: lab.pki.leafViaMissingIntermediate({ hosts: [PLAIN] }) }),
      'fail',
      /intermediate certificate is missing/,
    ],
    [
      'expired and for another host',
      () => ({ cert: lab.pki.leaf({ hosts: ['other.example.test'], notBefore: lab.pki.daysFrom(-400), notAfter: lab.pki.daysFrom(-30) }) }),
      'fail',
      /expired on/,
    ],
    ['a SHA-1 signature', () => ({ cert: lab.pki.leaf({ hosts: [PLAIN], sha1: true }) }), 'fail', /SHA-1/],
  ])('%s → smtp.certificate %s', async (_name, options, status, summary) => {
    const s = await serve(startSmtpServer(options()));
    const { smtp } = await probe('plain.example.test', PLAIN, s.port);
    expect(smtp['smtp.starttls']!.status).toBe('pass'); // a bad certificate is not "no STARTTLS" (checkdmarc #138)
    expect({ status: smtp['smtp.certificate']!.status, summary: smtp['smtp.certificate']!.summary }).toEqual({
      status,
      summary: expect.stringMatching(summary),
    });
  });

  it('with MTA-STS in enforce mode a certificate for another host fails', async () => {
    const s = await serve(startSmtpServer({ cert: lab.pki.leaf({ hosts: ['other.example.test'] }) }));
    const { smtp, result } = await probe('single.example.test', SINGLE, s.port);
    expect(result.findings.find((f) => f.check === 'dns.mta-sts')!.data).toMatchObject({ mode: 'enforce' });
    expect(smtp['smtp.certificate']).toMatchObject({ status: 'fail', summary: expect.stringMatching(/MTA-STS enforce mode/) });
  });

  it('STARTTLS hidden → smtp.starttls fails; the TLS checks have nothing to grade', async () => {
    const s = await serve(startSmtpServer({ cert: lab.pki.leaf({ hosts: [PLAIN] }), hideStarttls: true }));
    const { smtp, transport } = await probe('plain.example.test', PLAIN, s.port);
    expect(statuses(smtp)).toEqual({
      'smtp.starttls': 'fail',
      'smtp.tls-version': 'not-assessable/not-applicable',
      'smtp.cipher': 'not-assessable/not-applicable',
      'smtp.certificate': 'not-assessable/not-applicable',
    });
    expect(smtp['smtp.starttls']!.remediation).toMatch(/Enable STARTTLS on mx\.plain\.example\.test/);
    expect(transport!.starttls).toBe('not-offered');
    expect(s.connections).toBe(1);
  });

  it('421 on connect is a refusal (not assessable), and we do not keep knocking', async () => {
    const s = await serve(startSmtpServer({ refuseWith: 421 }));
    const { smtp, transport } = await probe('plain.example.test', PLAIN, s.port);
    expect(Object.values(statuses(smtp))).toEqual(Array(4).fill('not-assessable/refused'));
    expect(transport!.starttls).toBe('refused');
    expect(s.connections).toBe(1);
  });

  it('554 on connect is a refusal too', async () => {
    const s = await serve(startSmtpServer({ refuseWith: 554 }));
    const { smtp } = await probe('plain.example.test', PLAIN, s.port);
    expect(statuses(smtp)['smtp.starttls']).toBe('not-assessable/refused');
  });

  it('waits for a slow greeting (and never talks first)', async () => {
    const s = await serve(startScriptedSmtp({ greetingDelayMs: 700, starttls: { cert: lab.pki.leaf({ hosts: [PLAIN] }) } }));
    const { smtp, transport } = await probe('plain.example.test', PLAIN, s.port);
    expect(smtp['smtp.starttls']!.status).toBe('pass');
    expect(transport!.bannerMs).toBeGreaterThanOrEqual(650);
    // The first thing we sent, on every connection, came after the greeting: EHLO with our name.
    expect(s.commands[0]).toBe('EHLO [127.0.0.1]');
    expect(s.commands.some((c) => /^(MAIL|RCPT|DATA)/i.test(c))).toBe(false);
  });

  it('gives up on a greeting that never comes, within the banner timeout', async () => {
    const s = await serve(startScriptedSmtp({ greetingDelayMs: 60_000 }));
    const base = labProbeOptions(lab);
    const { smtp, ms } = await probe('plain.example.test', PLAIN, s.port, { smtp: { ...base.smtp, bannerTimeoutMs: 800 } });
    expect(statuses(smtp)['smtp.starttls']).toBe('not-assessable/unreachable');
    expect(smtp['smtp.starttls']!.summary).toMatch(/did not answer in time/);
    expect(ms).toBeLessThan(8000);
  });

  it('sends our EHLO name when one is configured', async () => {
    const s = await serve(startScriptedSmtp({ starttls: { cert: lab.pki.leaf({ hosts: [PLAIN] }) } }));
    const base = labProbeOptions(lab);
    await probe('plain.example.test', PLAIN, s.port, { smtp: { ...base.smtp, ehloName: 'probe.consultant.example' } });
    expect(s.commands.filter((c) => c.startsWith('EHLO'))[0]).toBe('EHLO probe.consultant.example');
  });

  it('ignores a "250-STARTTLS" sent before the greeting', async () => {
    const s = await serve(startScriptedSmtp({ preGreeting: ['250-STARTTLS'], starttls: { cert: lab.pki.leaf({ hosts: [PLAIN] }) } }));
    const { smtp } = await probe('plain.example.test', PLAIN, s.port);
    expect(smtp['smtp.starttls']!.status).toBe('pass');
  });

  it('discards bytes injected after "220 Go ahead" and says so', async () => {
    const s = await serve(startScriptedSmtp({ starttls: { cert: lab.pki.leaf({ hosts: [PLAIN] }), inject: '250 INJECTED' } }));
    const { smtp, result } = await probe('plain.example.test', PLAIN, s.port);
    expect(smtp['smtp.starttls']).toMatchObject({
      status: 'warn',
      summary: expect.stringMatching(/sent 14 bytes right after "220 Go ahead"/),
    });
    const snapshot = JSON.stringify(result.snapshot);
    expect(snapshot).toContain('discarded 14 bytes the server sent before the TLS handshake');
  });

  it('a firewall masking EHLO (Cisco ASA "XXXXXXXA") is "intercepted", not "no STARTTLS"', async () => {
    const s = await serve(
      startScriptedSmtp({ greeting: ['220 ****************************'], extensions: ['XXXXXXXA', 'XXXXXXXB', '8BITMIME'] }),
    );
    const { smtp } = await probe('plain.example.test', PLAIN, s.port);
    expect(statuses(smtp)['smtp.starttls']).toBe('not-assessable/intercepted');
    expect(smtp['smtp.starttls']!.detail).toMatch(/Cisco ASA/);
  });

  it('a server that does not speak SMTP gives a clear status, fast', async () => {
    const s = await serve(startScriptedSmtp({ garbage: Buffer.from('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n') }));
    const { smtp, ms } = await probe('plain.example.test', PLAIN, s.port);
    expect(statuses(smtp)['smtp.starttls']).toBe('not-assessable/malformed-response');
    expect(smtp['smtp.starttls']!.detail).toMatch(/not an SMTP reply/);
    expect(ms).toBeLessThan(5000);
  });

  it('a reply that never ends is cut off, bounded in time and memory', async () => {
    const s = await serve(startScriptedSmtp({ endlessEhlo: true }));
    const { smtp, ms, result } = await probe('plain.example.test', PLAIN, s.port);
    expect(statuses(smtp)['smtp.starttls']).toBe('not-assessable/malformed-response');
    expect(smtp['smtp.starttls']!.detail).toMatch(/ran past 100 lines|more than 256 KB/);
    expect(ms).toBeLessThan(5000);
    expect(JSON.stringify(result.snapshot).length).toBeLessThan(400_000);
  });

  it('a huge certificate gives a clear status and a bounded snapshot', async () => {
    const s = await serve(startSmtpServer({ cert: lab.pki.leaf({ hosts: [PLAIN], extraSans: 4000 }) }));
    const { smtp, ms, result, transport } = await probe('plain.example.test', PLAIN, s.port);
    // Over 100 KB: OpenSSL (ours, and most senders') refuses the chain, so TLS to this MX fails.
    expect(smtp['smtp.starttls']).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/larger than common TLS libraries accept/),
    });
    expect(transport!.starttls).toBe('handshake-failed');
    expect(ms).toBeLessThan(10_000);
    expect(JSON.stringify(result.snapshot).length).toBeLessThan(2_000_000);
  });

  it('nothing listening on the SMTP port anywhere → "port looks blocked", not a failure', async () => {
    const port = await closedPort();
    const base = labProbeOptions(lab);
    const result = await runDomainProbe('good.example.test', { ...base, smtp: { ...base.smtp, port, portFor: undefined } });
    const smtp = result.findings.filter((f) => f.check.startsWith('smtp.'));
    expect(smtp).toHaveLength(8);
    expect(smtp.every((f) => f.status === 'not-assessable' && f.reason === 'unreachable')).toBe(true);
    expect(smtp[0]!.summary).toMatch(new RegExp(`Port ${port} looks blocked`));
    expect(smtp[0]!.detail).toMatch(/SPF, DKIM, DMARC, MTA-STS, TLS-RPT\) do not need port 25/);
    // The DNS checks are unaffected.
    expect(result.findings.find((f) => f.check === 'dns.spf')!.status).toBe('pass');
  });
});

describe('port preflight', () => {
  it('classifies a connect that never completes as a timeout (what a port-25 block looks like)', async () => {
    const silent = () => new Socket(); // never connects, never errors
    const r = await preflight('192.0.2.1', 25, 100, silent);
    expect(r.outcome).toBe('timeout');
    expect(looksBlocked([r])).toBe(true);
    expect(looksBlocked([r, { ...r, outcome: 'open' }])).toBe(false);
  });

  it('sees an open port as open and a closed one as refused', async () => {
    expect((await preflight('127.0.0.1', lab.smtp.port, 1000)).outcome).toBe('open');
    expect((await preflight('127.0.0.1', await closedPort(), 1000)).outcome).toBe('refused');
  });
});
