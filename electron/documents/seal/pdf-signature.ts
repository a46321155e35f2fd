import { createHash } from 'node:crypto';
import forge from 'node-forge';

// Verifies the PDF seal in JavaScript — the app runs on Windows without poppler, so no pdfsig. For each
// /ByteRange: the signed ranges must cover the whole file except the /Contents hex string; the CMS
// SignedData inside must carry a messageDigest equal to the hash of those ranges; and the signer's RSA
// signature over the signed attributes must verify with the certificate it names. A strict DER walk gives
// the exact bytes of the signed attributes (re-encoding could differ); node-forge does the RSA check.

interface PdfSignatureCheck {
  ok: boolean;
  problems: string[];
  byteRange: [number, number, number, number];
  wholeDocument: boolean;
  digestOk: boolean;
  signatureOk: boolean;
  digestAlgorithm?: string;
  signerSubject?: string;
  signerFingerprintSha256?: string;
  signingTime?: string;
  certificateValidAtSigning?: boolean;
}

export interface PdfSignatureReport {
  signatures: PdfSignatureCheck[];
  // Placeholders that were never signed, or ByteRange entries we could not read.
  unreadable: string[];
}

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
};

const DIGESTS: Record<string, { node: string; forge: () => forge.md.MessageDigest }> = {
  '2.16.840.1.101.3.4.2.1': { node: 'sha256', forge: () => forge.md.sha256.create() },
  '2.16.840.1.101.3.4.2.2': { node: 'sha384', forge: () => forge.md.sha384.create() },
  '2.16.840.1.101.3.4.2.3': { node: 'sha512', forge: () => forge.md.sha512.create() },
};

const RSA_SIGNATURE_OIDS = new Set([
  '1.2.840.113549.1.1.1', // rsaEncryption (what node-forge writes)
  '1.2.840.113549.1.1.11',
  '1.2.840.113549.1.1.12',
  '1.2.840.113549.1.1.13',
]);

interface Node {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

class DerError extends Error {}

function node(buf: Uint8Array, offset: number, limit: number): Node {
  if (offset + 2 > limit) throw new DerError('truncated');
  const tag = buf[offset]!;
  if (tag === 0 || (tag & 0x1f) === 0x1f) throw new DerError('unexpected tag');
  let len = buf[offset + 1]!;
  let p = offset + 2;
  if (len === 0x80) throw new DerError('indefinite lengths are not DER');
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n > 4 || p + n > limit) throw new DerError('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++]!;
  }
  const end = p + len;
  if (end > limit) throw new DerError('element runs past its parent');
  return { tag, start: offset, contentStart: p, end };
}

function children(buf: Uint8Array, parent: Node): Node[] {
  const out: Node[] = [];
  let p = parent.contentStart;
  while (p < parent.end) {
    const c = node(buf, p, parent.end);
    out.push(c);
    p = c.end;
  }
  return out;
}

function expect(n: Node | undefined, tag: number, what: string): Node {
  if (!n || n.tag !== tag) throw new DerError(`${what} missing`);
  return n;
}

const content = (buf: Uint8Array, n: Node) => buf.subarray(n.contentStart, n.end);
const oid = (buf: Uint8Array, n: Node) => forge.asn1.derToOid(forge.util.createBuffer(Buffer.from(content(buf, n)).toString('binary')));
const bytesEqual = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

function parseTime(buf: Uint8Array, n: Node): Date | undefined {
  const s = Buffer.from(content(buf, n)).toString('latin1');
  if (n.tag === 0x17) return forge.asn1.utcTimeToDate(s);
  if (n.tag === 0x18) return forge.asn1.generalizedTimeToDate(s);
  return undefined;
}

function expectInteger(buf: Uint8Array, n: Node | undefined, value: number, what: string): void {
  const c = content(buf, expect(n, 0x02, what));
  if (c.length !== 1 || c[0] !== value) throw new DerError(`unexpected ${what}`);
}

// AlgorithmIdentifier ::= { OID, parameters }: parameters absent or NULL, nothing else.
function algorithm(buf: Uint8Array, n: Node | undefined, what: string): string {
  const parts = children(buf, expect(n, 0x30, what));
  if (parts.length < 1 || parts.length > 2) throw new DerError(`malformed ${what}`);
  if (parts[1] && (parts[1].tag !== 0x05 || parts[1].end !== parts[1].contentStart)) throw new DerError(`unexpected ${what} parameters`);
  return oid(buf, expect(parts[0], 0x06, what));
}

function parseCert(der: Uint8Array): forge.pki.Certificate {
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(der).toString('binary')), true);
    return forge.pki.certificateFromAsn1(asn1);
  } catch {
    throw new DerError('a certificate in the signature is not an RSA certificate we can read');
  }
}

interface CertInfo {
  der: Uint8Array;
  issuer: Uint8Array;
  serial: Uint8Array;
}

function certInfo(buf: Uint8Array, certNode: Node): CertInfo {
  const outer = children(buf, expect(certNode, 0x30, 'certificate'));
  if (outer.length !== 3) throw new DerError('a certificate has unexpected fields');
  const tbs = expect(outer[0], 0x30, 'certificate body');
  const parts = children(buf, tbs);
  const i = parts[0]?.tag === 0xa0 ? 1 : 0;
  const serial = expect(parts[i], 0x02, 'certificate serial');
  // RFC 5280: the signature algorithm inside the signed body and outside it must be identical.
  algorithm(buf, parts[i + 1], 'certificate signature algorithm');
  algorithm(buf, outer[1], 'certificate signature algorithm');
  if (!bytesEqual(buf.subarray(parts[i + 1]!.start, parts[i + 1]!.end), buf.subarray(outer[1]!.start, outer[1]!.end)))
    throw new DerError('a certificate names two different signature algorithms');
  const issuer = expect(parts[i + 2], 0x30, 'certificate issuer');
  return { der: buf.subarray(certNode.start, certNode.end), issuer: buf.subarray(issuer.start, issuer.end), serial: content(buf, serial) };
}

function verifyCms(cms: Uint8Array, signedContent: Uint8Array[], check: PdfSignatureCheck): void {
  const root = node(cms, 0, cms.length);
  // Everything after the DER blob must be the zero padding signpdf leaves: nothing else may hide there.
  if (cms.subarray(root.end).some((b) => b !== 0)) check.problems.push('the signature field holds data after the signature');
  const info = children(cms, expect(root, 0x30, 'ContentInfo'));
  if (info.length !== 2) throw new DerError('the ContentInfo has unexpected fields');
  const [typeNode, wrapped] = info;
  if (oid(cms, expect(typeNode, 0x06, 'content type')) !== OID.signedData) throw new DerError('not a CMS SignedData');
  const wrapper = children(cms, expect(wrapped, 0xa0, 'SignedData wrapper'));
  if (wrapper.length !== 1) throw new DerError('unexpected data around the SignedData');
  const signedData = expect(wrapper[0], 0x30, 'SignedData');
  // Every field is checked, not just the ones the maths needs, so no byte of the blob can change unnoticed:
  // SignedData ::= { version, digestAlgorithms, encapContentInfo, [0] certificates, signerInfos }.
  const sd = children(cms, signedData);
  if (sd.length !== 5 || sd[3]!.tag !== 0xa0)
    throw new DerError('the SignedData has an unexpected layout (only certificates may accompany the signer)');
  expectInteger(cms, sd[0], 1, 'SignedData version');
  const digestAlgs = children(cms, expect(sd[1], 0x31, 'digest algorithms'));
  const encap = children(cms, expect(sd[2], 0x30, 'encapsulated content info'));
  if (encap.length !== 1 || oid(cms, expect(encap[0], 0x06, 'content type')) !== OID.data)
    throw new DerError('the signature is not a detached signature over PDF data');
  const certsNode = sd[3]!;
  const signerInfos = expect(sd[4], 0x31, 'signer infos');
  const signers = children(cms, signerInfos);
  if (signers.length !== 1) throw new DerError(`expected one signer, found ${signers.length}`);
  const si = children(cms, expect(signers[0], 0x30, 'signer info'));
  if (si.length !== 6) throw new DerError('the signer info has unexpected fields (unsigned attributes are not accepted)');
  expectInteger(cms, si[0], 1, 'signer info version');
  const sid = expect(si[1], 0x30, 'signer identifier (issuer and serial)');
  const sidParts = children(cms, sid);
  if (sidParts.length !== 2) throw new DerError('the signer identifier is malformed');
  const [sidIssuer, sidSerial] = sidParts;
  const digestAlg = algorithm(cms, si[2], 'digest algorithm');
  if (digestAlgs.length !== 1 || algorithm(cms, digestAlgs[0], 'digest algorithm') !== digestAlg)
    throw new DerError('the listed digest algorithms do not match the signer');
  const attrsNode = expect(si[3], 0xa0, 'signed attributes');
  const sigAlg = algorithm(cms, si[4], 'signature algorithm');
  const signature = content(cms, expect(si[5], 0x04, 'signature value'));

  const digest = DIGESTS[digestAlg];
  if (!digest) throw new DerError(`unsupported digest algorithm ${digestAlg}`);
  check.digestAlgorithm = digest.node.toUpperCase().replace('SHA', 'SHA-');
  const h = createHash(digest.node);
  for (const part of signedContent) h.update(part);
  const actual = new Uint8Array(h.digest());

  let messageDigest: Uint8Array | undefined;
  let contentTypeOk = false;
  let signingTime: Date | undefined;
  for (const attr of children(cms, attrsNode)) {
    const [typeN, valuesN] = children(cms, expect(attr, 0x30, 'attribute'));
    const type = oid(cms, expect(typeN, 0x06, 'attribute type'));
    const value = children(cms, expect(valuesN, 0x31, 'attribute values'))[0];
    if (!value) continue;
    if (type === OID.messageDigest && value.tag === 0x04) messageDigest = content(cms, value);
    if (type === OID.contentType && value.tag === 0x06) contentTypeOk = oid(cms, value) === OID.data;
    if (type === OID.signingTime) signingTime = parseTime(cms, value);
  }
  if (!contentTypeOk) check.problems.push('the signed attributes do not declare PDF data as the content');
  if (!messageDigest) check.problems.push('the signature carries no message digest');
  check.digestOk = Boolean(messageDigest && bytesEqual(messageDigest, actual));
  if (messageDigest && !check.digestOk)
    check.problems.push('the document bytes do not match the signed digest (the PDF was changed after sealing)');
  if (signingTime) check.signingTime = signingTime.toISOString();

  const certs = children(cms, certsNode).map((c) => certInfo(cms, c));
  const issuerDer = cms.subarray(sidIssuer!.start, sidIssuer!.end);
  const signer = certs.find(
    (c) => bytesEqual(c.issuer, issuerDer) && bytesEqual(c.serial, content(cms, expect(sidSerial, 0x02, 'signer serial'))),
  );
  if (!signer) throw new DerError('the signer certificate is not included');
  check.signerFingerprintSha256 = createHash('sha256').update(signer.der).digest('hex');
  const cert = parseCert(signer.der);
  // The certificates must be what their issuers signed: the signer's certificate must verify against its
  // issuer in the set (itself, when self-issued), and so must every other certificate whose issuer is
  // included. Otherwise the name shown for the signer could be edited without breaking the seal.
  const parsed = certs.map((c) => parseCert(c.der));
  const issuedBy = (c: forge.pki.Certificate) => parsed.find((x) => x.subject.hash === c.issuer.hash);
  const signedBy = (issuer: forge.pki.Certificate, c: forge.pki.Certificate) => {
    try {
      return issuer.verify(c);
    } catch {
      return false;
    }
  };
  parsed.forEach((c, i) => {
    const issuer = issuedBy(c);
    if (issuer && !signedBy(issuer, c))
      check.problems.push(`certificate ${i + 1} in the signature is damaged (its issuer's signature does not verify)`);
  });
  if (!issuedBy(cert)) check.problems.push("the signer certificate cannot be checked: its issuer's certificate is not included");
  const cn = cert.subject.getField('CN')?.value as string | undefined;
  const o = cert.subject.getField('O')?.value as string | undefined;
  check.signerSubject = [cn, o].filter(Boolean).join(', ') || '(no name)';
  if (signingTime) {
    check.certificateValidAtSigning = cert.validity.notBefore <= signingTime && signingTime <= cert.validity.notAfter;
    if (!check.certificateValidAtSigning) check.problems.push('the certificate was not valid when the document was sealed');
  }
  if (!RSA_SIGNATURE_OIDS.has(sigAlg)) throw new DerError(`unsupported signature algorithm ${sigAlg}`);
  // The signature covers the DER of the signed attributes as a SET (tag 0x31), not as the [0] field.
  const attrsDer = Buffer.from(cms.subarray(attrsNode.start, attrsNode.end));
  attrsDer[0] = 0x31;
  const md = digest.forge();
  md.update(attrsDer.toString('binary'));
  try {
    check.signatureOk = (cert.publicKey as forge.pki.rsa.PublicKey).verify(md.digest().bytes(), Buffer.from(signature).toString('binary'));
  } catch {
    check.signatureOk = false;
  }
  if (!check.signatureOk) check.problems.push('the signature does not verify with the signer certificate');
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

export function verifyPdfSignatures(pdf: Uint8Array): PdfSignatureReport {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const report: PdfSignatureReport = { signatures: [], unreadable: [] };
  const total = (text.match(/\/ByteRange\b/g) ?? []).length;
  for (const m of text.matchAll(BYTE_RANGE)) {
    const br = m.slice(1, 5).map(Number) as [number, number, number, number];
    const check: PdfSignatureCheck = { ok: false, problems: [], byteRange: br, wholeDocument: false, digestOk: false, signatureOk: false };
    report.signatures.push(check);
    const [a, b, c, d] = br;
    check.wholeDocument = a === 0 && b > 0 && c > b && c + d === pdf.length;
    if (!check.wholeDocument)
      check.problems.push('the signature does not cover the whole document (bytes were added or the ranges are wrong)');
    if (!(a === 0 && b > 0 && c > b && c + d <= pdf.length)) {
      check.problems.push('the signed byte ranges are invalid');
      continue;
    }
    const gap = text.slice(b, c);
    if (!/^<[0-9a-f]*>$/.test(gap) || gap.length % 2 !== 0) {
      check.problems.push('the signature contents are not a hex string between the signed ranges');
      continue;
    }
    try {
      verifyCms(new Uint8Array(Buffer.from(gap.slice(1, -1), 'hex')), [pdf.subarray(a, b), pdf.subarray(c, c + d)], check);
    } catch (err) {
      check.problems.push(
        err instanceof DerError
          ? `the signature could not be read: ${err.message}`
          : `the signature could not be checked: ${(err as Error).message}`,
      );
    }
    check.ok = check.problems.length === 0 && check.wholeDocument && check.digestOk && check.signatureOk;
  }
  if (total > report.signatures.length)
    report.unreadable.push(`${total - report.signatures.length} signature field(s) were never signed or cannot be read`);
  return report;
}
