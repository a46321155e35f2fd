import type { Route } from '../../shared/contract/clients';
import type { DomainReport } from '../../shared/contract/domain-checks';
import type { Finding } from '../../shared/contract/findings';
import { RULESET_VERSION } from '../mail-domain/grading/tls-rules';
import { pdfLib } from '../documents/pdf-lib';

// Recorded results for the sample workspace. Its domains are fictional (.example, RFC 2606) and are never
// looked up in the real DNS: each mail-domain run is stored with a report in the same shape a live check
// stores, so the Mail domain tab reads it, and the evidence files are small PDFs that say what they are.

// Where mail for a domain goes, by route: Microsoft 365 (Exchange Online Protection), Google
// (aspmx.l.google.com) or the client's own server.
export function sampleMx(domain: string, route: Route): string[] {
  if (route === 'o365') return [`${domain.replace(/\./g, '-')}.mail.protection.outlook.com`];
  if (route === 'google') return ['aspmx.l.google.com', 'alt1.aspmx.l.google.com', 'alt2.aspmx.l.google.com'];
  return [`mail.${domain}`];
}

export function sampleSpfInclude(route: Route): string {
  return route === 'o365' ? 'include:spf.protection.outlook.com' : route === 'google' ? 'include:_spf.google.com' : 'mx';
}

// The report a live check would have stored, rebuilt from the sample's findings.
export function sampleDomainReport(domain: string, route: Route, findings: Finding[], checkedAt: string): DomainReport {
  const mx = sampleMx(domain, route);
  const provider = route === 'o365' ? 'microsoft-365' : route === 'google' ? 'google' : 'other';
  const notAfter = new Date(Date.parse(checkedAt) + 200 * 86_400_000).toISOString();
  const notBefore = new Date(Date.parse(checkedAt) - 165 * 86_400_000).toISOString();
  return {
    domain,
    displayDomain: domain,
    checkedAt,
    durationMs: 5200,
    rulesetVersion: RULESET_VERSION,
    resolver: { servers: ['recorded sample'], timeoutMs: 3000, tries: 2, answeredBy: ['recorded sample'] },
    smtpPort: 25,
    provider,
    findings: findings.map((f) => ({
      ...f,
      found: [f.summary],
      reasons: [{ severity: f.status === 'not-assessable' ? 'note' : f.status, text: f.summary }],
    })),
    transport: mx.map((host, i) => ({
      mx: host,
      ip: `192.0.2.${10 + i}`,
      port: 25,
      starttls: 'offered' as const,
      protocol: 'TLSv1.3',
      cipher: 'TLS_AES_256_GCM_SHA384',
      certificate: {
        subject: `CN=${host}`,
        issuer:
          route === 'self-managed'
            ? 'CN=Sample Issuing CA'
            : route === 'google'
              ? 'CN=WR2, O=Google Trust Services'
              : 'CN=DigiCert Cloud Services CA-1',
        sans: [host],
        notBefore,
        notAfter,
        keyType: 'RSA',
        keyBits: 2048,
        signatureAlgorithm: 'sha256WithRSAEncryption',
        hostnameMatch: true,
        trusted: true,
      },
      versions: { 'TLSv1.2': 'accepted', 'TLSv1.3': 'accepted', 'TLSv1.1': 'refused', TLSv1: 'refused' },
      keyExchange: 'X25519',
      note: 'Recorded with the sample workspace',
    })),
    dns: [
      { name: domain, type: 'MX', outcome: 'answer', server: 'recorded sample', values: mx.map((h, i) => `${i * 5} ${h}`) },
      { name: domain, type: 'TXT', outcome: 'answer', server: 'recorded sample', values: [`v=spf1 ${sampleSpfInclude(route)} -all`] },
    ],
  };
}

// A one-page PDF standing for a document the provider would upload: titled, dated and marked as sample.
export async function sampleEvidencePdf(title: string, lines: string[]): Promise<Buffer> {
  const { PDFDocument, StandardFonts, rgb } = pdfLib;
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setCreator('DCB1596 Workbench sample workspace');
  const page = doc.addPage([595, 842]);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText('SAMPLE DATA — NOT A REAL DOCUMENT', { x: 56, y: 790, size: 9, font: bold, color: rgb(0.7, 0.1, 0.1) });
  page.drawText(title, { x: 56, y: 750, size: 16, font: bold });
  lines.forEach((l, i) => page.drawText(l, { x: 56, y: 715 - i * 18, size: 10.5, font }));
  return Buffer.from(await doc.save({ updateFieldAppearances: false }));
}
