import { afterEach, describe, expect, it } from 'vitest';
import { createTestBackend, sampleClientInput, type TestBackend } from '../../test/support/temp-backend';
import { prepareAssessment } from '../../test/support/statement-fixture';

let b: TestBackend;
afterEach(() => b?.dispose());

async function seeded() {
  b = createTestBackend();
  const p = await prepareAssessment(b);
  await b.call(
    'client.create',
    sampleClientInput({ legalName: 'Harbour View 100% Care', odsCode: 'ZZ9D4', domains: ['harbourview.example'] }),
  );
  return p;
}

describe('search.global', () => {
  it.each<[string, string, string[]]>([
    ['client by name, any case', 'meadowBANK', ['client:Meadowbank Care Ltd']],
    ['client by ODS code', 'zz9d4', ['client:Harbour View 100% Care']],
    ['client by domain', 'harbourview.exa', ['client:Harbour View 100% Care']],
    ['a % is a character, not a wildcard', '%', ['client:Harbour View 100% Care']],
    ['an _ is a character, not a wildcard', 'Care_Ltd', []],
    ['quotes are text', `' OR 1=1 --`, []],
  ])('%s', async (_l, q, expected) => {
    await seeded();
    const { hits } = await b.call('search.global', { q });
    expect(hits.filter((h) => h.kind === 'client').map((h) => `${h.kind}:${h.title}`)).toEqual(expected);
  });

  it('finds a requirement by ID in the current assessment, and evidence by title or file name', async () => {
    const p = await seeded();
    const { hits } = await b.call('search.global', { q: 'ORG-01' });
    expect(hits.filter((h) => h.kind === 'requirement')).toEqual([
      expect.objectContaining({
        title: expect.stringMatching(/^ORG-01 /),
        href: `/clients/${p.clientId}/assessments/${p.assessmentId}/ORG-01`,
      }),
    ]);
    const byTitle = (await b.call('search.global', { q: 'incident procedure' })).hits.filter((h) => h.kind === 'evidence');
    expect(byTitle.map((h) => h.title)).toContain('Information security incident procedure');
    expect(byTitle[0]!.href).toBe(`/clients/${p.clientId}/evidence/${byTitle[0]!.id}`);
  });

  it('stays bounded: a one-letter query returns at most 8 of each kind', async () => {
    await seeded();
    const { hits } = await b.call('search.global', { q: 'e' });
    for (const kind of ['client', 'requirement', 'evidence']) expect(hits.filter((h) => h.kind === kind).length).toBeLessThanOrEqual(8);
    expect(hits.filter((h) => h.kind === 'requirement')).toHaveLength(8);
  });

  it('refuses empty, over-long and non-string queries with a clear error', async () => {
    b = createTestBackend();
    for (const q of ['', '   ', 'x'.repeat(101), 42, null])
      await expect(b.dispatch('search.global', { q })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    await expect(b.dispatch('search.global', { q: 'a', extra: 1 })).resolves.toMatchObject({ ok: false });
  });
});
