// The read-only Exchange Online cmdlets whose output feeds the Exchange checks. The InvokeCommand REST
// path runs exactly these; resources/exchange/Collect-DCB1596ExchangeFacts.ps1 runs the same list (a test
// keeps the two in step). Only Get-* cmdlets, ever.

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
  { name: 'Get-HostedContentFilterPolicy', parameters: {} },
  { name: 'Get-IRMConfiguration', parameters: {} },
  { name: 'Get-MobileDeviceMailboxPolicy', parameters: {} },
  { name: 'Get-ActiveSyncOrganizationSettings', parameters: {} },
  { name: 'Get-TransportRule', parameters: { ResultSize: 'Unlimited' } },
] as const satisfies readonly CmdletSpec[];

export type CmdletName = (typeof EXO_CMDLETS)[number]['name'];
export const CMDLET_NAMES: CmdletName[] = EXO_CMDLETS.map((c) => c.name);

export function isCmdletName(name: string): name is CmdletName {
  return (CMDLET_NAMES as string[]).includes(name);
}
