import { CHECKS, checkRoutes, checkRunsOn, type CheckId } from '../checks';
import type { Catalogue, Requirement } from './schema';

// The one map from automated checks to requirements: the catalogue lists, on each requirement, the checks
// that inform it, and everything else (the CLI's JSON, the tenant tab's grouping, the checklist) reads it
// from there through these functions. A check informs a requirement only on the routes the requirement
// applies to, so a Microsoft 365 check never lands on a Google or self-managed checklist.

export type Route = Requirement['routes'][number];

// Requirement IDs the check informs, in catalogue order (legacy wording left out unless asked for).
export function requirementsForCheck(
  catalogue: Pick<Catalogue, 'requirements'>,
  check: string,
  route?: Route,
  opts: { includeLegacy?: boolean } = {},
): string[] {
  if (route && !checkRunsOn(check, route)) return [];
  return catalogue.requirements
    .filter((r) => (r.checks as string[]).includes(check) && (!route || r.routes.includes(route)) && (opts.includeLegacy || !r.legacy))
    .map((r) => r.id);
}

export function checkRequirementMap(catalogue: Pick<Catalogue, 'requirements'>, route?: Route): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const check of Object.keys(CHECKS)) out[check] = requirementsForCheck(catalogue, check, route);
  return out;
}

// Checks that would never reach a checklist on a route they run on (a catalogue defect).
export function unmappedChecks(catalogue: Pick<Catalogue, 'requirements'>): { check: CheckId; route: Route }[] {
  return (Object.keys(CHECKS) as CheckId[]).flatMap((check) =>
    checkRoutes(check)
      .filter((route) => requirementsForCheck(catalogue, check, route).length === 0)
      .map((route) => ({ check, route })),
  );
}
