import { describe, expect, it } from 'vitest';
import type { NotAssessableReason } from '../../../shared/contract/findings';
import type { CheckId } from '../../../shared/domain/checks';
import { TENANT_CHECKS } from '../../../shared/contract/tenant';
import type {
  AppProtectionPolicy,
  CaPolicy,
  CompliancePolicy,
  DirUser,
  Fact,
  RegistrationUser,
  RoleAssignment,
  RoleSchedule,
  TenantFacts,
} from '../facts';
import { capabilitiesOf } from '../licences';
import { evaluate, VERDICTS } from './index';

// Table-driven tests of the verdict rules: facts in, one finding out. Each row changes one thing from a
// compliant baseline and names the status (and reason) the rule must give.

const ok = <T>(value: T): Fact<T> => ({ ok: true, value });
const na = (reason: NotAssessableReason, detail = `${reason} detail.`): Fact<never> => ({ ok: false, reason, detail });

const E3_PLANS = [
  'efb87545-963c-4e0d-99df-69c6916d9eb0',
  '41781fb2-bc02-4b7c-bd55-b576c07bb09d',
  'c1ec4a95-1f05-45b3-a911-aa3fa01094f5',
  'bea4c11e-220a-4e6d-8eb8-8ea15d019f90',
];
const BASIC_PLANS = ['9aaf7827-d63c-4b61-89c3-182f06f82e5c', '882e1d05-acd1-4ccb-8708-6ee03664b117'];
// Microsoft 365 E5 adds Entra ID P2, Defender for Office 365 Plans 1 and 2, and Purview Audit (Premium).
const E5_PLANS = [
  ...E3_PLANS,
  'eec0eb4f-6444-4f95-aba0-50c24d67f998',
  'f20fedf3-f3c3-43c3-8267-2bfdd51c0939',
  '8e0c0a52-6a6c-4d40-8370-dd62790dcd70',
  '2f442157-a11c-46b9-ae5b-6e39ff4e5849',
];
const GA = '62e90394-69f5-4237-9190-012177145e10';

function ca(
  p: Partial<CaPolicy> & {
    grant: string[];
    clientApps?: string[];
    users?: Partial<NonNullable<CaPolicy['conditions']['users']>>;
    platforms?: string[];
    operator?: string;
    strength?: { id: string; allowedCombinations: string[] };
    flows?: string;
    userRisk?: string[];
    signInRisk?: string[];
  },
): CaPolicy {
  return {
    id: p.id ?? 'p',
    displayName: p.displayName ?? 'Policy',
    state: p.state ?? 'enabled',
    conditions: {
      clientAppTypes: p.clientApps ?? ['all'],
      signInRiskLevels: p.signInRisk ?? [],
      userRiskLevels: p.userRisk ?? [],
      authenticationFlows: p.flows ? { transferMethods: p.flows } : null,
      applications: { includeApplications: ['All'], excludeApplications: [] },
      users: {
        includeUsers: ['All'],
        excludeUsers: [],
        includeGroups: [],
        excludeGroups: [],
        includeRoles: [],
        excludeRoles: [],
        ...p.users,
      },
      platforms: p.platforms ? { includePlatforms: p.platforms, excludePlatforms: [] } : null,
      locations: null,
    },
    grantControls: {
      operator: p.operator ?? 'OR',
      builtInControls: p.grant,
      authenticationStrength: p.strength ? { ...p.strength, displayName: 'Strength' } : null,
    },
  };
}

const BG = { excludeUsers: ['breakglass'] };
const PHISHING_RESISTANT = { id: '00000000-0000-0000-0000-000000000004', allowedCombinations: ['fido2', 'windowsHelloForBusiness'] };

const MFA_ALL = ca({ displayName: 'MFA all', grant: ['mfa'], users: { excludeUsers: ['breakglass'] } });
const BLOCK_LEGACY = ca({ displayName: 'Block legacy', grant: ['block'], clientApps: ['exchangeActiveSync', 'other'], users: BG });
const REQUIRE_COMPLIANT = ca({
  displayName: 'Compliant mobiles',
  grant: ['compliantDevice', 'compliantApplication'],
  platforms: ['iOS', 'android'],
  users: BG,
});
const ADMIN_PHISH = ca({
  displayName: 'Admins phishing-resistant',
  grant: [],
  strength: PHISHING_RESISTANT,
  users: { includeUsers: [], includeRoles: [GA], ...BG },
});
const BLOCK_DEVICE_CODE = ca({
  displayName: 'Block device code',
  grant: ['block'],
  flows: 'deviceCodeFlow,authenticationTransfer',
  users: BG,
});
const USER_RISK = ca({ displayName: 'User risk', grant: ['passwordChange', 'mfa'], operator: 'AND', userRisk: ['high'], users: BG });
const SIGNIN_RISK = ca({ displayName: 'Sign-in risk', grant: ['block'], signInRisk: ['high', 'medium'], users: BG });
const GOOD_CA = () => [MFA_ALL, BLOCK_LEGACY, REQUIRE_COMPLIANT, ADMIN_PHISH, BLOCK_DEVICE_CODE, USER_RISK, SIGNIN_RISK];

const dirUser = (id: string, over: Partial<DirUser> = {}): DirUser => ({
  id,
  userPrincipalName: `${id}@x.org`,
  displayName: id,
  accountEnabled: true,
  onPremisesSyncEnabled: null,
  userType: 'Member',
  assignedLicenses: [{ skuId: 's' }],
  ...over,
});
const DIRECTORY = () => [dirUser('u0'), dirUser('u1'), dirUser('u2'), dirUser('breakglass', { assignedLicenses: [] })];
const assignment = (id: string, role = GA, over: Partial<RoleAssignment> = {}): RoleAssignment => ({
  id: `ra-${id}-${role}`,
  principalId: id,
  roleDefinitionId: role,
  directoryScopeId: '/',
  principal: { '@odata.type': '#microsoft.graph.user', id, userPrincipalName: `${id}@x.org` },
  ...over,
});
const ROLES = () => [assignment('u0'), assignment('u1'), assignment('breakglass')];
const schedule = (id: string, permanent: boolean): RoleSchedule => ({
  id: `rs-${id}`,
  principalId: id,
  roleDefinitionId: GA,
  assignmentType: permanent ? 'Assigned' : 'Activated',
  memberType: 'Direct',
  endDateTime: permanent ? null : '2026-12-31T17:00:00Z',
});
const SCHEDULES = () => [schedule('breakglass', true), schedule('u0', false), schedule('u1', false)];

const scoped = (name: string, policyProperty: string, policy: string, over: Record<string, unknown> = {}) => ({
  Name: name,
  State: 'Enabled',
  Priority: 0,
  [policyProperty]: policy,
  SentTo: [],
  SentToMemberOf: ['Agency staff'],
  RecipientDomainIs: [],
  ExceptIfSentTo: [],
  ExceptIfSentToMemberOf: [],
  ExceptIfRecipientDomainIs: [],
  ...over,
});
const presetRule = (kind: 'Standard' | 'Strict', over: Record<string, unknown> = {}) => ({
  ...scoped(`${kind} Preset Security Policy`, 'x', '', { SentToMemberOf: [], Priority: kind === 'Strict' ? 0 : 1 }),
  ...over,
});
const ALERTS = [
  'Suspicious email forwarding activity',
  'Suspicious connector activity',
  'Suspicious email sending patterns detected',
  'Creation of forwarding/redirect rule',
  'User restricted from sending email',
  'Email sending limit exceeded',
].map((Name) => ({ Name, Disabled: false }));

const users = (n: number, unregistered = 0, unregisteredAdmins = 0): RegistrationUser[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `u${i}`,
    userPrincipalName: `u${i}@x.org`,
    userType: 'member',
    isAdmin: i < 2,
    isMfaRegistered: i < 2 ? i >= unregisteredAdmins : i < n - unregistered,
    methodsRegistered: [],
  }));

const compliance = (kind: 'ios' | 'android', over: Partial<CompliancePolicy> = {}): CompliancePolicy => ({
  '@odata.type': `#microsoft.graph.${kind}CompliancePolicy`,
  id: kind,
  displayName: kind,
  passcodeRequired: true,
  storageRequireEncryption: true,
  assignments: [{}],
  ...over,
});
const protection = (kind: 'ios' | 'android', over: Partial<AppProtectionPolicy> = {}): AppProtectionPolicy => ({
  '@odata.type': `#microsoft.graph.${kind}ManagedAppProtection`,
  id: kind,
  displayName: kind,
  pinRequired: true,
  dataBackupBlocked: true,
  saveAsBlocked: true,
  allowedOutboundDataTransferDestinations: 'managedApps',
  isAssigned: true,
  ...over,
});

const GOOD_EXO: Record<string, Record<string, unknown>[]> = {
  'Get-AcceptedDomain': [{ DomainName: 'x.org', DomainType: 'Authoritative', InitialDomain: false }],
  'Get-DkimSigningConfig': [{ Domain: 'x.org', Enabled: true, Status: 'Valid' }],
  'Get-OutboundConnector': [
    { Name: 'NHS', Enabled: true, RecipientDomains: ['nhs.net'], TlsSettings: 'DomainValidation', TlsDomain: 'nhs.net' },
  ],
  'Get-InboundConnector': [],
  'Get-TransportConfig': [{ SmtpClientAuthenticationDisabled: true }],
  'Get-CASMailbox': [],
  'Get-HostedOutboundSpamFilterPolicy': [{ Name: 'Default', IsDefault: true, AutoForwardingMode: 'Off' }],
  'Get-RemoteDomain': [{ Name: 'Default', DomainName: '*', AutoForwardEnabled: false }],
  'Get-AdminAuditLogConfig': [{ UnifiedAuditLogIngestionEnabled: true }],
  'Get-OrganizationConfig': [{ AuditDisabled: false }],
  'Get-MalwareFilterPolicy': [{ Name: 'Default', IsDefault: true, EnableFileFilter: true, ZapEnabled: true }],
  'Get-HostedContentFilterPolicy': [
    {
      Name: 'Default',
      IsDefault: true,
      SpamAction: 'MoveToJmf',
      HighConfidenceSpamAction: 'Quarantine',
      PhishSpamAction: 'Quarantine',
      HighConfidencePhishAction: 'Quarantine',
      AllowedSenderDomains: [],
      AllowedSenders: [],
    },
  ],
  'Get-IRMConfiguration': [{ AzureRMSLicensingEnabled: true }],
  'Get-MobileDeviceMailboxPolicy': [{ Name: 'Default', IsDefault: true, PasswordEnabled: true, RequireDeviceEncryption: true }],
  'Get-ActiveSyncOrganizationSettings': [{ DefaultAccessLevel: 'Allow' }],
  'Get-TransportRule': [],
  'Get-MalwareFilterRule': [],
  'Get-HostedContentFilterRule': [],
  'Get-HostedConnectionFilterPolicy': [{ Name: 'Default', IsDefault: true, IPAllowList: [], EnableSafeList: false }],
  'Get-AntiPhishPolicy': [
    {
      Name: 'Office365 AntiPhish Default',
      IsDefault: true,
      Enabled: true,
      EnableSpoofIntelligence: true,
      HonorDmarcPolicy: true,
      DmarcRejectAction: 'Reject',
      DmarcQuarantineAction: 'Quarantine',
      EnableTargetedUserProtection: true,
      EnableOrganizationDomainsProtection: true,
      EnableMailboxIntelligenceProtection: true,
      TargetedUserProtectionAction: 'Quarantine',
    },
  ],
  'Get-AntiPhishRule': [],
  'Get-EOPProtectionPolicyRule': [],
  'Get-ATPProtectionPolicyRule': [],
  'Get-SafeAttachmentPolicy': [{ Name: 'Built-In Protection Policy', IsBuiltInProtection: true, Enable: true, Action: 'Block' }],
  'Get-SafeAttachmentRule': [],
  'Get-SafeLinksPolicy': [
    {
      Name: 'Built-In Protection Policy',
      IsBuiltInProtection: true,
      EnableSafeLinksForEmail: true,
      ScanUrls: true,
      DeliverMessageAfterScan: true,
      AllowClickThrough: false,
    },
  ],
  'Get-SafeLinksRule': [],
  'Get-ExternalInOutlook': [{ Identity: 'ExternalInOutlookConfig', Enabled: true, AllowList: [] }],
  'Get-SharingPolicy': [{ Name: 'Default Sharing Policy', Enabled: true, Default: true, Domains: ['*:CalendarSharingFreeBusySimple'] }],
  'Get-Mailbox': [
    {
      PrimarySmtpAddress: 'office@x.org',
      RecipientTypeDetails: 'SharedMailbox',
      AccountDisabled: true,
      ExternalDirectoryObjectId: 'shared1',
    },
  ],
  'Get-ProtectionAlert': ALERTS,
};
GOOD_EXO['Get-OrganizationConfig'] = [{ AuditDisabled: false, RejectDirectSend: true }];

function exchange(rows: Record<string, Record<string, unknown>[] | Fact<never>> | 'none'): TenantFacts['exchange'] {
  if (rows === 'none') return { source: 'none', rows: () => na('not-collected') };
  return {
    source: 'script',
    collectedAt: '2026-11-22T10:00:00Z',
    rows: (c) => {
      const r = rows[c];
      if (r === undefined) return na('not-collected');
      return Array.isArray(r) ? ok(r) : (r as Fact<never>);
    },
  };
}

function baseline(): TenantFacts {
  return {
    tenant: ok({ id: 't', verifiedDomains: ['x.org'] }),
    licences: ok({
      skus: [{ skuId: 's', partNumber: 'SPE_E5', status: 'Enabled', enabledUnits: 30, consumedUnits: 25 }],
      plans: E5_PLANS,
      has: capabilitiesOf(E5_PLANS),
      from: 'subscribedSkus',
    }),
    emailDomains: ok([{ name: 'x.org', isDefault: true }]),
    securityDefaults: ok({ isEnabled: false }),
    conditionalAccess: ok(GOOD_CA()),
    authMethods: ok({ enabled: ['MicrosoftAuthenticator'] }),
    registration: ok(users(40)),
    secureScore: ok({ createdDateTime: '2026-11-22T03:00:00Z', current: 300, max: 500, gaps: [] }),
    compliancePolicies: ok([compliance('ios'), compliance('android')]),
    appProtection: ok([protection('ios'), protection('android')]),
    legacySignIns: ok({ since: '2026-11-16T09:00:00Z', byApp: [{ app: 'IMAP4', total: 3, succeeded: 0, users: [], capped: false }] }),
    users: ok(DIRECTORY()),
    roleAssignments: ok(ROLES()),
    roleSchedules: ok(SCHEDULES()),
    mailSkus: new Set(['s']),
    exchange: exchange(GOOD_EXO),
  };
}

type Row = [string, (f: TenantFacts) => void, CheckId, string, RegExp?];

const exo = (cmdlet: string, rows: Record<string, unknown>[] | Fact<never>) => (f: TenantFacts) => {
  f.exchange = exchange({ ...GOOD_EXO, [cmdlet]: rows });
};
const exos = (changes: Record<string, Record<string, unknown>[] | Fact<never>>) => (f: TenantFacts) => {
  f.exchange = exchange({ ...GOOD_EXO, ...changes });
};
const basicLicences = (f: TenantFacts) => {
  f.licences = ok({ skus: [], plans: BASIC_PLANS, has: capabilitiesOf(BASIC_PLANS), from: 'organization' });
};

const TABLE: Row[] = [
  // mfa.enforced
  ['an enabled all-users MFA policy with one break-glass exclusion', () => {}, 'mfa.enforced', 'pass', /"MFA all"/],
  [
    'the only MFA policy is report-only',
    (f) => void (f.conditionalAccess = ok([{ ...MFA_ALL, state: 'enabledForReportingButNotEnforced' }])),
    'mfa.enforced',
    'fail',
    /report-only/,
  ],
  [
    'the only MFA policy is disabled',
    (f) => void (f.conditionalAccess = ok([{ ...MFA_ALL, state: 'disabled' }])),
    'mfa.enforced',
    'fail',
    /Nothing enforces MFA/,
  ],
  [
    'MFA only for admin roles',
    (f) =>
      void (f.conditionalAccess = ok([
        ca({ grant: ['mfa'], users: { includeUsers: [], includeRoles: ['62e90394-69f5-4237-9190-012177145e10'] } }),
      ])),
    'mfa.enforced',
    'fail',
    /only for some users/,
  ],
  [
    'MFA excludes a whole group',
    (f) => void (f.conditionalAccess = ok([ca({ grant: ['mfa'], users: { excludeGroups: ['g1'] } })])),
    'mfa.enforced',
    'warn',
    /with gaps/,
  ],
  [
    'MFA excludes five accounts',
    (f) => void (f.conditionalAccess = ok([ca({ grant: ['mfa'], users: { excludeUsers: ['a', 'b', 'c', 'd', 'e'] } })])),
    'mfa.enforced',
    'warn',
  ],
  [
    'MFA or a compliant device',
    (f) => void (f.conditionalAccess = ok([ca({ grant: ['mfa', 'compliantDevice'], operator: 'OR' })])),
    'mfa.enforced',
    'warn',
  ],
  [
    'MFA and a compliant device (stronger)',
    (f) => void (f.conditionalAccess = ok([ca({ grant: ['mfa', 'compliantDevice'], operator: 'AND' })])),
    'mfa.enforced',
    'pass',
  ],
  ['MFA only on iOS', (f) => void (f.conditionalAccess = ok([ca({ grant: ['mfa'], platforms: ['iOS'] })])), 'mfa.enforced', 'warn'],
  [
    'security defaults with no Conditional Access',
    (f) => {
      basicLicences(f);
      f.securityDefaults = ok({ isEnabled: true });
      f.conditionalAccess = na('not-licensed');
    },
    'mfa.enforced',
    'pass',
    /Security defaults are on/,
  ],
  [
    'security defaults although Entra ID P1 is licensed (the weaker control)',
    (f) => void (f.securityDefaults = ok({ isEnabled: true })),
    'mfa.enforced',
    'warn',
    /Security defaults are on.*weaker/,
  ],
  ['no P1 and security defaults off', (f) => void (f.conditionalAccess = na('not-licensed')), 'mfa.enforced', 'fail', /no Entra ID P1/],
  [
    'Conditional Access unreadable (permission) and security defaults off',
    (f) => void (f.conditionalAccess = na('no-permission', 'No permission: needs Policy.Read.All.')),
    'mfa.enforced',
    'not-assessable:no-permission',
  ],
  [
    'security defaults unreadable',
    (f) => {
      f.securityDefaults = na('unreachable');
      f.conditionalAccess = na('malformed-response');
    },
    'mfa.enforced',
    'not-assessable:unreachable',
  ],
  // legacy-auth.blocked
  ['a block policy for both legacy client types', () => {}, 'legacy-auth.blocked', 'pass'],
  [
    'the block only covers "other clients"',
    (f) => void (f.conditionalAccess = ok([MFA_ALL, ca({ grant: ['block'], clientApps: ['other'] })])),
    'legacy-auth.blocked',
    'warn',
    /partly/,
  ],
  [
    'the block is report-only',
    (f) => void (f.conditionalAccess = ok([MFA_ALL, { ...BLOCK_LEGACY, state: 'enabledForReportingButNotEnforced' }])),
    'legacy-auth.blocked',
    'fail',
    /report-only/,
  ],
  [
    'blocked, but legacy sign-ins still succeeded',
    (f) => void (f.legacySignIns = ok({ since: 's', byApp: [{ app: 'POP3', total: 2, succeeded: 2, users: ['a@x.org'], capped: false }] })),
    'legacy-auth.blocked',
    'warn',
    /still succeeded/,
  ],
  [
    'security defaults',
    (f) => {
      basicLicences(f);
      f.securityDefaults = ok({ isEnabled: true });
      f.conditionalAccess = na('not-licensed');
    },
    'legacy-auth.blocked',
    'pass',
    /^Security defaults block legacy authentication$/,
  ],
  [
    'security defaults although Entra ID P1 is licensed',
    (f) => void (f.securityDefaults = ok({ isEnabled: true })),
    'legacy-auth.blocked',
    'warn',
  ],
  ['nothing blocks it', (f) => void (f.conditionalAccess = ok([MFA_ALL])), 'legacy-auth.blocked', 'fail'],
  // mfa.registration
  ['everyone registered', () => {}, 'mfa.registration', 'pass'],
  ['96% registered', (f) => void (f.registration = ok(users(50, 2))), 'mfa.registration', 'pass'],
  ['85% registered', (f) => void (f.registration = ok(users(20, 3))), 'mfa.registration', 'warn', /85%/],
  ['70% registered', (f) => void (f.registration = ok(users(10, 3))), 'mfa.registration', 'fail'],
  ['an administrator without MFA', (f) => void (f.registration = ok(users(40, 0, 1))), 'mfa.registration', 'fail', /administrator/],
  [
    'guests are not counted',
    (f) => void (f.registration = ok([...users(10), { id: 'g', userType: 'guest', isMfaRegistered: false, methodsRegistered: [] }])),
    'mfa.registration',
    'pass',
  ],
  // With Microsoft's summary report, the list names only the accounts without MFA.
  [
    'summary: 2 of 50 without MFA',
    (f) => {
      f.registration = ok(users(50, 2).filter((u) => !u.isMfaRegistered));
      f.registrationSummary = { members: 50 };
    },
    'mfa.registration',
    'pass',
    /96%/,
  ],
  [
    'summary: 3 of 20 without MFA',
    (f) => {
      f.registration = ok(users(20, 3).filter((u) => !u.isMfaRegistered));
      f.registrationSummary = { members: 20 };
    },
    'mfa.registration',
    'warn',
    /85%/,
  ],
  [
    'summary: an administrator without MFA',
    (f) => {
      f.registration = ok(users(40, 0, 1).filter((u) => !u.isMfaRegistered));
      f.registrationSummary = { members: 40 };
    },
    'mfa.registration',
    'fail',
    /administrator/,
  ],
  [
    'summary: no members',
    (f) => {
      f.registration = ok([]);
      f.registrationSummary = { members: 0 };
    },
    'mfa.registration',
    'not-assessable:not-applicable',
  ],
  [
    'not licensed',
    (f) => void (f.registration = na('not-licensed', 'Not licensed: needs Microsoft Entra ID P1.')),
    'mfa.registration',
    'not-assessable:not-licensed',
    /^Not licensed: needs Microsoft Entra ID P1$/,
  ],
  // mobile
  ['iOS and Android compliance, enforced', () => {}, 'mobile.compliance-policy', 'pass'],
  [
    'compliance without Conditional Access enforcement',
    (f) => void (f.conditionalAccess = ok([MFA_ALL, BLOCK_LEGACY])),
    'mobile.compliance-policy',
    'warn',
    /not enforced/,
  ],
  ['iOS only', (f) => void (f.compliancePolicies = ok([compliance('ios')])), 'mobile.compliance-policy', 'warn', /not Android/],
  [
    'unassigned policies',
    (f) => void (f.compliancePolicies = ok([compliance('ios', { assignments: [] }), compliance('android', { assignments: [] })])),
    'mobile.compliance-policy',
    'fail',
  ],
  [
    'Android without encryption',
    (f) => void (f.compliancePolicies = ok([compliance('ios'), compliance('android', { storageRequireEncryption: false })])),
    'mobile.compliance-policy',
    'warn',
  ],
  [
    'no Intune licence',
    (f) => {
      basicLicences(f);
      f.compliancePolicies = na('no-permission');
    },
    'mobile.compliance-policy',
    'not-assessable:not-licensed',
    /Intune Plan 1/,
  ],
  ['app protection on both platforms', () => {}, 'mobile.app-protection', 'pass'],
  [
    'app protection lets data go to any app',
    (f) => void (f.appProtection = ok([protection('ios', { allowedOutboundDataTransferDestinations: 'allApps' }), protection('android')])),
    'mobile.app-protection',
    'warn',
  ],
  [
    'no app protection, compliance covers both',
    (f) => void (f.appProtection = ok([])),
    'mobile.app-protection',
    'warn',
    /device compliance instead/,
  ],
  [
    'no app protection and no compliance',
    (f) => {
      f.appProtection = ok([]);
      f.compliancePolicies = ok([]);
    },
    'mobile.app-protection',
    'fail',
  ],
  // posture
  ['E5 licences', () => {}, 'tenant.licences', 'pass', /Microsoft 365 E5/],
  [
    'no Exchange Online',
    (f) => void (f.licences = ok({ skus: [], plans: [E3_PLANS[1]!], has: capabilitiesOf([E3_PLANS[1]!]), from: 'organization' })),
    'tenant.licences',
    'fail',
  ],
  [
    'a suspended subscription',
    (f) =>
      void (f.licences = ok({
        skus: [{ skuId: 's', partNumber: 'SPE_E3', status: 'Suspended', enabledUnits: 30, consumedUnits: 25 }],
        plans: E3_PLANS,
        has: capabilitiesOf(E3_PLANS),
        from: 'subscribedSkus',
      })),
    'tenant.licences',
    'warn',
  ],
  ['secure score 60%', () => {}, 'secure-score', 'pass', /60%/],
  [
    'secure score 30%',
    (f) =>
      void (f.secureScore = ok({
        createdDateTime: '2026-11-22T03:00:00Z',
        current: 150,
        max: 500,
        gaps: [{ title: 'Enable MFA', gap: 9 }],
      })),
    'secure-score',
    'warn',
  ],
  ['secure score throttled', (f) => void (f.secureScore = na('refused')), 'secure-score', 'not-assessable:refused'],
  // Exchange
  ['Exchange facts not collected', (f) => void (f.exchange = exchange('none')), 'exo.dkim-signing', 'not-assessable:not-collected'],
  ['DKIM on', () => {}, 'exo.dkim-signing', 'pass'],
  [
    'DKIM off',
    exo('Get-DkimSigningConfig', [{ Domain: 'x.org', Enabled: false, Status: 'CnameMissing' }]),
    'exo.dkim-signing',
    'fail',
    /x\.org/,
  ],
  ['DKIM missing for the domain', exo('Get-DkimSigningConfig', []), 'exo.dkim-signing', 'fail'],
  [
    'DKIM enabled but unhealthy',
    exo('Get-DkimSigningConfig', [{ Domain: 'x.org', Enabled: true, Status: 'CnameMissing' }]),
    'exo.dkim-signing',
    'warn',
  ],
  ['DKIM with only the onmicrosoft domain', (f) => void (f.emailDomains = ok([])), 'exo.dkim-signing', 'not-assessable:not-applicable'],
  [
    'DKIM from script strings "True"',
    exo('Get-DkimSigningConfig', [{ Domain: 'x.org', Enabled: 'True', Status: 'Valid' }]),
    'exo.dkim-signing',
    'pass',
  ],
  [
    'DKIM row of the wrong shape',
    exo('Get-DkimSigningConfig', [{ Domain: 'x.org', Enabled: 'maybe' }]),
    'exo.dkim-signing',
    'not-assessable:malformed-response',
  ],
  ['nhs.net connector with validated TLS', () => {}, 'exo.nhsmail-connector-tls', 'pass'],
  [
    'nhs.net connector EncryptionOnly',
    exo('Get-OutboundConnector', [{ Name: 'NHS', Enabled: true, RecipientDomains: ['nhs.net'], TlsSettings: 'EncryptionOnly' }]),
    'exo.nhsmail-connector-tls',
    'warn',
    /does not check the certificate/,
  ],
  [
    'nhs.net connector disabled',
    exo('Get-OutboundConnector', [{ Name: 'NHS', Enabled: false, RecipientDomains: ['nhs.net'], TlsSettings: 'DomainValidation' }]),
    'exo.nhsmail-connector-tls',
    'warn',
  ],
  ['no nhs.net connector', exo('Get-OutboundConnector', []), 'exo.nhsmail-connector-tls', 'warn', /No connector/],
  [
    'connectors unreadable',
    exo('Get-OutboundConnector', na('no-permission', 'Get-OutboundConnector was not allowed.')),
    'exo.nhsmail-connector-tls',
    'not-assessable:no-permission',
  ],
  ['SMTP AUTH off', () => {}, 'exo.smtp-auth-disabled', 'pass'],
  [
    'SMTP AUTH on for the organisation',
    exo('Get-TransportConfig', [{ SmtpClientAuthenticationDisabled: false }]),
    'exo.smtp-auth-disabled',
    'fail',
  ],
  [
    'SMTP AUTH back on for two mailboxes',
    exo('Get-CASMailbox', [
      { PrimarySmtpAddress: 'scanner@x.org', SmtpClientAuthenticationDisabled: false },
      { PrimarySmtpAddress: 'printer@x.org', SmtpClientAuthenticationDisabled: false },
    ]),
    'exo.smtp-auth-disabled',
    'warn',
    /2 mailboxes/,
  ],
  ['auto-forwarding off', () => {}, 'exo.auto-forwarding-blocked', 'pass'],
  [
    'auto-forwarding "Automatic" (now means off)',
    exo('Get-HostedOutboundSpamFilterPolicy', [{ Name: 'Default', IsDefault: true, AutoForwardingMode: 'Automatic' }]),
    'exo.auto-forwarding-blocked',
    'pass',
  ],
  [
    'auto-forwarding on, remote domain allows it',
    (f) =>
      void (f.exchange = exchange({
        ...GOOD_EXO,
        'Get-HostedOutboundSpamFilterPolicy': [{ Name: 'Default', IsDefault: true, AutoForwardingMode: 'On' }],
        'Get-RemoteDomain': [{ Name: 'Default', DomainName: '*', AutoForwardEnabled: true }],
      })),
    'exo.auto-forwarding-blocked',
    'fail',
  ],
  [
    'auto-forwarding on, but the default remote domain blocks it',
    exo('Get-HostedOutboundSpamFilterPolicy', [{ Name: 'Default', IsDefault: true, AutoForwardingMode: 'On' }]),
    'exo.auto-forwarding-blocked',
    'pass',
  ],
  [
    'a custom policy allows forwarding and the default remote domain allows it',
    exos({
      'Get-HostedOutboundSpamFilterPolicy': [
        { Name: 'Default', IsDefault: true, AutoForwardingMode: 'Off' },
        { Name: 'Execs', IsDefault: false, AutoForwardingMode: 'On' },
      ],
      'Get-RemoteDomain': [{ Name: 'Default', DomainName: '*', AutoForwardEnabled: true }],
    }),
    'exo.auto-forwarding-blocked',
    'warn',
  ],
  [
    'a custom policy allows forwarding but every remote domain blocks it',
    exo('Get-HostedOutboundSpamFilterPolicy', [
      { Name: 'Default', IsDefault: true, AutoForwardingMode: 'Off' },
      { Name: 'Execs', IsDefault: false, AutoForwardingMode: 'On' },
    ]),
    'exo.auto-forwarding-blocked',
    'pass',
  ],
  [
    'the policy allows forwarding, the default remote domain blocks it, a named one (gmail.com) allows it',
    exos({
      'Get-HostedOutboundSpamFilterPolicy': [{ Name: 'Default', IsDefault: true, AutoForwardingMode: 'On' }],
      'Get-RemoteDomain': [
        { Name: 'Default', DomainName: '*', AutoForwardEnabled: false },
        { Name: 'Gmail', DomainName: 'gmail.com', AutoForwardEnabled: true },
      ],
    }),
    'exo.auto-forwarding-blocked',
    'fail',
    /gmail\.com/,
  ],
  [
    'a named remote domain allows forwarding but the outbound policy is Off',
    exo('Get-RemoteDomain', [
      { Name: 'Default', DomainName: '*', AutoForwardEnabled: false },
      { Name: 'Gmail', DomainName: 'gmail.com', AutoForwardEnabled: true },
    ]),
    'exo.auto-forwarding-blocked',
    'pass',
  ],
  ['audit on', () => {}, 'audit.unified-log', 'pass'],
  ['unified audit log off', exo('Get-AdminAuditLogConfig', [{ UnifiedAuditLogIngestionEnabled: false }]), 'audit.unified-log', 'fail'],
  ['mailbox auditing off', exo('Get-OrganizationConfig', [{ AuditDisabled: true }]), 'audit.unified-log', 'fail', /Mailbox auditing/],
  [
    'attachment filter off',
    exo('Get-MalwareFilterPolicy', [{ Name: 'Default', IsDefault: true, EnableFileFilter: false, ZapEnabled: true }]),
    'exo.anti-malware',
    'warn',
  ],
  [
    'high-confidence phishing delivered to junk',
    exo('Get-HostedContentFilterPolicy', [{ ...GOOD_EXO['Get-HostedContentFilterPolicy']![0], HighConfidencePhishAction: 'MoveToJmf' }]),
    'exo.anti-spam',
    'fail',
  ],
  [
    'an allowed sender domain',
    exo('Get-HostedContentFilterPolicy', [{ ...GOOD_EXO['Get-HostedContentFilterPolicy']![0], AllowedSenderDomains: ['partner.example'] }]),
    'exo.anti-spam',
    'warn',
    /bypassed/,
  ],
  ['message encryption on', () => {}, 'exo.message-encryption', 'pass'],
  [
    'message encryption licensed but off',
    exo('Get-IRMConfiguration', [{ AzureRMSLicensingEnabled: false }]),
    'exo.message-encryption',
    'warn',
  ],
  ['message encryption not licensed', basicLicences, 'exo.message-encryption', 'not-assessable:not-licensed'],
  ['mobile mailbox policy strong', () => {}, 'exo.mobile-mailbox-policy', 'pass'],
  [
    'mobile mailbox policy weak, Intune covers phones',
    exo('Get-MobileDeviceMailboxPolicy', [{ Name: 'Default', IsDefault: true, PasswordEnabled: false, RequireDeviceEncryption: false }]),
    'exo.mobile-mailbox-policy',
    'warn',
  ],
  [
    'mobile mailbox policy weak, no Intune',
    (f) => {
      exo('Get-MobileDeviceMailboxPolicy', [{ Name: 'Default', IsDefault: true, PasswordEnabled: false, RequireDeviceEncryption: false }])(
        f,
      );
      f.compliancePolicies = na('not-licensed');
    },
    'exo.mobile-mailbox-policy',
    'fail',
  ],

  // ---- baseline-grade protection: the policy that applies (presets, priority, default) ----
  ['only the default anti-malware policy, strong', () => {}, 'exo.anti-malware', 'pass', /default policy/],
  [
    'a weak custom anti-malware policy above the strong default (one group)',
    exos({
      'Get-MalwareFilterPolicy': [
        { Name: 'Agency', IsDefault: false, EnableFileFilter: false, ZapEnabled: true },
        ...GOOD_EXO['Get-MalwareFilterPolicy']!,
      ],
      'Get-MalwareFilterRule': [scoped('Agency rule', 'MalwareFilterPolicy', 'Agency')],
    }),
    'exo.anti-malware',
    'warn',
    /"Agency"/,
  ],
  [
    'a weak default covered by the Standard preset for everyone',
    exos({
      'Get-MalwareFilterPolicy': [
        { Name: 'Default', IsDefault: true, EnableFileFilter: false, ZapEnabled: false },
        { Name: 'Standard Preset Security Policy1', RecommendedPolicyType: 'Standard', EnableFileFilter: true, ZapEnabled: true },
      ],
      'Get-EOPProtectionPolicyRule': [presetRule('Standard')],
    }),
    'exo.anti-malware',
    'pass',
    /Standard preset/,
  ],
  [
    'the Standard preset scoped to one group, weak default for everyone else',
    exos({
      'Get-MalwareFilterPolicy': [
        { Name: 'Default', IsDefault: true, EnableFileFilter: false, ZapEnabled: true },
        { Name: 'Standard Preset Security Policy1', RecommendedPolicyType: 'Standard', EnableFileFilter: true, ZapEnabled: true },
      ],
      'Get-EOPProtectionPolicyRule': [presetRule('Standard', { SentToMemberOf: ['Managers'] })],
    }),
    'exo.anti-malware',
    'warn',
    /default policy/,
  ],
  [
    'a disabled weak custom rule does not apply',
    exos({
      'Get-MalwareFilterPolicy': [{ Name: 'Agency', IsDefault: false, EnableFileFilter: false }, ...GOOD_EXO['Get-MalwareFilterPolicy']!],
      'Get-MalwareFilterRule': [scoped('Agency rule', 'MalwareFilterPolicy', 'Agency', { State: 'Disabled' })],
    }),
    'exo.anti-malware',
    'pass',
  ],
  [
    'a weak custom anti-spam policy above the default: high-confidence phish delivered to Junk',
    exos({
      'Get-HostedContentFilterPolicy': [
        {
          Name: 'Agency spam',
          IsDefault: false,
          SpamAction: 'MoveToJmf',
          HighConfidencePhishAction: 'MoveToJmf',
          AllowedSenderDomains: [],
          AllowedSenders: [],
        },
        ...GOOD_EXO['Get-HostedContentFilterPolicy']!,
      ],
      'Get-HostedContentFilterRule': [scoped('Agency spam rule', 'HostedContentFilterPolicy', 'Agency spam')],
    }),
    'exo.anti-spam',
    'fail',
    /"Agency spam"/,
  ],
  // defender.safe-attachments
  ['the built-in protection policy blocks malicious attachments', () => {}, 'defender.safe-attachments', 'pass', /built-in/],
  [
    'a higher-priority custom policy delivers malicious attachments (Allow)',
    exos({
      'Get-SafeAttachmentPolicy': [{ Name: 'Agency SA', Enable: true, Action: 'Allow' }, ...GOOD_EXO['Get-SafeAttachmentPolicy']!],
      'Get-SafeAttachmentRule': [scoped('Agency SA rule', 'SafeAttachmentPolicy', 'Agency SA')],
    }),
    'defender.safe-attachments',
    'fail',
    /Agency SA/,
  ],
  [
    'no Defender for Office 365',
    basicLicences,
    'defender.safe-attachments',
    'not-assessable:not-licensed',
    /Defender for Office 365 Plan 1/,
  ],
  [
    'Safe Attachments cmdlets refused',
    exo('Get-SafeAttachmentPolicy', na('no-permission')),
    'defender.safe-attachments',
    'not-assessable:no-permission',
  ],
  // defender.safe-links
  ['the built-in protection policy scans links', () => {}, 'defender.safe-links', 'pass'],
  [
    'users may click through',
    exo('Get-SafeLinksPolicy', [
      { Name: 'Built-In Protection Policy', IsBuiltInProtection: true, EnableSafeLinksForEmail: true, AllowClickThrough: true },
    ]),
    'defender.safe-links',
    'warn',
  ],
  [
    'Safe Links off for email',
    exo('Get-SafeLinksPolicy', [{ Name: 'Built-In Protection Policy', IsBuiltInProtection: true, EnableSafeLinksForEmail: false }]),
    'defender.safe-links',
    'fail',
  ],
  ['no Defender for Office 365', basicLicences, 'defender.safe-links', 'not-assessable:not-licensed'],
  // defender.anti-phishing
  ['impersonation and spoofing protection on', () => {}, 'defender.anti-phishing', 'pass'],
  [
    'impersonation protection off',
    exo('Get-AntiPhishPolicy', [{ Name: 'Office365 AntiPhish Default', IsDefault: true, Enabled: true, EnableSpoofIntelligence: true }]),
    'defender.anti-phishing',
    'warn',
  ],
  [
    'spoof intelligence off',
    exo('Get-AntiPhishPolicy', [{ ...GOOD_EXO['Get-AntiPhishPolicy']![0], EnableSpoofIntelligence: false }]),
    'defender.anti-phishing',
    'fail',
  ],
  ['no Defender for Office 365', basicLicences, 'defender.anti-phishing', 'not-assessable:not-licensed'],
  // exo.inbound-dmarc
  ['DMARC honoured', () => {}, 'exo.inbound-dmarc', 'pass'],
  [
    'DMARC ignored',
    exo('Get-AntiPhishPolicy', [{ ...GOOD_EXO['Get-AntiPhishPolicy']![0], HonorDmarcPolicy: false }]),
    'exo.inbound-dmarc',
    'fail',
  ],
  [
    'p=reject mail only quarantined',
    exo('Get-AntiPhishPolicy', [{ ...GOOD_EXO['Get-AntiPhishPolicy']![0], DmarcRejectAction: 'Quarantine' }]),
    'exo.inbound-dmarc',
    'warn',
  ],
  ['anti-phishing unreadable', exo('Get-AntiPhishPolicy', na('unreachable')), 'exo.inbound-dmarc', 'not-assessable:unreachable'],
  // exo.filter-bypass
  ['nothing bypasses filtering', () => {}, 'exo.filter-bypass', 'pass'],
  [
    'an IP allow list entry',
    exo('Get-HostedConnectionFilterPolicy', [{ Name: 'Default', IsDefault: true, IPAllowList: ['198.51.100.7'], EnableSafeList: false }]),
    'exo.filter-bypass',
    'fail',
  ],
  [
    'a transport rule sets SCL -1',
    exo('Get-TransportRule', [{ Name: 'Scanner', State: 'Enabled', SetSCL: -1 }]),
    'exo.filter-bypass',
    'fail',
    /SCL -1/,
  ],
  [
    'the safe list is on',
    exo('Get-HostedConnectionFilterPolicy', [{ Name: 'Default', IsDefault: true, IPAllowList: [], EnableSafeList: true }]),
    'exo.filter-bypass',
    'warn',
  ],
  // exo.external-sender-tag
  ['external tag on', () => {}, 'exo.external-sender-tag', 'pass'],
  ['external tag off', exo('Get-ExternalInOutlook', [{ Enabled: false, AllowList: [] }]), 'exo.external-sender-tag', 'warn'],
  // exo.direct-send
  ['Direct Send rejected', () => {}, 'exo.direct-send', 'pass'],
  ['Direct Send accepted', exo('Get-OrganizationConfig', [{ AuditDisabled: false, RejectDirectSend: false }]), 'exo.direct-send', 'warn'],
  [
    'RejectDirectSend not reported',
    exo('Get-OrganizationConfig', [{ AuditDisabled: false }]),
    'exo.direct-send',
    'not-assessable:malformed-response',
  ],
  // exo.sharing-policy
  ['free/busy only', () => {}, 'exo.sharing-policy', 'pass'],
  [
    'calendar details and contacts with all domains',
    exo('Get-SharingPolicy', [
      { Name: 'Default Sharing Policy', Enabled: true, Domains: ['*:CalendarSharingFreeBusyDetail, ContactsSharing'] },
    ]),
    'exo.sharing-policy',
    'fail',
  ],
  [
    'the detailed policy is disabled',
    exo('Get-SharingPolicy', [{ Name: 'Old', Enabled: false, Domains: ['*:CalendarSharingFreeBusyDetail'] }]),
    'exo.sharing-policy',
    'pass',
  ],
  // exo.shared-mailbox-sign-in
  ['shared mailbox sign-in blocked', () => {}, 'exo.shared-mailbox-sign-in', 'pass'],
  [
    'a shared mailbox can sign in',
    exo('Get-Mailbox', [{ PrimarySmtpAddress: 'rota@x.org', RecipientTypeDetails: 'SharedMailbox', AccountDisabled: false }]),
    'exo.shared-mailbox-sign-in',
    'fail',
    /1 shared mailbox/,
  ],
  [
    'Exchange says disabled but the directory says enabled',
    (f) => {
      f.users = ok([...DIRECTORY(), dirUser('shared1', { accountEnabled: true })]);
    },
    'exo.shared-mailbox-sign-in',
    'fail',
  ],
  ['no shared mailboxes', exo('Get-Mailbox', []), 'exo.shared-mailbox-sign-in', 'not-assessable:not-applicable'],
  // audit.retention
  ['Audit Premium: one year', () => {}, 'audit.retention', 'pass', /365 days/],
  ['Audit Standard: 180 days', basicLicences, 'audit.retention', 'warn', /180 days/],
  ['the unified audit log is off', exo('Get-AdminAuditLogConfig', [{ UnifiedAuditLogIngestionEnabled: false }]), 'audit.retention', 'fail'],
  // alerts.exfiltration
  ['forwarding, connector and sending alerts on', () => {}, 'alerts.exfiltration', 'pass'],
  [
    'the connector alert is off',
    exo(
      'Get-ProtectionAlert',
      ALERTS.map((a) => (a.Name === 'Suspicious connector activity' ? { ...a, Disabled: true } : a)),
    ),
    'alerts.exfiltration',
    'fail',
    /connector/,
  ],
  [
    'only a supporting alert is off',
    exo(
      'Get-ProtectionAlert',
      ALERTS.map((a) => (a.Name === 'Email sending limit exceeded' ? { ...a, Disabled: true } : a)),
    ),
    'alerts.exfiltration',
    'warn',
  ],
  [
    'alert policies not collected (Security & Compliance)',
    exo('Get-ProtectionAlert', na('not-collected', 'Get-ProtectionAlert is a Security & Compliance cmdlet.')),
    'alerts.exfiltration',
    'not-assessable:not-collected',
  ],
  // admin.global-admin-count
  ['three Global Administrators', () => {}, 'admin.global-admin-count', 'pass', /^3 /],
  ['one Global Administrator', (f) => void (f.roleAssignments = ok([assignment('u0')])), 'admin.global-admin-count', 'fail'],
  [
    'six Global Administrators',
    (f) => void (f.roleAssignments = ok(['u0', 'u1', 'u2', 'u3', 'u4', 'breakglass'].map((u) => assignment(u)))),
    'admin.global-admin-count',
    'warn',
  ],
  [
    'ten Global Administrators',
    (f) => void (f.roleAssignments = ok(Array.from({ length: 10 }, (_, i) => assignment(`a${i}`)))),
    'admin.global-admin-count',
    'fail',
  ],
  [
    'role assignments refused',
    (f) => void (f.roleAssignments = na('no-permission')),
    'admin.global-admin-count',
    'not-assessable:no-permission',
  ],
  // admin.cloud-only
  ['every admin is cloud-only', () => {}, 'admin.cloud-only', 'pass'],
  [
    'a Global Administrator synchronised from on-premises',
    (f) =>
      void (f.users = ok([dirUser('u0', { onPremisesSyncEnabled: true }), dirUser('u1'), dirUser('breakglass', { assignedLicenses: [] })])),
    'admin.cloud-only',
    'fail',
  ],
  // admin.phishing-resistant-mfa
  ['Global Administrators need phishing-resistant MFA', () => {}, 'admin.phishing-resistant-mfa', 'pass'],
  [
    'the admin policy asks for ordinary MFA',
    (f) =>
      void (f.conditionalAccess = ok(
        GOOD_CA().map((p) => (p === ADMIN_PHISH ? ca({ grant: ['mfa'], users: { includeUsers: [], includeRoles: [GA] } }) : p)),
      )),
    'admin.phishing-resistant-mfa',
    'fail',
  ],
  [
    'an Exchange Administrator is not covered',
    (f) => void (f.roleAssignments = ok([...ROLES(), assignment('u2', '29232cdf-9323-42fd-ade2-1d097af3e4de')])),
    'admin.phishing-resistant-mfa',
    'warn',
    /1 admin role/,
  ],
  ['no Entra ID P1', (f) => void (f.conditionalAccess = na('not-licensed')), 'admin.phishing-resistant-mfa', 'not-assessable:not-licensed'],
  // admin.standing-access
  ['only the break-glass account is permanent', () => {}, 'admin.standing-access', 'pass'],
  [
    'a permanent Global Administrator assignment',
    (f) => void (f.roleSchedules = ok([...SCHEDULES(), schedule('u2', true)])),
    'admin.standing-access',
    'fail',
  ],
  ['no Entra ID P2', basicLicences, 'admin.standing-access', 'not-assessable:not-licensed', /Entra ID P2/],
  // entra.break-glass
  ['a break-glass account excluded from every policy', () => {}, 'entra.break-glass', 'pass', /^1 break-glass account.*breakglass@x\.org/],
  [
    'no account is excluded',
    (f) =>
      void (f.conditionalAccess = ok(
        GOOD_CA().map((p) => ({ ...p, conditions: { ...p.conditions, users: { ...p.conditions.users!, excludeUsers: [] } } })),
      )),
    'entra.break-glass',
    'fail',
  ],
  [
    'a licensed everyday account is also excluded from MFA',
    (f) =>
      void (f.conditionalAccess = ok(
        GOOD_CA().map((p) =>
          p === MFA_ALL ? ca({ displayName: 'MFA all', grant: ['mfa'], users: { excludeUsers: ['breakglass', 'u2'] } }) : p,
        ),
      )),
    'entra.break-glass',
    'warn',
    /u2@x\.org/,
  ],
  [
    'the break-glass account is licensed for mail',
    (f) => void (f.users = ok([dirUser('u0'), dirUser('u1'), dirUser('breakglass')])),
    'entra.break-glass',
    'fail',
  ],
  ['no Entra ID P1', (f) => void (f.conditionalAccess = na('not-licensed')), 'entra.break-glass', 'not-assessable:not-licensed'],
  // mfa.enforced with the break-glass rule
  [
    'MFA excludes a licensed everyday account (named)',
    (f) =>
      void (f.conditionalAccess = ok(
        GOOD_CA().map((p) =>
          p === MFA_ALL ? ca({ displayName: 'MFA all', grant: ['mfa'], users: { excludeUsers: ['breakglass', 'u2'] } }) : p,
        ),
      )),
    'mfa.enforced',
    'warn',
  ],
  // entra.risk-policies
  ['user and sign-in risk handled', () => {}, 'entra.risk-policies', 'pass'],
  ['only sign-in risk', (f) => void (f.conditionalAccess = ok(GOOD_CA().filter((p) => p !== USER_RISK))), 'entra.risk-policies', 'warn'],
  [
    'no risk policy',
    (f) => void (f.conditionalAccess = ok(GOOD_CA().filter((p) => p !== USER_RISK && p !== SIGNIN_RISK))),
    'entra.risk-policies',
    'fail',
  ],
  ['no Entra ID P2', basicLicences, 'entra.risk-policies', 'not-assessable:not-licensed'],
  // mfa.weak-methods
  ['only Authenticator', () => {}, 'mfa.weak-methods', 'pass'],
  ['SMS allowed', (f) => void (f.authMethods = ok({ enabled: ['MicrosoftAuthenticator', 'Sms'] })), 'mfa.weak-methods', 'warn', /Sms/],
  ['methods unreadable', (f) => void (f.authMethods = na('malformed-response')), 'mfa.weak-methods', 'not-assessable:malformed-response'],
  // entra.device-code-flow
  ['device code flow blocked', () => {}, 'entra.device-code-flow', 'pass'],
  [
    'device code flow open',
    (f) => void (f.conditionalAccess = ok(GOOD_CA().filter((p) => p !== BLOCK_DEVICE_CODE))),
    'entra.device-code-flow',
    'fail',
  ],
  [
    'the block is report-only',
    (f) =>
      void (f.conditionalAccess = ok(
        GOOD_CA().map((p) => (p === BLOCK_DEVICE_CODE ? { ...p, state: 'enabledForReportingButNotEnforced' } : p)),
      )),
    'entra.device-code-flow',
    'fail',
  ],
  ['no Entra ID P1', (f) => void (f.conditionalAccess = na('not-licensed')), 'entra.device-code-flow', 'not-assessable:not-licensed'],
];

describe('tenant verdict rules', () => {
  const rows = TABLE.map(([name, change, check, expected, summary]) => ({
    title: `${check}: ${name} → ${expected}`,
    change,
    check,
    expected,
    summary,
  }));
  it.each(rows)('$title', ({ change, check, expected, summary }) => {
    const facts = baseline();
    change(facts);
    const f = VERDICTS[check]!(facts);
    expect(f.check).toBe(check);
    const [status, reason] = expected.split(':');
    expect(f.status).toBe(status);
    if (reason) expect(f.reason).toBe(reason);
    if (summary) expect(f.summary).toMatch(summary);
  });

  it('the compliant baseline passes every check, one finding per tenant check', () => {
    const findings = evaluate(baseline());
    expect(findings.map((f) => f.check)).toEqual(TENANT_CHECKS);
    expect(findings.filter((f) => f.status !== 'pass')).toEqual([]);
  });

  it('every tenant check has a rule and at least one failing or not-assessable row in the table', () => {
    for (const check of TENANT_CHECKS) {
      expect(VERDICTS[check], check).toBeDefined();
      expect(
        TABLE.some(([, , c, s]) => c === check && s !== 'pass'),
        check,
      ).toBe(true);
    }
  });
});
