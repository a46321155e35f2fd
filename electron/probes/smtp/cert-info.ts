import { X509Certificate } from 'node:crypto';
import type { PeerCertificate, TLSSocket } from 'node:tls';

// What a report needs from a certificate, read with node:crypto's X509Certificate. Node has no accessor
// for the signature algorithm, so we read its OID from the DER (Certificate ::= SEQUENCE { tbs,
// signatureAlgorithm, signature }).

export interface CertInfo {
  subject: string;
  issuer: string;
  sans: string[];
  sansTruncated: boolean;
  notBefore: string;
  notAfter: string;
  serialNumber: string;
  fingerprint256: string;
  keyType: string;
  keyBits?: number;
  curve?: string;
  signatureAlgorithm: string;
  selfIssued: boolean;
  // Bounded PEM for the evidence snapshot.
  pem: string;
  pemTruncated: boolean;
}

const MAX_SANS = 100;
const MAX_PEM = 16_384;
const MAX_CHAIN = 10;

const SIGNATURE_OIDS: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};

// DER: tag, length (short or long form), value. Returns the value's [start, end).
function readTlv(der: Buffer, offset: number): { tag: number; start: number; end: number } {
  const tag = der[offset]!;
  let len = der[offset + 1]!;
  let start = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 4) throw new Error('bad DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i]!;
    start += n;
  }
  if (start + len > der.length) throw new Error('truncated DER');
  return { tag, start, end: start + len };
}

function decodeOid(bytes: Buffer): string {
  const parts = [Math.floor(bytes[0]! / 40), bytes[0]! % 40];
  let v = 0;
  for (let i = 1; i < bytes.length; i++) {
    v = v * 128 + (bytes[i]! & 0x7f);
    if (!(bytes[i]! & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

function signatureAlgorithmOf(der: Buffer): string {
  try {
    const cert = readTlv(der, 0);
    const tbs = readTlv(der, cert.start);
    const algId = readTlv(der, tbs.end);
    const oid = readTlv(der, algId.start);
    if (oid.tag !== 0x06) return 'unknown';
    const dotted = decodeOid(der.subarray(oid.start, oid.end));
    return SIGNATURE_OIDS[dotted] ?? dotted;
  } catch {
    return 'unknown';
  }
}

function parseSans(subjectAltName: string | undefined): string[] {
  if (!subjectAltName) return [];
  return subjectAltName
    .split(/,\s*/)
    .map((s) => s.trim())
    .filter((s) => s.startsWith('DNS:') || s.startsWith('IP Address:'))
    .map((s) => s.replace(/^DNS:/, '').replace(/^IP Address:/, 'IP:'));
}

export function certInfo(x: X509Certificate): CertInfo {
  const sans = parseSans(x.subjectAltName);
  const details = x.publicKey.asymmetricKeyDetails ?? {};
  const pem = x.toString();
  return {
    subject: x.subject.replace(/\n/g, ', '),
    issuer: x.issuer.replace(/\n/g, ', '),
    sans: sans.slice(0, MAX_SANS),
    sansTruncated: sans.length > MAX_SANS,
    notBefore: x.validFromDate.toISOString(),
    notAfter: x.validToDate.toISOString(),
    serialNumber: x.serialNumber,
    fingerprint256: x.fingerprint256,
    keyType: x.publicKey.asymmetricKeyType ?? 'unknown',
    keyBits: details.modulusLength,
    curve: details.namedCurve,
    signatureAlgorithm: signatureAlgorithmOf(x.raw),
    selfIssued: x.subject === x.issuer,
    pem: pem.length > MAX_PEM ? pem.slice(0, MAX_PEM) : pem,
    pemTruncated: pem.length > MAX_PEM,
  };
}

// The chain as the peer presented it (leaf first). Node may append a locally trusted root, and stops
// where an issuer refers to itself.
export function peerChain(socket: TLSSocket): CertInfo[] {
  const out: CertInfo[] = [];
  let cert: PeerCertificate | undefined = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  while (cert && cert.raw && out.length < MAX_CHAIN) {
    if (seen.has(cert.fingerprint256)) break;
    seen.add(cert.fingerprint256);
    try {
      out.push(certInfo(new X509Certificate(cert.raw)));
    } catch {
      break;
    }
    const next: PeerCertificate | undefined = (cert as PeerCertificate & { issuerCertificate?: PeerCertificate }).issuerCertificate;
    if (!next || next === cert) break;
    cert = next;
  }
  return out;
}

// RFC 6125 matching as RFC 8461 wants it for MTA-STS and as senders apply it to MX names: DNS-ID SANs
// only (no CN fallback), a wildcard only as the whole left-most label.
export function certMatchesHost(x: X509Certificate, host: string): boolean {
  return Boolean(
    x.checkHost(host, {
      subject: 'never',
      wildcards: true,
      partialWildcards: false,
      multiLabelWildcards: false,
      singleLabelSubdomains: false,
    }),
  );
}
