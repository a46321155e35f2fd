import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import forge from 'node-forge';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_PASSPHRASE, testPki } from '../../../test/fixtures/pki';
import { verifyPdfSignatures } from './pdf-signature';
import { produceStatement } from '../produce-statement';
import { sampleStatement } from '../../../test/support/sample-statement';
import { SealError, openP12, openSeal } from './seal';
import type { StatementModel } from '../../statement/statement-model';

const dir = mkdtempSync(join(tmpdir(), 'dcb-seal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const m: StatementModel = { ...sampleStatement(), bundle: { id: 'DCB1596-VN3K7-20260302-7F3A9C21', manifestSha256: 'd'.repeat(64) } };
let sealed: Uint8Array;
let sealedPath: string;

// pdfsig exits 0 even on a digest mismatch: only its words count.
function pdfsig(path: string) {
  const r = spawnSync('pdfsig', ['-nocert', path], { encoding: 'utf8' });
  const out = `${r.stdout}${r.stderr}`;
  return {
    out,
    valid: out.includes('Signature is Valid.') && out.includes('Total document signed'),
    signatures: (out.match(/^Signature #\d+:/gm) ?? []).length,
  };
}

beforeAll(async () => {
  const pki = testPki();
  sealed = (await produceStatement(m, { seal: { p12: pki.valid.p12, passphrase: TEST_PASSPHRASE } })).bytes;
  sealedPath = join(dir, 'sealed.pdf');
  writeFileSync(sealedPath, sealed);
}, 60_000);

describe('opening the certificate', () => {
  it('opens it once for one seal: the statement and the seal use what openSeal found, and only the signer opens it again', async () => {
    const pki = testPki();
    const opens = vi.spyOn(forge.pkcs12, 'pkcs12FromAsn1');
    try {
      const opened = openSeal({ p12: pki.valid.p12, passphrase: TEST_PASSPHRASE }, new Date(m.generatedAt));
      expect(opens).toHaveBeenCalledTimes(1);
      const r = await produceStatement(m, { seal: opened });
      // The one more is @signpdf's P12Signer, which reads the key itself.
      expect(opens).toHaveBeenCalledTimes(2);
      expect(r.seal).toEqual(opened.identity);
    } finally {
      opens.mockRestore();
    }
  }, 60_000);
});

describe('the sealed statement', () => {
  it('verifies with pdfsig and passes qpdf --check', () => {
    const r = pdfsig(sealedPath);
    expect(r.signatures).toBe(1);
    expect(r.out).toContain('Signature is Valid.');
    expect(r.out).toContain('Total document signed');
    expect(r.out).toContain('Signer Certificate Common Name: Test Consultant (TEST ONLY)');
    expect(r.out).toContain('Signature Type: ETSI.CAdES.detached');
    expect(r.out).toContain('Signing Hash Algorithm: SHA-256');
    expect(execFileSync('qpdf', ['--check', sealedPath], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors found');
  });

  it('prints the seal certificate in the document', () => {
    const t = execFileSync('pdftotext', [sealedPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(t).toContain(testPki().valid.fingerprintSha256);
    expect(t).toContain('Test Consultant (TEST ONLY), Brightwater IT Ltd (self-issued)');
    expect(t).toContain('Sealed with the certificate of Test Consultant (TEST ONLY), Brightwater IT Ltd');
    expect(t).toContain('not a qualified electronic signature');
  });

  it('verifies in JavaScript with the same verdict, naming the signer and certificate', () => {
    const r = verifyPdfSignatures(sealed);
    expect(r.unreadable).toEqual([]);
    expect(r.signatures).toHaveLength(1);
    expect(r.signatures[0]).toMatchObject({
      ok: true,
      wholeDocument: true,
      digestOk: true,
      signatureOk: true,
      digestAlgorithm: 'SHA-256',
      signerSubject: 'Test Consultant (TEST ONLY), Brightwater IT Ltd',
      signerFingerprintSha256: testPki().valid.fingerprintSha256,
      signingTime: '2026-03-02T14:30:00.000Z',
      certificateValidAtSigning: true,
      problems: [],
    });
  });

  it('fails both pdfsig and the JavaScript check after one changed byte in the signed ranges', () => {
    const r = verifyPdfSignatures(sealed).signatures[0]!;
    for (const pos of [10, r.byteRange[1] - 5, r.byteRange[2] + 5, sealed.length - 20]) {
      const bad = new Uint8Array(sealed);
      bad[pos]! ^= 0x01;
      const p = join(dir, `flip-${pos}.pdf`);
      writeFileSync(p, bad);
      const sig = pdfsig(p);
      expect(sig.valid, `pdfsig at ${pos}`).toBe(false);
      const js = verifyPdfSignatures(bad);
      expect(js.signatures.every((s) => s.ok) && js.signatures.length > 0, `js at ${pos}`).toBe(false);
    }
  });

  it('detects a change anywhere in the file, including inside the signature and its padding', () => {
    const [, b, c] = verifyPdfSignatures(sealed).signatures[0]!.byteRange;
    // About 2,000 bytes spread evenly over the file (every 41st while the file is small: each check re-hashes
    // the whole file, so a stride fixed in bytes made the test quadratic in the PDF's size); one hex
    // digit of every third byte of the CMS blob (certificate, attributes, signature); and every 50th of its zero padding.
    const hex = Buffer.from(sealed.subarray(b + 1, c - 1)).toString('latin1');
    const derEnd = b + 1 + hex.replace(/0+$/, '').length + 2;
    const positions = new Set<number>();
    const stride = Math.max(41, Math.ceil(sealed.length / 2_000));
    for (let i = 0; i < sealed.length; i += stride) positions.add(i);
    for (let i = b; i < derEnd; i += 6) positions.add(i);
    for (let i = derEnd; i < c; i += 50) positions.add(i);
    for (const pos of positions) {
      const bad = new Uint8Array(sealed);
      bad[pos]! ^= 0x01;
      const js = verifyPdfSignatures(bad);
      expect(js.signatures.length > 0 && js.signatures.every((s) => s.ok) && js.unreadable.length === 0, `byte ${pos}`).toBe(false);
    }
  }, 120_000);

  it('detects bytes appended after the seal (an incremental update)', () => {
    const appended = Buffer.concat([Buffer.from(sealed), Buffer.from('\n% appended\n')]);
    const r = verifyPdfSignatures(appended).signatures[0]!;
    expect(r.ok).toBe(false);
    expect(r.wholeDocument).toBe(false);
    expect(r.digestOk).toBe(true);
  });

  it('reports an unsigned statement as having no signatures', async () => {
    const plain = (await produceStatement(m)).bytes;
    expect(verifyPdfSignatures(plain)).toEqual({ signatures: [], unreadable: [] });
  });
});

describe('bad certificates and passphrases', () => {
  const at = new Date('2026-03-02T14:30:00Z');
  it.each<[string, () => { p12: Uint8Array; passphrase: string }, string, RegExp]>([
    [
      'a wrong passphrase',
      () => ({ p12: testPki().valid.p12, passphrase: 'Tr0ub4dor&3-not-it' }),
      'wrong-passphrase',
      /passphrase .* is wrong/,
    ],
    ['an expired certificate', () => ({ p12: testPki().expired.p12, passphrase: TEST_PASSPHRASE }), 'expired', /expired on 2024-12-31/],
    [
      'a certificate not yet valid',
      () => ({ p12: testPki().notYetValid.p12, passphrase: TEST_PASSPHRASE }),
      'not-yet-valid',
      /not valid until 2027-06-01/,
    ],
    ['a 1024-bit key', () => ({ p12: testPki().weak.p12, passphrase: TEST_PASSPHRASE }), 'weak-key', /1024 bits; at least 2048/],
    [
      'a file that is not PKCS#12',
      () => ({ p12: new TextEncoder().encode('-----BEGIN CERTIFICATE-----'), passphrase: 'some-passphrase' }),
      'unreadable',
      /not a PKCS#12/,
    ],
    ['an empty file', () => ({ p12: new Uint8Array(0), passphrase: 'some-passphrase' }), 'unreadable', /not a PKCS#12/],
  ])('refuses %s with a clear message', async (_l, creds, problem, message) => {
    let err: unknown;
    try {
      openP12(creds(), at);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SealError);
    expect((err as SealError).problem).toBe(problem);
    expect((err as SealError).message).toMatch(message);
    expect((err as SealError).message).not.toContain(creds().passphrase);
    await expect(produceStatement(m, { seal: creds() })).rejects.toThrow(message);
  });

  it('refuses to seal a draft', async () => {
    const draft = { ...m, signOffs: { ictExpert: m.signOffs.ictExpert } };
    await expect(produceStatement(draft, { seal: { p12: testPki().valid.p12, passphrase: TEST_PASSPHRASE } })).rejects.toThrow(
      /cannot be sealed until it is final: signOffs.clinicalSafetyExpert: The clinical safety expert has not signed off/,
    );
  });
});
