import type { Finding } from '../../../shared/contract/findings';
import type { CaPolicy, TenantFacts } from '../facts';
import {
  blocks,
  describeExclusions,
  describeScope,
  exclusionsAcceptable,
  mfaIsOptional,
  nameOf,
  narrowing,
  requiresMfa,
  stateOf,
  targetsAllApps,
  targetsAllUsers,
  targetsLegacyClients,
  nonBreakGlassExclusions,
} from './conditional-access';
import { breakGlassOf, type BreakGlass } from './break-glass';
import { finding, fromFact, lines, notAssessable, plural, RULES } from './rules';
import { utcDateOf } from '../../../shared/domain/dates';

const PER_USER_NOTE =
  'Per-user MFA (the legacy per-account setting) cannot be read through Microsoft Graph; if the tenant relies on it, move to Conditional Access or security defaults.';

function policyLine(p: CaPolicy, what: string): string {
  const state = stateOf(p);
  const stateText =
    state === 'report-only'
      ? 'report-only — enforces nothing'
      : state === 'disabled'
        ? 'disabled'
        : state === 'enabled'
          ? 'on'
          : `state "${p.state}"`;
  const extra = [
    describeExclusions(p),
    ...narrowing(p),
    mfaIsOptional(p) && requiresMfa(p) ? 'MFA is one option among others' : undefined,
  ].filter(Boolean);
  return `• ${nameOf(p)} (${stateText}): ${what} for ${describeScope(p)}${extra.length ? `; ${extra.join('; ')}` : ''}`;
}

// "excludes user5@… (licensed for mail (used day to day))": exclusions that are not break-glass, by name.
function exclusionNote(policies: CaPolicy[], bg: BreakGlass): string | undefined {
  if (!bg.known) return 'The directory could not be read, so excluded accounts were not checked to be break-glass accounts.';
  const ids = new Set(policies.flatMap((p) => nonBreakGlassExclusions(p, bg)).map((x) => x.toLowerCase()));
  const named = bg.others.filter((o) => ids.has(o.id));
  const unknown = [...ids].filter((id) => !bg.others.some((o) => o.id === id));
  const all = [...named.map((o) => `${o.name} (${o.why})`), ...unknown];
  return all.length ? `Excluded accounts that are not break-glass accounts: ${all.join('; ')}.` : undefined;
}

// Security defaults are the baseline where there is no Entra ID P1; where P1 is licensed they are the
// weaker control (no exclusions, no device or location conditions, no authentication strengths).
function securityDefaultsGrade(f: TenantFacts): 'pass' | 'warn' {
  return f.licences.ok && f.licences.value.has.entraP1 ? 'warn' : 'pass';
}
const SD_WEAKER =
  'The tenant has Entra ID P1, so Conditional Access is available: security defaults are the weaker control (they cannot require phishing-resistant methods, exclude a break-glass account or block device code flow). Move to Conditional Access policies.';

export function mfaEnforced(f: TenantFacts): Finding {
  const check = 'mfa.enforced';
  const bg = breakGlassOf(f);
  const sd = f.securityDefaults;
  const ca = f.conditionalAccess;
  const weakMethods = f.authMethods.ok ? f.authMethods.value.enabled.filter((m) => ['Sms', 'Voice', 'Email'].includes(m)) : [];
  const methodsNote = weakMethods.length
    ? `Weaker methods are allowed for MFA: ${weakMethods.join(', ')}. Prefer the Authenticator app, passkeys or FIDO2 keys.`
    : undefined;

  if (sd.ok && sd.value.isEnabled) {
    const grade = securityDefaultsGrade(f);
    return finding(
      check,
      grade,
      grade === 'pass'
        ? 'Security defaults are on: every user must register for MFA and is asked for it when needed'
        : 'Security defaults are on, the weaker control, although Conditional Access is licensed',
      {
        detail: lines(
          'Security defaults require all users to register for multifactor authentication, always require it for administrators, and prompt users when a sign-in looks risky. They are the baseline for tenants without Entra ID P1.',
          grade === 'warn' && SD_WEAKER,
          !ca.ok && `Conditional Access could not be read (${ca.detail}); security defaults apply instead.`,
          methodsNote,
        ),
        ...(grade === 'warn'
          ? {
              remediation:
                'Replace security defaults with Conditional Access: require MFA for all users, block legacy authentication, and exclude only break-glass accounts.',
            }
          : {}),
        data: { via: 'security-defaults' },
      },
    );
  }

  if (ca.ok) {
    const mfaPolicies = ca.value.filter(requiresMfa);
    const enforcing = mfaPolicies.filter((p) => stateOf(p) === 'enabled' && targetsAllUsers(p) && targetsAllApps(p));
    const clean = enforcing.filter((p) => exclusionsAcceptable(p, bg) && narrowing(p).length === 0 && !mfaIsOptional(p));
    const listing = mfaPolicies.map((p) => policyLine(p, 'requires MFA')).join('\n');
    if (clean.length) {
      const best = clean[0]!;
      return finding(check, 'pass', `Conditional Access requires MFA for all users (${nameOf(best)})`, {
        detail: lines(
          describeExclusions(best) &&
            (bg.known
              ? `The policy ${describeExclusions(best)}, all identified as break-glass accounts.`
              : `The policy ${describeExclusions(best)} — keep these to break-glass accounts.`),
          !bg.known && exclusionNote([best], bg),
          'Policies requiring MFA:',
          listing,
          methodsNote,
        ),
        data: { via: 'conditional-access', policy: best.displayName ?? best.id },
      });
    }
    if (enforcing.length) {
      return finding(check, 'warn', 'MFA is required for all users, with gaps', {
        detail: lines(
          'An enabled policy requires MFA for all users, but leaves some sign-ins out:',
          listing,
          exclusionNote(enforcing, bg),
          methodsNote,
        ),
        remediation: `Limit exclusions to break-glass accounts (cloud-only, excluded from every policy, not licensed for mail; at most ${RULES.maxBreakGlassExclusions}), remove location or platform conditions, and do not offer other controls as an alternative to MFA.`,
        data: { via: 'conditional-access' },
      });
    }
    const reportOnly = mfaPolicies.filter((p) => stateOf(p) === 'report-only' && targetsAllUsers(p));
    const summary = reportOnly.length
      ? `MFA is not enforced: the all-users policy ${nameOf(reportOnly[0]!)} is in report-only mode`
      : mfaPolicies.some((p) => stateOf(p) === 'enabled')
        ? 'MFA is enforced only for some users, not all'
        : 'Nothing enforces MFA: no enabled Conditional Access policy requires it and security defaults are off';
    return finding(check, 'fail', summary, {
      detail: lines(
        mfaPolicies.length ? 'Policies requiring MFA:' : 'No Conditional Access policy requires MFA.',
        listing,
        reportOnly.length && 'A report-only policy only records what it would have done; it blocks nothing.',
        sd.ok ? 'Security defaults are off.' : `Security defaults could not be read (${sd.detail}).`,
        PER_USER_NOTE,
      ),
      remediation:
        'Turn on a Conditional Access policy that requires MFA (or an authentication strength) for all users and all cloud apps, excluding only break-glass accounts.',
    });
  }

  // Conditional Access could not be read.
  if (sd.ok) {
    if (ca.reason === 'not-licensed') {
      return finding(
        check,
        'fail',
        'Nothing enforces MFA: security defaults are off and the tenant has no Entra ID P1 for Conditional Access',
        {
          detail: lines('Without Entra ID P1, security defaults are the way to require MFA for everyone.', PER_USER_NOTE),
          remediation:
            'Turn on security defaults (Entra admin centre › Overview › Properties › Manage security defaults), or license Entra ID P1 and use Conditional Access.',
        },
      );
    }
    return fromFact(check, ca, 'Security defaults are off and Conditional Access could not be read');
  }
  return fromFact(check, sd, 'Security defaults could not be read');
}

export function legacyAuthBlocked(f: TenantFacts): Finding {
  const check = 'legacy-auth.blocked';
  const bg = breakGlassOf(f);
  const sd = f.securityDefaults;
  const ca = f.conditionalAccess;
  const si = f.legacySignIns;
  const succeeded = si.ok ? si.value.byApp.filter((a) => a.succeeded > 0) : [];
  const signInsText = si.ok
    ? succeeded.length
      ? `Successful legacy sign-ins since ${utcDateOf(si.value.since)}: ${succeeded
          .map((a) => `${a.app} ×${a.succeeded}${a.capped ? '+' : ''} (${a.users.join(', ')})`)
          .join('; ')}.`
      : `No successful legacy sign-ins since ${utcDateOf(si.value.since)} (${si.value.byApp.reduce((n, a) => n + a.total, 0)} attempts, all refused).`
    : `Sign-in logs were not checked: ${si.detail}`;
  const signInData = si.ok ? { legacySuccesses: succeeded.reduce((n, a) => n + a.succeeded, 0) } : {};

  const withSignIns = (x: Finding): Finding => {
    if (x.status === 'pass' && succeeded.length) {
      return finding(check, 'warn', `${x.summary}, but legacy sign-ins still succeeded recently`, {
        detail: lines(x.detail, signInsText, 'Check the policy exclusions, or whether the policy was switched on after these sign-ins.'),
        data: { ...x.data, ...signInData },
      });
    }
    return { ...x, detail: lines(x.detail, signInsText), data: { ...x.data, ...signInData } };
  };

  if (sd.ok && sd.value.isEnabled) {
    const grade = securityDefaultsGrade(f);
    return withSignIns(
      finding(
        check,
        grade,
        grade === 'pass'
          ? 'Security defaults block legacy authentication'
          : 'Security defaults block legacy authentication, the weaker control where Conditional Access is licensed',
        {
          detail: grade === 'warn' ? SD_WEAKER : undefined,
          data: { via: 'security-defaults' },
        },
      ),
    );
  }
  if (ca.ok) {
    const blockers = ca.value.filter((p) => blocks(p) && targetsLegacyClients(p).some);
    const full = blockers.filter(
      (p) => stateOf(p) === 'enabled' && targetsAllUsers(p) && targetsAllApps(p) && targetsLegacyClients(p).both,
    );
    const listing = blockers.map((p) => policyLine(p, `blocks ${p.conditions.clientAppTypes.join(' and ')}`)).join('\n');
    const clean = full.filter((p) => exclusionsAcceptable(p, bg));
    if (clean.length) {
      return withSignIns(
        finding(check, 'pass', `Conditional Access blocks legacy authentication (${nameOf(clean[0]!)})`, {
          detail: listing,
          data: { via: 'conditional-access' },
        }),
      );
    }
    if (full.length) {
      return withSignIns(
        finding(check, 'warn', 'Legacy authentication is blocked, with exclusions that are not break-glass accounts', {
          detail: lines(listing, exclusionNote(full, bg)),
          remediation: `Limit exclusions to break-glass accounts (cloud-only, excluded from every policy, not licensed for mail; at most ${RULES.maxBreakGlassExclusions}).`,
        }),
      );
    }
    const partial = blockers.filter((p) => stateOf(p) === 'enabled');
    const reportOnly = blockers.filter((p) => stateOf(p) === 'report-only');
    return withSignIns(
      finding(
        check,
        partial.length ? 'warn' : 'fail',
        partial.length
          ? 'Legacy authentication is only partly blocked'
          : reportOnly.length
            ? `Legacy authentication is not blocked: ${nameOf(reportOnly[0]!)} is in report-only mode`
            : 'Legacy authentication is not blocked',
        {
          detail: lines(
            blockers.length ? listing : 'No Conditional Access policy blocks legacy clients.',
            reportOnly.length && 'Report-only policies block nothing.',
            'Security defaults are off.',
          ),
          remediation:
            'Turn on a Conditional Access policy for all users and all cloud apps, with client apps "Exchange ActiveSync clients" and "Other clients", granting "Block access".',
        },
      ),
    );
  }
  if (sd.ok) {
    if (ca.reason === 'not-licensed') {
      return withSignIns(
        finding(
          check,
          'fail',
          'Legacy authentication is not blocked: security defaults are off and there is no Entra ID P1 for Conditional Access',
          {
            remediation: 'Turn on security defaults, which block legacy authentication.',
          },
        ),
      );
    }
    return fromFact(check, ca, 'Security defaults are off and Conditional Access could not be read');
  }
  return fromFact(check, sd, 'Security defaults could not be read');
}

export function mfaRegistration(f: TenantFacts): Finding {
  const check = 'mfa.registration';
  const reg = f.registration;
  if (!reg.ok) {
    const sdOn = f.securityDefaults.ok && f.securityDefaults.value.isEnabled;
    return fromFact(check, reg, 'MFA registration could not be read', {
      detail: sdOn ? 'Security defaults are on, so users are made to register for MFA within 14 days of their next sign-in.' : undefined,
    });
  }
  // Guests register in their home tenant; they are not this organisation's staff.
  const listed = reg.value.filter((u) => (u.userType ?? 'member').toLowerCase() !== 'guest');
  const missing = listed.filter((u) => !u.isMfaRegistered);
  // With Microsoft's summary report the list names only the unregistered; the report counts the members.
  const memberCount = f.registrationSummary ? Math.max(f.registrationSummary.members, missing.length) : listed.length;
  if (memberCount === 0) return notAssessable(check, 'not-applicable', 'No member accounts to check');
  const registeredCount = memberCount - missing.length;
  const coverage = registeredCount / memberCount;
  const unregisteredAdmins = missing.filter((u) => u.isAdmin);
  const pct = `${Math.floor(coverage * 1000) / 10}%`;
  const data = {
    members: memberCount,
    registered: registeredCount,
    coverage: Math.round(coverage * 1000) / 1000,
    unregisteredAdmins: unregisteredAdmins.length,
  };
  const detail = lines(
    `${registeredCount} of ${plural(memberCount, 'member account')} have registered an MFA method (${pct}).`,
    unregisteredAdmins.length && `Administrators without MFA: ${unregisteredAdmins.map((u) => u.userPrincipalName ?? u.id).join(', ')}.`,
    missing.length &&
      `Not registered: ${missing
        .slice(0, RULES.registration.listUsers)
        .map((u) => u.userPrincipalName ?? u.id)
        .join(', ')}${missing.length > RULES.registration.listUsers ? ` and ${missing.length - RULES.registration.listUsers} more` : ''}.`,
    'Disabled accounts are not included in this report (Microsoft does not list them).',
    f.registrationNote,
  );
  const remediation =
    'Ask the listed users to register at https://aka.ms/mysecurityinfo, or run a registration campaign (Entra admin centre › Authentication methods › Registration campaign).';
  if (unregisteredAdmins.length)
    return finding(
      check,
      'fail',
      `${plural(unregisteredAdmins.length, 'administrator')} without MFA registered (${pct} of members registered)`,
      { detail, remediation, data },
    );
  if (coverage >= RULES.registration.pass) return finding(check, 'pass', `${pct} of member accounts have registered MFA`, { detail, data });
  if (coverage >= RULES.registration.warn)
    return finding(check, 'warn', `Only ${pct} of member accounts have registered MFA`, { detail, remediation, data });
  return finding(check, 'fail', `Only ${pct} of member accounts have registered MFA`, { detail, remediation, data });
}
