import type { Finding } from '../../../shared/contract/findings';
import type { CheckId } from '../../../shared/domain/checks';
import { isMicrosoftDomain, type TenantFacts } from '../facts';
import { CAPABILITY_LABELS } from '../licences';
import { compliancePlatforms } from './mobile';
import { isDefault, lc, nameOf, rows, withProvenance, type RowOf } from './exo-rows';
import { finding, fromFact, lines, notAssessable, plural, RULES } from './rules';

// Exchange Online facts Graph cannot give. Rows come from the InvokeCommand REST path or the customer's
// PowerShell script; both use the cmdlets' own property names, so one set of rules reads either.

function dkimSigning(f: TenantFacts): Finding {
  const check = 'exo.dkim-signing';
  const cfg = rows(f, 'Get-DkimSigningConfig');
  if (!cfg.ok) return fromFact(check, cfg, 'DKIM signing settings could not be read');
  let domains: string[];
  if (f.emailDomains.ok) domains = f.emailDomains.value.map((d) => d.name);
  else {
    const accepted = rows(f, 'Get-AcceptedDomain');
    if (!accepted.ok) return fromFact(check, f.emailDomains, 'The mail domains in scope could not be read');
    domains = accepted.value.filter((d) => lc(d.DomainType) === 'authoritative' && !d.InitialDomain).map((d) => lc(d.DomainName ?? d.Name));
  }
  domains = domains.filter((d) => d && !isMicrosoftDomain(d));
  if (domains.length === 0)
    return withProvenance(
      f,
      notAssessable(check, 'not-applicable', 'The tenant has no custom mail domain (only its onmicrosoft.com domain)'),
    );
  const states = domains.map((d) => {
    const c = cfg.value.find((r) => lc(r.Domain ?? r.Identity) === d);
    const state = !c ? 'missing' : !c.Enabled ? 'off' : lc(c.Status) && lc(c.Status) !== 'valid' ? 'invalid' : 'on';
    return { domain: d, state, status: c?.Status ?? undefined };
  });
  const describe = (s: (typeof states)[number]) =>
    `• ${s.domain}: ${s.state === 'on' ? 'signing' : s.state === 'off' ? 'not signing (disabled)' : s.state === 'missing' ? 'no DKIM configuration' : `enabled but status "${s.status}"`}`;
  const detail = states.map(describe).join('\n');
  const bad = states.filter((s) => s.state === 'off' || s.state === 'missing');
  const data = { domains: Object.fromEntries(states.map((s) => [s.domain, s.state])) };
  const remediation =
    'Publish the two selector CNAME records Microsoft shows for each domain, then enable signing (Defender portal › Email authentication settings › DKIM, or Set-DkimSigningConfig -Enabled $true).';
  if (bad.length)
    return withProvenance(
      f,
      finding(check, 'fail', `DKIM signing is off for ${bad.map((s) => s.domain).join(', ')}`, { detail, remediation, data }),
    );
  if (states.some((s) => s.state === 'invalid'))
    return withProvenance(
      f,
      finding(check, 'warn', 'DKIM signing is enabled but not healthy for every domain', { detail, remediation, data }),
    );
  return withProvenance(f, finding(check, 'pass', `DKIM signing is on for ${plural(domains.length, 'mail domain')}`, { detail, data }));
}

function nhsmailConnector(f: TenantFacts): Finding {
  const check = 'exo.nhsmail-connector-tls';
  const out = rows(f, 'Get-OutboundConnector');
  if (!out.ok) return fromFact(check, out, 'Outbound connectors could not be read');
  const toNhs = out.value.filter((c) => c.RecipientDomains.some((d) => (RULES.nhsDomains as readonly string[]).includes(lc(d))));
  const inbound = rows(f, 'Get-InboundConnector');
  const fromNhs = inbound.ok ? inbound.value.filter((c) => c.Enabled && c.SenderDomains.some((d) => /nhs\.net/i.test(d))) : [];
  const inboundLine = inbound.ok
    ? fromNhs.length
      ? `Inbound from nhs.net: ${fromNhs.map((c) => `${nameOf(c)}${c.RequireTls ? ' (requires TLS)' : ''}`).join(', ')}.`
      : 'No inbound connector for nhs.net (not required: NHS.net Connect uses TLS when it can).'
    : undefined;
  const describe = (c: RowOf<'Get-OutboundConnector'>) =>
    `• ${nameOf(c)}: ${c.Enabled ? 'enabled' : 'disabled'}; TLS ${c.TlsSettings ? `${c.TlsSettings}${c.TlsDomain ? ` (${c.TlsDomain})` : ''}` : 'not required'}${c.IsTransportRuleScoped ? '; only used by transport rules' : ''}`;
  const detail = lines(
    toNhs.length ? 'Outbound connectors for nhs.net:' : 'No outbound connector names nhs.net.',
    ...toNhs.map(describe),
    inboundLine,
  );
  const remediation =
    'Create an outbound (partner) connector for nhs.net that always uses TLS and validates the certificate (Exchange admin centre › Mail flow › Connectors), as the NHS Office 365 configuration guide describes.';
  const good = toNhs.filter(
    (c) => c.Enabled && !c.IsTransportRuleScoped && (RULES.goodTls as readonly string[]).includes(lc(c.TlsSettings)),
  );
  if (good.length) {
    const mismatch = good.every((c) => lc(c.TlsSettings) === 'domainvalidation' && c.TlsDomain && !/nhs\.net$/i.test(c.TlsDomain));
    if (mismatch)
      return withProvenance(
        f,
        finding(check, 'warn', 'The nhs.net connector validates TLS against another domain', { detail, remediation }),
      );
    return withProvenance(
      f,
      finding(check, 'pass', `Mail to nhs.net always goes over validated TLS (${nameOf(good[0]!)})`, {
        detail,
        data: { tls: good[0]!.TlsSettings },
      }),
    );
  }
  const enabledEncryptionOnly = toNhs.find((c) => c.Enabled && lc(c.TlsSettings) === 'encryptiononly');
  if (enabledEncryptionOnly) {
    return withProvenance(
      f,
      finding(check, 'warn', 'Mail to nhs.net requires TLS but does not check the certificate', {
        detail,
        remediation,
        data: { tls: 'EncryptionOnly' },
      }),
    );
  }
  return withProvenance(
    f,
    finding(
      check,
      'warn',
      toNhs.length ? 'The nhs.net connector does not require TLS (or is off)' : 'No connector requires TLS for mail to nhs.net',
      {
        detail: lines(
          detail,
          'Exchange Online and NHS.net Connect (formerly NHSmail) both offer TLS, so mail is very likely encrypted already, but nothing guarantees it.',
        ),
        remediation,
      },
    ),
  );
}

function smtpAuthDisabled(f: TenantFacts): Finding {
  const check = 'exo.smtp-auth-disabled';
  const tc = rows(f, 'Get-TransportConfig');
  if (!tc.ok) return fromFact(check, tc, 'The transport configuration could not be read');
  const t = tc.value[0];
  if (!t) return notAssessable(check, 'malformed-response', 'Get-TransportConfig returned nothing');
  const cas = rows(f, 'Get-CASMailbox');
  const overrides = cas.ok
    ? cas.value.filter((m) => m.SmtpClientAuthenticationDisabled === false).map((m) => m.PrimarySmtpAddress ?? m.Identity ?? '?')
    : [];
  const casNote = cas.ok ? undefined : `Per-mailbox settings were not checked: ${cas.detail}`;
  const remediation =
    'Set-TransportConfig -SmtpClientAuthenticationDisabled $true, and move devices and apps that send mail to OAuth or a connector.';
  if (!t.SmtpClientAuthenticationDisabled) {
    return withProvenance(
      f,
      finding(check, 'fail', 'SMTP AUTH (basic authentication for sending) is on for the whole organisation', {
        detail: lines(casNote),
        remediation,
      }),
    );
  }
  if (overrides.length) {
    return withProvenance(
      f,
      finding(
        check,
        'warn',
        `SMTP AUTH is off for the organisation but switched on for ${plural(overrides.length, 'mailbox', 'mailboxes')}`,
        {
          detail: `Mailboxes with SMTP AUTH on: ${overrides.slice(0, 20).join(', ')}${overrides.length > 20 ? ` and ${overrides.length - 20} more` : ''}.`,
          remediation: 'Keep SMTP AUTH only for devices that cannot use OAuth (printers, scanners), and document why.',
          data: { mailboxes: overrides.length },
        },
      ),
    );
  }
  return withProvenance(
    f,
    finding(check, 'pass', 'SMTP AUTH is off', { detail: lines(casNote ?? 'No mailbox switches it back on.'), data: { mailboxes: 0 } }),
  );
}

// Outbound spam policies and remote domains must both allow forwarding for it to happen (Microsoft Learn,
// "Control automatic external email forwarding"): a policy set to Off (or Automatic) blocks it whatever
// the remote domains say; where a policy allows it, every remote domain that allows it is a destination —
// the default (*) and each named one.
function autoForwardingBlocked(f: TenantFacts): Finding {
  const check = 'exo.auto-forwarding-blocked';
  const pol = rows(f, 'Get-HostedOutboundSpamFilterPolicy');
  if (!pol.ok) return fromFact(check, pol, 'The outbound spam policies could not be read');
  const remote = rows(f, 'Get-RemoteDomain');
  const rules = rows(f, 'Get-TransportRule');
  const def = pol.value.find(isDefault);
  const blockedMode = (m: string | null | undefined) => (RULES.forwardingBlockedModes as readonly string[]).includes(lc(m));
  const allowing = pol.value.filter((p) => !isDefault(p) && lc(p.AutoForwardingMode) === 'on');
  const isStar = (r: RowOf<'Get-RemoteDomain'>) => (r.DomainName ?? '') === '*' || lc(nameOf(r)) === 'default';
  const remoteDefault = remote.ok ? remote.value.find(isStar) : undefined;
  const namedOpen = remote.ok ? remote.value.filter((r) => !isStar(r) && r.AutoForwardEnabled) : [];
  // Where forwarding can go when a policy lets it through.
  const destinations = [
    ...(remoteDefault?.AutoForwardEnabled === false ? [] : ['any external domain']),
    ...namedOpen.map((r) => r.DomainName ?? nameOf(r)),
  ];
  const redirects = rules.ok ? rules.value.filter((r) => lc(r.State) === 'enabled' && r.RedirectMessageTo.length > 0) : [];
  const detail = lines(
    `Default outbound spam policy: automatic forwarding ${def?.AutoForwardingMode ?? 'unknown'}.`,
    allowing.length && `Policies that allow forwarding: ${allowing.map(nameOf).join(', ')}.`,
    remote.ok
      ? `Default remote domain: automatic forwarding ${remoteDefault ? (remoteDefault.AutoForwardEnabled ? 'allowed' : 'blocked') : 'not found'}.`
      : `Remote domains were not checked: ${remote.detail}`,
    namedOpen.length && `Named remote domains that allow forwarding: ${namedOpen.map((r) => r.DomainName ?? nameOf(r)).join(', ')}.`,
    redirects.length && `Transport rules that redirect mail: ${redirects.map(nameOf).join(', ')} — check where they send it.`,
  );
  const remediation =
    'Set the default outbound spam policy to "Automatic forwarding: Off" (Set-HostedOutboundSpamFilterPolicy -Identity Default -AutoForwardingMode Off), set AutoForwardEnabled $false on every remote domain (Set-RemoteDomain), and keep exceptions to named mailboxes with a documented reason.';
  if (!def) return notAssessable(check, 'malformed-response', 'The default outbound spam policy is missing from the answer', { detail });
  if (!remote.ok && !blockedMode(def.AutoForwardingMode))
    return fromFact(check, remote, 'The outbound spam policy allows forwarding and the remote domains could not be read', { detail });
  if (!blockedMode(def.AutoForwardingMode) && destinations.length)
    return withProvenance(
      f,
      finding(
        check,
        'fail',
        destinations[0] === 'any external domain'
          ? 'Automatic forwarding to external addresses is allowed'
          : `Automatic forwarding is allowed to ${destinations.join(', ')} (named remote ${plural(destinations.length, 'domain').replace(/^\d+ /, '')})`,
        { detail, remediation, data: { destinations } },
      ),
    );
  if (allowing.length && destinations.length)
    return withProvenance(
      f,
      finding(check, 'warn', `Automatic forwarding is blocked by default but allowed by ${plural(allowing.length, 'policy', 'policies')}`, {
        detail,
        remediation,
        data: { destinations },
      }),
    );
  return withProvenance(f, finding(check, 'pass', 'Automatic forwarding to external addresses is blocked', { detail }));
}

function unifiedAuditLog(f: TenantFacts): Finding {
  const check = 'audit.unified-log';
  const cfg = rows(f, 'Get-AdminAuditLogConfig');
  if (!cfg.ok) return fromFact(check, cfg, 'The audit log configuration could not be read');
  const c = cfg.value[0];
  if (!c) return notAssessable(check, 'malformed-response', 'Get-AdminAuditLogConfig returned nothing');
  const org = rows(f, 'Get-OrganizationConfig');
  const auditDisabled = org.ok ? org.value[0]?.AuditDisabled === true : undefined;
  const detail = lines(
    `Unified audit log ingestion: ${c.UnifiedAuditLogIngestionEnabled ? 'on' : 'off'}.`,
    auditDisabled === undefined
      ? `Mailbox auditing was not checked: ${!org.ok ? org.detail : 'no organisation config'}`
      : `Mailbox auditing: ${auditDisabled ? 'turned off for the organisation' : 'on (default)'}.`,
  );
  if (!c.UnifiedAuditLogIngestionEnabled) {
    return withProvenance(
      f,
      finding(check, 'fail', 'The unified audit log is off', {
        detail,
        remediation: 'Set-AdminAuditLogConfig -UnifiedAuditLogIngestionEnabled $true (or Purview portal › Audit › Start recording).',
      }),
    );
  }
  if (auditDisabled)
    return withProvenance(
      f,
      finding(check, 'fail', 'Mailbox auditing is turned off for the organisation', {
        detail,
        remediation: 'Set-OrganizationConfig -AuditDisabled $false.',
      }),
    );
  return withProvenance(f, finding(check, 'pass', 'The unified audit log and mailbox auditing are on', { detail }));
}

function messageEncryption(f: TenantFacts): Finding {
  const check = 'exo.message-encryption';
  if (f.licences.ok && !f.licences.value.has.rms) {
    return notAssessable(check, 'not-licensed', `Not licensed: Microsoft Purview Message Encryption needs ${CAPABILITY_LABELS.rms}`, {
      detail:
        'Office 365 E3/E5 and Microsoft 365 Business Premium include it; Business Basic and Standard do not. If the organisation uses another service to email insecure recipients (for example Egress), record it against ORG-04.',
    });
  }
  const irm = rows(f, 'Get-IRMConfiguration');
  if (!irm.ok) return fromFact(check, irm, 'The message encryption configuration could not be read');
  const rules = rows(f, 'Get-TransportRule');
  const encryptRules = rules.ok
    ? rules.value.filter((r) => lc(r.State) === 'enabled' && (r.ApplyOME === true || !!r.ApplyRightsProtectionTemplate))
    : [];
  const detail = lines(
    `Azure Rights Management for Exchange: ${irm.value[0]?.AzureRMSLicensingEnabled ? 'on' : 'off'}.`,
    rules.ok
      ? encryptRules.length
        ? `Transport rules that encrypt: ${encryptRules.map(nameOf).join(', ')}.`
        : 'No transport rule encrypts mail automatically (users choose Encrypt in Outlook).'
      : undefined,
  );
  if (irm.value[0]?.AzureRMSLicensingEnabled)
    return withProvenance(
      f,
      finding(check, 'pass', 'Message encryption is available to users', { detail, data: { encryptRules: encryptRules.length } }),
    );
  return withProvenance(
    f,
    finding(check, 'warn', 'Message encryption is licensed but switched off', {
      detail,
      remediation:
        'Set-IRMConfiguration -AzureRMSLicensingEnabled $true, then tell staff how to send an encrypted message to insecure recipients (ORG-04).',
    }),
  );
}

function mobileMailboxPolicy(f: TenantFacts): Finding {
  const check = 'exo.mobile-mailbox-policy';
  const pol = rows(f, 'Get-MobileDeviceMailboxPolicy');
  if (!pol.ok) return fromFact(check, pol, 'Mobile device mailbox policies could not be read');
  const def = pol.value.find(isDefault) ?? pol.value[0];
  if (!def) return notAssessable(check, 'malformed-response', 'No mobile device mailbox policy in the answer');
  const access = rows(f, 'Get-ActiveSyncOrganizationSettings');
  const intuneCovered = f.compliancePolicies.ok ? compliancePlatforms(f.compliancePolicies.value).size === 2 : false;
  const detail = lines(
    `Default policy "${nameOf(def)}": device password ${def.PasswordEnabled ? 'required' : 'not required'}; device encryption ${def.RequireDeviceEncryption ? 'required' : 'not required'}.`,
    access.ok && access.value[0]?.DefaultAccessLevel && `New Exchange ActiveSync devices: ${access.value[0].DefaultAccessLevel}.`,
    'This policy applies to phones that sync mail over Exchange ActiveSync (for example the built-in mail apps); Outlook for iOS and Android is governed by Intune app protection.',
  );
  if (def.PasswordEnabled && def.RequireDeviceEncryption)
    return withProvenance(f, finding(check, 'pass', 'Phones syncing mail must have a password and encryption', { detail }));
  if (intuneCovered)
    return withProvenance(
      f,
      finding(
        check,
        'warn',
        'The Exchange mobile policy does not require a password or encryption (Intune compliance covers enrolled phones)',
        { detail },
      ),
    );
  return withProvenance(
    f,
    finding(check, 'fail', 'Phones can sync mail without a device password or encryption', {
      detail,
      remediation:
        'Require a password and device encryption in the default mobile device mailbox policy, or enforce Intune compliance for mail.',
    }),
  );
}

export const EXCHANGE_VERDICTS: Partial<Record<CheckId, (f: TenantFacts) => Finding>> = {
  'exo.dkim-signing': dkimSigning,
  'exo.nhsmail-connector-tls': nhsmailConnector,
  'exo.smtp-auth-disabled': smtpAuthDisabled,
  'exo.auto-forwarding-blocked': autoForwardingBlocked,
  'audit.unified-log': unifiedAuditLog,
  'exo.message-encryption': messageEncryption,
  'exo.mobile-mailbox-policy': mobileMailboxPolicy,
};
