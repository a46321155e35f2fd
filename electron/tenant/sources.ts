import type { CheckId } from '../../shared/domain/checks';
import type { CmdletName } from '../probes/exchange/cmdlets';

// What the probe reads from Microsoft Graph, which permission and role each read
// needs, which licence gates it, and which checks it feeds. The call order (README › The Microsoft 365 probe):
// round 1 is the organisation and its licences (one $batch); round 2 is everything else (one $batch,
// beside Exchange); paging, the per-domain DNS expectations and the directory look-ups follow.

type LicenceGate = 'entraP1' | 'entraP2' | 'intune';

export interface GraphSource {
  key: string;
  path: string;
  pageCap?: number;
  retryForbiddenOnce?: boolean;
  licence?: LicenceGate;
  permission: string;
  feeds: CheckId[];
  // 1 and 2: the two $batch rounds. 'fallback': read only when the summary report cannot answer.
  // 'lookup': read for the accounts the other answers name (see directoryLookupPaths).
  round: 1 | 2 | 'fallback' | 'lookup';
}

// Sign-ins over these client apps are legacy (basic) authentication.
export const LEGACY_CLIENT_APPS = ['IMAP4', 'POP3', 'Authenticated SMTP', 'Exchange ActiveSync', 'Other clients'] as const;
export const SIGN_IN_WINDOW_DAYS = 7;

export function graphSources(signInsSince: string): GraphSource[] {
  const sources: Omit<GraphSource, 'round'>[] = [
    { key: 'organization', path: '/organization', permission: 'Organization.Read.All', feeds: ['tenant.licences'] },
    { key: 'subscribedSkus', path: '/subscribedSkus', permission: 'Organization.Read.All', feeds: ['tenant.licences'] },
    { key: 'domains', path: '/domains', pageCap: 10, permission: 'Domain.Read.All', feeds: ['exo.dkim-signing'] },
    {
      key: 'securityDefaults',
      path: '/policies/identitySecurityDefaultsEnforcementPolicy',
      permission: 'Policy.Read.All',
      feeds: ['mfa.enforced', 'legacy-auth.blocked'],
    },
    {
      key: 'conditionalAccess',
      path: '/identity/conditionalAccess/policies',
      pageCap: 20,
      licence: 'entraP1',
      permission: 'Policy.Read.All',
      feeds: ['mfa.enforced', 'legacy-auth.blocked', 'mobile.compliance-policy'],
    },
    {
      key: 'authMethods',
      path: '/policies/authenticationMethodsPolicy',
      permission: 'Policy.Read.AuthenticationMethod',
      feeds: ['mfa.enforced'],
    },
    { key: 'authorization', path: '/policies/authorizationPolicy', permission: 'Policy.Read.All', feeds: [] },
    {
      // Microsoft's summary report answers "how many members" in one call…
      key: 'registrationSummary',
      path: REGISTRATION_SUMMARY_PATH,
      retryForbiddenOnce: true,
      licence: 'entraP1',
      permission: 'AuditLog.Read.All',
      feeds: ['mfa.registration'],
    },
    {
      // …and the per-user report filtered to the accounts without MFA names who they are.
      key: 'registrationGaps',
      path: '/reports/authenticationMethods/userRegistrationDetails?$filter=isMfaRegistered eq false',
      pageCap: 200,
      retryForbiddenOnce: true,
      licence: 'entraP1',
      permission: 'AuditLog.Read.All',
      feeds: ['mfa.registration'],
    },
    {
      // Every user's registration, paged: only when the summary report could not be read.
      key: 'registration',
      path: '/reports/authenticationMethods/userRegistrationDetails',
      pageCap: 200,
      retryForbiddenOnce: true,
      licence: 'entraP1',
      permission: 'AuditLog.Read.All',
      feeds: ['mfa.registration'],
    },
    { key: 'secureScores', path: '/security/secureScores?$top=1', permission: 'SecurityEvents.Read.All', feeds: ['secure-score'] },
    {
      key: 'controlProfiles',
      path: '/security/secureScoreControlProfiles',
      pageCap: 10,
      permission: 'SecurityEvents.Read.All',
      feeds: ['secure-score'],
    },
    {
      key: 'compliancePolicies',
      path: '/deviceManagement/deviceCompliancePolicies?$expand=assignments',
      pageCap: 10,
      licence: 'intune',
      permission: 'DeviceManagementConfiguration.Read.All',
      feeds: ['mobile.compliance-policy', 'mobile.app-protection', 'exo.mobile-mailbox-policy'],
    },
    {
      key: 'appProtection',
      path: '/deviceAppManagement/managedAppPolicies',
      pageCap: 10,
      licence: 'intune',
      permission: 'DeviceManagementApps.Read.All',
      feeds: ['mobile.app-protection'],
    },
    {
      // Active role assignments (permanent and activated) with who holds them.
      key: 'roleAssignments',
      path: '/roleManagement/directory/roleAssignments?$expand=principal',
      pageCap: 10,
      permission: 'RoleManagement.Read.Directory',
      feeds: ['admin.global-admin-count', 'admin.cloud-only', 'admin.phishing-resistant-mfa', 'entra.break-glass'],
    },
    {
      // Privileged Identity Management: which active assignments are standing (no end date, not activated).
      key: 'roleSchedules',
      path: '/roleManagement/directory/roleAssignmentScheduleInstances',
      pageCap: 10,
      licence: 'entraP2',
      permission: 'RoleManagement.Read.Directory',
      feeds: ['admin.standing-access'],
    },
    {
      // Only the accounts the other answers name (admins, Conditional Access exclusions, shared
      // mailboxes), looked up by ID: never the whole directory.
      key: 'users',
      path: '/users',
      pageCap: 200,
      permission: 'User.Read.All (or Directory.Read.All)',
      feeds: ['admin.cloud-only', 'entra.break-glass', 'exo.shared-mailbox-sign-in'],
    },
    ...LEGACY_CLIENT_APPS.map((app): Omit<GraphSource, 'round'> => ({
      key: `signIns:${app}`,
      // Always bounded by date (the log is large); v1.0 returns interactive sign-ins, newest first.
      path: `/auditLogs/signIns?$filter=createdDateTime ge ${signInsSince} and clientAppUsed eq '${app}'&$top=500`,
      pageCap: 4,
      retryForbiddenOnce: true,
      licence: 'entraP1',
      permission: 'AuditLog.Read.All and Directory.Read.All',
      feeds: ['legacy-auth.blocked'],
    })),
  ];
  return sources.map((src) => ({ ...src, round: ROUND_OF[src.key] ?? 2 }));
}

const ROUND_OF: Record<string, GraphSource['round']> = {
  organization: 1,
  subscribedSkus: 1,
  registration: 'fallback',
  users: 'lookup',
};

const REGISTRATION_SUMMARY_PATH =
  "/reports/authenticationMethods/usersRegisteredByFeature(includedUserTypes='member',includedUserRoles='all')";

// Directory look-ups for the accounts other answers name: IDs only in GUID form (anything else in a
// hostile answer is dropped, so nothing but an ID reaches the filter), 15 to a request as Graph's `in`
// filter allows.
const USER_SELECT = 'id,userPrincipalName,displayName,accountEnabled,onPremisesSyncEnabled,userType,assignedLicenses';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function directoryLookupPaths(ids: Iterable<string>): string[] {
  const unique = [...new Set([...ids].filter((id) => GUID.test(id)).map((id) => id.toLowerCase()))].sort();
  const out: string[] = [];
  for (let i = 0; i < unique.length; i += 15) {
    const list = unique
      .slice(i, i + 15)
      .map((id) => `'${id}'`)
      .join(',');
    out.push(`/users?$filter=id in (${list})&$select=${USER_SELECT}`);
  }
  return out;
}

export const domainRecordsKey = (domain: string) => `domainRecords:${domain}`;
export const domainRecordsPath = (domain: string) => `/domains/${encodeURIComponent(domain)}/serviceConfigurationRecords`;

// Which cmdlets each Exchange check reads.
export const EXCHANGE_FEEDS: Partial<Record<CheckId, CmdletName[]>> = {
  'exo.dkim-signing': ['Get-DkimSigningConfig', 'Get-AcceptedDomain'],
  'exo.nhsmail-connector-tls': ['Get-OutboundConnector', 'Get-InboundConnector'],
  'exo.smtp-auth-disabled': ['Get-TransportConfig', 'Get-CASMailbox'],
  'exo.auto-forwarding-blocked': ['Get-HostedOutboundSpamFilterPolicy', 'Get-RemoteDomain', 'Get-TransportRule'],
  'audit.unified-log': ['Get-AdminAuditLogConfig', 'Get-OrganizationConfig'],
  'audit.retention': ['Get-AdminAuditLogConfig'],
  'exo.anti-malware': ['Get-MalwareFilterPolicy', 'Get-MalwareFilterRule', 'Get-EOPProtectionPolicyRule'],
  'exo.anti-spam': ['Get-HostedContentFilterPolicy', 'Get-HostedContentFilterRule', 'Get-EOPProtectionPolicyRule'],
  'exo.message-encryption': ['Get-IRMConfiguration', 'Get-TransportRule'],
  'exo.mobile-mailbox-policy': ['Get-MobileDeviceMailboxPolicy', 'Get-ActiveSyncOrganizationSettings'],
  'defender.safe-attachments': ['Get-SafeAttachmentPolicy', 'Get-SafeAttachmentRule', 'Get-ATPProtectionPolicyRule'],
  'defender.safe-links': ['Get-SafeLinksPolicy', 'Get-SafeLinksRule', 'Get-ATPProtectionPolicyRule'],
  'defender.anti-phishing': ['Get-AntiPhishPolicy', 'Get-AntiPhishRule', 'Get-EOPProtectionPolicyRule', 'Get-ATPProtectionPolicyRule'],
  'exo.inbound-dmarc': ['Get-AntiPhishPolicy', 'Get-AntiPhishRule', 'Get-EOPProtectionPolicyRule'],
  'exo.filter-bypass': ['Get-HostedConnectionFilterPolicy', 'Get-HostedContentFilterPolicy', 'Get-TransportRule'],
  'alerts.exfiltration': ['Get-ProtectionAlert'],
  'exo.external-sender-tag': ['Get-ExternalInOutlook'],
  'exo.direct-send': ['Get-OrganizationConfig'],
  'exo.sharing-policy': ['Get-SharingPolicy'],
  'exo.shared-mailbox-sign-in': ['Get-Mailbox'],
};

// Roles the consultant needs (shown in the UI next to the consent link).
export const CONSENT_ROLES = [
  'Global Administrator',
  'Privileged Role Administrator',
  'Cloud Application Administrator (delegated permissions only)',
];
export const RUN_ROLES = ['Global Reader'];
export const EXCHANGE_ROLES = ['Global Reader', 'View-Only Organization Management (Exchange)'];

// Shown beside the consent link: which Exchange permission, and why.
export const EXCHANGE_CONSENT_WHY =
  'Exchange Online has no read-only API permission. Exchange.Manage lets the probe call the same endpoint the Exchange Online PowerShell module uses, and the probe runs only the read-only Get-* cmdlets on its allow-list (connectors, DKIM, forwarding, anti-malware, anti-spam, anti-phishing, Safe Links and Attachments, audit, sharing). What it can see is further limited by the signed-in role (Global Reader or View-Only Organization Management). If the admin refuses it, the Exchange checks say "Exchange consent not granted" and the read-only PowerShell script collects the same facts instead.';
