import type { Finding } from '../../../shared/contract/findings';
import type { CheckId } from '../../../shared/domain/checks';
import type { CaPolicy, RoleAssignment, TenantFacts } from '../facts';
import { CAPABILITY_LABELS } from '../licences';
import { breakGlassOf, enabledPolicies } from './break-glass';
import { nameOf, stateOf, targetsAllApps, targetsAllUsers } from './conditional-access';
import { finding, fromFact, lines, notAssessable, plural, RULES } from './rules';

// Administrator accounts and the identity controls around them. A compromised Global Administrator
// switches off every other control we check. Baselines: ScubaGear MS.AAD.7.1/7.3/7.4/3.6/3.5/3.9/2.x,
// Maester MT.1005/1006/1032 (README › Coverage).

// Built-in role template IDs (Microsoft Entra built-in roles reference). Highly privileged: the ones
// ScubaGear MS.AAD.7 names, plus the roles that can change authentication or security policy.
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const PRIVILEGED_ROLES: Record<string, string> = {
  [GLOBAL_ADMIN]: 'Global Administrator',
  'e8611ab8-c189-46e8-94e1-60213ab1f814': 'Privileged Role Administrator',
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13': 'Privileged Authentication Administrator',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User Administrator',
  '29232cdf-9323-42fd-ade2-1d097af3e4de': 'Exchange Administrator',
  'f28a1f50-f6e7-4571-818b-6a12f2af6b6c': 'SharePoint Administrator',
  '194ae4cb-b126-40b2-bd5b-6091b380977d': 'Security Administrator',
  'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9': 'Conditional Access Administrator',
  '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2': 'Hybrid Identity Administrator',
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3': 'Application Administrator',
  '158c047a-c907-4556-b7ef-446551a6b5f7': 'Cloud Application Administrator',
};
// The built-in "Phishing-resistant MFA" authentication strength, and the methods that are phishing-resistant.
const PHISHING_RESISTANT_STRENGTH = '00000000-0000-0000-0000-000000000004';
const PHISHING_RESISTANT_METHODS = ['fido2', 'windowsHelloForBusiness', 'x509CertificateMultiFactor'];
const ADMIN_RULES = { globalAdmins: { min: 2, passMax: 4, warnMax: 8 }, weakMethods: ['Sms', 'Voice', 'Email'] } as const;

const isUser = (a: RoleAssignment) => !a.principal?.['@odata.type'] || a.principal['@odata.type'] === '#microsoft.graph.user';
const who = (a: RoleAssignment) => a.principal?.userPrincipalName ?? a.principal?.displayName ?? a.principalId;
const privileged = (a: RoleAssignment) => a.roleDefinitionId.toLowerCase() in PRIVILEGED_ROLES && (a.directoryScopeId ?? '/') === '/';

function globalAdminCount(f: TenantFacts): Finding {
  const check = 'admin.global-admin-count';
  const ra = f.roleAssignments;
  if (!ra.ok) return fromFact(check, ra, 'Role assignments could not be read');
  const ga = ra.value.filter((a) => a.roleDefinitionId.toLowerCase() === GLOBAL_ADMIN);
  const users = [...new Set(ga.filter(isUser).map(who))];
  const groups = ga.filter((a) => !isUser(a));
  const n = users.length;
  const { min, passMax, warnMax } = ADMIN_RULES.globalAdmins;
  const detail = lines(
    `Global Administrators (active assignments): ${users.join(', ') || 'none'}.`,
    groups.length &&
      `Also assigned to ${plural(groups.length, 'group or service principal')} (${groups.map(who).join(', ')}): its members hold the role too.`,
    'Eligible (not yet activated) assignments in Privileged Identity Management are not counted.',
  );
  const data = { globalAdmins: n };
  const remediation = `Keep ${min}–${passMax} Global Administrators (one of them a break-glass account) and give everyone else a narrower role such as Exchange Administrator or User Administrator (Entra admin centre › Roles & admins › Global Administrator).`;
  if (n < min)
    return finding(check, 'fail', `Only ${plural(n, 'Global Administrator')}: no second account if it is lost or locked out`, {
      detail,
      data,
      remediation,
    });
  if (n > warnMax) return finding(check, 'fail', `${n} Global Administrators (more than ${warnMax})`, { detail, data, remediation });
  if (n > passMax || groups.length)
    return finding(
      check,
      'warn',
      groups.length
        ? `${n} Global Administrators, plus the role assigned to a group`
        : `${n} Global Administrators (aim for ${passMax} or fewer)`,
      { detail, data, remediation },
    );
  return finding(check, 'pass', `${n} Global Administrators`, { detail, data });
}

function adminCloudOnly(f: TenantFacts): Finding {
  const check = 'admin.cloud-only';
  const ra = f.roleAssignments;
  if (!ra.ok) return fromFact(check, ra, 'Role assignments could not be read');
  const admins = ra.value.filter((a) => privileged(a) && isUser(a));
  if (!admins.length) return notAssessable(check, 'not-applicable', 'No user holds a highly privileged role');
  const users = f.users.ok ? new Map(f.users.value.map((u) => [u.id.toLowerCase(), u])) : undefined;
  const synced = (a: RoleAssignment) =>
    users?.get(a.principalId.toLowerCase())?.onPremisesSyncEnabled ?? a.principal?.onPremisesSyncEnabled ?? undefined;
  const unknown = admins.filter((a) => synced(a) === undefined && !users?.has(a.principalId.toLowerCase()));
  if (!f.users.ok && unknown.length) return fromFact(check, f.users, 'The directory could not be read');
  const bad = admins.filter((a) => synced(a) === true);
  const list = (xs: RoleAssignment[]) => [...new Set(xs.map((a) => `${who(a)} (${PRIVILEGED_ROLES[a.roleDefinitionId.toLowerCase()]})`))];
  const detail = lines(
    `Highly privileged role holders: ${list(admins).join(', ')}.`,
    bad.length && `Synchronised from on-premises Active Directory: ${list(bad).join(', ')}.`,
  );
  if (bad.length)
    return finding(check, 'fail', `${plural(new Set(bad.map(who)).size, 'admin account')} synchronised from on-premises`, {
      detail,
      data: { synced: bad.length },
      remediation:
        'Give administrators separate cloud-only accounts (name@tenant.onmicrosoft.com) for admin work, and remove the roles from synchronised accounts: a compromised on-premises domain must not reach Microsoft 365 administration.',
    });
  return finding(check, 'pass', `All ${plural(new Set(admins.map(who)).size, 'privileged account')} are cloud-only`, {
    detail,
    data: { synced: 0 },
  });
}

// Does a policy demand a phishing-resistant method (the built-in strength, or a custom one whose every
// combination is phishing-resistant)?
function phishingResistant(p: CaPolicy): boolean {
  const s = p.grantControls?.authenticationStrength;
  if (!s) return false;
  if (s.id === PHISHING_RESISTANT_STRENGTH) return true;
  return s.allowedCombinations.length > 0 && s.allowedCombinations.every((c) => PHISHING_RESISTANT_METHODS.includes(c));
}

function adminPhishingResistant(f: TenantFacts): Finding {
  const check = 'admin.phishing-resistant-mfa';
  const ca = f.conditionalAccess;
  if (!ca.ok) return fromFact(check, ca, 'Conditional Access could not be read');
  const inUse = f.roleAssignments.ok
    ? [...new Set(f.roleAssignments.value.filter(privileged).map((a) => a.roleDefinitionId.toLowerCase()))]
    : [GLOBAL_ADMIN];
  const policies = enabledPolicies(ca.value).filter((p) => phishingResistant(p) && targetsAllApps(p));
  const covered = new Set<string>();
  for (const p of policies) {
    if (targetsAllUsers(p)) inUse.forEach((r) => covered.add(r));
    for (const r of p.conditions.users?.includeRoles ?? [])
      if (!(p.conditions.users?.excludeRoles ?? []).includes(r)) covered.add(r.toLowerCase());
  }
  const missing = inUse.filter((r) => !covered.has(r));
  const detail = lines(
    policies.length
      ? `Policies requiring phishing-resistant MFA: ${policies.map(nameOf).join(', ')}.`
      : 'No enabled policy requires a phishing-resistant authentication strength for all apps.',
    missing.length && `Roles in use without it: ${missing.map((r) => PRIVILEGED_ROLES[r] ?? r).join(', ')}.`,
    !f.roleAssignments.ok && 'Role assignments could not be read, so only Global Administrator was checked.',
  );
  const remediation =
    'Entra admin centre › Conditional Access › New policy: include the directory roles (at least Global, Privileged Role, Security, Exchange and User Administrator), all cloud apps, grant "Require authentication strength: Phishing-resistant MFA" (FIDO2 keys, passkeys, Windows Hello, certificates); register keys first. Graph: POST /identity/conditionalAccess/policies with grantControls.authenticationStrength.id 00000000-0000-0000-0000-000000000004.';
  if (!missing.length) return finding(check, 'pass', 'Admin roles must sign in with phishing-resistant MFA', { detail });
  if (missing.includes(GLOBAL_ADMIN))
    return finding(check, 'fail', 'Global Administrators can sign in without phishing-resistant MFA', { detail, remediation });
  return finding(check, 'warn', `Phishing-resistant MFA is not required for ${plural(missing.length, 'admin role')}`, {
    detail,
    remediation,
  });
}

function adminStandingAccess(f: TenantFacts): Finding {
  const check = 'admin.standing-access';
  if (f.licences.ok && !f.licences.value.has.entraP2)
    return notAssessable(check, 'not-licensed', `Not licensed: needs ${CAPABILITY_LABELS.entraP2}`, {
      detail:
        'Without Entra ID P2 there is no Privileged Identity Management: every admin role is held permanently. Keep the number of admins low (admin.global-admin-count) instead.',
    });
  const rs = f.roleSchedules;
  if (!rs.ok) return fromFact(check, rs, 'Privileged Identity Management could not be read');
  const bg = breakGlassOf(f);
  const permanent = rs.value.filter(
    (s) =>
      s.roleDefinitionId.toLowerCase() in PRIVILEGED_ROLES &&
      (s.assignmentType ?? 'Assigned') === 'Assigned' &&
      !s.endDateTime &&
      !bg.ids.has(s.principalId.toLowerCase()),
  );
  const names = new Map((f.users.ok ? f.users.value : []).map((u) => [u.id.toLowerCase(), u.userPrincipalName ?? u.id]));
  const listing = permanent.map(
    (s) => `${names.get(s.principalId.toLowerCase()) ?? s.principalId} (${PRIVILEGED_ROLES[s.roleDefinitionId.toLowerCase()]})`,
  );
  const detail = lines(
    permanent.length
      ? `Permanent active assignments: ${listing.join(', ')}.`
      : 'Every privileged assignment is eligible (activated when needed) or time-bound.',
    bg.ids.size > 0 && `Break-glass accounts are allowed a permanent assignment (${plural(bg.ids.size, 'account')}).`,
  );
  if (permanent.length)
    return finding(check, 'fail', `${plural(permanent.length, 'permanent privileged assignment')} outside break-glass accounts`, {
      detail,
      data: { permanent: permanent.length },
      remediation:
        'Entra admin centre › Identity Governance › Privileged Identity Management › Microsoft Entra roles: convert permanent active assignments to eligible ones that are activated with MFA and approval.',
    });
  return finding(check, 'pass', 'No standing privileged access: admin roles are activated when needed', { detail, data: { permanent: 0 } });
}

function breakGlass(f: TenantFacts): Finding {
  const check = 'entra.break-glass';
  const ca = f.conditionalAccess;
  if (!ca.ok) return fromFact(check, ca, 'Conditional Access could not be read');
  if (!f.users.ok) return fromFact(check, f.users, 'The directory could not be read');
  const bg = breakGlassOf(f);
  const names = [...bg.ids].map((id) => bg.names.get(id) ?? id);
  const detail = lines(
    names.length
      ? `Break-glass accounts (cloud-only, excluded from every enabled policy, no mail licence): ${names.join(', ')}.`
      : 'No account is excluded from every enabled Conditional Access policy as a break-glass account.',
    bg.others.length && `Other excluded accounts: ${bg.others.map((o) => `${o.name} (${o.why})`).join('; ')}.`,
  );
  const remediation =
    'Create one or two cloud-only emergency accounts (…@tenant.onmicrosoft.com) with Global Administrator, no mail licence and a FIDO2 key or long password kept offline, exclude them from every Conditional Access policy, and alert on their use (Microsoft Learn, "Manage emergency access accounts").';
  if (enabledPolicies(ca.value).length === 0)
    return notAssessable(check, 'not-applicable', 'No Conditional Access policy is enabled, so nothing can lock every admin out', {
      detail,
    });
  if (!names.length)
    return finding(check, 'fail', 'No break-glass account: a Conditional Access mistake could lock every admin out', {
      detail,
      remediation,
    });
  if (bg.others.length)
    return finding(
      check,
      'warn',
      `Accounts other than break-glass are excluded from Conditional Access: ${bg.others
        .map((o) => o.name)
        .slice(0, 3)
        .join(', ')}`,
      {
        detail,
        remediation: 'Remove the exclusions for everyday accounts; keep exclusions to the break-glass accounts.',
      },
    );
  if (names.length > RULES.maxBreakGlassExclusions)
    return finding(check, 'warn', `${names.length} break-glass accounts (keep to ${RULES.maxBreakGlassExclusions})`, {
      detail,
      remediation,
    });
  return finding(check, 'pass', `${plural(names.length, 'break-glass account')} excluded from every policy: ${names.join(', ')}`, {
    detail,
  });
}

function riskPolicies(f: TenantFacts): Finding {
  const check = 'entra.risk-policies';
  if (f.licences.ok && !f.licences.value.has.entraP2)
    return notAssessable(check, 'not-licensed', `Not licensed: needs ${CAPABILITY_LABELS.entraP2}`, {
      detail: 'Risk-based Conditional Access (Identity Protection) needs Entra ID P2 (Microsoft 365 E5, or the add-on).',
    });
  const ca = f.conditionalAccess;
  if (!ca.ok) return fromFact(check, ca, 'Conditional Access could not be read');
  const on = enabledPolicies(ca.value).filter(targetsAllUsers);
  const grants = (p: CaPolicy) => p.grantControls?.builtInControls ?? [];
  const userRisk = on.find(
    (p) => p.conditions.userRiskLevels.includes('high') && (grants(p).includes('block') || grants(p).includes('passwordChange')),
  );
  const signInRisk = on.find(
    (p) =>
      p.conditions.signInRiskLevels.includes('high') &&
      (grants(p).includes('block') || grants(p).includes('mfa') || !!p.grantControls?.authenticationStrength),
  );
  const detail = lines(
    `High user risk: ${userRisk ? `${nameOf(userRisk)} blocks or forces a password change` : 'no enabled all-users policy acts on it'}.`,
    `High sign-in risk: ${signInRisk ? `${nameOf(signInRisk)} blocks or requires MFA` : 'no enabled all-users policy acts on it'}.`,
  );
  const remediation =
    'Conditional Access › New policy for all users: user risk High → block or require a secure password change; sign-in risk High → block or require MFA (ScubaGear MS.AAD.2.1/2.3).';
  if (userRisk && signInRisk) return finding(check, 'pass', 'High-risk users and sign-ins are blocked or challenged', { detail });
  if (userRisk || signInRisk)
    return finding(check, 'warn', `Only ${userRisk ? 'user' : 'sign-in'} risk is acted on`, { detail, remediation });
  return finding(check, 'fail', 'Entra ID P2 is licensed but no policy acts on risky users or sign-ins', { detail, remediation });
}

function weakMethods(f: TenantFacts): Finding {
  const check = 'mfa.weak-methods';
  const am = f.authMethods;
  if (!am.ok) return fromFact(check, am, 'The authentication methods policy could not be read');
  const weak = am.value.enabled.filter((m) => (ADMIN_RULES.weakMethods as readonly string[]).includes(m));
  const detail = lines(
    `Methods enabled: ${am.value.enabled.join(', ') || 'none'}.`,
    'SMS and voice codes can be intercepted (SIM swap) and email codes are only as safe as the mailbox; the Microsoft Authenticator app (with number matching, which Microsoft enforces for all tenants) or passkeys are the stronger choice.',
  );
  if (weak.length)
    return finding(check, 'warn', `Weak MFA methods are allowed: ${weak.join(', ')}`, {
      detail,
      data: { weak },
      remediation:
        'Entra admin centre › Authentication methods › Policies: disable SMS, Voice call and Email OTP once users have moved to Authenticator or passkeys (PATCH /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/Sms with state "disabled").',
    });
  return finding(check, 'pass', 'SMS, voice and email codes are off', { detail, data: { weak: [] } });
}

function deviceCodeFlow(f: TenantFacts): Finding {
  const check = 'entra.device-code-flow';
  const ca = f.conditionalAccess;
  if (!ca.ok) return fromFact(check, ca, 'Conditional Access could not be read');
  const flows = (p: CaPolicy) => (p.conditions.authenticationFlows?.transferMethods ?? '').split(',').map((x) => x.trim());
  const blockers = ca.value.filter(
    (p) => flows(p).includes('deviceCodeFlow') && (p.grantControls?.builtInControls ?? []).includes('block'),
  );
  const full = blockers.filter((p) => stateOf(p) === 'enabled' && targetsAllUsers(p) && targetsAllApps(p));
  const detail = blockers.length
    ? `Policies that block device code flow: ${blockers.map((p) => `${nameOf(p)} (${stateOf(p)}${targetsAllUsers(p) ? ', all users' : ', some users'})`).join(', ')}.`
    : 'No Conditional Access policy blocks device code flow. It is the sign-in that phishing kits abuse ("enter this code at microsoft.com/devicelogin").';
  const remediation =
    'Conditional Access › New policy: all users (exclude break-glass), all resources, Conditions › Authentication flows › Device code flow, grant Block (ScubaGear MS.AAD.3.9).';
  if (full.length) return finding(check, 'pass', `Device code sign-in is blocked (${nameOf(full[0]!)})`, { detail });
  if (blockers.some((p) => stateOf(p) === 'enabled'))
    return finding(check, 'warn', 'Device code sign-in is blocked for some users only', { detail, remediation });
  return finding(check, 'fail', 'Device code sign-in is allowed', { detail, remediation });
}

export const ADMIN_VERDICTS: Partial<Record<CheckId, (f: TenantFacts) => Finding>> = {
  'admin.global-admin-count': globalAdminCount,
  'admin.cloud-only': adminCloudOnly,
  'admin.phishing-resistant-mfa': adminPhishingResistant,
  'admin.standing-access': adminStandingAccess,
  'entra.break-glass': breakGlass,
  'entra.risk-policies': riskPolicies,
  'mfa.weak-methods': weakMethods,
  'entra.device-code-flow': deviceCodeFlow,
};
