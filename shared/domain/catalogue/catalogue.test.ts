import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { applicableRequirements, isMandatory, provenanceLint, sectionOf } from './schema';
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

  it('passes the provenance lint: no item admitting inference claims nhs/official or MUST', () => {
    for (const q of cat!.requirements) expect(provenanceLint(q), q.id).toBeUndefined();
  });

  it('names NHS.net Connect (formerly NHSmail), never NHSmail alone, in requirement texts', () => {
    for (const q of cat!.requirements) {
      const text = [q.title, q.wording, q.guidance, q.provenanceNote ?? ''].join(' ');
      expect(text.replaceAll('formerly NHSmail', ''), q.id).not.toMatch(/NHSmail/);
    }
    expect(cat!.requirements.find((q) => q.id === 'ORG-01')!.title).toBe(
      'Breach notification to the NHS.net Connect (formerly NHSmail) team',
    );
  });

  it('links to the current NHS.net Connect pages', () => {
    for (const s of cat!.sources) expect(s.url ?? '', s.id).not.toMatch(/digital\.nhs\.uk\/services\/nhsmail\//);
  });

  it('gives the Google route a secure-routing item and every route the post-accreditation duties', () => {
    const google = applicableRequirements(cat!, 'google').map((q) => q.id);
    expect(google).toContain('TECH-10');
    for (const route of ['o365', 'google', 'self-managed'] as const) {
      const ids = applicableRequirements(cat!, route).map((q) => q.id);
      expect(ids).toEqual(expect.arrayContaining(['ORG-07', 'ORG-08']));
    }
    for (const id of ['ORG-07', 'ORG-08']) {
      const q = cat!.requirements.find((x) => x.id === id)!;
      expect(q.obligation).toBe('SHOULD');
      expect(q.sources).toContain('S0');
    }
  });

  it('records its changes for the version it ships', () => {
    expect(cat!.changelog[0]).toMatchObject({ version: cat!.version, changes: expect.any(Array) });
  });

  it.each([
    ['nhs', 'SHOULD', 'The exact settings are our inference.', /provenance cannot be "nhs"/],
    ['official', 'RECOMMENDED', 'Linked to DCB1596 by our inference.', /provenance cannot be "official"/],
    ['nhs-legacy', 'MUST', 'The certificate form is inferred from 2014 material.', /cannot be MUST/],
  ] as const)('the lint rejects a %s %s item whose note admits inference', (provenance, obligation, note, message) => {
    const item = { ...builtIn.requirements[0], provenance, obligation, provenanceNote: note };
    const v = validateCatalogue({ ...builtIn, requirements: [item] });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.errors.join('\n')).toMatch(message);
  });

  it('the lint accepts an inferred item with an inference note', () => {
    expect(provenanceLint({ provenance: 'inferred', obligation: 'SHOULD', provenanceNote: 'Our inference.' })).toBeUndefined();
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
