import type { ClientInput, Route } from '../../shared/contract/clients';
import type { Finding } from '../../shared/contract/findings';
import { sampleMx, sampleSpfInclude } from './demo-fixtures';

// Fictional care providers for the sample workspace. Names and domains are invented (.example is reserved
// by RFC 2606); ODS codes use a prefix no real organisation has. Dates are offsets from "today", so the
// portfolio always shows renewals due, expired and in progress whenever the demo is created.

export interface DemoCycle {
  // Years before the current one (0 = this year).
  yearsAgo: number;
  // How far the cycle got.
  stage: 'draft' | 'ready' | 'signed' | 'submitted' | 'accredited';
  // For accredited cycles: days from today to the expiry (negative = already expired).
  expiresInDays?: number;
  // Share of requirements answered in a draft (0–1).
  answered?: number;
}

export interface DemoClient {
  fields: ClientInput;
  cycles: DemoCycle[];
  domainFindings: (domain: string, route: Route) => Finding[];
  tenantFindings?: Finding[];
}

const pass = (check: Finding['check'], summary: string, data?: Record<string, unknown>): Finding => ({
  check,
  status: 'pass',
  summary,
  ...(data ? { data } : {}),
});

const goodDomain =
  (policy: 'reject' | 'quarantine') =>
  (domain: string, route: Route): Finding[] => [
    pass('dns.mx', `MX points at ${sampleMx(domain, route).join(', ')}`),
    pass('dns.spf', `One SPF record: v=spf1 ${sampleSpfInclude(route)} -all (${route === 'self-managed' ? 1 : 3} of 10 DNS lookups)`),
    pass('dns.dmarc', `DMARC policy is ${policy}${policy === 'quarantine' ? ' — record the timeline to reject' : ''}`, { policy }),
    pass(
      'dns.dkim',
      route === 'o365'
        ? 'selector1 and selector2 publish 2048-bit keys'
        : route === 'google'
          ? 'google selector publishes a 2048-bit key'
          : 'mail2026 selector publishes a 2048-bit key',
      { keyBits: 2048 },
    ),
    {
      check: 'dns.mta-sts',
      status: 'warn',
      summary: 'MTA-STS policy is in testing mode',
      data: { mode: 'testing' },
      remediation:
        'Change "mode: testing" to "mode: enforce" in https://mta-sts.' +
        domain +
        '/.well-known/mta-sts.txt and bump the id in _mta-sts.' +
        domain,
    },
    pass('dns.tls-rpt', 'TLS reports go to a mailbox you control'),
    pass('smtp.starttls', `STARTTLS offered on every MX (${sampleMx(domain, route)[0]})`),
    pass('smtp.tls-version', 'TLS 1.2 and 1.3 only'),
    pass('smtp.cipher', 'ECDHE with AES-GCM'),
    pass('smtp.certificate', 'Valid certificate matching the MX name'),
  ];

const tenant = (coverage: number, extra: Finding[] = []): Finding[] => [
  pass('tenant.licences', 'Microsoft 365 Business Premium (Entra ID P1, Intune) on 38 users'),
  pass('mfa.enforced', 'Conditional Access requires MFA for all users and all cloud apps (2 break-glass exclusions)'),
  {
    check: 'mfa.registration',
    status: coverage >= 0.95 ? 'pass' : 'warn',
    summary: `${Math.round(coverage * 100)}% of users have registered MFA`,
    data: { coverage },
  },
  pass('legacy-auth.blocked', 'A Conditional Access policy blocks Exchange ActiveSync and other legacy clients'),
  pass('mobile.compliance-policy', 'iOS and Android compliance policies require a PIN and encryption'),
  pass('mobile.app-protection', 'Outlook app protection blocks saving to personal storage'),
  pass('secure-score', 'Secure Score 71% (412 of 580)', { percent: 71 }),
  pass('exo.dkim-signing', 'DKIM signing enabled for every accredited domain'),
  pass('exo.nhsmail-connector-tls', 'Outbound connector "NHSmail" for nhs.net requires TLS with certificate validation'),
  pass('exo.smtp-auth-disabled', 'SMTP AUTH is disabled for the organisation'),
  pass('exo.auto-forwarding-blocked', 'Automatic forwarding to external domains is off'),
  pass('audit.unified-log', 'Unified audit log ingestion is on'),
  ...extra,
];

export const DEMO_CLIENTS: DemoClient[] = [
  {
    fields: {
      legalName: 'Meadowbank Care Ltd (sample)',
      tradingName: 'Meadowbank House',
      odsCode: 'ZZ9A1',
      domains: ['meadowbank-care.example'],
      route: 'o365',
      tenant: 'meadowbankcare.onmicrosoft.com',
      cqcLocationIds: ['1-100000001'],
      contacts: [{ name: 'Sam Patel', role: 'Registered manager', email: 'sam.patel@meadowbank-care.example' }],
    },
    cycles: [
      { yearsAgo: 1, stage: 'accredited', expiresInDays: 17 },
      { yearsAgo: 0, stage: 'draft', answered: 0.4 },
    ],
    domainFindings: goodDomain('quarantine'),
    tenantFindings: tenant(0.92),
  },
  {
    fields: {
      legalName: 'Oakwood Nursing Group (sample)',
      odsCode: 'ZZ9B2',
      domains: ['oakwood-nursing.example', 'oakwood-homes.example'],
      route: 'self-managed',
      sites: [
        { name: 'Oakwood House', odsCode: 'ZZ9B3' },
        { name: 'Oakwood Grange', odsCode: 'ZZ9B4' },
        { name: 'The Beeches', odsCode: 'ZZ9B5' },
      ],
      cqcLocationIds: ['1-100000021', '1-100000022', '1-100000023'],
      contacts: [{ name: 'Dr Helen Ward', role: 'Clinical Safety Officer', email: 'helen.ward@oakwood-nursing.example' }],
    },
    cycles: [
      { yearsAgo: 2, stage: 'accredited', expiresInDays: -250 },
      { yearsAgo: 1, stage: 'accredited', expiresInDays: 115 },
    ],
    domainFindings: goodDomain('reject'),
  },
  {
    fields: {
      legalName: 'Riverside Homecare (sample)',
      odsCode: 'ZZ9C3',
      domains: ['riverside-homecare.example'],
      route: 'google',
      contacts: [{ name: 'Jo Evans', role: 'Director', email: 'jo@riverside-homecare.example' }],
    },
    cycles: [{ yearsAgo: 0, stage: 'draft', answered: 0.7 }],
    domainFindings: (d, route) => [
      ...goodDomain('quarantine')(d, route).filter((f) => f.check !== 'dns.dmarc'),
      {
        check: 'dns.dmarc',
        status: 'fail',
        summary: 'DMARC policy is none: spoofed mail is delivered',
        data: { policy: 'none' },
        remediation: `Publish at _dmarc.${d}:\nv=DMARC1; p=quarantine; rua=mailto:dmarc-reports@${d}`,
      },
    ],
  },
  {
    fields: {
      legalName: 'Harbour View Care Home (sample)',
      odsCode: 'ZZ9D4',
      domains: ['harbourview-care.example'],
      route: 'o365',
      tenant: 'harbourviewcare.onmicrosoft.com',
      contacts: [{ name: 'Chris Lowe', role: 'Home manager', email: 'chris.lowe@harbourview-care.example' }],
    },
    cycles: [{ yearsAgo: 1, stage: 'accredited', expiresInDays: -23 }],
    domainFindings: goodDomain('reject'),
    tenantFindings: tenant(0.99),
  },
  {
    fields: {
      legalName: 'Elmstead Lodge (sample)',
      odsCode: 'ZZ9E5',
      domains: ['elmstead-lodge.example'],
      route: 'o365',
      tenant: 'elmsteadlodge.onmicrosoft.com',
      contacts: [{ name: 'Ruth Adeyemi', role: 'Registered manager', email: 'ruth.adeyemi@elmstead-lodge.example' }],
    },
    cycles: [{ yearsAgo: 0, stage: 'submitted' }],
    domainFindings: goodDomain('reject'),
    tenantFindings: tenant(0.97),
  },
  {
    fields: { legalName: 'Willow Court Residential (sample)', odsCode: 'ZZ9F6', domains: ['willowcourt.example'], route: 'o365' },
    cycles: [],
    domainFindings: goodDomain('reject'),
  },
];
