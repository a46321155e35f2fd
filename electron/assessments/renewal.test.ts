import { afterEach, describe, expect, it } from 'vitest';
import { createTestBackend, sampleClientInput, type TestBackend } from '../../test/support/temp-backend';

let b: TestBackend;
afterEach(() => b?.dispose());

const doc = (version: string) => ({
  title: 'Incident procedure',
  version,
  date: '2025-10-01',
  approvedBy: 'Registered manager',
  approvalDate: '2025-10-03',
});

async function signedCycle(route: 'google' | 'self-managed' = 'google') {
  b = createTestBackend();
  b.clock.current = new Date('2025-11-01T09:00:00Z');
  const client = await b.call('client.create', sampleClientInput({ route }));
  const a = await b.call('assessment.create', { clientId: client.id, cycle: 2025, plannedSubmissionDate: '2025-11-20' });
  const d = await b.call('assessment.get', { id: a.id });
  for (const r of d.requirements.filter((q) => q.obligation !== 'INFO')) {
    const fields = Object.fromEntries(
      r.fields.map((f) => [
        f.key,
        f.type === 'date' ? '2025-10-01' : f.type === 'yes-no' ? 'no' : f.type === 'choice' ? f.options![0]! : 'v',
      ]),
    );
    await b.call('assessment.saveResponse', {
      assessmentId: a.id,
      requirementId: r.id,
      result: 'met',
      document: r.documentReference ? doc('2.0') : undefined,
      fields,
      // Policies carry over to next year; the DSPT status and checks are re-done every year.
      reconfirm: r.id.startsWith('ORG-'),
    });
  }
  await b.services.findings.recordRun({
    clientId: client.id,
    kind: 'domain',
    target: 'meadowbank-care.co.uk',
    source: 'dns+smtp',
    startedAt: '2025-11-01T09:00:00Z',
    finishedAt: '2025-11-01T09:00:05Z',
    findings: [
      ...[
        'dns.mx',
        'dns.spf',
        'dns.dkim',
        'dns.mta-sts',
        'dns.tls-rpt',
        'smtp.starttls',
        'smtp.tls-version',
        'smtp.cipher',
        'smtp.certificate',
      ].map((check) => ({ check: check as never, status: 'pass' as const, summary: 'ok' })),
      { check: 'dns.dmarc', status: 'pass', summary: 'DMARC policy is quarantine', data: { policy: 'quarantine' } },
    ],
  });
  b.clock.advance(3600_000);
  for (const role of ['ict-expert', 'clinical-safety-expert'] as const) {
    await b.call('assessment.signoff', {
      assessmentId: a.id,
      role,
      name: role,
      roleTitle: 'r',
      organisation: 'o',
      email: 'a@b.org',
      signature: { method: 'typed', text: role },
      confirm: true,
    });
  }
  return { client, a };
}

describe('accreditation outcome', () => {
  it('records submission and accreditation on a signed assessment, expiring one year later', async () => {
    const { a } = await signedCycle();
    await b.call('assessment.recordOutcome', { id: a.id, submittedOn: '2025-11-21' });
    const done = await b.call('assessment.recordOutcome', { id: a.id, accreditedOn: '2025-12-05' });
    expect(done).toMatchObject({ submittedOn: '2025-11-21', accreditedOn: '2025-12-05', expiresOn: '2026-12-05', status: 'signed' });
    await expect(b.call('assessment.recordOutcome', { id: a.id, accreditedOn: '2025-11-01' })).rejects.toMatchObject({
      code: 'invalid-input',
    });
  });

  it('refuses an outcome before sign-off', async () => {
    b = createTestBackend();
    const client = await b.call('client.create', sampleClientInput());
    const a = await b.call('assessment.create', { clientId: client.id, cycle: 2026 });
    await expect(b.call('assessment.recordOutcome', { id: a.id, submittedOn: '2026-01-01' })).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('renewal', () => {
  it('starts next year from last year: carries re-confirm answers, flags them until confirmed, keeps last year locked', async () => {
    const { client, a } = await signedCycle();
    await b.call('assessment.recordOutcome', { id: a.id, submittedOn: '2025-11-21', accreditedOn: '2025-12-05' });
    b.clock.current = new Date('2026-10-01T09:00:00Z');
    const next = await b.call('assessment.startRenewal', { fromAssessmentId: a.id });
    expect(next).toMatchObject({ cycle: 2026, status: 'draft', previousAssessmentId: a.id, plannedSubmissionDate: '2026-11-05' });

    const d = await b.call('assessment.get', { id: next.id });
    expect(d.responses.map((r) => r.requirementId).sort()).toEqual(['ORG-01', 'ORG-02', 'ORG-03', 'ORG-04']);
    expect(d.responses.every((r) => r.carriedFromCycle === 2025 && r.result === 'met')).toBe(true);
    expect(d.readiness.blockers.filter((x) => x.kind === 'carried-over').map((x) => x.requirementIds[0])).toEqual(['ORG-01', 'ORG-04']);

    // Saving an unchanged carried answer re-confirms it (and is audited as such).
    const carried = d.responses.find((r) => r.requirementId === 'ORG-01')!;
    const saved = await b.call('assessment.saveResponse', {
      assessmentId: next.id,
      requirementId: 'ORG-01',
      result: 'met',
      document: carried.document,
      reconfirm: true,
    });
    expect(saved.response.carriedFromCycle).toBeUndefined();
    expect((await b.call('audit.list', { clientId: client.id, limit: 1 }))[0]!.summary).toBe(
      '2026 ORG-01: re-confirmed the answer carried over from 2025',
    );

    const old = await b.call('assessment.get', { id: a.id });
    expect(old.assessment.status).toBe('signed');
    await expect(b.call('assessment.startRenewal', { fromAssessmentId: a.id })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('shows what changed between the two cycles', async () => {
    const { client, a } = await signedCycle();
    b.clock.current = new Date('2026-10-01T09:00:00Z');
    const next = await b.call('assessment.startRenewal', { fromAssessmentId: a.id });
    await b.call('assessment.saveResponse', {
      assessmentId: next.id,
      requirementId: 'ORG-01',
      result: 'met',
      document: doc('3.0'),
      reconfirm: true,
    });
    await b.call('assessment.saveResponse', { assessmentId: next.id, requirementId: 'ELIG-03', result: 'not-met' });
    await b.services.findings.recordRun({
      clientId: client.id,
      kind: 'domain',
      target: 'meadowbank-care.co.uk',
      source: 'dns+smtp',
      startedAt: '2026-10-01T09:00:00Z',
      finishedAt: '2026-10-01T09:00:05Z',
      findings: [
        { check: 'dns.dmarc', status: 'pass', summary: 'DMARC policy is reject', data: { policy: 'reject' } },
        { check: 'dns.spf', status: 'fail', summary: 'Two SPF records' },
      ],
    });
    const diff = await b.call('assessment.diff', { fromId: a.id, toId: next.id });
    expect(diff).toMatchObject({ from: 2025, to: 2026 });
    expect(diff.documents.map((x) => [x.requirementId, x.field, x.from, x.to])).toEqual([['ORG-01', 'document version', '2.0', '3.0']]);
    expect(diff.answers.find((x) => x.requirementId === 'ELIG-03')).toMatchObject({ from: 'met', to: 'not-met' });
    const dmarc = diff.findings.find((f) => f.check === 'dns.dmarc')!;
    expect(dmarc.data).toEqual([{ key: 'policy', from: 'quarantine', to: 'reject' }]);
    expect(diff.findings.find((f) => f.check === 'dns.spf')).toMatchObject({ from: 'pass', to: 'fail' });
    // Either order gives the same, older-to-newer answer.
    expect(await b.call('assessment.diff', { fromId: next.id, toId: a.id })).toEqual(diff);
  });
});
