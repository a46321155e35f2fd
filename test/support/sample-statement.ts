import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { Finding } from '../../shared/contract/findings';
import { StatementModel, type StatementModelInput } from '../../electron/statement/statement-model';

// A realistic statement for demos, previews and tests, always flagged as sample data. Evidence hashes are
// of the bytes sampleEvidenceBytes() returns, so a bundle can be built from it with real files.

const SAMPLE_EVIDENCE: { title: string; fileName: string; text: string; requirements: string[]; collectedAt: string }[] = [
  {
    title: 'Information security incident procedure',
    fileName: 'Incident procedure v3.2.pdf',
    text: 'Incident procedure: report breaches to the NHSmail team at feedback@nhs.net within 24 hours.',
    requirements: ['ORG-01'],
    collectedAt: '2026-02-10',
  },
  {
    title: 'Mobile device and email policy',
    fileName: 'Mobile device policy.docx',
    text: 'Mobile devices must be enrolled in Intune and use the Outlook app with app protection.',
    requirements: ['ORG-02', 'O365-09'],
    collectedAt: '2026-01-28',
  },
  {
    title: 'DCB0160 hazard log for email',
    fileName: 'Hazard log - email (DCB0160).xlsx',
    text: 'Hazard log: H1 misaddressed email; H2 delayed delivery; controls and residual risk.',
    requirements: ['ORG-03'],
    collectedAt: '2026-02-03',
  },
  {
    title: 'Acceptable use of email policy',
    fileName: 'Email acceptable use policy.pdf',
    text: 'Staff must use [secure] in the subject to send to insecure addresses; never send patient data unencrypted.',
    requirements: ['ORG-04', 'O365-10'],
    collectedAt: '2026-02-12',
  },
  {
    title: 'Outbound connector to nhs.net (export)',
    fileName: 'connector-export.json',
    text: JSON.stringify({ Name: 'To NHSmail', RecipientDomains: ['nhs.net'], TlsSettings: 'DomainValidation', TlsDomain: 'nhs.net' }),
    requirements: ['TECH-07', 'O365-02'],
    collectedAt: '2026-02-20T10:12:00Z',
  },
];

export function sampleEvidenceBytes(): Map<string, Buffer> {
  return new Map(SAMPLE_EVIDENCE.map((e) => [sha256(e.text), Buffer.from(e.text)]));
}

const sha256 = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');
const snapshotText = (target: string) => JSON.stringify({ sample: true, target, note: 'Raw probe transcript (sample data)' }, null, 2);

const evidenceFor = (id: string) =>
  SAMPLE_EVIDENCE.filter((e) => e.requirements.includes(id)).map((e) => ({
    title: e.title,
    fileName: e.fileName,
    sha256: sha256(e.text),
    size: Buffer.byteLength(e.text),
    collectedAt: e.collectedAt,
    source: 'upload',
  }));

const domainFindings = (domain: string): Finding[] => [
  { check: 'dns.mx', status: 'pass', target: domain, summary: `MX points to ${domain.replace(/\./g, '-')}.mail.protection.outlook.com` },
  { check: 'dns.spf', status: 'pass', target: domain, summary: 'One SPF record: include:spf.protection.outlook.com -all' },
  {
    check: 'dns.dmarc',
    status: 'warn',
    target: domain,
    summary: 'DMARC policy is quarantine (100%) with aggregate reports',
    detail: `v=DMARC1; p=quarantine; rua=mailto:dmarc@${domain}`,
    remediation: 'Move to p=reject once the aggregate reports show only legitimate senders passing.',
  },
  { check: 'dns.dkim', status: 'pass', target: domain, summary: 'DKIM selectors selector1 and selector2 publish 2048-bit keys' },
  {
    check: 'dns.mta-sts',
    status: 'fail',
    target: domain,
    summary: 'No MTA-STS policy is published',
    remediation: `Publish _mta-sts.${domain} TXT "v=STSv1; id=20260301" and a policy at https://mta-sts.${domain}/.well-known/mta-sts.txt.`,
  },
  {
    check: 'dns.tls-rpt',
    status: 'not-assessable',
    reason: 'not-collected',
    target: domain,
    summary: 'TLS-RPT was not checked in this run',
  },
  {
    check: 'smtp.starttls',
    status: 'pass',
    target: `${domain.replace(/\./g, '-')}.mail.protection.outlook.com`,
    summary: 'STARTTLS offered and negotiated',
  },
  {
    check: 'smtp.tls-version',
    status: 'pass',
    target: `${domain.replace(/\./g, '-')}.mail.protection.outlook.com`,
    summary: 'TLS 1.2 and 1.3 only',
  },
];

const tenantFindings: Finding[] = [
  { check: 'tenant.licences', status: 'pass', summary: 'Microsoft 365 Business Premium (25 seats)' },
  { check: 'mfa.enforced', status: 'pass', summary: 'Conditional Access policy "Require MFA for all users" is on' },
  {
    check: 'mfa.registration',
    status: 'warn',
    summary: '23 of 25 users (92%) have registered for MFA',
    remediation: 'Ask the two remaining users to register.',
  },
  { check: 'legacy-auth.blocked', status: 'pass', summary: 'Legacy authentication is blocked by Conditional Access' },
  { check: 'exo.nhsmail-connector-tls', status: 'pass', summary: 'Outbound connector "To NHSmail" requires TLS to nhs.net' },
  { check: 'exo.auto-forwarding-blocked', status: 'pass', summary: 'Automatic forwarding to external domains is off' },
  { check: 'secure-score', status: 'pass', summary: 'Secure Score 71% (industry average 48%)' },
];

function signaturePng(seed: number): Uint8Array {
  const w = 360;
  const h = 90;
  const px = new Uint8Array(w * h * 4);
  const dot = (x: number, y: number) => {
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) {
        const xi = Math.round(x + dx);
        const yi = Math.round(y + dy);
        if (xi < 0 || yi < 0 || xi >= w || yi >= h) continue;
        const o = (yi * w + xi) * 4;
        px.set([24, 36, 64, 255], o);
      }
  };
  for (let i = 0; i < 4000; i++) {
    const s = i / 4000;
    const x = 12 + s * 330;
    const y = 45 + Math.sin(s * 23 + seed) * 22 * Math.cos(s * 3.1) + Math.sin(s * 61 + seed * 2) * 6;
    dot(x, y);
  }
  const raw = Buffer.alloc((w * 4 + 1) * h);
  for (let y = 0; y < h; y++) Buffer.from(px.buffer, y * w * 4, w * 4).copy(raw, y * (w * 4 + 1) + 1);
  return encodePng(w, h, raw);
}

// Minimal RGBA PNG encoder (filter 0 per row already in `raw`).
export function encodePng(width: number, height: number, raw: Buffer): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 255]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

export function sampleStatementInput(
  opts: { route?: 'o365' | 'self-managed'; signed?: boolean; generatedAt?: string } = {},
): StatementModelInput {
  const route = opts.route ?? 'o365';
  const signed = opts.signed ?? true;
  const generatedAt = opts.generatedAt ?? '2026-03-02T14:30:00Z';
  const domains = ['oakwood-care.org.uk', 'oakwoodhomes.co.uk'];
  const org = (id: string, title: string, documentTitle: string, version: string, date: string, approver: string, approved: string) => ({
    id,
    title,
    section: 'Organisation',
    obligation: id === 'ORG-04' ? ('must' as const) : id === 'ORG-01' ? ('required' as const) : ('should' as const),
    provenance: 'nhs' as const,
    result: 'met' as const,
    documentRequired: true,
    document: { title: documentTitle, version, date, approverRole: approver, approvalDate: approved },
    evidence: evidenceFor(id),
  });
  const tech = (
    id: string,
    title: string,
    result: 'met' | 'partially-met' | 'not-met',
    response: string,
    checks: StatementModelInput['requirements'][number]['checks'] = [],
  ) => ({
    id,
    title,
    section: 'Domain and transport',
    obligation: 'required' as const,
    provenance: 'nhs' as const,
    result,
    response,
    evidence: evidenceFor(id),
    checks,
  });
  const requirements: StatementModelInput['requirements'] = [
    {
      id: 'ELIG-01',
      title: 'Active ODS code',
      section: 'Eligibility and process',
      obligation: 'required',
      provenance: 'nhs',
      result: 'met',
      response: 'ODS code VN3K7 is active (checked against the ODS ORD API on 2 March 2026).',
    },
    {
      id: 'ELIG-03',
      title: 'DSPT published at Approaching Standards or better',
      section: 'Eligibility and process',
      obligation: 'required',
      provenance: 'official',
      result: 'met',
      response: 'Standards Met, published 14 June 2025.',
    },
    org(
      'ORG-01',
      'Breach notification to the NHSmail team',
      'Information security incident procedure',
      '3.2',
      '2026-01-10',
      'Registered Manager',
      '2026-01-15',
    ),
    org(
      'ORG-02',
      'Mobile policy, enforced by the service',
      'Mobile device and email policy',
      '1.4',
      '2025-11-02',
      'Data Protection Officer',
      '2025-11-20',
    ),
    org(
      'ORG-03',
      'DCB0160 clinical risk management',
      'Hazard log — email service (DCB0160)',
      '2.0',
      '2026-01-28',
      'Clinical Safety Officer',
      '2026-02-03',
    ),
    org(
      'ORG-04',
      'Staff policy including insecure recipients',
      'Acceptable use of email policy',
      '5.1',
      '2025-09-01',
      'Registered Manager',
      '2025-09-08',
    ),
    tech('TECH-01', 'TLS 1.2 or newer on inbound SMTP', 'met', 'Exchange Online Protection accepts TLS 1.2 and 1.3 only.', [
      { check: 'smtp.tls-version', target: 'oakwood-care-org-uk.mail.protection.outlook.com', status: 'pass' },
    ]),
    tech(
      'TECH-02',
      'DMARC enforcement',
      'partially-met',
      'Both domains are at p=quarantine; p=reject is planned for 1 May 2026 once reports are clean.',
      [
        { check: 'dns.dmarc', target: domains[0], status: 'warn' },
        { check: 'dns.dmarc', target: domains[1], status: 'warn' },
      ],
    ),
    tech('TECH-05', 'MTA-STS and TLS-RPT', 'not-met', 'Not yet published; scheduled with the DMARC change.', [
      { check: 'dns.mta-sts', target: domains[0], status: 'fail' },
    ]),
    tech(
      'TECH-07',
      'Secure routing to nhs.net',
      'met',
      'Outbound connector "To NHSmail" forces TLS with certificate validation for nhs.net.',
      [{ check: 'exo.nhsmail-connector-tls', status: 'pass' }],
    ),
    {
      id: 'TECH-08',
      title: 'Data location',
      section: 'Domain and transport',
      obligation: 'expected',
      provenance: 'inferred',
      result: 'not-applicable',
      naJustification: 'Covered by the data location declaration in section 5 of this statement.',
    },
  ];
  if (route === 'o365')
    requirements.push(
      {
        id: 'O365-02',
        title: 'Secure routing to NHSmail',
        section: 'Microsoft 365 configuration',
        obligation: 'expected',
        provenance: 'inferred',
        result: 'met',
        response: 'See TECH-07.',
        evidence: evidenceFor('O365-02'),
      },
      {
        id: 'O365-03',
        title: 'MFA for all users',
        section: 'Microsoft 365 configuration',
        obligation: 'expected',
        provenance: 'inferred',
        result: 'met',
        response: 'Conditional Access requires MFA for every user; 2 users still to register.',
        checks: [
          { check: 'mfa.enforced', status: 'pass' },
          { check: 'mfa.registration', status: 'warn' },
        ],
      },
    );
  else
    requirements.push(
      {
        id: 'ICT-01',
        title: 'Audited ISMS (ISO/IEC 27001 including email)',
        section: 'ICT service provider',
        obligation: 'expected',
        provenance: 'nhs-legacy',
        result: 'met',
        response: 'See section 6.',
      },
      {
        id: 'ICT-02',
        title: 'Penetration test or ITHC of the email service',
        section: 'ICT service provider',
        obligation: 'required',
        provenance: 'nhs',
        result: 'met',
        response: 'Tested November 2025; both medium findings fixed.',
      },
    );
  const runs: StatementModelInput['technical']['runs'] = domains.map((d, i) => ({
    kind: 'domain' as const,
    target: d,
    source: 'dns+smtp',
    startedAt: `2026-03-01T10:2${i}:00Z`,
    finishedAt: `2026-03-01T10:2${i}:41Z`,
    findings: domainFindings(d),
    snapshot: { sha256: sha256(snapshotText(d)), fileName: `domain-${d}.json` },
  }));
  if (route === 'o365')
    runs.push({
      kind: 'tenant',
      target: 'oakwoodcare.onmicrosoft.com',
      source: 'graph+exchange-rest',
      startedAt: '2026-03-01T10:30:00Z',
      finishedAt: '2026-03-01T10:31:12Z',
      findings: tenantFindings,
      snapshot: { sha256: sha256(snapshotText('oakwoodcare.onmicrosoft.com')), fileName: 'tenant-oakwoodcare.json' },
    });
  return {
    organisation: {
      legalName: 'Oakwood Care Homes Ltd',
      tradingName: 'Oakwood Homes',
      odsCode: 'VN3K7',
      domains,
      route,
      emailServiceProvider: route === 'o365' ? 'Microsoft 365 (Exchange Online)' : 'Northgate Mail Services (hosted Exchange)',
      ...(route === 'o365' ? { tenantId: 'oakwoodcare.onmicrosoft.com' } : {}),
      dspt: { status: 'standards-met', publishedOn: '2025-06-14' },
      contact: { name: 'Priya Shah', role: 'Registered Manager', email: 'priya.shah@oakwood-care.org.uk', phone: '01632 960 123' },
      previousAccreditationOn: '2025-03-20',
      sites: [
        { name: 'Oakwood House', odsCode: 'VN3K8' },
        { name: 'Oakwood Lodge', odsCode: 'VN3K9' },
      ],
      cqcLocationIds: ['1-101234567', '1-101234568'],
    },
    catalogue: { version: '2026.1', title: 'DCB1596 requirement catalogue' },
    assessment: { id: '7c1e2d9a-4b7f-4f4e-9a57-3d1f0c2b8e11', cycle: '2026', plannedSubmissionDate: '2026-03-06' },
    requirements,
    technical: { runs },
    ...(route === 'o365'
      ? {
          o365Confirmation: {
            tenant: 'oakwoodcare.onmicrosoft.com',
            probedAt: '2026-03-01T10:31:12Z',
            source: 'graph+exchange-rest',
            connectorVerified: true,
          },
        }
      : {}),
    dataLocation: {
      processedOutsideUk: false,
      notes: 'Microsoft 365 data location: United Kingdom (admin centre › Org settings › Data location).',
    },
    ...(route === 'self-managed'
      ? {
          ictProvider: {
            legalName: 'Northgate Mail Services Ltd',
            companyNumber: '09876543',
            serviceDescription: 'Hosted Exchange 2019 with inbound and outbound filtering, operated from two UK data centres.',
            hostingLocations: ['Manchester (UK)', 'London (UK)'],
            iso27001: {
              certificationBody: 'BSI',
              certificateNumber: 'IS 712345',
              scope: 'Provision of hosted email and collaboration services, including Exchange, filtering and support.',
              scopeIncludesEmail: true,
              issuedOn: '2025-04-01',
              expiresOn: '2028-03-31',
              lastAuditOn: '2025-04-01',
            },
            penTest: {
              kind: 'penetration-test' as const,
              tester: 'Redline Security Ltd',
              testerAccreditation: 'CREST',
              testedOn: '2025-11-17',
              scope: 'External infrastructure, OWA, SMTP gateways and the admin portal.',
              findingsSummary: 'No critical or high findings; 2 medium (TLS 1.0 on a legacy relay, verbose banner); 4 low.',
              remediationStatus: 'Both medium findings fixed and retested on 9 December 2025.',
            },
            clinicalSafetyReference: 'DCB0129 clinical safety case CSC-0042 v1.3',
            signatory: {
              name: 'Martin Cole',
              role: 'Head of Service Delivery',
              organisation: 'Northgate Mail Services Ltd',
              date: '2026-02-25',
            },
          },
        }
      : {}),
    signOffs: signed
      ? {
          ictExpert: {
            name: 'Daniel Okafor',
            role: 'Senior Consultant',
            organisation: 'Brightwater IT Ltd',
            email: 'daniel.okafor@brightwater-it.co.uk',
            signedAt: '2026-03-02T13:55:00Z',
            signature: { kind: 'image', png: signaturePng(1) },
            method: 'drawn-in-app',
          },
          clinicalSafetyExpert: {
            name: 'Dr Helen Marsh',
            role: 'Clinical Safety Officer',
            organisation: 'Oakwood Care Homes Ltd',
            email: 'helen.marsh@oakwood-care.org.uk',
            signedAt: '2026-03-02T14:10:00Z',
            signature: { kind: 'typed', text: 'Helen Marsh' },
            method: 'typed-in-app',
          },
        }
      : {},
    preparedBy: { name: 'Daniel Okafor', organisation: 'Brightwater IT Ltd' },
    sample: true,
    generatedAt,
    appVersion: '0.1.0',
  };
}

export function sampleStatement(opts: Parameters<typeof sampleStatementInput>[0] = {}): StatementModel {
  return StatementModel.parse(sampleStatementInput(opts));
}

// Snapshot bytes matching the sample's technical runs (for bundle demos and tests).
export function sampleSnapshotBytes(): Map<string, Buffer> {
  const targets = ['oakwood-care.org.uk', 'oakwoodhomes.co.uk', 'oakwoodcare.onmicrosoft.com'];
  return new Map(targets.map((n) => [sha256(snapshotText(n)), Buffer.from(snapshotText(n))]));
}
