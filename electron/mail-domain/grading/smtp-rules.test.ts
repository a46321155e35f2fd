import { describe, expect, it } from 'vitest';
import type { SessionResult, TlsDetails, TlsVersionName } from '../../probes/smtp/session';
import type { AddressProbe, VersionProbe } from '../../probes/smtp/starttls-probe';
import type { SmtpPhase } from '../../probes/smtp/probe-mx';
import type { CertInfo } from '../../probes/smtp/cert-info';
import { gradeSmtp, starttlsState } from './smtp-rules';
import type { GradeContext } from './context';

const NOW = new Date('2026-11-23T09:00:00Z');
const ctx: GradeContext = {
  domain: 'care.test',
  provider: 'other',
  mxHosts: ['mx.care.test'],
  mtaStsEnforce: false,
  now: NOW,
  dnsServers: ['1.1.1.1'],
};

const leaf = (over: Partial<CertInfo> = {}): CertInfo => ({
  subject: 'CN=mx.care.test',
  issuer: 'CN=Public CA',
  sans: ['mx.care.test'],
  sansTruncated: false,
  notBefore: '2026-01-01T00:00:00.000Z',
  notAfter: '2027-06-01T00:00:00.000Z',
  serialNumber: '01',
  fingerprint256: 'AA',
  keyType: 'rsa',
  keyBits: 3072,
  signatureAlgorithm: 'sha256WithRSAEncryption',
  selfIssued: false,
  pem: '',
  pemTruncated: false,
  ...over,
});

const tlsOk = (over: Partial<TlsDetails> = {}): TlsDetails => ({
  protocol: 'TLSv1.3',
  cipher: { name: 'TLS_AES_256_GCM_SHA384', standardName: 'TLS_AES_256_GCM_SHA384', version: 'TLSv1.3' },
  trusted: true,
  hostnameMatch: true,
  chain: [leaf()],
  ...over,
});

function session(outcome: SessionResult['outcome'], over: Partial<SessionResult> = {}): SessionResult {
  return {
    target: { mx: 'mx.care.test', ip: '192.0.2.10', port: 25 },
    requested: {},
    outcome,
    extensions: outcome === 'starttls-not-offered' ? ['PIPELINING'] : ['PIPELINING', 'STARTTLS'],
    masked: false,
    discardedBytes: 0,
    transcript: { entries: [], dropped: 0 },
    ms: 10,
    banner: ['mx.care.test ESMTP'],
    ...(outcome === 'tls-ok' ? { tls: tlsOk() } : {}),
    ...over,
  };
}

const v = (state: VersionProbe['state'], cipher?: string): VersionProbe => ({ state, ...(cipher ? { cipher } : {}) });
const versions = (over: Partial<Record<TlsVersionName, VersionProbe>> = {}): Record<TlsVersionName, VersionProbe> => ({
  'TLSv1.3': v('accepted', 'TLS_AES_256_GCM_SHA384'),
  'TLSv1.2': v('accepted', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'),
  'TLSv1.1': v('rejected'),
  TLSv1: v('rejected'),
  ...over,
});

function phase(main: SessionResult, vers = versions(), blocked = false): SmtpPhase {
  const a: AddressProbe = { target: main.target, main, versions: vers, sessions: [main] };
  return {
    port: 25,
    blocked,
    preflight: [{ ip: '192.0.2.10', port: 25, outcome: blocked ? 'timeout' : 'open', ms: 1 }],
    hosts: [{ mx: 'mx.care.test', addresses: blocked ? [] : [a], notProbed: [], noAddresses: false }],
    ms: 1,
  };
}

const byCheck = (p: SmtpPhase, c: GradeContext = ctx) => Object.fromEntries(gradeSmtp(p, c).map((f) => [f.check, f]));

describe('STARTTLS state of an address', () => {
  it.each<[SessionResult['outcome'], Partial<SessionResult>, string]>([
    ['tls-ok', {}, 'offered'],
    ['handshake-failed', {}, 'handshake-failed'],
    ['starttls-not-offered', {}, 'not-offered'],
    ['starttls-not-offered', { masked: true }, 'intercepted'],
    ['refused', {}, 'refused'],
    ['connect-timeout', {}, 'unreachable'],
    ['banner-timeout', {}, 'timeout'],
    ['protocol-error', {}, 'malformed'],
    ['protocol-error', { masked: true }, 'intercepted'],
  ])('%s %j → %s', (outcome, over, state) => {
    expect(
      starttlsState({ target: { mx: 'm', ip: '1', port: 25 }, main: session(outcome, over), versions: versions(), sessions: [] }),
    ).toBe(state);
  });
});

describe('SMTP verdicts', () => {
  it('a modern server passes all four checks', () => {
    const f = byCheck(phase(session('tls-ok')));
    expect(Object.values(f).map((x) => x.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it.each<[string, SessionResult, Partial<Record<TlsVersionName, VersionProbe>>, Record<string, string>]>([
    [
      'no STARTTLS',
      session('starttls-not-offered'),
      {},
      { 'smtp.starttls': 'fail', 'smtp.tls-version': 'not-assessable', 'smtp.certificate': 'not-assessable' },
    ],
    ['TLS 1.0 still accepted', session('tls-ok'), { TLSv1: v('accepted') }, { 'smtp.tls-version': 'fail' }],
    [
      'TLS 1.2 only, legacy refused',
      session('tls-ok', { tls: tlsOk({ protocol: 'TLSv1.2' }) }),
      { 'TLSv1.3': v('rejected') },
      { 'smtp.tls-version': 'pass' },
    ],
    [
      'legacy versions untestable here',
      session('tls-ok'),
      { TLSv1: v('client-cannot-test'), 'TLSv1.1': v('client-cannot-test') },
      { 'smtp.tls-version': 'not-assessable' },
    ],
    [
      'static RSA key exchange',
      session('tls-ok', {
        tls: tlsOk({
          protocol: 'TLSv1.2',
          cipher: { name: 'AES128-GCM-SHA256', standardName: 'TLS_RSA_WITH_AES_128_GCM_SHA256', version: 'TLSv1.2' },
        }),
      }),
      { 'TLSv1.2': v('accepted', 'TLS_RSA_WITH_AES_128_GCM_SHA256') },
      { 'smtp.cipher': 'fail' },
    ],
    [
      'CBC-SHA256 phase-out',
      session('tls-ok'),
      { 'TLSv1.2': v('accepted', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256') },
      { 'smtp.cipher': 'warn' },
    ],
    [
      'self-signed certificate',
      session('tls-ok', { tls: tlsOk({ trusted: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) }),
      {},
      { 'smtp.certificate': 'fail' },
    ],
    ['wrong host only', session('tls-ok', { tls: tlsOk({ hostnameMatch: false }) }), {}, { 'smtp.certificate': 'fail' }],
    [
      'expired only',
      session('tls-ok', {
        tls: tlsOk({ trusted: false, authorizationError: 'CERT_HAS_EXPIRED', chain: [leaf({ notAfter: '2026-11-01T00:00:00.000Z' })] }),
      }),
      {},
      { 'smtp.certificate': 'fail' },
    ],
    [
      'not valid yet',
      session('tls-ok', {
        tls: tlsOk({ trusted: false, authorizationError: 'CERT_NOT_YET_VALID', chain: [leaf({ notBefore: '2026-12-01T00:00:00.000Z' })] }),
      }),
      {},
      { 'smtp.certificate': 'fail' },
    ],
    [
      'missing intermediate',
      session('tls-ok', { tls: tlsOk({ trusted: false, authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }) }),
      {},
      { 'smtp.certificate': 'fail' },
    ],
    [
      'expires within 30 days',
      session('tls-ok', { tls: tlsOk({ chain: [leaf({ notAfter: '2026-12-10T00:00:00.000Z' })] }) }),
      {},
      { 'smtp.certificate': 'warn' },
    ],
    [
      'expired and wrong host',
      session('tls-ok', {
        tls: tlsOk({
          hostnameMatch: false,
          trusted: false,
          authorizationError: 'CERT_HAS_EXPIRED',
          chain: [leaf({ notAfter: '2026-01-01T00:00:00.000Z' })],
        }),
      }),
      {},
      { 'smtp.certificate': 'fail' },
    ],
    // NCSC-NL rates 2048-bit RSA certificate keys sufficient (certificate-rules.ts).
    [
      'RSA 2048 key sufficient',
      session('tls-ok', { tls: tlsOk({ chain: [leaf({ keyBits: 2048 })] }) }),
      {},
      { 'smtp.certificate': 'pass' },
    ],
    ['RSA 1024 key', session('tls-ok', { tls: tlsOk({ chain: [leaf({ keyBits: 1024 })] }) }), {}, { 'smtp.certificate': 'fail' }],
    [
      'SHA-1 signature',
      session('tls-ok', { tls: tlsOk({ chain: [leaf({ signatureAlgorithm: 'sha1WithRSAEncryption' })] }) }),
      {},
      { 'smtp.certificate': 'fail' },
    ],
    [
      '421 on connect',
      session('refused', { refusalCode: 421, error: '421 busy' }),
      {},
      { 'smtp.starttls': 'not-assessable', 'smtp.cipher': 'not-assessable' },
    ],
    ['masked by a firewall', session('starttls-not-offered', { masked: true }), {}, { 'smtp.starttls': 'not-assessable' }],
  ])('%s', (_name, main, vers, expected) => {
    const f = byCheck(phase(main, versions(vers)));
    for (const [check, status] of Object.entries(expected)) expect({ check, status: f[check]!.status }).toEqual({ check, status });
  });

  it('gives the reason for not-assessable results', () => {
    expect(byCheck(phase(session('refused', { refusalCode: 421 })))['smtp.starttls']!.reason).toBe('refused');
    expect(byCheck(phase(session('starttls-not-offered', { masked: true })))['smtp.starttls']!.reason).toBe('intercepted');
    expect(
      byCheck(phase(session('tls-ok'), versions({ TLSv1: v('client-cannot-test'), 'TLSv1.1': v('client-cannot-test') })))[
        'smtp.tls-version'
      ]!.reason,
    ).toBe('client-cannot-test');
  });

  it('a wrong-host certificate fails, and under MTA-STS enforce the reason says senders will refuse to deliver', () => {
    const p = phase(session('tls-ok', { tls: tlsOk({ hostnameMatch: false }) }));
    expect(byCheck(p)['smtp.certificate']!.summary).not.toMatch(/MTA-STS/);
    expect(byCheck(p, { ...ctx, mtaStsEnforce: true })['smtp.certificate']).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/MTA-STS enforce mode makes senders refuse to deliver/),
    });
  });

  it('a blocked port makes every transport check not assessable, never a failure', () => {
    const findings = gradeSmtp(phase(session('connect-timeout'), versions(), true), ctx);
    expect(findings.map((f) => [f.check, f.status, f.reason])).toEqual([
      ['smtp.starttls', 'not-assessable', 'unreachable'],
      ['smtp.tls-version', 'not-assessable', 'unreachable'],
      ['smtp.cipher', 'not-assessable', 'unreachable'],
      ['smtp.certificate', 'not-assessable', 'unreachable'],
    ]);
    expect(findings[0]!.summary).toMatch(/Port 25 looks blocked/);
  });
});
