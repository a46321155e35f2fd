import { describe, expect, it } from 'vitest';
import type { NotAssessableReason } from '../../../../shared/contract/findings';
import type { CheckId } from '../../../../shared/domain/checks';
import { TENANT_CHECKS } from '../../../../shared/contract/tenant';
import type { CaPolicy, CompliancePolicy, AppProtectionPolicy, Fact, RegistrationUser, TenantFacts } from '../facts';
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

function ca(
  p: Partial<CaPolicy> & {
    grant: string[];
    clientApps?: string[];
    users?: Partial<NonNullable<CaPolicy['conditions']['users']>>;
    platforms?: string[];
    operator?: string;
  },
): CaPolicy {
  return {
    id: p.id ?? 'p',
    displayName: p.displayName ?? 'Policy',
    state: p.state ?? 'enabled',
    conditions: {
      clientAppTypes: p.clientApps ?? ['all'],
      signInRiskLevels: [],
      userRiskLevels: [],
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
    grantControls: { operator: p.operator ?? 'OR', builtInControls: p.grant, authenticationStrength: null },
  };
}

const MFA_ALL = ca({ displayName: 'MFA all', grant: ['mfa'], users: { excludeUsers: ['breakglass'] } });
const BLOCK_LEGACY = ca({ displayName: 'Block legacy', grant: ['block'], clientApps: ['exchangeActiveSync', 'other'] });
const REQUIRE_COMPLIANT = ca({
  displayName: 'Compliant mobiles',
  grant: ['compliantDevice', 'compliantApplication'],
  platforms: ['iOS', 'android'],
});

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
};

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
      skus: [{ skuId: 's', partNumber: 'SPE_E3', status: 'Enabled', enabledUnits: 30, consumedUnits: 25 }],
      plans: E3_PLANS,
      has: capabilitiesOf(E3_PLANS),
      from: 'subscribedSkus',
    }),
    emailDomains: ok([{ name: 'x.org', isDefault: true }]),
    securityDefaults: ok({ isEnabled: false }),
    conditionalAccess: ok([MFA_ALL, BLOCK_LEGACY, REQUIRE_COMPLIANT]),
    authMethods: ok({ enabled: ['MicrosoftAuthenticator'] }),
    registration: ok(users(40)),
    secureScore: ok({ createdDateTime: '2026-11-22T03:00:00Z', current: 300, max: 500, gaps: [] }),
    compliancePolicies: ok([compliance('ios'), compliance('android')]),
    appProtection: ok([protection('ios'), protection('android')]),
    legacySignIns: ok({ since: '2026-11-16T09:00:00Z', byApp: [{ app: 'IMAP4', total: 3, succeeded: 0, users: [], capped: false }] }),
    exchange: exchange(GOOD_EXO),
  };
}

type Row = [string, (f: TenantFacts) => void, CheckId, string, RegExp?];

const exo = (cmdlet: string, rows: Record<string, unknown>[] | Fact<never>) => (f: TenantFacts) => {
  f.exchange = exchange({ ...GOOD_EXO, [cmdlet]: rows });
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
      f.securityDefaults = ok({ isEnabled: true });
      f.conditionalAccess = na('not-licensed');
    },
    'mfa.enforced',
    'pass',
    /Security defaults are on/,
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
      f.securityDefaults = ok({ isEnabled: true });
      f.conditionalAccess = na('not-licensed');
    },
    'legacy-auth.blocked',
    'pass',
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
  ['E3 licences', () => {}, 'tenant.licences', 'pass', /Microsoft 365 E3/],
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
    'a custom policy allows forwarding',
    exo('Get-HostedOutboundSpamFilterPolicy', [
      { Name: 'Default', IsDefault: true, AutoForwardingMode: 'Off' },
      { Name: 'Execs', IsDefault: false, AutoForwardingMode: 'On' },
    ]),
    'exo.auto-forwarding-blocked',
    'warn',
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
