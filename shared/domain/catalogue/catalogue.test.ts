import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { applicableRequirements, isMandatory, sectionOf } from './schema';
import { validateCatalogue } from './validate';

const builtIn = JSON.parse(readFileSync(new URL('../../../resources/catalogue/dcb1596.json', import.meta.url), 'utf8'));

describe('the built-in DCB1596 catalogue', () => {
  const r = validateCatalogue(builtIn);
  it('validates', () => {
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.catalogue.requirements.length).toBeGreaterThan(40);
  });
  const cat = r.ok ? r.catalogue : undefined;

  it('never makes an inferred or third-party item mandatory', () => {
    for (const q of cat!.requirements)
      if (q.provenance === 'inferred' || q.provenance === 'third-party') expect(isMandatory(q), q.id).toBe(false);
  });

  it('asks for document details on ORG-01..04 only', () => {
    expect(cat!.requirements.filter((q) => q.documentReference).map((q) => q.id)).toEqual(['ORG-01', 'ORG-02', 'ORG-03', 'ORG-04']);
  });

  it.each([
    ['o365', ['ELIG', 'ORG', 'TECH', 'O365'], 'ICT'],
    ['google', ['ELIG', 'ORG', 'TECH'], 'O365'],
    ['self-managed', ['ELIG', 'ORG', 'TECH', 'ICT'], 'O365'],
  ] as const)('route %s picks sections %j and never %s', (route, sections, never) => {
    const picked = applicableRequirements(cat!, route);
    expect([...new Set(picked.map((q) => sectionOf(q.id)))]).toEqual(sections);
    expect(picked.some((q) => sectionOf(q.id) === never)).toBe(false);
    expect(picked.some((q) => q.legacy)).toBe(false);
  });

  it('routes TECH-07 to Microsoft 365 and self-managed but not Google', () => {
    expect(applicableRequirements(cat!, 'google').some((q) => q.id === 'TECH-07')).toBe(false);
    expect(applicableRequirements(cat!, 'o365').some((q) => q.id === 'TECH-07')).toBe(true);
  });

  it('shows legacy items only when asked', () => {
    expect(applicableRequirements(cat!, 'o365', { includeLegacy: true }).some((q) => q.id === 'ORG-06')).toBe(true);
  });
});

describe('validateCatalogue names the bad item', () => {
  const withReq = (patch: Record<string, unknown>, index = 3) => {
    const c = structuredClone(builtIn);
    c.requirements[index] = { ...c.requirements[index], ...patch };
    return c;
  };
  it.each([
    ['an unknown field', withReq({ colour: 'red' }), /requirements\[3\] \(ELIG-04\): Unknown field "colour"/],
    [
      'a duplicate ID',
      withReq({ id: 'ELIG-01' }),
      /requirements\[3\] \(ELIG-01\) › id: Duplicate requirement ID ELIG-01 \(also at requirements\[0\]\)/,
    ],
    [
      'an unknown check ID',
      withReq({ checks: ['dns.dmark'] }),
      /requirements\[3\] \(ELIG-04\) › checks\.0: Unknown check ID \(got "dns\.dmark"\)/,
    ],
    ['a malformed ID', withReq({ id: 'ORG1' }), /requirements\[3\] \(ORG1\) › id: Requirement IDs look like ORG-01/],
    [
      'an inferred MUST',
      withReq({ provenance: 'inferred' }),
      /requirements\[3\] \(ELIG-04\) › obligation: inferred requirements are never mandatory/,
    ],
    ['an unknown source', withReq({ sources: ['S99'] }), /requirements\[3\] \(ELIG-04\) › sources\.0: Unknown source "S99"/],
    ['an unknown top-level field', { ...builtIn, extra: 1 }, /\(file\): Unknown field "extra"/],
    ['a bad version', { ...builtIn, version: 'v2' }, /version: Versions look like 2026\.11\.0/],
  ])('rejects %s', (_label, input, message) => {
    const r = validateCatalogue(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(message);
  });

  it('rejects something that is not a catalogue at all', () => {
    const r = validateCatalogue([1, 2, 3]);
    expect(r.ok).toBe(false);
  });
});
