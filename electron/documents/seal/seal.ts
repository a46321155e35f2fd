import { createHash, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { AppError } from '../../backend/app-error';
import { assertSingleCopies, placeholder, signerP12, signpdf, signpdfUtils, type PDFDocument } from '../pdf-lib';
import type { SealIdentity } from '../statement-pdf';
import { toIsoDate } from '../../../shared/domain/dates';

// The cryptographic seal: one PAdES-shaped CMS signature over the final
// statement with the consultant's PKCS#12, while the two DCB1596 sign-offs stay recorded attestations in
// the document. P12Signer is RSA-only and node-forge based; we open the P12 ourselves first so that a wrong
// passphrase, an expired certificate or an unsuitable key give a clear message before anything is written.

export type SealProblem =
  'unreadable' | 'wrong-passphrase' | 'no-private-key' | 'unsupported-key' | 'weak-key' | 'expired' | 'not-yet-valid';

export class SealError extends AppError {
  constructor(
    readonly problem: SealProblem,
    message: string,
  ) {
    super('invalid-input', message);
    this.name = 'SealError';
  }
}

export interface SealCredentials {
  p12: Uint8Array;
  passphrase: string;
}

interface OpenedP12 {
  identity: SealIdentity;
  certificateDer: Uint8Array;
}

function dn(attrs: forge.pki.CertificateField[]): string {
  const get = (n: string) => attrs.find((a) => a.shortName === n || a.name === n)?.value as string | undefined;
  const cn = get('CN');
  const o = get('O');
  const parts = [cn, o && o !== cn ? o : undefined].filter(Boolean);
  return parts.length ? parts.join(', ') : attrs.map((a) => `${a.shortName ?? a.name}=${String(a.value)}`).join(', ');
}

// Opens the P12 and checks it can seal at `at`. Never logs or echoes the passphrase.
export function openP12(creds: SealCredentials, at: Date): OpenedP12 {
  const unreadable = () => new SealError('unreadable', 'The certificate file is not a PKCS#12 (.p12 or .pfx) file, or it is damaged.');
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(creds.p12).toString('binary')));
  } catch {
    throw unreadable();
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, creds.passphrase);
  } catch (err) {
    const msg = (err as Error).message ?? '';
    if (/MAC could not be verified|Invalid password/i.test(msg))
      throw new SealError('wrong-passphrase', 'The passphrase for the certificate file is wrong. Check it and try again.');
    // Without a MAC, a wrong passphrase shows up as garbage after decryption.
    if (/decrypt|Too few bytes|Unparsed DER|ASN\.1/i.test(msg))
      throw new SealError(
        'wrong-passphrase',
        'The certificate file could not be opened with this passphrase. Check the passphrase and try again.',
      );
    throw unreadable();
  }
  const shrouded = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? [];
  const plain = p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? [];
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  if (!shrouded.length)
    throw new SealError(
      'no-private-key',
      plain.length
        ? 'The certificate file stores its private key unencrypted, which the signer does not accept. Export it again with a passphrase.'
        : 'The certificate file contains no private key. Export the certificate together with its private key.',
    );
  const key = shrouded[0]!.key as forge.pki.rsa.PrivateKey | null | undefined;
  if (!key || typeof (key as { n?: unknown }).n !== 'object')
    throw new SealError('unsupported-key', 'Only RSA certificates can seal the statement; this certificate uses another key type.');
  const cert = certBags
    .map((b) => b.cert)
    .find((c): c is forge.pki.Certificate => {
      const pub = c?.publicKey as forge.pki.rsa.PublicKey | undefined;
      return Boolean(pub?.n && pub.n.compareTo(key.n) === 0 && pub.e.compareTo(key.e) === 0);
    });
  if (!cert) throw new SealError('no-private-key', 'The certificate file has no certificate matching its private key.');
  // The verifier checks the signer's certificate against its issuer, so the issuer must travel with it.
  const issuer = certBags.map((b) => b.cert).find((c): c is forge.pki.Certificate => Boolean(c && c.subject.hash === cert.issuer.hash));
  let chained: boolean;
  try {
    chained = Boolean(issuer?.verify(cert));
  } catch {
    chained = false;
  }
  if (!chained)
    throw new SealError(
      'unreadable',
      issuer
        ? 'The certificate in the file is damaged: its issuer’s signature on it does not verify.'
        : 'The certificate file does not include the certificate of its issuer. Export it again with the full certificate chain.',
    );
  if (key.n.bitLength() < 2048)
    throw new SealError('weak-key', `The certificate's RSA key is ${key.n.bitLength()} bits; at least 2048 bits are needed.`);
  if (cert.validity.notAfter.getTime() < at.getTime())
    throw new SealError(
      'expired',
      `The certificate expired on ${toIsoDate(cert.validity.notAfter)}. Use a current certificate or create a new one.`,
    );
  if (cert.validity.notBefore.getTime() > at.getTime())
    throw new SealError(
      'not-yet-valid',
      `The certificate is not valid until ${toIsoDate(cert.validity.notBefore)}. Check the computer's clock or use another certificate.`,
    );
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return {
    certificateDer: new Uint8Array(der),
    identity: {
      subject: dn(cert.subject.attributes),
      issuer: dn(cert.issuer.attributes),
      fingerprintSha256: createHash('sha256').update(der).digest('hex'),
      validFrom: cert.validity.notBefore.toISOString(),
      validTo: cert.validity.notAfter.toISOString(),
      selfSigned: cert.isIssuer(cert),
    },
  };
}

// A certificate opened once for one export, and checked usable then. Handed on through the bundle writer,
// the statement and the seal, it is not opened again (opening runs the PKCS#12 key derivation each time).
export interface OpenedSeal extends SealCredentials {
  readonly identity: SealIdentity;
}

export function openSeal(creds: SealCredentials, at: Date): OpenedSeal {
  return { ...creds, identity: openP12(creds, at).identity };
}

// Whose seal these credentials make: found when they were opened, or, given as they are, opened and checked now.
export function sealIdentityOf(creds: SealCredentials | OpenedSeal, at: Date): SealIdentity {
  return 'identity' in creds ? creds.identity : openP12(creds, at).identity;
}

export interface SealOptions extends SealCredentials {
  signingTime: Date;
  reason: string;
  location: string;
  contactInfo: string;
  name: string;
}

// Room for the CMS blob: an RSA-3072 seal with its certificate is about 2 KB; organisation P12s may carry a
// chain of three or four certificates. 16 KB of placeholder holds 8 KB of DER.
const SIGNATURE_LENGTH = 16_384;

// Adds the signature placeholder, saves (no object streams, so the placeholder stays findable) and signs.
export async function sealPdf(doc: PDFDocument, opts: SealOptions | (SealOptions & OpenedSeal)): Promise<Uint8Array> {
  assertSingleCopies();
  sealIdentityOf(opts, opts.signingTime);
  const pages = doc.getPages();
  placeholder.pdflibAddPlaceholder({
    pdfDoc: doc,
    pdfPage: pages[pages.length - 1]!,
    reason: opts.reason,
    contactInfo: opts.contactInfo,
    name: opts.name,
    location: opts.location,
    signingTime: opts.signingTime,
    signatureLength: SIGNATURE_LENGTH,
    subFilter: signpdfUtils.SUBFILTER_ETSI_CADES_DETACHED,
    appName: 'DCB1596 Workbench',
  });
  const unsigned = await doc.save({ useObjectStreams: false });
  try {
    const signer = new signerP12.P12Signer(Buffer.from(opts.p12), { passphrase: opts.passphrase });
    const signed = await signpdf.default.sign(Buffer.from(unsigned), signer, opts.signingTime);
    return new Uint8Array(signed);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new SealError('unreadable', `The statement could not be sealed: ${(err as Error).message}`);
  }
}

export interface ConsultantCertificate {
  p12: Uint8Array;
  certificatePem: string;
  fingerprintSha256: string;
  notBefore: string;
  notAfter: string;
}

// A per-consultant self-issued RSA-3072 certificate for sealing (and for tests and demos). It proves
// integrity and who sealed; it is not a qualified signature and chains to no public CA.
export function createConsultantCertificate(opts: {
  commonName: string;
  organisation?: string;
  email?: string;
  passphrase: string;
  notBefore?: Date;
  validDays?: number;
  bits?: number;
}): ConsultantCertificate {
  const keys = forge.pki.rsa.generateKeyPair({ bits: opts.bits ?? 3072, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  cert.serialNumber = serial.toString('hex');
  const notBefore = opts.notBefore ?? new Date();
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = new Date(notBefore.getTime() + (opts.validDays ?? 825) * 86_400_000);
  const attrs: forge.pki.CertificateField[] = [{ name: 'commonName', value: opts.commonName }];
  if (opts.organisation) attrs.push({ name: 'organizationName', value: opts.organisation });
  if (opts.email) attrs.push({ name: 'emailAddress', value: opts.email });
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'extKeyUsage', emailProtection: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const p12Asn1 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], opts.passphrase, {
    algorithm: 'aes256',
    friendlyName: opts.commonName,
    generateLocalKeyId: true,
  });
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return {
    p12: new Uint8Array(Buffer.from(forge.asn1.toDer(p12Asn1).getBytes(), 'binary')),
    certificatePem: forge.pki.certificateToPem(cert),
    fingerprintSha256: createHash('sha256').update(der).digest('hex'),
    notBefore: cert.validity.notBefore.toISOString(),
    notAfter: cert.validity.notAfter.toISOString(),
  };
}
