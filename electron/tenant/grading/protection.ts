import type { Finding } from '../../../shared/contract/findings';
import type { CheckId } from '../../../shared/domain/checks';
import type { Fact, TenantFacts } from '../facts';
import { CAPABILITY_LABELS, type Capability } from '../licences';
import { lc, nameOf, rows, withProvenance, type RowOf } from './exo-rows';
import { appliedPolicies, gradeApplied, type Grade, type ScopedRule } from './precedence';
import { finding, fromFact, lines, notAssessable, plural } from './rules';

// Malware, spam, phishing, Safe Attachments and Safe Links: each graded on the policy that actually
// applies (./precedence), not the default alone. Baselines: CISA ScubaGear MS.EXO 9-11, MS.DEFENDER 1-3;
// Maester ORCA tests. Defender checks are licence-aware: without Defender for Office 365 Plan 1 they say
// so instead of failing.

function needs(f: TenantFacts, check: CheckId, cap: Capability): Finding | undefined {
  if (f.licences.ok && !f.licences.value.has[cap])
    return notAssessable(check, 'not-licensed', `Not licensed: needs ${CAPABILITY_LABELS[cap]}`, {
      detail: `${CAPABILITY_LABELS[cap]} is part of Microsoft 365 Business Premium and E5 (or an add-on). Without it this protection does not exist in the tenant; Exchange Online Protection still filters malware and spam.`,
    });
  return undefined;
}

// Reads a policy set, its rules and the preset rules, or the first reason they cannot be read.
function applied<
  P extends
    | RowOf<'Get-MalwareFilterPolicy'>
    | RowOf<'Get-HostedContentFilterPolicy'>
    | RowOf<'Get-AntiPhishPolicy'>
    | RowOf<'Get-SafeAttachmentPolicy'>
    | RowOf<'Get-SafeLinksPolicy'>,
  R extends ScopedRule,
>(
  f: TenantFacts,
  policies: Fact<P[]>,
  ruleFact: Fact<R[]>,
  policyOf: (r: R) => string | null | undefined,
  preset: 'Get-EOPProtectionPolicyRule' | 'Get-ATPProtectionPolicyRule',
) {
  if (!policies.ok) return policies;
  // Rules and presets missing is survivable: the default still applies, and we say what we could not see.
  const presetRows = rows(f, preset);
  const notes = [
    !ruleFact.ok && `Custom policy rules were not read (${ruleFact.detail}); only the default policy was judged.`,
    !presetRows.ok && `Preset security policies were not read (${presetRows.detail}).`,
  ].filter((x): x is string => !!x);
  return {
    ok: true as const,
    value: appliedPolicies(policies.value, ruleFact.ok ? ruleFact.value : [], policyOf, presetRows.ok ? presetRows.value : []),
    notes,
  };
}

function verdict<P>(
  f: TenantFacts,
  check: CheckId,
  what: string,
  result: ReturnType<typeof gradeApplied<P>>,
  notes: string[],
  texts: { pass: (label: string) => string; remediation: string; none: string },
): Finding {
  if (result.graded.length === 0)
    return withProvenance(f, finding(check, 'fail', texts.none, { detail: lines(...notes), remediation: texts.remediation }));
  const detail = lines(`Policies that apply, in order of precedence:`, ...result.lines, ...notes);
  const data = { applied: result.graded.map((g) => ({ policy: nameOf(g.policy as never), via: g.via, status: g.grade.status })) };
  if (result.status === 'pass') return withProvenance(f, finding(check, 'pass', texts.pass(result.graded[0]!.label), { detail, data }));
  const w = result.weak[0]!;
  const summary = `${what}: ${w.label} — ${w.grade.gaps[0]}${result.weak.length > 1 ? ` (and ${plural(result.weak.length - 1, 'more policy', 'more policies')})` : ''}`;
  return withProvenance(f, finding(check, result.status, summary, { detail, data, remediation: texts.remediation }));
}

const g = (status: Grade['status'], ...gaps: (string | false | undefined)[]): Grade => {
  const list = gaps.filter((x): x is string => !!x);
  return { status: list.length ? status : 'pass', gaps: list };
};
const worst = (...grades: Grade[]): Grade => {
  const rank = { pass: 0, warn: 1, fail: 2 };
  return {
    status: grades.reduce<Grade['status']>((w, x) => (rank[x.status] > rank[w] ? x.status : w), 'pass'),
    gaps: grades.flatMap((x) => x.gaps),
  };
};

function antiMalware(f: TenantFacts): Finding {
  const check = 'exo.anti-malware';
  const a = applied(
    f,
    rows(f, 'Get-MalwareFilterPolicy'),
    rows(f, 'Get-MalwareFilterRule'),
    (r) => r.MalwareFilterPolicy,
    'Get-EOPProtectionPolicyRule',
  );
  if (!a.ok) return fromFact(check, a, 'Anti-malware policies could not be read');
  const result = gradeApplied(a.value, (p) =>
    g(
      'warn',
      p.EnableFileFilter === false && 'the common attachment filter is off',
      p.ZapEnabled === false && 'zero-hour auto purge (ZAP) is off',
    ),
  );
  return verdict(f, check, 'Anti-malware', result, a.notes, {
    pass: (label) => `Anti-malware blocks risky attachment types and purges malware after delivery (${label})`,
    none: 'No anti-malware policy applies',
    remediation:
      'Turn on the common attachment filter and ZAP in every anti-malware policy that applies (Defender portal › Policies & rules › Threat policies › Anti-malware, or Set-MalwareFilterPolicy -EnableFileFilter $true -ZapEnabled $true), or apply the Standard preset security policy to all recipients.',
  });
}

const WEAK_SPAM = ['addxheader', 'nospam', 'noaction'];

function antiSpam(f: TenantFacts): Finding {
  const check = 'exo.anti-spam';
  const a = applied(
    f,
    rows(f, 'Get-HostedContentFilterPolicy'),
    rows(f, 'Get-HostedContentFilterRule'),
    (r) => r.HostedContentFilterPolicy,
    'Get-EOPProtectionPolicyRule',
  );
  if (!a.ok) return fromFact(check, a, 'Anti-spam policies could not be read');
  const result = gradeApplied(a.value, (p) => {
    const allow = [...p.AllowedSenderDomains, ...p.AllowedSenders];
    return worst(
      g(
        'fail',
        lc(p.HighConfidencePhishAction) !== 'quarantine' &&
          `high-confidence phishing → ${p.HighConfidencePhishAction ?? 'not set'} (not quarantined)`,
      ),
      g(
        'warn',
        WEAK_SPAM.includes(lc(p.SpamAction)) && `spam is only tagged (${p.SpamAction})`,
        allow.length > 0 &&
          `spam filtering is bypassed for ${plural(allow.length, 'allowed sender or domain', 'allowed senders and domains')} (${allow.slice(0, 5).join(', ')}${allow.length > 5 ? ', …' : ''})`,
      ),
    );
  });
  return verdict(f, check, 'Anti-spam', result, a.notes, {
    pass: (label) => `Spam goes to Junk and phishing to quarantine, with no allow-list bypasses (${label})`,
    none: 'No anti-spam policy applies',
    remediation:
      'In every anti-spam policy that applies, set high-confidence phishing to Quarantine, move spam to Junk or quarantine, and remove allowed senders and domains (use the Tenant Allow/Block List for specific, temporary exceptions): Defender portal › Threat policies › Anti-spam, or Set-HostedContentFilterPolicy. The Standard preset security policy does all of this.',
  });
}

const isQuarantine = (a: string | null | undefined) => lc(a) === 'quarantine';

function antiPhishing(f: TenantFacts): Finding {
  const check = 'defender.anti-phishing';
  const unlicensed = needs(f, check, 'defenderP1');
  if (unlicensed) return unlicensed;
  const a = applied(
    f,
    rows(f, 'Get-AntiPhishPolicy'),
    rows(f, 'Get-AntiPhishRule'),
    (r) => r.AntiPhishPolicy,
    'Get-ATPProtectionPolicyRule',
  );
  if (!a.ok) return fromFact(check, a, 'Anti-phishing policies could not be read');
  const result = gradeApplied(a.value, (p) =>
    worst(
      g('fail', p.Enabled === false && 'the policy is off', p.EnableSpoofIntelligence === false && 'spoof intelligence is off'),
      g(
        'warn',
        p.EnableOrganizationDomainsProtection !== true && 'impersonation of the organisation’s own domains is not checked',
        p.EnableMailboxIntelligenceProtection !== true && 'mailbox intelligence impersonation protection is off',
        p.EnableTargetedUserProtection !== true && 'no users (managers, finance) are protected from impersonation',
        p.EnableTargetedUserProtection === true &&
          !isQuarantine(p.TargetedUserProtectionAction) &&
          `impersonated-user mail is ${p.TargetedUserProtectionAction ?? 'not acted on'}, not quarantined`,
      ),
    ),
  );
  return verdict(f, check, 'Anti-phishing', result, a.notes, {
    pass: (label) => `Impersonation and spoofing protection is on (${label})`,
    none: 'No anti-phishing policy applies',
    remediation:
      'Defender portal › Threat policies › Anti-phishing: turn on spoof intelligence, mailbox intelligence and impersonation protection for the organisation’s domains and key users, quarantining impersonation (Set-AntiPhishPolicy -EnableOrganizationDomainsProtection $true -EnableMailboxIntelligenceProtection $true -EnableTargetedUserProtection $true -TargetedUserProtectionAction Quarantine), or apply the Standard preset to all recipients.',
  });
}

function inboundDmarc(f: TenantFacts): Finding {
  const check = 'exo.inbound-dmarc';
  const a = applied(
    f,
    rows(f, 'Get-AntiPhishPolicy'),
    rows(f, 'Get-AntiPhishRule'),
    (r) => r.AntiPhishPolicy,
    'Get-EOPProtectionPolicyRule',
  );
  if (!a.ok) return fromFact(check, a, 'Anti-phishing policies could not be read');
  // Microsoft's default is to honour the sender's DMARC policy (HonorDmarcPolicy true); absent means default.
  const result = gradeApplied(a.value, (p) =>
    worst(
      g(
        'fail',
        p.HonorDmarcPolicy === false && 'the sender’s DMARC policy is ignored',
        p.EnableSpoofIntelligence === false && 'spoof intelligence is off',
      ),
      g(
        'warn',
        p.HonorDmarcPolicy !== false &&
          !!p.DmarcRejectAction &&
          lc(p.DmarcRejectAction) !== 'reject' &&
          `p=reject mail is ${p.DmarcRejectAction}, not rejected`,
        p.HonorDmarcPolicy !== false &&
          !!p.DmarcQuarantineAction &&
          lc(p.DmarcQuarantineAction) !== 'quarantine' &&
          `p=quarantine mail is ${p.DmarcQuarantineAction}, not quarantined`,
      ),
    ),
  );
  // Presets honour DMARC by definition; the grade function is skipped for them.
  return verdict(f, check, 'Inbound DMARC', result, a.notes, {
    pass: (label) => `Mail failing the sender’s DMARC policy is rejected or quarantined as the sender asks (${label})`,
    none: 'No anti-phishing policy applies, so inbound DMARC is not enforced',
    remediation:
      'Set-AntiPhishPolicy -HonorDmarcPolicy $true -DmarcRejectAction Reject -DmarcQuarantineAction Quarantine on every anti-phishing policy that applies (Defender portal › Threat policies › Anti-phishing › "Honor DMARC record policy").',
  });
}

function safeAttachments(f: TenantFacts): Finding {
  const check = 'defender.safe-attachments';
  const unlicensed = needs(f, check, 'defenderP1');
  if (unlicensed) return unlicensed;
  const a = applied(
    f,
    rows(f, 'Get-SafeAttachmentPolicy'),
    rows(f, 'Get-SafeAttachmentRule'),
    (r) => r.SafeAttachmentPolicy,
    'Get-ATPProtectionPolicyRule',
  );
  if (!a.ok) return fromFact(check, a, 'Safe Attachments policies could not be read');
  const result = gradeApplied(a.value, (p) =>
    g(
      'fail',
      p.Enable === false && 'Safe Attachments is off',
      p.Enable !== false && lc(p.Action) === 'allow' && 'malicious attachments are delivered (action Allow)',
    ),
  );
  return verdict(f, check, 'Safe Attachments', result, a.notes, {
    pass: (label) => `Attachments are detonated and malicious ones blocked (${label})`,
    none: 'No Safe Attachments policy applies',
    remediation:
      'Defender portal › Threat policies › Safe Attachments: apply a policy with action Block (or Dynamic Delivery) to all recipients, or the Standard preset (New-SafeAttachmentPolicy / Set-SafeAttachmentPolicy -Enable $true -Action Block).',
  });
}

function safeLinks(f: TenantFacts): Finding {
  const check = 'defender.safe-links';
  const unlicensed = needs(f, check, 'defenderP1');
  if (unlicensed) return unlicensed;
  const a = applied(
    f,
    rows(f, 'Get-SafeLinksPolicy'),
    rows(f, 'Get-SafeLinksRule'),
    (r) => r.SafeLinksPolicy,
    'Get-ATPProtectionPolicyRule',
  );
  if (!a.ok) return fromFact(check, a, 'Safe Links policies could not be read');
  const result = gradeApplied(a.value, (p) =>
    worst(
      g('fail', p.EnableSafeLinksForEmail === false && 'Safe Links is off for email'),
      g(
        'warn',
        p.ScanUrls === false && 'links are not scanned in real time',
        p.DeliverMessageAfterScan === false && 'mail is delivered before its links are scanned',
        p.AllowClickThrough === true && 'users may click through to a malicious site',
      ),
    ),
  );
  return verdict(f, check, 'Safe Links', result, a.notes, {
    pass: (label) => `Links in email are checked at the time of click (${label})`,
    none: 'No Safe Links policy applies',
    remediation:
      'Defender portal › Threat policies › Safe Links: apply a policy to all recipients with real-time scanning, wait for the scan before delivery and no click-through (Set-SafeLinksPolicy -EnableSafeLinksForEmail $true -ScanUrls $true -DeliverMessageAfterScan $true -AllowClickThrough $false), or the Standard preset.',
  });
}

function filterBypass(f: TenantFacts): Finding {
  const check = 'exo.filter-bypass';
  const conn = rows(f, 'Get-HostedConnectionFilterPolicy');
  if (!conn.ok) return fromFact(check, conn, 'The connection filter policy could not be read');
  const spam = rows(f, 'Get-HostedContentFilterPolicy');
  const rules = rows(f, 'Get-TransportRule');
  const ipAllow = conn.value.filter((p) => p.IPAllowList.length > 0);
  const safeList = conn.value.filter((p) => p.EnableSafeList === true);
  const scl = rules.ok ? rules.value.filter((r) => lc(r.State ?? 'enabled') === 'enabled' && r.SetSCL === -1) : [];
  const allowed = spam.ok ? spam.value.filter((p) => p.AllowedSenderDomains.length + p.AllowedSenders.length > 0) : [];
  const detail = lines(
    ipAllow.length
      ? `IP allow list: ${ipAllow
          .flatMap((p) => p.IPAllowList)
          .slice(0, 10)
          .join(', ')} — mail from these addresses skips spam filtering.`
      : 'IP allow list: empty.',
    `Microsoft's safe list: ${safeList.length ? 'on (skips spam filtering for senders Microsoft lists)' : 'off'}.`,
    rules.ok
      ? scl.length
        ? `Transport rules that set SCL -1 (bypass spam filtering): ${scl.map(nameOf).join(', ')}.`
        : 'No transport rule bypasses spam filtering (SCL -1).'
      : `Transport rules were not checked: ${rules.detail}`,
    allowed.length && `Anti-spam policies with allowed senders or domains: ${allowed.map(nameOf).join(', ')}.`,
  );
  const remediation =
    'Empty the connection filter IP allow list and turn off the safe list (Set-HostedConnectionFilterPolicy -Identity Default -IPAllowList @{} -EnableSafeList $false), remove SCL -1 from transport rules (Exchange admin centre › Mail flow › Rules), and use the Tenant Allow/Block List for specific, dated exceptions.';
  if (ipAllow.length || scl.length)
    return withProvenance(
      f,
      finding(
        check,
        'fail',
        [ipAllow.length && 'IP allow list entries skip spam filtering', scl.length && `${plural(scl.length, 'transport rule')} set SCL -1`]
          .filter(Boolean)
          .join('; '),
        { detail, remediation, data: { ipAllow: ipAllow.length, scl: scl.length } },
      ),
    );
  if (safeList.length || allowed.length)
    return withProvenance(
      f,
      finding(check, 'warn', safeList.length ? 'The connection filter safe list is on' : 'Allowed senders or domains skip spam filtering', {
        detail,
        remediation,
      }),
    );
  return withProvenance(f, finding(check, 'pass', 'Nothing bypasses spam and phishing filtering', { detail }));
}

function externalSenderTag(f: TenantFacts): Finding {
  const check = 'exo.external-sender-tag';
  const cfg = rows(f, 'Get-ExternalInOutlook');
  if (!cfg.ok) return fromFact(check, cfg, 'The external sender setting could not be read');
  const c = cfg.value[0];
  if (!c) return notAssessable(check, 'malformed-response', 'Get-ExternalInOutlook returned nothing');
  const detail = lines(
    `External sender tag in Outlook: ${c.Enabled ? 'on' : 'off'}.`,
    c.AllowList.length && `Not tagged: ${c.AllowList.slice(0, 10).join(', ')}.`,
  );
  if (c.Enabled)
    return withProvenance(f, finding(check, 'pass', 'Outlook marks mail from outside the organisation as External', { detail }));
  return withProvenance(
    f,
    finding(check, 'warn', 'Outlook does not mark mail from outside the organisation', {
      detail,
      remediation: 'Set-ExternalInOutlook -Enabled $true (there is no admin centre switch; Exchange Online PowerShell only).',
    }),
  );
}

export const PROTECTION_VERDICTS: Partial<Record<CheckId, (f: TenantFacts) => Finding>> = {
  'exo.anti-malware': antiMalware,
  'exo.anti-spam': antiSpam,
  'defender.anti-phishing': antiPhishing,
  'exo.inbound-dmarc': inboundDmarc,
  'defender.safe-attachments': safeAttachments,
  'defender.safe-links': safeLinks,
  'exo.filter-bypass': filterBypass,
  'exo.external-sender-tag': externalSenderTag,
};
