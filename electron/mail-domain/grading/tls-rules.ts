// TLS grading tables, after the NCSC-NL TLS guidelines 2025-05 as internet.nl applies them.
// Data, so the rule set can follow the guidance (or a decision to use Mail Check's gentler fail set)
// without touching the graders. Ratings: good and sufficient pass, phase-out warns, insufficient fails.

export type TlsRating = 'good' | 'sufficient' | 'phase-out' | 'insufficient' | 'unknown';

export const RULESET_VERSION = 'DCB1596 Workbench mail-posture rules 2026.1 (NCSC-NL TLS guidelines 2025-05, internet.nl mail test)';

export const TLS_VERSION_RATING: Record<string, TlsRating> = {
  'TLSv1.3': 'good',
  'TLSv1.2': 'sufficient',
  'TLSv1.1': 'insufficient',
  TLSv1: 'insufficient',
  SSLv3: 'insufficient',
};

// IANA standard names (tls.getCipher().standardName). First match wins.
const CIPHER_RULES: readonly { pattern: RegExp; rating: TlsRating; why: string }[] = [
  { pattern: /NULL|EXPORT|_anon_|_DES_|DES40|RC2|RC4|3DES|_IDEA_/, rating: 'insufficient', why: 'a broken or export-grade cipher' },
  { pattern: /^TLS_AES_128_CCM_8_SHA256$/, rating: 'insufficient', why: 'a truncated-tag AEAD' },
  { pattern: /^TLS_(AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)$/, rating: 'good', why: 'a TLS 1.3 suite' },
  { pattern: /^TLS_AES_128_(GCM_SHA256|CCM_SHA256)$/, rating: 'sufficient', why: 'a TLS 1.3 suite' },
  { pattern: /^TLS_RSA_WITH_/, rating: 'insufficient', why: 'static RSA key exchange: no forward secrecy' },
  { pattern: /^TLS_(DH|ECDH)_(RSA|DSS|ECDSA)_WITH_/, rating: 'insufficient', why: 'static (EC)DH key exchange: no forward secrecy' },
  { pattern: /_CBC_SHA$/, rating: 'insufficient', why: 'CBC mode with SHA-1' },
  {
    pattern: /^TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$/,
    rating: 'good',
    why: 'ECDHE with an AEAD cipher',
  },
  { pattern: /^TLS_ECDHE_ECDSA_WITH_AES_(128|256)_CCM$/, rating: 'good', why: 'ECDHE with AES-CCM' },
  { pattern: /^TLS_ECDHE_ECDSA_WITH_AES_(128|256)_CCM_8$/, rating: 'phase-out', why: 'a truncated-tag AEAD' },
  {
    pattern: /^TLS_DHE_RSA_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$/,
    rating: 'phase-out',
    why: 'finite-field DHE key exchange',
  },
  { pattern: /_CBC_SHA(256|384)$/, rating: 'phase-out', why: 'CBC mode' },
  { pattern: /_(ARIA|CAMELLIA)_/, rating: 'phase-out', why: 'ARIA or Camellia' },
];

export function rateCipher(standardName: string | undefined | null): { rating: TlsRating; why: string } {
  if (!standardName) return { rating: 'unknown', why: 'not reported' };
  for (const r of CIPHER_RULES) if (r.pattern.test(standardName)) return { rating: r.rating, why: r.why };
  return { rating: 'unknown', why: 'not in our table' };
}

// tls.getEphemeralKeyInfo(): { type: 'ECDH', name } or { type: 'DH', size }.
export function rateKeyExchange(kx: { type?: string; name?: string; size?: number } | undefined): { rating: TlsRating; why: string } {
  if (!kx?.type) return { rating: 'unknown', why: 'not reported by the TLS library' };
  if (kx.type === 'ECDH') {
    const name = (kx.name ?? '').toLowerCase();
    if (/mlkem/.test(name)) return { rating: 'good', why: `${kx.name} (post-quantum hybrid)` };
    if (['x25519', 'x448', 'prime256v1', 'secp256r1', 'secp384r1', 'secp521r1'].includes(name) || name.startsWith('brainpool'))
      return { rating: 'good', why: `${kx.name}` };
    if (name === 'secp224r1') return { rating: 'phase-out', why: 'secp224r1 (P-224)' };
    return { rating: 'unknown', why: `curve ${kx.name}` };
  }
  if (kx.type === 'DH') {
    const size = kx.size ?? 0;
    if (size < 3072) return { rating: 'insufficient', why: `finite-field DH with ${size} bits` };
    return { rating: 'phase-out', why: `finite-field DH with ${size} bits` };
  }
  return { rating: 'unknown', why: kx.type };
}

// Certificate keys are graded with the certificate rules (certificate-rules.ts).

export function rateSignature(alg: string): { rating: TlsRating; why: string } {
  const a = alg.toLowerCase();
  if (/md5|sha1(?!\d)|-sha1$/.test(a) || a === 'sha1withrsaencryption' || a === 'ecdsa-with-sha1')
    return { rating: 'insufficient', why: `${alg} (SHA-1/MD5)` };
  if (/sha224/.test(a)) return { rating: 'phase-out', why: alg };
  if (/sha(256|384|512)|ed25519|ed448|rsassapss/.test(a)) return { rating: 'good', why: alg };
  return { rating: 'unknown', why: alg };
}

export const RATING_WORDS: Record<TlsRating, string> = {
  good: 'good',
  sufficient: 'sufficient',
  'phase-out': 'to be phased out',
  insufficient: 'insufficient',
  unknown: 'not rated',
};
