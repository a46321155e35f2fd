import { CHECKS, type CheckId, type CheckSource } from '../checks';
import type { Catalogue, Requirement } from './schema';

// The one map from automated checks to requirements: the catalogue lists, on each requirement, the checks
// that inform it, and everything else (the CLI's JSON, the tenant tab's grouping, the checklist) reads it
// from there through these functions. A check informs a requirement only on the routes the requirement
// applies to, so a Microsoft 365 check never lands on a Google or self-managed checklist.

export type Route = Requirement['routes'][number];
const ALL_ROUTES: Route[] = ['o365', 'google', 'self-managed'];

// Mail-domain checks run from outside for every route; tenant checks only for Microsoft 365 clients.
const ROUTES_BY_SOURCE: Record<CheckSource, Route[]> = {
  dns: ALL_ROUTES,
  smtp: ALL_ROUTES,
  graph: ['o365'],
  exchange: ['o365'],
};

export function checkRoutes(check: CheckId): Route[] {
  return ROUTES_BY_SOURCE[CHECKS[check].source];
}

// Requirement IDs the check informs, in catalogue order (legacy wording left out unless asked for).
export function requirementsForCheck(
  catalogue: Pick<Catalogue, 'requirements'>,
  check: string,
  route?: Route,
  opts: { includeLegacy?: boolean } = {},
): string[] {
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
