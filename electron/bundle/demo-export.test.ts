import { afterAll, describe, expect, it } from 'vitest';
import { createTestBackend } from '../../test/support/temp-backend';
import { createDemoWorkspace } from '../demo/demo-workspace';

// The sample workspace must show the whole journey, so each of its signed cycles exports a bundle.
describe('the sample workspace', () => {
  const b = createTestBackend();
  afterAll(() => b.dispose());

  it('exports a verified, SAMPLE-marked bundle for every signed cycle', async () => {
    await createDemoWorkspace(b);
    const signed = b.services.clients.list({ includeArchived: false }).flatMap((c) =>
      b.services.assessments
        .list(c.id)
        .filter((a) => a.status === 'signed')
        .map((a) => ({ c, a })),
    );
    expect(signed.length).toBeGreaterThanOrEqual(4);
    expect(signed.some(({ c }) => c.route === 'self-managed')).toBe(true);
    for (const { c, a } of signed) {
      const state = await b.call('statement.state', { assessmentId: a.id });
      expect(state, `${c.legalName} ${a.cycle}`).toMatchObject({ final: true, sample: true, issues: [] });
      const v = await b.call('bundle.export', { assessmentId: a.id });
      expect(v).toMatchObject({ sample: true, version: 1, present: true });
      const r = await b.call('bundle.verify', { bundleId: v.id });
      expect(r.ok, `${c.legalName} ${a.cycle}`).toBe(true);
    }
  }, 180_000);
});
