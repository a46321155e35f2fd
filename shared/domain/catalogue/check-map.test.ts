import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { TENANT_CHECKS } from '../../contract/tenant';
import { ALL_ROUTES, CHECK_IDS, CHECKS, checkRoutes } from '../checks';
import { applicableRequirements } from './schema';
import { checkRequirementMap, requirementsForCheck, unmappedChecks } from './check-map';
import { validateCatalogue } from './validate';

const raw = JSON.parse(readFileSync(new URL('../../../resources/catalogue/dcb1596.json', import.meta.url), 'utf8'));
const r = validateCatalogue(raw);
if (!r.ok) throw new Error(r.errors.join('\n'));
const cat = r.catalogue;

describe('the one map from checks to requirements (read from the catalogue)', () => {
  it('maps every check to at least one requirement on each route it runs on', () => {
    expect(unmappedChecks(cat)).toEqual([]);
  });

  it.each(CHECK_IDS.map((c) => [c]))('%s reaches a checklist on every route it runs on', (check) => {
    for (const route of checkRoutes(check)) expect(requirementsForCheck(cat, check, route), `${check} on ${route}`).not.toEqual([]);
  });

  it('runs tenant checks on Microsoft 365 only and domain checks on every route', () => {
    expect(checkRoutes('exo.anti-malware')).toEqual(['o365']);
    expect(checkRoutes('mfa.enforced')).toEqual(['o365']);
    expect(checkRoutes('dns.spf')).toEqual(['o365', 'google', 'self-managed']);
  });

  it('includes the four checks that once never reached the checklist', () => {
    const map = checkRequirementMap(cat, 'o365');
    expect(map['exo.anti-malware']).toContain('O365-05');
    expect(map['exo.anti-spam']).toContain('O365-05');
    expect(map['exo.message-encryption']).toEqual(expect.arrayContaining(['O365-10', 'ORG-04']));
    expect(map['exo.mobile-mailbox-policy']).toEqual(expect.arrayContaining(['ORG-02', 'O365-09']));
  });

  it.each([['google'], ['self-managed']] as const)('never puts a Microsoft 365 check on a %s checklist', (route) => {
    const map = checkRequirementMap(cat, route);
    for (const check of TENANT_CHECKS) expect(map[check], check).toEqual([]);
    // Shared requirements (ORG-02, ORG-04, TECH-04, TECH-07) list tenant checks in the catalogue; on this
    // route they carry only the checks that can run here, so readiness never says "not checked yet" for them.
    for (const q of applicableRequirements(cat, route))
      expect(
        q.checks.filter((c) => !checkRoutes(c).includes(route)),
        q.id,
      ).toEqual([]);
    expect(applicableRequirements(cat, route).find((q) => q.id === 'ORG-04')!.checks).toEqual([]);
    expect(applicableRequirements(cat, route).find((q) => q.id === 'TECH-04')!.checks).toEqual(['dns.dkim']);
  });

  it('keeps every catalogue check on Microsoft 365 checklists', () => {
    for (const q of applicableRequirements(cat, 'o365'))
      expect(q.checks, q.id).toEqual(cat.requirements.find((x) => x.id === q.id)!.checks);
    expect(ALL_ROUTES).toEqual(['o365', 'google', 'self-managed']);
  });

  it('bites: a catalogue without a check leaves it unmapped on its routes', () => {
    const stripped = { requirements: cat.requirements.map((q) => ({ ...q, checks: q.checks.filter((c) => c !== 'dns.dnssec') })) };
    expect(unmappedChecks(stripped)).toEqual([
      { check: 'dns.dnssec', route: 'o365' },
      { check: 'dns.dnssec', route: 'google' },
      { check: 'dns.dnssec', route: 'self-managed' },
    ]);
    expect(Object.keys(CHECKS)).toContain('dns.dnssec');
  });
});
