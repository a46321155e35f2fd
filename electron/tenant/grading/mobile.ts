import type { Finding } from '../../../shared/contract/findings';
import type { CheckId } from '../../../shared/domain/checks';
import type { AppProtectionPolicy, CompliancePolicy, Fact, TenantFacts } from '../facts';
import { CAPABILITY_LABELS } from '../licences';
import { requiresDeviceOrApp, stateOf } from './conditional-access';
import { finding, fromFact, lines, notAssessable } from './rules';

// ORG-02: a mobile policy, enforced by the service. Intune compliance marks a phone compliant or not;
// only Conditional Access turns that into "no mail on a non-compliant phone".

type Platform = 'iOS' | 'Android';
const platformOf = (odataType: string): Platform | undefined =>
  /ios/i.test(odataType) ? 'iOS' : /android/i.test(odataType) ? 'Android' : undefined;

function intuneGate(check: CheckId, f: TenantFacts, fact: Fact<unknown>): Finding | undefined {
  const lic = f.licences;
  if (lic.ok && !lic.value.has.intune && (fact.ok === false ? fact.reason === 'not-licensed' || fact.reason === 'no-permission' : false)) {
    return notAssessable(check, 'not-licensed', `Not licensed: needs ${CAPABILITY_LABELS.intune}`, {
      detail: lines(
        'Intune policies can only be read (and only exist) in a tenant licensed for Microsoft Intune.',
        lic.value.has.basicMobility &&
          'The tenant has Basic Mobility and Security, whose device policies are not visible through Microsoft Graph; record them by hand, and see the Exchange mobile device mailbox policy.',
      ),
    });
  }
  return undefined;
}

const strongCompliance = (p: CompliancePolicy) =>
  !!(p.passcodeRequired ?? p.passwordRequired) && (platformOf(p['@odata.type']) !== 'Android' || p.storageRequireEncryption !== false);
const assigned = (p: CompliancePolicy) => (p.assignments?.length ?? 0) > 0;

export function compliancePlatforms(policies: CompliancePolicy[]): Set<Platform> {
  return new Set(
    policies
      .filter((p) => assigned(p) && strongCompliance(p))
      .map((p) => platformOf(p['@odata.type']))
      .filter((x): x is Platform => !!x),
  );
}

export function mobileCompliance(f: TenantFacts): Finding {
  const check = 'mobile.compliance-policy';
  const fact = f.compliancePolicies;
  const gated = intuneGate(check, f, fact);
  if (gated) return gated;
  if (!fact.ok) return fromFact(check, fact, 'Intune compliance policies could not be read');
  const mobile = fact.value.filter((p) => platformOf(p['@odata.type']));
  const covered = compliancePlatforms(mobile);
  const listing = mobile
    .map(
      (p) =>
        `• ${p.displayName ?? p.id} (${platformOf(p['@odata.type'])}): ${assigned(p) ? 'assigned' : 'not assigned to anyone'}; passcode ${(p.passcodeRequired ?? p.passwordRequired) ? 'required' : 'not required'}${platformOf(p['@odata.type']) === 'Android' ? `; encryption ${p.storageRequireEncryption === false ? 'not required' : 'required'}` : ''}`,
    )
    .join('\n');
  if (covered.size === 0) {
    return finding(
      check,
      'fail',
      mobile.length ? 'No assigned mobile compliance policy requires a passcode' : 'No iOS or Android compliance policies',
      {
        detail: listing || 'Intune has no compliance policy for iOS or Android.',
        remediation:
          'Create Intune compliance policies for iOS and Android that require a passcode (and encryption on Android), and assign them to all users.',
      },
    );
  }
  const missing = (['iOS', 'Android'] as Platform[]).filter((p) => !covered.has(p));
  const ca = f.conditionalAccess;
  const enforced = ca.ok ? ca.value.some((p) => stateOf(p) === 'enabled' && requiresDeviceOrApp(p)) : undefined;
  const enforcement =
    enforced === true
      ? 'Conditional Access requires a compliant device or protected app, so non-compliant phones are refused.'
      : enforced === false
        ? 'No enabled Conditional Access policy requires a compliant device, so a non-compliant phone still gets mail.'
        : `Whether Conditional Access enforces compliance could not be read (${!ca.ok ? ca.detail : ''}).`;
  const data = { platforms: [...covered], enforcedByConditionalAccess: enforced ?? null };
  if (missing.length) {
    return finding(check, 'warn', `Compliance policies cover ${[...covered].join(' and ')} but not ${missing.join(' or ')}`, {
      detail: lines(listing, enforcement),
      data,
    });
  }
  if (enforced !== true) {
    return finding(check, 'warn', 'iOS and Android compliance policies exist but are not enforced for mail', {
      detail: lines(listing, enforcement),
      remediation:
        'Add a Conditional Access policy that grants access only from compliant devices (or approved, protected apps) on iOS and Android.',
      data,
    });
  }
  return finding(check, 'pass', 'iOS and Android compliance policies require a passcode and are enforced', {
    detail: lines(listing, enforcement),
    data,
  });
}

const goodProtection = (p: AppProtectionPolicy) =>
  !!p.pinRequired && p.allowedOutboundDataTransferDestinations !== 'allApps' && p.isAssigned !== false;

export function mobileAppProtection(f: TenantFacts): Finding {
  const check = 'mobile.app-protection';
  const fact = f.appProtection;
  const gated = intuneGate(check, f, fact);
  if (gated) return gated;
  if (!fact.ok) return fromFact(check, fact, 'Intune app protection policies could not be read');
  const mobile = fact.value.filter((p) => platformOf(p['@odata.type']));
  const good = new Set(mobile.filter(goodProtection).map((p) => platformOf(p['@odata.type'])!));
  const listing = mobile
    .map(
      (p) =>
        `• ${p.displayName ?? p.id} (${platformOf(p['@odata.type'])}): ${p.isAssigned === false ? 'not assigned' : 'assigned'}; PIN ${p.pinRequired ? 'required' : 'not required'}; data can go to ${p.allowedOutboundDataTransferDestinations ?? 'unknown'}${p.saveAsBlocked ? '; "Save as" blocked' : ''}`,
    )
    .join('\n');
  if (good.size === 2)
    return finding(check, 'pass', 'App protection covers iOS and Android: PIN required, data kept in managed apps', {
      detail: listing,
      data: { platforms: [...good] },
    });
  const compliance = f.compliancePolicies.ok ? compliancePlatforms(f.compliancePolicies.value) : new Set<Platform>();
  if (good.size === 1) {
    return finding(check, 'warn', `App protection covers ${[...good][0]} only`, { detail: listing, data: { platforms: [...good] } });
  }
  if (compliance.size === 2) {
    return finding(check, 'warn', 'No app protection policy; phones are covered by device compliance instead', {
      detail: lines(
        listing || 'No iOS or Android app protection policy.',
        'Personal phones that are not enrolled in Intune have no protection for work mail.',
      ),
      remediation: 'Add Intune app protection policies for Outlook on iOS and Android (PIN, no copy to unmanaged apps, no backup).',
    });
  }
  return finding(
    check,
    'fail',
    mobile.length ? 'App protection policies are not assigned or do not protect data' : 'No app protection policy for iOS or Android',
    {
      detail: listing || 'Intune has no app protection policy for iOS or Android.',
      remediation:
        'Add Intune app protection policies for Outlook on iOS and Android (PIN, no copy to unmanaged apps, no backup) and assign them to all users.',
    },
  );
}
