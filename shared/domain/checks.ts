// Every automated check the workbench can run, by stable ID. Catalogue requirements name the checks that
// feed them; a catalogue naming an ID that is not here is rejected. Probes report findings under these IDs.

type CheckSource = 'dns' | 'smtp' | 'graph' | 'exchange';

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
  'admin.global-admin-count': { title: 'Number of Global Administrators', source: 'graph' },
  'admin.cloud-only': { title: 'Admin accounts are cloud-only', source: 'graph' },
  'admin.phishing-resistant-mfa': { title: 'Phishing-resistant MFA for admin roles', source: 'graph' },
  'admin.standing-access': { title: 'No permanent privileged role assignments', source: 'graph' },
  'entra.break-glass': { title: 'Break-glass account excluded from Conditional Access', source: 'graph' },
  'entra.risk-policies': { title: 'Risk-based Conditional Access (Entra ID P2)', source: 'graph' },
  'mfa.weak-methods': { title: 'Weak MFA methods (SMS, voice, email) switched off', source: 'graph' },
  'entra.device-code-flow': { title: 'Device code sign-in blocked', source: 'graph' },
  // Microsoft 365 tenant (Exchange Online)
  'exo.dkim-signing': { title: 'DKIM signing enabled in Exchange Online', source: 'exchange' },
  'exo.nhsmail-connector-tls': { title: 'TLS connector to NHS.net Connect (formerly NHSmail)', source: 'exchange' },
  'exo.smtp-auth-disabled': { title: 'SMTP AUTH disabled', source: 'exchange' },
  'exo.auto-forwarding-blocked': { title: 'Automatic forwarding to external domains blocked', source: 'exchange' },
  'audit.unified-log': { title: 'Unified audit log ingestion on', source: 'exchange' },
  'exo.anti-malware': { title: 'Anti-malware policy (attachment filter and zero-hour purge)', source: 'exchange' },
  'exo.anti-spam': { title: 'Anti-spam and phishing actions', source: 'exchange' },
  'exo.message-encryption': { title: 'Message encryption available (Purview / OME)', source: 'exchange' },
  'exo.mobile-mailbox-policy': { title: 'Exchange mobile device mailbox policy', source: 'exchange' },
  'defender.safe-attachments': { title: 'Defender Safe Attachments', source: 'exchange' },
  'defender.safe-links': { title: 'Defender Safe Links', source: 'exchange' },
  'defender.anti-phishing': { title: 'Anti-phishing and impersonation protection', source: 'exchange' },
  'exo.filter-bypass': { title: 'No filter bypasses (IP allow lists, safe lists, SCL -1 rules)', source: 'exchange' },
  'exo.inbound-dmarc': { title: 'Inbound DMARC policies honoured', source: 'exchange' },
  'audit.retention': { title: 'Audit log retention', source: 'exchange' },
  'alerts.exfiltration': { title: 'Alerts for forwarding, new connectors and unusual sending', source: 'exchange' },
  'exo.external-sender-tag': { title: 'External sender tag in Outlook', source: 'exchange' },
  'exo.direct-send': { title: 'Direct Send rejected', source: 'exchange' },
  'exo.sharing-policy': { title: 'Calendar and contacts not shared with all domains', source: 'exchange' },
  'exo.shared-mailbox-sign-in': { title: 'Sign-in blocked on shared mailboxes', source: 'exchange' },
} as const satisfies Record<string, CheckInfo>;

export type CheckId = keyof typeof CHECKS;
export const CHECK_IDS = Object.keys(CHECKS) as CheckId[];

export function isKnownCheck(id: string): id is CheckId {
  return Object.prototype.hasOwnProperty.call(CHECKS, id);
}

export function checkInfo(id: CheckId): CheckInfo {
  return CHECKS[id];
}

// Mail-domain checks run from outside for every route; tenant checks only for Microsoft 365 clients, so a
// Microsoft 365 check never lands on a Google or self-managed checklist (not even as "not checked yet").
export type CheckRoute = 'o365' | 'google' | 'self-managed';
export const ALL_ROUTES: CheckRoute[] = ['o365', 'google', 'self-managed'];
const ROUTES_BY_SOURCE: Record<CheckSource, CheckRoute[]> = {
  dns: ALL_ROUTES,
  smtp: ALL_ROUTES,
  graph: ['o365'],
  exchange: ['o365'],
};

export function checkRoutes(check: CheckId): CheckRoute[] {
  return ROUTES_BY_SOURCE[CHECKS[check].source];
}

export function checkRunsOn(check: string, route: CheckRoute): boolean {
  return isKnownCheck(check) && checkRoutes(check).includes(route);
}
