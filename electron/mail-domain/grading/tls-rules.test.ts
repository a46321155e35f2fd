import { describe, expect, it } from 'vitest';
import { rateCipher, rateKeyExchange, rateSignature, TLS_VERSION_RATING } from './tls-rules';

describe('TLS rating tables (NCSC-NL 2025-05)', () => {
  it.each([
    ['TLS_AES_256_GCM_SHA384', 'good'],
    ['TLS_CHACHA20_POLY1305_SHA256', 'good'],
    ['TLS_AES_128_GCM_SHA256', 'sufficient'],
    ['TLS_AES_128_CCM_8_SHA256', 'insufficient'],
    ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'good'],
    ['TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'good'],
    ['TLS_ECDHE_ECDSA_WITH_AES_128_CCM', 'good'],
    ['TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8', 'phase-out'],
    ['TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', 'phase-out'],
    ['TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', 'phase-out'],
    ['TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384', 'phase-out'],
    ['TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 'insufficient'],
    ['TLS_RSA_WITH_AES_128_GCM_SHA256', 'insufficient'],
    ['TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'insufficient'],
    ['TLS_ECDHE_RSA_WITH_RC4_128_SHA', 'insufficient'],
    ['TLS_DH_anon_WITH_AES_128_GCM_SHA256', 'insufficient'],
    ['TLS_RSA_WITH_NULL_SHA256', 'insufficient'],
    ['TLS_SOMETHING_NEW', 'unknown'],
  ])('%s is %s', (name, rating) => {
    expect(rateCipher(name).rating).toBe(rating);
  });

  it.each([
    [{ type: 'ECDH', name: 'X25519', size: 253 }, 'good'],
    [{ type: 'ECDH', name: 'prime256v1', size: 256 }, 'good'],
    [{ type: 'ECDH', name: 'X25519MLKEM768' }, 'good'],
    [{ type: 'ECDH', name: 'secp224r1' }, 'phase-out'],
    [{ type: 'DH', size: 2048 }, 'insufficient'],
    [{ type: 'DH', size: 3072 }, 'phase-out'],
    [undefined, 'unknown'],
  ])('key exchange %j is %s', (kx, rating) => {
    expect(rateKeyExchange(kx).rating).toBe(rating);
  });

  it.each([
    ['sha256WithRSAEncryption', 'good'],
    ['ecdsa-with-SHA384', 'good'],
    ['Ed25519', 'good'],
    ['sha224WithRSAEncryption', 'phase-out'],
    ['sha1WithRSAEncryption', 'insufficient'],
    ['ecdsa-with-SHA1', 'insufficient'],
    ['md5WithRSAEncryption', 'insufficient'],
  ])('signature %s is %s', (alg, rating) => {
    expect(rateSignature(alg).rating).toBe(rating);
  });

  it('rates protocol versions: 1.3 good, 1.2 sufficient, older insufficient', () => {
    expect(TLS_VERSION_RATING).toMatchObject({
      'TLSv1.3': 'good',
      'TLSv1.2': 'sufficient',
      'TLSv1.1': 'insufficient',
      TLSv1: 'insufficient',
    });
  });
});
