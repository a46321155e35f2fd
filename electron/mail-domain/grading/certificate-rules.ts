import type { CertInfo } from '../../probes/smtp/cert-info';
import type { Severity } from './verdict';
import { CERTIFICATE_GRADES } from '../../../shared/domain/grading-rules';
import { utcDateOf } from '../../../shared/domain/dates';

// How an MX host's certificate is graded, as a table with the source of each line, and one pure
// function over the facts a STARTTLS handshake gives. A domain accredited for secure email must present a
// certificate a sender can validate: DCB1596 ICT-05 asks for "TLS 1.2+ both ways, trusted CA"
// (the catalogue, resources/catalogue/dcb1596.json), and a sender enforcing TLS (MTA-STS enforce, DANE) refuses delivery
// when validation fails (RFC 8461 §4.2). So every validation failure fails, not only warns. The key size
// line follows NCSC-NL's table for certificate keys: RSA 2048 bits is sufficient
// (their "phase out" for 2048 bits concerns finite-field DH groups, rated in tls-rules.ts), and it is
// what Microsoft's own *.mail.protection.outlook.com hosts present.

export type CertRuleId = keyof typeof CERTIFICATE_GRADES;

const CERT_EXPIRY_WARN_DAYS = 30;

export interface CertRule {
  severity: Severity;
  // The condition, as the README's grading table and the app's help show it.
  rule: string;
  source: string;
}

// The table itself lives in shared/domain/grading-rules.ts (the README and the app's help print it).
export const CERTIFICATE_RULES: Record<CertRuleId, CertRule> = Object.fromEntries(
  Object.entries(CERTIFICATE_GRADES).map(([id, g]) => [id, { severity: g.status as Severity, rule: g.when, source: g.source }]),
) as Record<CertRuleId, CertRule>;

// Key sizes of the named curves Node reports (asymmetricKeyDetails.namedCurve).
const CURVE_BITS: Record<string, number> = {
  prime192v1: 192,
  secp192r1: 192,
  secp224r1: 224,
  prime256v1: 256,
  secp256r1: 256,
  secp256k1: 256,
  secp384r1: 384,
  secp521r1: 521,
  brainpoolP256r1: 256,
  brainpoolP384r1: 384,
  brainpoolP512r1: 512,
};

export function certKeyRule(c: Pick<CertInfo, 'keyType' | 'keyBits' | 'curve'>): {
  id: 'key-sufficient' | 'key-weak' | 'unknown';
  why: string;
} {
  if (c.keyType === 'rsa' || c.keyType === 'rsa-pss') {
    const bits = c.keyBits ?? 0;
    return { id: bits >= 2048 ? 'key-sufficient' : 'key-weak', why: `RSA ${bits}-bit` };
  }
  if (c.keyType === 'ec') {
    const bits = CURVE_BITS[c.curve ?? ''];
    if (bits === undefined) return { id: 'unknown', why: `ECDSA on ${c.curve ?? 'an unknown curve'}` };
    return { id: bits >= 256 ? 'key-sufficient' : 'key-weak', why: `ECDSA ${c.curve} (${bits}-bit)` };
  }
  if (c.keyType === 'ed25519' || c.keyType === 'ed448') return { id: 'key-sufficient', why: c.keyType === 'ed25519' ? 'Ed25519' : 'Ed448' };
  return { id: 'unknown', why: c.keyType };
}

export interface CertificateFacts {
  host: string;
  chain: readonly CertInfo[];
  // Chain validation against the trust store (the host name is checked separately).
  trusted: boolean;
  authorizationError?: string;
  hostnameMatch: boolean;
}

export interface CertFinding {
  id: CertRuleId | 'key-unknown';
  severity: Severity;
  text: string;
}

const SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT']);
const DATE_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const TRUST_TEXT: Record<string, string> = {
  SELF_SIGNED_CERT_IN_CHAIN: 'the chain ends in a root that is not publicly trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the issuer is unknown or an intermediate certificate is missing',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer is not publicly trusted, or an intermediate is missing',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer is not publicly trusted, or an intermediate is missing',
  CA_MD_TOO_WEAK: 'a certificate in the chain is signed with a hash senders refuse (SHA-1 or MD5)',
  EE_KEY_TOO_SMALL: 'the certificate key is too small for senders to accept',
  CA_KEY_TOO_SMALL: 'a key in the chain is too small for senders to accept',
};
const DAY = 86_400_000;

const day = utcDateOf;

// Every rule that applies to one presented chain, worst first is not needed: the finding's status is
// the worst severity among them (verdict.ts).
export function assessCertificate(f: CertificateFacts, now: Date): CertFinding[] {
  const leaf = f.chain[0];
  if (!leaf) return [];
  const out: CertFinding[] = [];
  const add = (id: CertRuleId, text: string) => out.push({ id, severity: CERTIFICATE_RULES[id].severity, text });
  const notAfter = new Date(leaf.notAfter);
  const notBefore = new Date(leaf.notBefore);
  const expired = notAfter.getTime() < now.getTime();
  const notYet = notBefore.getTime() > now.getTime();
  const selfSigned = SELF_SIGNED.has(f.authorizationError ?? '') || (leaf.selfIssued && f.chain.length === 1 && !f.trusted);

  if (expired) add('expired', `the certificate expired on ${day(leaf.notAfter)}`);
  if (notYet) add('not-yet-valid', `the certificate is not valid until ${day(leaf.notBefore)}`);
  if (selfSigned) add('self-signed', 'the certificate is self-signed, so no sender can verify it');
  else if (!f.trusted && !DATE_ERRORS.has(f.authorizationError ?? '')) {
    // OpenSSL reports a refused SHA-1/MD5 signature as a bare "UNSPECIFIED" error: name the cause.
    const weakHash = f.chain.some((c) => !c.selfIssued && /md5|sha1(?!\d)|sha-1/i.test(c.signatureAlgorithm));
    add(
      'untrusted',
      weakHash
        ? TRUST_TEXT.CA_MD_TOO_WEAK!
        : (TRUST_TEXT[f.authorizationError ?? ''] ?? `the chain does not verify (${f.authorizationError ?? 'unknown error'})`),
    );
  }
  if (!f.hostnameMatch)
    add('name-mismatch', `the certificate is not valid for ${f.host} (it names ${leaf.sans.slice(0, 4).join(', ') || leaf.subject})`);
  const daysLeft = Math.floor((notAfter.getTime() - now.getTime()) / DAY);
  if (!expired && daysLeft < CERT_EXPIRY_WARN_DAYS)
    add('expires-soon', `the certificate expires on ${day(leaf.notAfter)}, in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`);
  if (!out.length) {
    const issuer = leaf.issuer.split(', ').find((p) => p.startsWith('CN=')) ?? leaf.issuer;
    add('valid', `valid for ${f.host}, trusted chain (issuer ${issuer}), until ${day(leaf.notAfter)}`);
  }

  const key = certKeyRule(leaf);
  if (key.id === 'unknown') out.push({ id: 'key-unknown', severity: 'note', text: `key ${key.why}, not rated` });
  else add(key.id, `key ${key.why}, ${key.id === 'key-sufficient' ? 'sufficient' : 'insufficient'}`);
  return out;
}
