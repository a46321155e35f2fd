<#
.SYNOPSIS
    Reads the Exchange Online settings that the NHS Secure Email Standard (DCB1596) evidence needs and
    saves them as one JSON file for DCB1596 Workbench.

.DESCRIPTION
    READ-ONLY. This script runs only Get-* cmdlets; it changes nothing in your tenant.

    It reads: accepted domains, DKIM signing, connectors (TLS to nhs.net), SMTP AUTH (organisation and
    per-mailbox overrides), outbound spam policy and remote domains (automatic forwarding), audit
    settings, anti-malware and anti-spam policies, message encryption (IRM), mobile device mailbox
    policies and transport rules.

    Requirements
      * PowerShell 7 (recommended) or Windows PowerShell 5.1
      * The ExchangeOnlineManagement module, version 3:  Install-Module ExchangeOnlineManagement -Scope CurrentUser
      * Sign in as a Global Reader or a member of View-Only Organization Management.

    Send the JSON file this script writes to your IT consultant. It contains configuration only, plus the
    addresses of any mailboxes that have SMTP AUTH switched on. No mail content, no passwords, no tokens.

.PARAMETER OutFile
    Where to write the JSON file. Default: DCB1596-Exchange-<date>.json in the current folder.

.PARAMETER UserPrincipalName
    The admin account to sign in with (optional; you are asked otherwise).

.PARAMETER ExchangeEnvironmentName
    O365Default (worldwide, the default), O365USGovGCCHigh, O365USGovDoD or O365China.

.PARAMETER SkipConnect
    Use an Exchange Online session you have already opened with Connect-ExchangeOnline.

.EXAMPLE
    ./Collect-DCB1596ExchangeFacts.ps1 -UserPrincipalName reader@contoso.onmicrosoft.com
#>
[CmdletBinding()]
param(
    [string] $OutFile,
    [string] $UserPrincipalName,
    [ValidateSet('O365Default', 'O365USGovGCCHigh', 'O365USGovDoD', 'O365China')]
    [string] $ExchangeEnvironmentName = 'O365Default',
    [switch] $SkipConnect
)

Set-StrictMode -Version 3
$ErrorActionPreference = 'Stop'
$ScriptVersion = '1.0.0'
$Invariant = [System.Globalization.CultureInfo]::InvariantCulture

if (-not $OutFile) {
    $OutFile = Join-Path (Get-Location) ('DCB1596-Exchange-{0}.json' -f (Get-Date).ToString('yyyyMMdd-HHmm', $Invariant))
}

$module = Get-Module -ListAvailable -Name ExchangeOnlineManagement | Sort-Object Version -Descending | Select-Object -First 1
if (-not $module) {
    throw 'The ExchangeOnlineManagement module is not installed. Run: Install-Module ExchangeOnlineManagement -Scope CurrentUser'
}
Import-Module $module -ErrorAction Stop

if (-not $SkipConnect) {
    $connect = @{ ShowBanner = $false; ExchangeEnvironmentName = $ExchangeEnvironmentName }
    if ($UserPrincipalName) { $connect.UserPrincipalName = $UserPrincipalName }
    Connect-ExchangeOnline @connect
    # Alert policies are read from Security & Compliance PowerShell (read-only Get-ProtectionAlert).
    try { Connect-IPPSSession -ShowBanner:$false -ErrorAction Stop } catch { Write-Warning "Security & Compliance connection refused: $($_.Exception.Message)" }
}

# Enum and multi-valued properties are written as plain text, so the file reads the same whatever the
# PowerShell version (5.1 would otherwise write enums as numbers).
function Text($Value) { if ($null -eq $Value) { return $null }; return [string]$Value }
function TextList($Value) { if ($null -eq $Value) { return @() }; return @($Value | ForEach-Object { [string]$_ }) }
# Who a protection rule applies to, and which policy it applies (the same names on every rule cmdlet).
function RuleProps($PolicyProperty) {
    $props = @(@{ n = 'Name'; e = { Text $_.Name } }, @{ n = 'Identity'; e = { Text $_.Identity } }, @{ n = 'State'; e = { Text $_.State } }, 'Priority')
    foreach ($p in 'SentTo', 'SentToMemberOf', 'RecipientDomainIs', 'ExceptIfSentTo', 'ExceptIfSentToMemberOf', 'ExceptIfRecipientDomainIs') {
        $props += @{ n = $p; e = [scriptblock]::Create("TextList `$_.$p") }
    }
    if ($PolicyProperty) { $props += @{ n = $PolicyProperty; e = [scriptblock]::Create("Text `$_.$PolicyProperty") } }
    return $props
}

$Reads = [ordered]@{
    'Get-AcceptedDomain'                 = @{ Parameters = @{}; Properties = @(
            @{ n = 'Name'; e = { Text $_.Name } }, @{ n = 'DomainName'; e = { Text $_.DomainName } },
            @{ n = 'DomainType'; e = { Text $_.DomainType } }, 'Default', 'InitialDomain') }
    'Get-DkimSigningConfig'              = @{ Parameters = @{}; Properties = @(
            @{ n = 'Identity'; e = { Text $_.Identity } }, @{ n = 'Domain'; e = { Text $_.Domain } }, 'Enabled',
            @{ n = 'Status'; e = { Text $_.Status } }, @{ n = 'Selector1CNAME'; e = { Text $_.Selector1CNAME } },
            @{ n = 'Selector2CNAME'; e = { Text $_.Selector2CNAME } }, 'Selector1KeySize', 'Selector2KeySize') }
    'Get-OutboundConnector'              = @{ Parameters = @{}; Properties = @(
            @{ n = 'Name'; e = { Text $_.Name } }, 'Enabled', @{ n = 'ConnectorType'; e = { Text $_.ConnectorType } },
            @{ n = 'RecipientDomains'; e = { TextList $_.RecipientDomains } }, @{ n = 'SmartHosts'; e = { TextList $_.SmartHosts } },
            'UseMXRecord', @{ n = 'TlsSettings'; e = { Text $_.TlsSettings } }, @{ n = 'TlsDomain'; e = { Text $_.TlsDomain } },
            'IsTransportRuleScoped', 'AllAcceptedDomains') }
    'Get-InboundConnector'               = @{ Parameters = @{}; Properties = @(
            @{ n = 'Name'; e = { Text $_.Name } }, 'Enabled', @{ n = 'ConnectorType'; e = { Text $_.ConnectorType } },
            @{ n = 'SenderDomains'; e = { TextList $_.SenderDomains } }, 'RequireTls',
            @{ n = 'TlsSenderCertificateName'; e = { Text $_.TlsSenderCertificateName } }) }
    'Get-TransportConfig'                = @{ Parameters = @{}; Properties = @('SmtpClientAuthenticationDisabled') }
    'Get-CASMailbox'                     = @{ Parameters = @{ Filter = 'SmtpClientAuthenticationDisabled -eq $false'; ResultSize = 'Unlimited' }; Properties = @(
            @{ n = 'Identity'; e = { Text $_.Identity } }, @{ n = 'PrimarySmtpAddress'; e = { Text $_.PrimarySmtpAddress } },
            'SmtpClientAuthenticationDisabled') }
    'Get-HostedOutboundSpamFilterPolicy' = @{ Parameters = @{}; Properties = @(
            @{ n = 'Name'; e = { Text $_.Name } }, 'IsDefault', @{ n = 'AutoForwardingMode'; e = { Text $_.AutoForwardingMode } }) }
    'Get-RemoteDomain'                   = @{ Parameters = @{}; Properties = @(
            @{ n = 'Name'; e = { Text $_.Name } }, @{ n = 'DomainName'; e = { Text $_.DomainName } }, 'AutoForwardEnabled') }
    'Get-AdminAuditLogConfig'            = @{ Parameters = @{}; Properties = @('UnifiedAuditLogIngestionEnabled', 'AdminAuditLogEnabled') }
    'Get-OrganizationConfig'             = @{ Parameters = @{}; Properties = @(@{ n = 'Name'; e = { Text $_.Name } }, 'AuditDisabled', 'OAuth2ClientProfileEnabled', 'RejectDirectSend') }
    'Get-MalwareFilterPolicy'            = @{ Parameters = @{}; Properties = @(
            @{ n = 'Name'; e = { Text $_.Name } }, 'IsDefault', @{ n = 'RecommendedPolicyType'; e = { Text $_.RecommendedPolicyType } },
            'EnableFileFilter', 'ZapEnabled', @{ n = 'FileTypes'; e = { TextList $_.FileTypes } }) }
    'Get-MalwareFilterRule'              = @{ Parameters = @{}; Properties = (RuleProps 'MalwareFilterPolicy') }
    'Get-HostedContentFilterPolicy'      = @{ Parameters = @{}; Properties = @(
            @{ n = 'Name'; e = { Text $_.Name } }, 'IsDefault', @{ n = 'RecommendedPolicyType'; e = { Text $_.RecommendedPolicyType } },
            @{ n = 'SpamAction'; e = { Text $_.SpamAction } },
            @{ n = 'HighConfidenceSpamAction'; e = { Text $_.HighConfidenceSpamAction } }, @{ n = 'PhishSpamAction'; e = { Text $_.PhishSpamAction } },
            @{ n = 'HighConfidencePhishAction'; e = { Text $_.HighConfidencePhishAction } }, 'BulkThreshold',
            @{ n = 'AllowedSenderDomains'; e = { TextList $_.AllowedSenderDomains } }, @{ n = 'AllowedSenders'; e = { TextList $_.AllowedSenders } },
            'SpamZapEnabled', 'PhishZapEnabled') }
    'Get-HostedContentFilterRule'        = @{ Parameters = @{}; Properties = (RuleProps 'HostedContentFilterPolicy') }
    'Get-HostedConnectionFilterPolicy'   = @{ Parameters = @{}; Properties = @(
            @{ n = 'Name'; e = { Text $_.Name } }, 'IsDefault', @{ n = 'IPAllowList'; e = { TextList $_.IPAllowList } }, 'EnableSafeList') }
    'Get-AntiPhishPolicy'                = @{ Parameters = @{}; Properties = @(
            @{ n = 'Name'; e = { Text $_.Name } }, 'IsDefault', @{ n = 'RecommendedPolicyType'; e = { Text $_.RecommendedPolicyType } }, 'Enabled',
            'EnableSpoofIntelligence', 'HonorDmarcPolicy', @{ n = 'DmarcQuarantineAction'; e = { Text $_.DmarcQuarantineAction } },
            @{ n = 'DmarcRejectAction'; e = { Text $_.DmarcRejectAction } }, @{ n = 'AuthenticationFailAction'; e = { Text $_.AuthenticationFailAction } },
            'EnableTargetedUserProtection', 'EnableOrganizationDomainsProtection', 'EnableMailboxIntelligenceProtection',
            @{ n = 'TargetedUserProtectionAction'; e = { Text $_.TargetedUserProtectionAction } },
            @{ n = 'TargetedDomainProtectionAction'; e = { Text $_.TargetedDomainProtectionAction } },
            @{ n = 'MailboxIntelligenceProtectionAction'; e = { Text $_.MailboxIntelligenceProtectionAction } }) }
    'Get-AntiPhishRule'                  = @{ Parameters = @{}; Properties = (RuleProps 'AntiPhishPolicy') }
    'Get-EOPProtectionPolicyRule'        = @{ Parameters = @{}; Properties = (RuleProps $null) }
    'Get-ATPProtectionPolicyRule'        = @{ Parameters = @{}; Properties = (RuleProps $null) }
    'Get-SafeAttachmentPolicy'           = @{ Parameters = @{}; Properties = @(
            @{ n = 'Name'; e = { Text $_.Name } }, 'IsDefault', 'IsBuiltInProtection', @{ n = 'RecommendedPolicyType'; e = { Text $_.RecommendedPolicyType } },
            'Enable', @{ n = 'Action'; e = { Text $_.Action } }) }
    'Get-SafeAttachmentRule'             = @{ Parameters = @{}; Properties = (RuleProps 'SafeAttachmentPolicy') }
    'Get-SafeLinksPolicy'                = @{ Parameters = @{}; Properties = @(
            @{ n = 'Name'; e = { Text $_.Name } }, 'IsDefault', 'IsBuiltInProtection', @{ n = 'RecommendedPolicyType'; e = { Text $_.RecommendedPolicyType } },
            'EnableSafeLinksForEmail', 'ScanUrls', 'DeliverMessageAfterScan', 'AllowClickThrough', 'DisableUrlRewrite') }
    'Get-SafeLinksRule'                  = @{ Parameters = @{}; Properties = (RuleProps 'SafeLinksPolicy') }
    'Get-IRMConfiguration'               = @{ Parameters = @{}; Properties = @('AzureRMSLicensingEnabled', 'InternalLicensingEnabled', 'SimplifiedClientAccessEnabled') }
    'Get-MobileDeviceMailboxPolicy'      = @{ Parameters = @{}; Properties = @(
            @{ n = 'Name'; e = { Text $_.Name } }, 'IsDefault', 'PasswordEnabled', 'RequireDeviceEncryption', 'AllowSimplePassword',
            @{ n = 'MinPasswordLength'; e = { $_.MinPasswordLength } }, @{ n = 'MaxInactivityTimeLock'; e = { Text $_.MaxInactivityTimeLock } }) }
    'Get-ActiveSyncOrganizationSettings' = @{ Parameters = @{}; Properties = @(@{ n = 'DefaultAccessLevel'; e = { Text $_.DefaultAccessLevel } }) }
    'Get-TransportRule'                  = @{ Parameters = @{ ResultSize = 'Unlimited' }; Properties = @(
            @{ n = 'Name'; e = { Text $_.Name } }, @{ n = 'State'; e = { Text $_.State } }, @{ n = 'Mode'; e = { Text $_.Mode } }, 'Priority',
            @{ n = 'ApplyRightsProtectionTemplate'; e = { Text $_.ApplyRightsProtectionTemplate } }, 'ApplyOME',
            @{ n = 'RedirectMessageTo'; e = { TextList $_.RedirectMessageTo } }, @{ n = 'BlindCopyTo'; e = { TextList $_.BlindCopyTo } },
            @{ n = 'SentToScope'; e = { Text $_.SentToScope } }, 'SetSCL', @{ n = 'SenderDomainIs'; e = { TextList $_.SenderDomainIs } },
            @{ n = 'SenderIpRanges'; e = { TextList $_.SenderIpRanges } }) }
    'Get-ExternalInOutlook'              = @{ Parameters = @{}; Properties = @(
            @{ n = 'Identity'; e = { Text $_.Identity } }, 'Enabled', @{ n = 'AllowList'; e = { TextList $_.AllowList } }) }
    'Get-SharingPolicy'                  = @{ Parameters = @{}; Properties = @(
            @{ n = 'Name'; e = { Text $_.Name } }, 'Enabled', 'Default', @{ n = 'Domains'; e = { TextList $_.Domains } }) }
    'Get-Mailbox'                        = @{ Parameters = @{ RecipientTypeDetails = 'SharedMailbox'; ResultSize = 'Unlimited' }; Properties = @(
            @{ n = 'Identity'; e = { Text $_.Identity } }, @{ n = 'UserPrincipalName'; e = { Text $_.UserPrincipalName } },
            @{ n = 'PrimarySmtpAddress'; e = { Text $_.PrimarySmtpAddress } }, @{ n = 'RecipientTypeDetails'; e = { Text $_.RecipientTypeDetails } },
            'AccountDisabled', @{ n = 'ExternalDirectoryObjectId'; e = { Text $_.ExternalDirectoryObjectId } }) }
    # Security & Compliance PowerShell (Connect-IPPSSession above); recorded as failed if that connection was refused.
    'Get-ProtectionAlert'                = @{ Parameters = @{}; Properties = @(
            @{ n = 'Name'; e = { Text $_.Name } }, 'Disabled', @{ n = 'Severity'; e = { Text $_.Severity } },
            @{ n = 'Category'; e = { Text $_.Category } }, @{ n = 'NotifyUser'; e = { TextList $_.NotifyUser } }) }
}

$results = [ordered]@{}
foreach ($name in $Reads.Keys) {
    $read = $Reads[$name]
    Write-Host "Reading $name ..."
    try {
        $parameters = $read.Parameters
        $rows = @(& $name @parameters -ErrorAction Stop | Select-Object -Property $read.Properties)
        $results[$name] = [ordered]@{ ok = $true; data = $rows }
    }
    catch {
        Write-Warning "$name failed: $($_.Exception.Message)"
        $results[$name] = [ordered]@{ ok = $false; error = [string]$_.Exception.Message }
    }
}

$connection = Get-ConnectionInformation -ErrorAction SilentlyContinue | Select-Object -First 1
$tenantId = if ($connection) { [string]$connection.TenantID } else { $null }
$initial = @(Get-AcceptedDomain | Where-Object { $_.InitialDomain }) | Select-Object -First 1
if (-not $tenantId -or -not $initial) {
    throw 'Could not read the tenant ID or the initial domain from this Exchange Online session.'
}

$output = [ordered]@{
    schema            = 'dcb1596.exchange-facts'
    schemaVersion     = 1
    scriptVersion     = $ScriptVersion
    moduleVersion     = [string]$module.Version
    powershellVersion = [string]$PSVersionTable.PSVersion
    collectedAt       = (Get-Date).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", $Invariant)
    tenantId          = $tenantId
    tenantDomain      = [string]$initial.DomainName
    collectedBy       = if ($connection) { [string]$connection.UserPrincipalName } else { $null }
    cmdlets           = $results
}

# A high -Depth: the default (2) silently truncates nested objects.
$json = $output | ConvertTo-Json -Depth 20
[System.IO.File]::WriteAllText($OutFile, $json, (New-Object System.Text.UTF8Encoding($false)))
Write-Host "Saved $OutFile. Send this file to your IT consultant."

if (-not $SkipConnect) { Disconnect-ExchangeOnline -Confirm:$false | Out-Null }
