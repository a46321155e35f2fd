import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestBackend, sampleClientInput, type TestBackend } from '../../test/support/temp-backend';
import { prepareAssessment } from '../../test/support/statement-fixture';

// "What we still need from you" through the real channels: the same readiness the checklist shows, narrowed
// to what the client supplies; the PDF is the same list.
let b: TestBackend;
afterEach(() => b?.dispose());

describe('assessment.clientNeeds', () => {
  it('lists a fresh client’s organisation items and documents, and shrinks as answers arrive', async () => {
    b = createTestBackend();
    const client = await b.call('client.create', sampleClientInput());
    const a = await b.call('assessment.create', { clientId: client.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });
    const before = await b.call('assessment.clientNeeds', { clientId: client.id });
    expect(before).toMatchObject({ assessmentId: a.id, clientName: 'Meadowbank Care Ltd', cycle: 2026, sample: false });
    const ids = before.items.map((i) => i.requirementId);
    expect(ids).toEqual(expect.arrayContaining(['ELIG-01', 'ELIG-03', 'ORG-01', 'ORG-04']));
    expect(ids).not.toContain('TECH-02');
    expect(before.counts.required).toBe(before.items.filter((i) => i.required).length);
    expect(before.text).toContain('What we still need from you — Meadowbank Care Ltd');

    // Every required item the client owes is also a blocker on the checklist (one model).
    const detail = await b.call('assessment.get', { id: a.id });
    const blocking = new Set(detail.readiness.blockers.flatMap((x) => x.requirementIds));
    for (const i of before.items.filter((x) => x.required && x.requirementId)) expect(blocking.has(i.requirementId!)).toBe(true);

    await b.call('assessment.saveResponse', {
      assessmentId: a.id,
      requirementId: 'ELIG-01',
      result: 'met',
      notes: 'Active on the ODS portal',
    });
    const after = await b.call('assessment.clientNeeds', { clientId: client.id, assessmentId: a.id });
    expect(after.items.map((i) => i.requirementId)).not.toContain('ELIG-01');
    expect(after.items.length).toBe(before.items.length - 1);
  });

  it('is empty for a complete assessment, and refuses an assessment of another client', async () => {
    b = createTestBackend();
    const p = await prepareAssessment(b);
    const needs = await b.call('assessment.clientNeeds', { clientId: p.clientId });
    expect(needs.items).toEqual([]);
    expect(needs.text).toContain('Nothing: we have everything we need from you');
    const other = await b.call(
      'client.create',
      sampleClientInput({ legalName: 'Other Care', odsCode: 'AB123', domains: ['other.example'] }),
    );
    await expect(b.call('assessment.clientNeeds', { clientId: other.id, assessmentId: p.assessmentId })).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(b.call('assessment.clientNeeds', { clientId: other.id })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('renders the same list as a tagged PDF with no internal keys', async () => {
    b = createTestBackend();
    const client = await b.call('client.create', sampleClientInput());
    await b.call('assessment.create', { clientId: client.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });
    const needs = await b.call('assessment.clientNeeds', { clientId: client.id });
    const d = await b.call('assessment.clientNeedsPdf', { clientId: client.id });
    expect(d.fileName).toBe('what-we-need-Meadowbank-Care-Ltd-2026.pdf');
    const path = b.services.transfers.download(d.downloadId).path;
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    expect(text).toContain('What we still need from you');
    expect(text).toContain(`Needed before we can submit (${needs.counts.required})`);
    for (const i of needs.items) expect(text.replace(/\s+/g, ' ')).toContain(i.topic.replace(/\s+/g, ' ').slice(0, 30));
    expect(text).not.toMatch(/document\.|dsptPublishedAt|statement-missing|undefined/);
    expect(execFileSync('pdfinfo', [path], { encoding: 'utf8' })).toMatch(/Tagged:\s+yes/);
  });
});
