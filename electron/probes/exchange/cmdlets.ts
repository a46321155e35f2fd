// The read-only Exchange Online cmdlets whose output feeds the Exchange checks. The InvokeCommand REST
// path runs exactly these; resources/exchange/Collect-DCB1596ExchangeFacts.ps1 runs the same list (a test
// keeps the two in step). Only Get-* cmdlets, ever: `assertReadOnlyCmdlet` refuses anything else before a
// request is built, and exchange.test.ts fails if a cmdlet with any other verb is added here.

export interface CmdletSpec {
  readonly name: string;
  readonly parameters: Readonly<Record<string, string | boolean>>;
}

export const EXO_CMDLETS = [
  { name: 'Get-AcceptedDomain', parameters: {} },
  { name: 'Get-DkimSigningConfig', parameters: {} },
  { name: 'Get-OutboundConnector', parameters: {} },
  { name: 'Get-InboundConnector', parameters: {} },
  { name: 'Get-TransportConfig', parameters: {} },
  // Only mailboxes that switch SMTP AUTH on for themselves, overriding the organisation setting.
  { name: 'Get-CASMailbox', parameters: { Filter: 'SmtpClientAuthenticationDisabled -eq $false', ResultSize: 'Unlimited' } },
  { name: 'Get-HostedOutboundSpamFilterPolicy', parameters: {} },
  { name: 'Get-RemoteDomain', parameters: {} },
  { name: 'Get-AdminAuditLogConfig', parameters: {} },
  { name: 'Get-OrganizationConfig', parameters: {} },
  { name: 'Get-MalwareFilterPolicy', parameters: {} },
  { name: 'Get-MalwareFilterRule', parameters: {} },
  { name: 'Get-HostedContentFilterPolicy', parameters: {} },
  { name: 'Get-HostedContentFilterRule', parameters: {} },
  { name: 'Get-HostedConnectionFilterPolicy', parameters: {} },
  { name: 'Get-AntiPhishPolicy', parameters: {} },
  { name: 'Get-AntiPhishRule', parameters: {} },
  // Preset security policies (Standard, Strict): EOP half and Defender half.
  { name: 'Get-EOPProtectionPolicyRule', parameters: {} },
  { name: 'Get-ATPProtectionPolicyRule', parameters: {} },
  // Defender for Office 365 Plan 1 (answers "not recognized" without the licence).
  { name: 'Get-SafeAttachmentPolicy', parameters: {} },
  { name: 'Get-SafeAttachmentRule', parameters: {} },
  { name: 'Get-SafeLinksPolicy', parameters: {} },
  { name: 'Get-SafeLinksRule', parameters: {} },
  { name: 'Get-IRMConfiguration', parameters: {} },
  { name: 'Get-MobileDeviceMailboxPolicy', parameters: {} },
  { name: 'Get-ActiveSyncOrganizationSettings', parameters: {} },
  { name: 'Get-TransportRule', parameters: { ResultSize: 'Unlimited' } },
  { name: 'Get-ExternalInOutlook', parameters: {} },
  { name: 'Get-SharingPolicy', parameters: {} },
  { name: 'Get-Mailbox', parameters: { RecipientTypeDetails: 'SharedMailbox', ResultSize: 'Unlimited' } },
  // Alert policies live in Security & Compliance PowerShell; Exchange Online's endpoint may not know the
  // cmdlet, in which case the script (which connects to both) is the way to read them.
  { name: 'Get-ProtectionAlert', parameters: {} },
] as const satisfies readonly CmdletSpec[];

export type CmdletName = (typeof EXO_CMDLETS)[number]['name'];
export const CMDLET_NAMES: CmdletName[] = EXO_CMDLETS.map((c) => c.name);

export function isCmdletName(name: string): name is CmdletName {
  return (CMDLET_NAMES as string[]).includes(name);
}

// Cmdlets that only Security & Compliance PowerShell serves.
export const COMPLIANCE_CMDLETS: readonly CmdletName[] = ['Get-ProtectionAlert'];

export class UnsafeCmdletError extends Error {
  constructor(name: string) {
    super(`Refusing to run ${JSON.stringify(name)}: the probe only runs the read-only Get-* cmdlets on its allow-list.`);
    this.name = 'UnsafeCmdletError';
  }
}

// The one gate every Exchange call passes: a Get-* verb, on the allow-list, with exactly the allow-list's
// parameters (so a caller cannot widen a read into something else).
export function assertReadOnlyCmdlet(spec: CmdletSpec): void {
  const allowed = EXO_CMDLETS.find((c) => c.name === spec.name);
  if (!/^Get-[A-Za-z]+$/.test(spec.name) || !allowed) throw new UnsafeCmdletError(spec.name);
  if (JSON.stringify(allowed.parameters) !== JSON.stringify(spec.parameters))
    throw new UnsafeCmdletError(`${spec.name} with other parameters`);
}
