import type { CaPolicy } from '../facts';
import { plural, RULES } from './rules';

// Reading Conditional Access honestly: only `enabled` policies enforce anything ("report-only" logs what
// would have happened, "disabled" does nothing); who and what a policy leaves out matters as much as what
// it requires.

export type CaState = 'enabled' | 'report-only' | 'disabled' | 'other';

export function stateOf(p: CaPolicy): CaState {
  if (p.state === 'enabled') return 'enabled';
  if (p.state === 'enabledForReportingButNotEnforced') return 'report-only';
  if (p.state === 'disabled') return 'disabled';
  return 'other';
}

export const nameOf = (p: CaPolicy) => `"${p.displayName ?? p.id}"`;

const users = (p: CaPolicy) => p.conditions.users;
export const targetsAllUsers = (p: CaPolicy) => !!users(p)?.includeUsers.includes('All');
export const targetsAllApps = (p: CaPolicy) => !!p.conditions.applications?.includeApplications.some((a) => a === 'All');

function exclusions(p: CaPolicy) {
  const u = users(p);
  return {
    users: u?.excludeUsers.filter((x) => x !== 'GuestsOrExternalUsers').length ?? 0,
    groups: u?.excludeGroups.length ?? 0,
    roles: u?.excludeRoles.length ?? 0,
    apps: p.conditions.applications?.excludeApplications.length ?? 0,
  };
}

// Acceptable exclusions: break-glass accounts only (identified from the directory when it could be read;
// otherwise at most a couple of accounts, the older rule), and no groups, roles or apps.
export function exclusionsAcceptable(p: CaPolicy, bg?: { known: boolean; ids: Set<string> }): boolean {
  const e = exclusions(p);
  if (e.groups || e.roles || e.apps) return false;
  if (bg?.known) return nonBreakGlassExclusions(p, bg).length === 0;
  return e.users <= RULES.maxBreakGlassExclusions;
}

export function nonBreakGlassExclusions(p: CaPolicy, bg: { known: boolean; ids: Set<string> }): string[] {
  return (users(p)?.excludeUsers ?? []).filter((x) => x !== 'GuestsOrExternalUsers' && !bg.ids.has(x.toLowerCase()));
}

export function describeExclusions(p: CaPolicy): string | undefined {
  const e = exclusions(p);
  const parts = [
    e.users && plural(e.users, 'user'),
    e.groups && plural(e.groups, 'group'),
    e.roles && plural(e.roles, 'role'),
    e.apps && plural(e.apps, 'app'),
  ].filter(Boolean);
  return parts.length ? `excludes ${parts.join(', ')}` : undefined;
}

const controls = (p: CaPolicy) => p.grantControls?.builtInControls ?? [];

export const requiresMfa = (p: CaPolicy) =>
  controls(p).some((c) => (RULES.mfaControls as readonly string[]).includes(c)) || !!p.grantControls?.authenticationStrength;
export const blocks = (p: CaPolicy) => controls(p).includes('block');
export const requiresDeviceOrApp = (p: CaPolicy) => controls(p).some((c) => (RULES.deviceControls as readonly string[]).includes(c));

// "MFA OR compliant device" lets a compliant device in without a second factor.
export function mfaIsOptional(p: CaPolicy): boolean {
  return (p.grantControls?.operator ?? 'OR').toUpperCase() === 'OR' && controls(p).some((c) => c !== 'mfa');
}

// Conditions that narrow a policy to some sign-ins only.
export function narrowing(p: CaPolicy): string[] {
  const c = p.conditions;
  const out: string[] = [];
  const apps = c.clientAppTypes;
  if (apps.length && !apps.includes('all') && !(apps.includes('browser') && apps.includes('mobileAppsAndDesktopClients'))) {
    out.push(`only ${apps.join(', ')} clients`);
  }
  if (c.platforms && c.platforms.includePlatforms.length && !c.platforms.includePlatforms.includes('all'))
    out.push(`only ${c.platforms.includePlatforms.join(', ')}`);
  if (c.platforms?.excludePlatforms.length) out.push(`not on ${c.platforms.excludePlatforms.join(', ')}`);
  if (
    c.locations &&
    (c.locations.excludeLocations.length || (c.locations.includeLocations.length && !c.locations.includeLocations.includes('All')))
  ) {
    out.push('skipped from some network locations');
  }
  if (c.signInRiskLevels.length || c.userRiskLevels.length) out.push('only on risky sign-ins');
  return out;
}

export function targetsLegacyClients(p: CaPolicy): { both: boolean; some: boolean } {
  const apps = p.conditions.clientAppTypes;
  const hits = RULES.legacyClientAppTypes.filter((t) => apps.includes(t));
  return { both: hits.length === RULES.legacyClientAppTypes.length, some: hits.length > 0 };
}

export function describeScope(p: CaPolicy): string {
  const u = users(p);
  if (targetsAllUsers(p)) return 'all users';
  const parts = [
    u?.includeRoles.length && plural(u.includeRoles.length, 'admin role'),
    u?.includeGroups.length && plural(u.includeGroups.length, 'group'),
    u?.includeUsers.length && plural(u.includeUsers.length, 'user'),
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no one';
}
