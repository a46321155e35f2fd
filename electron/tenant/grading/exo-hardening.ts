import type { Finding } from '../../../shared/contract/findings';
import type { CheckId } from '../../../shared/domain/checks';
import type { TenantFacts } from '../facts';
import { CAPABILITY_LABELS } from '../licences';
import { lc, nameOf, rows, withProvenance } from './exo-rows';
import { finding, fromFact, lines, notAssessable, plural } from './rules';

// Exchange Online settings that keep patient data from leaving quietly, and the record of what happened.
// Baselines: ScubaGear MS.EXO.6.1/6.2 (sharing), MS.EXO.7.1 (external tag), MS.EXO.17 and
// MS.SECURITYSUITE 4.1/5.2 (alerts, audit retention), Maester MT.1062 (Direct Send).

const HARDENING_RULES = {
  // Default alert policies (Purview › Alert policies) that signal mail leaving or a mailbox being abused.
  requiredAlerts: ['Suspicious email forwarding activity', 'Suspicious connector activity', 'Suspicious email sending patterns detected'],
  usefulAlerts: ['Creation of forwarding/redirect rule', 'User restricted from sending email', 'Email sending limit exceeded'],
  // Audit (Standard) keeps records for 180 days; Audit (Premium) for one year.
  retentionDays: { standard: 180, premium: 365 },
  // Sharing actions that reveal more than free/busy.
  detailedSharing: ['calendarsharingfreebusydetail', 'calendarsharingfreebusyreviewer', 'contactssharing'],
} as const;

function auditRetention(f: TenantFacts): Finding {
  const check = 'audit.retention';
  const cfg = rows(f, 'Get-AdminAuditLogConfig');
  if (!cfg.ok) return fromFact(check, cfg, 'The audit log configuration could not be read');
  const on = cfg.value[0]?.UnifiedAuditLogIngestionEnabled;
  if (on === undefined) return notAssessable(check, 'malformed-response', 'Get-AdminAuditLogConfig returned nothing');
  if (!f.licences.ok) return fromFact(check, f.licences, 'Licences could not be read');
  const premium = f.licences.value.has.auditPremium;
  const days = premium ? HARDENING_RULES.retentionDays.premium : HARDENING_RULES.retentionDays.standard;
  const detail = lines(
    `Unified audit log: ${on ? 'on' : 'off'}.`,
    premium
      ? `${CAPABILITY_LABELS.auditPremium} is licensed: mailbox and Entra audit records are kept for one year by default.`
      : `No ${CAPABILITY_LABELS.auditPremium}: audit records are kept for ${days} days (Audit Standard). Export them (Purview › Audit › Export, or Search-UnifiedAuditLog) if you need them longer.`,
  );
  if (!on)
    return withProvenance(
      f,
      finding(check, 'fail', 'Nothing is retained: the unified audit log is off', {
        detail,
        remediation: 'Set-AdminAuditLogConfig -UnifiedAuditLogIngestionEnabled $true (Purview portal › Audit › Start recording).',
      }),
    );
  if (!premium)
    return withProvenance(
      f,
      finding(check, 'warn', `Audit records are kept for ${days} days (Audit Standard)`, {
        detail,
        data: { days },
        remediation:
          'For a year of audit history, license Microsoft Purview Audit (Premium) (Microsoft 365 E5 or the E5 Compliance add-on), or export the audit log at least every 180 days to storage the organisation controls.',
      }),
    );
  return withProvenance(f, finding(check, 'pass', `Audit records are kept for ${days} days (Audit Premium)`, { detail, data: { days } }));
}

function exfiltrationAlerts(f: TenantFacts): Finding {
  const check = 'alerts.exfiltration';
  const alerts = rows(f, 'Get-ProtectionAlert');
  if (!alerts.ok) return fromFact(check, alerts, 'Alert policies could not be read');
  const byName = new Map(alerts.value.map((a) => [lc(nameOf(a)), a]));
  const state = (n: string) => {
    const a = byName.get(lc(n));
    return !a ? 'missing' : a.Disabled ? 'off' : 'on';
  };
  const required = HARDENING_RULES.requiredAlerts.map((n) => ({ n, s: state(n) }));
  const useful = HARDENING_RULES.usefulAlerts.map((n) => ({ n, s: state(n) }));
  const detail = lines(
    ...[...required, ...useful].map((x) => `• ${x.n}: ${x.s === 'on' ? 'on' : x.s === 'off' ? 'turned off' : 'not present'}`),
  );
  const bad = required.filter((x) => x.s !== 'on');
  const remediation =
    'Microsoft Defender portal › Email & collaboration › Policies & rules › Alert policy: turn the listed default policies back on and send them to a monitored mailbox (Set-ProtectionAlert -Identity "<name>" -Disabled $false -NotifyUser <address>).';
  if (bad.length)
    return withProvenance(
      f,
      finding(check, 'fail', `No alert for ${bad.map((x) => x.n.toLowerCase()).join('; ')}`, { detail, remediation }),
    );
  const extra = useful.filter((x) => x.s !== 'on');
  if (extra.length)
    return withProvenance(
      f,
      finding(check, 'warn', `Alerts are on, but not for ${extra.map((x) => x.n.toLowerCase()).join('; ')}`, { detail, remediation }),
    );
  return withProvenance(f, finding(check, 'pass', 'Alerts fire on suspicious forwarding, new connectors and unusual sending', { detail }));
}

function directSend(f: TenantFacts): Finding {
  const check = 'exo.direct-send';
  const org = rows(f, 'Get-OrganizationConfig');
  if (!org.ok) return fromFact(check, org, 'The organisation configuration could not be read');
  const reject = org.value[0]?.RejectDirectSend;
  const remediation =
    'Set-OrganizationConfig -RejectDirectSend $true, after moving printers and apps that send as your domain to authenticated SMTP or a connector (Exchange Online PowerShell only).';
  if (reject === undefined || reject === null)
    return notAssessable(check, 'malformed-response', 'Exchange did not report RejectDirectSend (the setting is new in 2025)', {
      remediation,
    });
  if (reject) return withProvenance(f, finding(check, 'pass', 'Unauthenticated Direct Send as the organisation’s domains is rejected', {}));
  return withProvenance(
    f,
    finding(check, 'warn', 'Direct Send is accepted: anyone can send unauthenticated mail to staff as the organisation’s own domain', {
      detail:
        'Direct Send delivers mail addressed to your own domain straight to the MX endpoint without signing in; phishing campaigns use it to impersonate internal senders.',
      remediation,
    }),
  );
}

function sharingPolicy(f: TenantFacts): Finding {
  const check = 'exo.sharing-policy';
  const pol = rows(f, 'Get-SharingPolicy');
  if (!pol.ok) return fromFact(check, pol, 'Sharing policies could not be read');
  const open = pol.value
    .filter((p) => p.Enabled !== false)
    .flatMap((p) =>
      p.Domains.map((d) => {
        const i = d.indexOf(':');
        const domain = (i < 0 ? d : d.slice(0, i)).trim();
        const actions = (i < 0 ? '' : d.slice(i + 1))
          .split(',')
          .map((a) => a.trim().toLowerCase())
          .filter(Boolean);
        return { policy: nameOf(p), domain, actions };
      }),
    )
    .filter((e) => e.domain === '*' || lc(e.domain) === 'anonymous');
  const detailed = open.filter((e) => e.actions.some((a) => (HARDENING_RULES.detailedSharing as readonly string[]).includes(a)));
  const detail = open.length
    ? `Sharing with everyone: ${open.map((e) => `${e.policy} → ${e.domain === '*' ? 'all domains' : 'anonymous links'}: ${e.actions.join(', ')}`).join('; ')}.`
    : 'No sharing policy shares calendars or contacts with all domains.';
  const remediation =
    'Exchange admin centre › Organization › Sharing › Individual sharing: remove the "Sharing with all domains" rule, or limit it to free/busy only (Set-SharingPolicy -Identity "Default Sharing Policy" -Domains @{Remove="*:CalendarSharingFreeBusySimple"}).';
  if (detailed.length)
    return withProvenance(f, finding(check, 'fail', 'Calendar details or contacts can be shared with any domain', { detail, remediation }));
  if (open.some((e) => lc(e.domain) === 'anonymous'))
    return withProvenance(f, finding(check, 'warn', 'Free/busy times can be published to anyone with the link', { detail, remediation }));
  if (open.length)
    return withProvenance(
      f,
      finding(check, 'pass', 'Only free/busy times are shared with other domains (no calendar details or contacts)', { detail }),
    );
  return withProvenance(f, finding(check, 'pass', 'Calendars and contacts are not shared with all domains', { detail }));
}

function sharedMailboxSignIn(f: TenantFacts): Finding {
  const check = 'exo.shared-mailbox-sign-in';
  const mbx = rows(f, 'Get-Mailbox');
  if (!mbx.ok) return fromFact(check, mbx, 'Shared mailboxes could not be read');
  const shared = mbx.value.filter((m) => !m.RecipientTypeDetails || lc(m.RecipientTypeDetails) === 'sharedmailbox');
  if (!shared.length) return withProvenance(f, notAssessable(check, 'not-applicable', 'The organisation has no shared mailboxes'));
  // The directory is authoritative for sign-in; Exchange's AccountDisabled stands in where it was not read.
  const users = f.users.ok ? new Map(f.users.value.map((u) => [u.id.toLowerCase(), u])) : undefined;
  const canSignIn = shared.filter((m) => {
    const u = m.ExternalDirectoryObjectId ? users?.get(m.ExternalDirectoryObjectId.toLowerCase()) : undefined;
    return u?.accountEnabled ?? m.AccountDisabled === false;
  });
  const label = (m: (typeof shared)[number]) => m.PrimarySmtpAddress ?? m.UserPrincipalName ?? nameOf(m);
  const detail = lines(
    `${plural(shared.length, 'shared mailbox', 'shared mailboxes')}; sign-in allowed on ${canSignIn.length}.`,
    canSignIn.length &&
      `Sign-in allowed: ${canSignIn.slice(0, 20).map(label).join(', ')}${canSignIn.length > 20 ? ` and ${canSignIn.length - 20} more` : ''}.`,
  );
  if (canSignIn.length)
    return withProvenance(
      f,
      finding(check, 'fail', `Sign-in is allowed on ${plural(canSignIn.length, 'shared mailbox', 'shared mailboxes')}`, {
        detail,
        data: { signInAllowed: canSignIn.length },
        remediation:
          'Microsoft 365 admin centre › Users › Active users › (the shared mailbox) › Block sign-in; or Graph PATCH /users/{id} {"accountEnabled": false}. Staff reach shared mailboxes through their own accounts.',
      }),
    );
  return withProvenance(
    f,
    finding(
      check,
      'pass',
      shared.length === 1 ? 'Sign-in is blocked on the shared mailbox' : `Sign-in is blocked on all ${shared.length} shared mailboxes`,
      {
        detail,
        data: { signInAllowed: 0 },
      },
    ),
  );
}

export const HARDENING_VERDICTS: Partial<Record<CheckId, (f: TenantFacts) => Finding>> = {
  'audit.retention': auditRetention,
  'alerts.exfiltration': exfiltrationAlerts,
  'exo.direct-send': directSend,
  'exo.sharing-policy': sharingPolicy,
  'exo.shared-mailbox-sign-in': sharedMailboxSignIn,
};
