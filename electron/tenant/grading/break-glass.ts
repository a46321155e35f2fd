import type { CaPolicy, DirUser, TenantFacts } from '../facts';
import { stateOf } from './conditional-access';

// Which accounts are break-glass (emergency access) accounts. An exclusion from a Conditional Access
// policy is acceptable only for them (Microsoft Learn, "Manage emergency access accounts"; Maester
// MT.1005): an account that is cloud-only, excluded from every enabled policy, and not licensed for mail
// (nobody reads mail with it). Any other excluded account is a gap the verdict names.

export interface BreakGlass {
  // False when the directory could not be read: exclusions are then judged by count alone, and said so.
  known: boolean;
  ids: Set<string>;
  // Excluded accounts that are not break-glass, with why not.
  others: { id: string; name: string; why: string }[];
  names: Map<string, string>;
}

export function enabledPolicies(ca: CaPolicy[]): CaPolicy[] {
  return ca.filter((p) => stateOf(p) === 'enabled');
}

export function breakGlassOf(f: TenantFacts): BreakGlass {
  const empty: BreakGlass = { known: false, ids: new Set(), others: [], names: new Map() };
  if (!f.conditionalAccess.ok || !f.users.ok) return empty;
  const enabled = enabledPolicies(f.conditionalAccess.value);
  const users = new Map(f.users.value.map((u) => [u.id.toLowerCase(), u]));
  const excluded = new Set(enabled.flatMap((p) => p.conditions.users?.excludeUsers ?? []).map((x) => x.toLowerCase()));
  excluded.delete('guestsorexternalusers');
  const out: BreakGlass = { known: true, ids: new Set(), others: [], names: new Map() };
  for (const id of excluded) {
    const u = users.get(id);
    const name = u?.userPrincipalName ?? id;
    out.names.set(id, name);
    const why = notBreakGlass(u, id, enabled, f.mailSkus);
    if (why) out.others.push({ id, name, why });
    else out.ids.add(id);
  }
  return out;
}

function notBreakGlass(u: DirUser | undefined, id: string, enabled: CaPolicy[], mailSkus: Set<string>): string | undefined {
  if (!u) return 'not found in the directory';
  if (u.onPremisesSyncEnabled === true) return 'synchronised from on-premises (a break-glass account is cloud-only)';
  if (u.assignedLicenses.some((l) => mailSkus.has(l.skuId.toLowerCase()))) return 'licensed for mail (used day to day)';
  const notExcluded = enabled.filter((p) => !(p.conditions.users?.excludeUsers ?? []).some((x) => x.toLowerCase() === id));
  if (notExcluded.length) return `not excluded from every policy (e.g. "${notExcluded[0]!.displayName ?? notExcluded[0]!.id}")`;
  return undefined;
}
