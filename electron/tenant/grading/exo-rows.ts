import { z } from 'zod';
import type { Finding } from '../../../shared/contract/findings';
import type { CmdletName } from '../../probes/exchange/cmdlets';
import type { Fact, TenantFacts } from '../facts';
import { lines } from './rules';

// Exchange Online cmdlet rows, validated against the properties the rules rely on. Rows come from the
// InvokeCommand REST path or the customer's PowerShell script; both use the cmdlets' own property names
// (learn.microsoft.com/powershell/module/exchange), so one set of rules reads either.

const Bool = z.union([z.boolean(), z.enum(['True', 'False', 'true', 'false']).transform((v) => v.toLowerCase() === 'true')]);
const OptBool = Bool.nullish();
const Text = z.union([z.string(), z.number().transform(String)]).nullish();
const Int = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+$/)
      .transform(Number),
  ])
  .nullish();
const TextList = z
  .union([
    z.array(z.union([z.string(), z.number().transform(String)])),
    z.string().transform((s) => (s ? [s] : [])),
    z.null().transform(() => [] as string[]),
  ])
  .optional()
  .transform((v) => v ?? []);

const Named = { Name: Text, Identity: Text };
// Who a protection rule applies to (and who it leaves out): the same condition names on every rule cmdlet.
const RuleScope = {
  ...Named,
  State: Text,
  Priority: Int,
  SentTo: TextList,
  SentToMemberOf: TextList,
  RecipientDomainIs: TextList,
  ExceptIfSentTo: TextList,
  ExceptIfSentToMemberOf: TextList,
  ExceptIfRecipientDomainIs: TextList,
};
const PolicyKind = { IsDefault: OptBool, RecommendedPolicyType: Text, IsBuiltInProtection: OptBool };

const EXO_SCHEMAS = {
  'Get-AcceptedDomain': z.object({ DomainName: Text, Name: Text, DomainType: Text, InitialDomain: OptBool }),
  'Get-DkimSigningConfig': z.object({ Domain: Text, Identity: Text, Enabled: Bool, Status: Text }),
  'Get-OutboundConnector': z.object({
    ...Named,
    Enabled: Bool,
    RecipientDomains: TextList,
    TlsSettings: Text,
    TlsDomain: Text,
    IsTransportRuleScoped: OptBool,
  }),
  'Get-InboundConnector': z.object({ Name: Text, Enabled: Bool, SenderDomains: TextList, RequireTls: OptBool }),
  'Get-TransportConfig': z.object({ SmtpClientAuthenticationDisabled: Bool }),
  'Get-CASMailbox': z.object({ PrimarySmtpAddress: Text, Identity: Text, SmtpClientAuthenticationDisabled: OptBool }),
  'Get-HostedOutboundSpamFilterPolicy': z.object({ ...Named, IsDefault: OptBool, AutoForwardingMode: Text }),
  'Get-RemoteDomain': z.object({ ...Named, DomainName: Text, AutoForwardEnabled: Bool }),
  'Get-AdminAuditLogConfig': z.object({ UnifiedAuditLogIngestionEnabled: Bool }),
  'Get-OrganizationConfig': z.object({ AuditDisabled: OptBool, RejectDirectSend: OptBool }),
  'Get-MalwareFilterPolicy': z.object({ ...Named, ...PolicyKind, EnableFileFilter: OptBool, ZapEnabled: OptBool }),
  'Get-MalwareFilterRule': z.object({ ...RuleScope, MalwareFilterPolicy: Text }),
  'Get-HostedContentFilterPolicy': z.object({
    ...Named,
    ...PolicyKind,
    SpamAction: Text,
    HighConfidenceSpamAction: Text,
    PhishSpamAction: Text,
    HighConfidencePhishAction: Text,
    AllowedSenderDomains: TextList,
    AllowedSenders: TextList,
  }),
  'Get-HostedContentFilterRule': z.object({ ...RuleScope, HostedContentFilterPolicy: Text }),
  'Get-HostedConnectionFilterPolicy': z.object({ ...Named, IsDefault: OptBool, IPAllowList: TextList, EnableSafeList: OptBool }),
  'Get-AntiPhishPolicy': z.object({
    ...Named,
    ...PolicyKind,
    Enabled: OptBool,
    EnableSpoofIntelligence: OptBool,
    HonorDmarcPolicy: OptBool,
    DmarcQuarantineAction: Text,
    DmarcRejectAction: Text,
    AuthenticationFailAction: Text,
    EnableTargetedUserProtection: OptBool,
    EnableOrganizationDomainsProtection: OptBool,
    EnableMailboxIntelligenceProtection: OptBool,
    TargetedUserProtectionAction: Text,
    TargetedDomainProtectionAction: Text,
    MailboxIntelligenceProtectionAction: Text,
  }),
  'Get-AntiPhishRule': z.object({ ...RuleScope, AntiPhishPolicy: Text }),
  'Get-EOPProtectionPolicyRule': z.object({ ...RuleScope }),
  'Get-ATPProtectionPolicyRule': z.object({ ...RuleScope }),
  'Get-SafeAttachmentPolicy': z.object({ ...Named, ...PolicyKind, Enable: OptBool, Action: Text }),
  'Get-SafeAttachmentRule': z.object({ ...RuleScope, SafeAttachmentPolicy: Text }),
  'Get-SafeLinksPolicy': z.object({
    ...Named,
    ...PolicyKind,
    EnableSafeLinksForEmail: OptBool,
    ScanUrls: OptBool,
    DeliverMessageAfterScan: OptBool,
    AllowClickThrough: OptBool,
    DisableUrlRewrite: OptBool,
  }),
  'Get-SafeLinksRule': z.object({ ...RuleScope, SafeLinksPolicy: Text }),
  'Get-IRMConfiguration': z.object({ AzureRMSLicensingEnabled: OptBool }),
  'Get-MobileDeviceMailboxPolicy': z.object({ ...Named, IsDefault: OptBool, PasswordEnabled: OptBool, RequireDeviceEncryption: OptBool }),
  'Get-ActiveSyncOrganizationSettings': z.object({ DefaultAccessLevel: Text }),
  'Get-TransportRule': z.object({
    Name: Text,
    State: Text,
    Mode: Text,
    ApplyRightsProtectionTemplate: Text,
    ApplyOME: OptBool,
    RedirectMessageTo: TextList,
    BlindCopyTo: TextList,
    SetSCL: Int,
    SenderDomainIs: TextList,
    SenderIpRanges: TextList,
  }),
  'Get-ExternalInOutlook': z.object({ Identity: Text, Enabled: Bool, AllowList: TextList }),
  'Get-SharingPolicy': z.object({ ...Named, Enabled: OptBool, Default: OptBool, Domains: TextList }),
  'Get-Mailbox': z.object({
    ...Named,
    UserPrincipalName: Text,
    PrimarySmtpAddress: Text,
    RecipientTypeDetails: Text,
    AccountDisabled: OptBool,
    ExternalDirectoryObjectId: Text,
  }),
  'Get-ProtectionAlert': z.object({ ...Named, Disabled: OptBool, Severity: Text, Category: Text, NotifyUser: TextList }),
} satisfies Record<CmdletName, z.ZodType>;

export type RowOf<C extends CmdletName> = z.output<(typeof EXO_SCHEMAS)[C]>;

export function rows<C extends CmdletName>(f: TenantFacts, cmdlet: C): Fact<RowOf<C>[]> {
  const raw = f.exchange.rows(cmdlet);
  if (!raw.ok) return raw;
  const out: RowOf<C>[] = [];
  for (const r of raw.value) {
    const p = EXO_SCHEMAS[cmdlet].safeParse(r);
    if (!p.success) {
      const i = p.error.issues[0];
      return {
        ok: false,
        reason: 'malformed-response',
        detail: `${cmdlet} returned a row without the expected properties (${i?.path.join('.')}: ${i?.message}).`,
      };
    }
    out.push(p.data as RowOf<C>);
  }
  return { ok: true, value: out };
}

export const lc = (s: string | null | undefined) => (s ?? '').toLowerCase();
export const nameOf = (r: { Name?: string | null; Identity?: string | null }) => r.Name ?? r.Identity ?? 'unnamed';
export const isDefault = (r: { IsDefault?: boolean | null; Name?: string | null; Identity?: string | null }) =>
  r.IsDefault === true || lc(r.Name ?? r.Identity) === 'default';

function provenance(f: TenantFacts): string {
  const when = f.exchange.collectedAt?.slice(0, 16).replace('T', ' ');
  return f.exchange.source === 'script'
    ? `From the customer's PowerShell script output (collected ${when} UTC).`
    : `Read from Exchange Online on the consultant's sign-in (${when} UTC).`;
}

export function withProvenance(f: TenantFacts, x: Finding): Finding {
  return x.status === 'not-assessable' && (x.reason === 'not-collected' || x.reason === 'no-permission')
    ? x
    : { ...x, detail: lines(x.detail, provenance(f)) };
}
