import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../main';
import { createTestBackend, sampleClientInput, type TestBackend } from '../../../test/support/temp-backend';

// `dcb1596 needs` answers from the same channel as the app's dialog (assessment.clientNeeds).
let b: TestBackend;
afterEach(() => b?.dispose());

async function run(dataDir: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { DCB_DATA_DIR: dataDir });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('dcb1596 needs', () => {
  it('prints the client’s list as text and JSON, by ODS code and cycle', async () => {
    b = createTestBackend();
    const c = await b.call('client.create', sampleClientInput());
    await b.call('assessment.create', { clientId: c.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });
    const text = await run(b.dataDir, ['needs', 'VN3K7']);
    expect(text).toMatchObject({ code: 0, err: '' });
    expect(text.out).toContain('What we still need from you — Meadowbank Care Ltd');
    expect(text.out).toContain('Data Security and Protection Toolkit published (ref. ELIG-03)');
    const json = JSON.parse((await run(b.dataDir, ['needs', 'VN3K7', '--cycle', '2026', '--json'])).out);
    expect(json).toMatchObject({ cycle: 2026, clientName: 'Meadowbank Care Ltd' });
    expect(json.items.length).toBe(json.counts.required + json.counts.recommended);
    expect(json.text).toBe(text.out);
  });

  it('refuses a missing client name, a bad cycle and a cycle the client does not have', async () => {
    b = createTestBackend();
    const c = await b.call('client.create', sampleClientInput());
    await b.call('assessment.create', { clientId: c.id, cycle: 2026 });
    expect((await run(b.dataDir, ['needs'])).code).toBe(2);
    expect((await run(b.dataDir, ['needs', 'VN3K7', '--cycle', 'next'])).code).toBe(2);
    const none = await run(b.dataDir, ['needs', 'VN3K7', '--cycle', '2024']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('has no 2024 assessment');
  });
});
