import { afterEach, describe, expect, it } from 'vitest';
import { createTestBackend, sampleClientInput, type TestBackend } from '../../test/support/temp-backend';

// Issue 17 item 4: proposed answers from the latest runs, accepted one or many at once (audited as accepted
// from the run), and the checklist's other bulk actions — each one IMMEDIATE transaction, all or nothing.
let b: TestBackend;
afterEach(() => b?.dispose());

async function withDomainRun(statuses: Record<string, 'pass' | 'warn' | 'fail' | 'not-assessable'>) {
  b = createTestBackend();
  const client = await b.call('client.create', sampleClientInput({ route: 'google' }));
  const a = await b.call('assessment.create', { clientId: client.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });
  const run = await b.services.findings.recordRun({
    clientId: client.id,
    kind: 'domain',
    target: 'meadowbank-care.co.uk',
    source: 'dns+smtp',
    startedAt: '2026-11-22T09:00:00Z',
    finishedAt: '2026-11-22T09:00:10Z',
    findings: Object.entries(statuses).map(([check, status]) => ({
      check: check as never,
      status,
      summary: `${check} ${status}`,
      ...(status === 'not-assessable' ? { reason: 'unreachable' as const } : {}),
    })),
  });
  return { client, a, run };
}

describe('proposed answers and accepting them', () => {
  it('proposes from the domain run, accepts many in one action, and audits each as accepted from the run', async () => {
    const { client, a, run } = await withDomainRun({
      'smtp.starttls': 'pass',
      'smtp.tls-version': 'pass',
      'dns.dmarc': 'fail',
      'dns.spf': 'warn',
      'dns.dkim': 'not-assessable',
    });
    const d = await b.call('assessment.get', { id: a.id });
    const byId = Object.fromEntries(d.proposals.map((p) => [p.requirementId, p]));
    expect(byId['TECH-01']).toMatchObject({
      result: 'met',
      runs: [{ runId: run.id, kind: 'domain' }],
      source: 'the mail-domain check of 22 November 2026',
    });
    expect(byId['TECH-02']?.result).toBe('not-met');
    expect(byId['TECH-03']?.result).toBe('partially-met');
    expect(byId['TECH-04']).toBeUndefined(); // DKIM could not be assessed
    expect(byId['ORG-01']).toBeUndefined();

    const r = await b.call('assessment.bulkUpdate', {
      assessmentId: a.id,
      requirementIds: ['TECH-01', 'TECH-02', 'TECH-03'],
      action: { kind: 'accept-proposals' },
    });
    expect(r.updated).toEqual(['TECH-01', 'TECH-02', 'TECH-03']);
    const after = await b.call('assessment.get', { id: a.id });
    expect(Object.fromEntries(after.responses.map((x) => [x.requirementId, x.result]))).toMatchObject({
      'TECH-01': 'met',
      'TECH-02': 'not-met',
      'TECH-03': 'partially-met',
    });
    // Answered now: no longer proposed.
    expect(after.proposals.map((p) => p.requirementId)).not.toContain('TECH-01');
    const audit = await b.call('audit.list', { clientId: client.id });
    const accepted = audit.filter((e) => e.summary.includes('accepted'));
    expect(accepted).toHaveLength(3);
    expect(accepted.map((e) => e.summary)).toContain(
      `2026 TECH-01: accepted Met from run ${run.id} (the mail-domain check of 22 November 2026)`,
    );
    expect(accepted[0]!.changes).toEqual(expect.arrayContaining([{ field: 'acceptedFromRun', from: null, to: run.id }]));
    expect((await b.call('audit.verify', { clientId: client.id })).ok).toBe(true);
  });

  it('refuses the whole action when one requirement has no proposal any more, changing nothing', async () => {
    const { a } = await withDomainRun({ 'smtp.starttls': 'pass', 'smtp.tls-version': 'pass', 'dns.dmarc': 'pass' });
    await b.call('assessment.saveResponse', { assessmentId: a.id, requirementId: 'TECH-02', result: 'not-met' });
    const revision = (await b.call('assessment.get', { id: a.id })).assessment.revision;
    await expect(
      b.call('assessment.bulkUpdate', { assessmentId: a.id, requirementIds: ['TECH-01', 'TECH-02'], action: { kind: 'accept-proposals' } }),
    ).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('TECH-02') });
    const d = await b.call('assessment.get', { id: a.id });
    expect(d.assessment.revision).toBe(revision);
    expect(d.responses.find((x) => x.requirementId === 'TECH-01')).toBeUndefined();
  });
});

describe('bulk not applicable and owner', () => {
  it('marks several not applicable with one reason, and needs the reason', async () => {
    const { client, a } = await withDomainRun({});
    await expect(
      b.call('assessment.bulkUpdate', {
        assessmentId: a.id,
        requirementIds: ['ORG-07', 'ORG-08'],
        action: { kind: 'not-applicable', reason: '  ' },
      }),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    const r = await b.call('assessment.bulkUpdate', {
      assessmentId: a.id,
      requirementIds: ['ORG-07', 'ORG-08'],
      action: { kind: 'not-applicable', reason: 'A single home; no partners exchange email with it' },
    });
    expect(r.updated).toEqual(['ORG-07', 'ORG-08']);
    const d = await b.call('assessment.get', { id: a.id });
    for (const id of ['ORG-07', 'ORG-08'])
      expect(d.responses.find((x) => x.requirementId === id)).toMatchObject({
        result: 'not-applicable',
        naJustification: 'A single home; no partners exchange email with it',
      });
    expect((await b.call('audit.list', { clientId: client.id })).filter((e) => e.entityId.endsWith('/ORG-07'))).toHaveLength(1);
  });

  it('assigns one owner to several, keeps their answers, links the person, and refuses information-only items', async () => {
    const { a } = await withDomainRun({});
    await b.call('assessment.saveResponse', { assessmentId: a.id, requirementId: 'ORG-01', result: 'met', notes: 'Reviewed' });
    const r = await b.call('assessment.bulkUpdate', {
      assessmentId: a.id,
      requirementIds: ['ORG-01', 'ORG-04'],
      action: { kind: 'owner', owner: 'Sam Patel' },
    });
    expect(r.updated).toEqual(['ORG-01', 'ORG-04']);
    const d = await b.call('assessment.get', { id: a.id });
    expect(d.responses.find((x) => x.requirementId === 'ORG-01')).toMatchObject({ result: 'met', notes: 'Reviewed', owner: 'Sam Patel' });
    expect(d.responses.find((x) => x.requirementId === 'ORG-04')).toMatchObject({ result: 'not-assessed', owner: 'Sam Patel' });
    expect((await b.call('people.list', {})).map((p) => p.name)).toContain('Sam Patel');
    await expect(
      b.call('assessment.bulkUpdate', { assessmentId: a.id, requirementIds: ['ORG-01', 'ELIG-06'], action: { kind: 'owner', owner: 'X' } }),
    ).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('ELIG-06') });
  });
});
