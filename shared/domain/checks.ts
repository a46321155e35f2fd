// Every automated check the workbench can run, by stable ID. Catalogue requirements name the checks that
// feed them; a catalogue naming an ID that is not here is rejected. Probes report findings under these IDs.

export type CheckSource = 'dns' | 'smtp' | 'graph' | 'exchange';

export interface CheckInfo {
  readonly title: string;
  readonly source: CheckSource;
  // Advisory checks are reported but never block readiness on their own.
  readonly advisory?: boolean;
}

export const CHECKS = {
  // Mail domain, from outside (DNS)
  'dns.mx': { title: 'MX records', source: 'dns' },
  'dns.spf': { title: 'SPF record', source: 'dns' },
  'dns.dmarc': { title: 'DMARC policy', source: 'dns' },
  'dns.dkim': { title: 'DKIM keys published', source: 'dns' },
  'dns.mta-sts': { title: 'MTA-STS policy', source: 'dns' },
  'dns.tls-rpt': { title: 'TLS reporting (TLS-RPT)', source: 'dns' },
  'dns.dnssec': { title: 'DNSSEC', source: 'dns', advisory: true },
  // Mail domain, from outside (SMTP on each MX)
  'smtp.starttls': { title: 'STARTTLS offered and working', source: 'smtp' },
  'smtp.tls-version': { title: 'TLS versions (1.2 or newer only)', source: 'smtp' },
  'smtp.cipher': { title: 'Cipher suites and key exchange', source: 'smtp' },
  'smtp.certificate': { title: 'Server certificate', source: 'smtp' },
  // Microsoft 365 tenant (Graph)
  'tenant.licences': { title: 'Licences that the tenant checks depend on', source: 'graph' },
  'mfa.enforced': { title: 'MFA enforced for all users', source: 'graph' },
  'mfa.registration': { title: 'MFA registration coverage', source: 'graph' },
  'legacy-auth.blocked': { title: 'Legacy authentication blocked', source: 'graph' },
  'mobile.compliance-policy': { title: 'Mobile device compliance policies', source: 'graph' },
  'mobile.app-protection': { title: 'Mobile app protection policies', source: 'graph' },
  'secure-score': { title: 'Microsoft Secure Score', source: 'graph', advisory: true },
  // Microsoft 365 tenant (Exchange Online)
  'exo.dkim-signing': { title: 'DKIM signing enabled in Exchange Online', source: 'exchange' },
  'exo.nhsmail-connector-tls': { title: 'TLS connector to NHSmail (nhs.net)', source: 'exchange' },
  'exo.smtp-auth-disabled': { title: 'SMTP AUTH disabled', source: 'exchange' },
  'exo.auto-forwarding-blocked': { title: 'Automatic forwarding to external domains blocked', source: 'exchange' },
  'audit.unified-log': { title: 'Unified audit log ingestion on', source: 'exchange' },
  'exo.anti-malware': { title: 'Anti-malware policy (attachment filter and zero-hour purge)', source: 'exchange' },
  'exo.anti-spam': { title: 'Anti-spam and phishing actions', source: 'exchange' },
  'exo.message-encryption': { title: 'Message encryption available (Purview / OME)', source: 'exchange' },
  'exo.mobile-mailbox-policy': { title: 'Exchange mobile device mailbox policy', source: 'exchange' },
} as const satisfies Record<string, CheckInfo>;

export type CheckId = keyof typeof CHECKS;
export const CHECK_IDS = Object.keys(CHECKS) as CheckId[];

export function isKnownCheck(id: string): id is CheckId {
  return Object.prototype.hasOwnProperty.call(CHECKS, id);
}

export function checkInfo(id: CheckId): CheckInfo {
  return CHECKS[id];
}
