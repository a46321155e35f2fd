import { describe, expect, it } from 'vitest';
import type { CertInfo } from '../../probes/smtp/cert-info';
import { assessCertificate, CERTIFICATE_RULES, certKeyRule, type CertificateFacts } from './certificate-rules';

// The certificate rules table, line by line, on certificate facts as a STARTTLS handshake reports them.

const NOW = new Date('2026-11-23T09:00:00Z');

function leaf(over: Partial<CertInfo> = {}): CertInfo {
  return {
    subject: 'CN=mx.care.test',
    issuer: 'CN=Test CA',
    sans: ['mx.care.test'],
    sansTruncated: false,
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2027-06-01T00:00:00.000Z',
    serialNumber: '01',
    fingerprint256: 'AA',
    keyType: 'rsa',
    keyBits: 2048,
    signatureAlgorithm: 'sha256WithRSAEncryption',
    selfIssued: false,
    pem: '',
    pemTruncated: false,
    ...over,
  };
}

const facts = (over: Partial<CertificateFacts> = {}, cert: Partial<CertInfo> = {}): CertificateFacts => ({
  host: 'mx.care.test',
  chain: [leaf(cert)],
  trusted: true,
  hostnameMatch: true,
  ...over,
});

describe('certificate keys', () => {
  it.each<[Partial<CertInfo>, string]>([
    [{ keyType: 'rsa', keyBits: 4096 }, 'key-sufficient'],
    [{ keyType: 'rsa', keyBits: 3072 }, 'key-sufficient'],
    [{ keyType: 'rsa', keyBits: 2048 }, 'key-sufficient'],
    [{ keyType: 'rsa', keyBits: 2047 }, 'key-weak'],
    [{ keyType: 'rsa', keyBits: 1024 }, 'key-weak'],
    [{ keyType: 'rsa-pss', keyBits: 2048 }, 'key-sufficient'],
    [{ keyType: 'ec', curve: 'prime256v1' }, 'key-sufficient'],
    [{ keyType: 'ec', curve: 'secp384r1' }, 'key-sufficient'],
    [{ keyType: 'ec', curve: 'brainpoolP256r1' }, 'key-sufficient'],
    [{ keyType: 'ec', curve: 'secp224r1' }, 'key-weak'],
    [{ keyType: 'ec', curve: 'prime192v1' }, 'key-weak'],
    [{ keyType: 'ed25519' }, 'key-sufficient'],
    [{ keyType: 'dsa', keyBits: 2048 }, 'unknown'],
  ])('%j → %s', (key, id) => {
    expect(certKeyRule({ keyType: 'rsa', ...key }).id).toBe(id);
  });
});

describe('certificate grading rules', () => {
  it.each<[string, Partial<CertificateFacts>, Partial<CertInfo>, string[]]>([
    ['valid', {}, {}, ['valid', 'key-sufficient']],
    [
      'expired',
      { trusted: false, authorizationError: 'CERT_HAS_EXPIRED' },
      { notAfter: '2026-11-01T00:00:00.000Z' },
      ['expired', 'key-sufficient'],
    ],
    [
      'not yet valid',
      { trusted: false, authorizationError: 'CERT_NOT_YET_VALID' },
      { notBefore: '2026-12-01T00:00:00.000Z' },
      ['not-yet-valid', 'key-sufficient'],
    ],
    [
      'self-signed',
      { trusted: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
      { selfIssued: true },
      ['self-signed', 'key-sufficient'],
    ],
    ['untrusted', { trusted: false, authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }, {}, ['untrusted', 'key-sufficient']],
    ['wrong host', { hostnameMatch: false }, {}, ['name-mismatch', 'key-sufficient']],
    ['expires in 29 days', {}, { notAfter: '2026-12-22T09:00:00.000Z' }, ['expires-soon', 'key-sufficient']],
    ['expires in 30 days', {}, { notAfter: '2026-12-23T09:00:00.000Z' }, ['valid', 'key-sufficient']],
    ['weak key', {}, { keyBits: 1024 }, ['valid', 'key-weak']],
    [
      'expired, wrong host and self-signed at once',
      { trusted: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT', hostnameMatch: false },
      { selfIssued: true, notAfter: '2026-01-01T00:00:00.000Z' },
      ['expired', 'self-signed', 'name-mismatch', 'key-sufficient'],
    ],
  ])('%s', (_name, over, cert, ids) => {
    const found = assessCertificate(facts(over, cert), NOW);
    expect(found.map((f) => f.id)).toEqual(ids);
    for (const f of found) if (f.id !== 'key-unknown') expect(f.severity).toBe(CERTIFICATE_RULES[f.id].severity);
  });

  it('fails every validation failure and warns only on coming expiry', () => {
    const severities = Object.fromEntries(Object.entries(CERTIFICATE_RULES).map(([id, r]) => [id, r.severity]));
    expect(severities).toEqual({
      'key-sufficient': 'pass',
      'key-weak': 'fail',
      expired: 'fail',
      'not-yet-valid': 'fail',
      'self-signed': 'fail',
      untrusted: 'fail',
      'name-mismatch': 'fail',
      'expires-soon': 'warn',
      valid: 'pass',
    });
    for (const r of Object.values(CERTIFICATE_RULES)) expect(r.source.length).toBeGreaterThan(5);
  });
});
