import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTestBackend, sampleClientInput, type TestBackend } from '../../test/support/temp-backend';
import { samplePng } from '../../test/fixtures/evidence/samples';

// Issue 16, item 6: assessment.signoff stored the drawn signature image even when the assessment was missing
// or locked, leaving an orphan blob in the evidence store.

let b: TestBackend | undefined;
afterEach(() => {
  b?.dispose();
  b = undefined;
});

const blobs = (dir: string) =>
  existsSync(join(dir, 'evidence')) ? readdirSync(join(dir, 'evidence')).filter((n) => /^[0-9a-f]{64}$/.test(n)) : [];

describe('sign-off signature image', () => {
  it.each(['a missing assessment', 'an assessment not ready for sign-off'])('is not stored for %s', async (which) => {
    b = createTestBackend();
    const client = await b.call('client.create', sampleClientInput());
    const a = await b.call('assessment.create', { clientId: client.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });
    const r = await b.dispatch('assessment.signoff', {
      assessmentId: which === 'a missing assessment' ? '00000000-0000-4000-8000-000000000000' : a.id,
      role: 'ict-expert',
      name: 'Alex Consultant',
      roleTitle: 'ICT lead',
      organisation: 'Meadowbank Care Ltd',
      email: 'alex@meadowbank-care.co.uk',
      confirm: true,
      signature: { method: 'drawn', pngBase64: samplePng(120, 40).toString('base64') },
    });
    expect(r).toMatchObject({ ok: false, error: { code: which === 'a missing assessment' ? 'not-found' : 'conflict' } });
    expect(blobs(b.dataDir)).toEqual([]);
  });
});
