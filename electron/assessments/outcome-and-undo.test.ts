import { afterEach, describe, expect, it } from 'vitest';
import { createTestBackend, type TestBackend } from '../../test/support/temp-backend';
import { TEST_DETAILS, prepareAssessment, signOff } from '../../test/support/statement-fixture';

// The outcome rule (shared/domain/outcome.ts) as stored, and undoing a renewal nothing was entered in.
let b: TestBackend;
afterEach(() => b?.dispose());

async function signed() {
  b = createTestBackend();
  const p = await prepareAssessment(b);
  await b.call('statement.saveDetails', { assessmentId: p.assessmentId, details: TEST_DETAILS });
  await signOff(b, p.assessmentId);
  return p;
}

describe('outcome: sent, queried with findings, fixed, re-submitted, accredited', () => {
  it('walks the NHS team query through to accreditation, one year later to the day', async () => {
    const { assessmentId: id } = await signed();
    const sent = await b.call('assessment.outcomeEvent', { id, event: { kind: 'send', on: '2026-11-01' } });
    expect(sent.outcome).toMatchObject({ stage: 'sent', allowed: ['query', 'accredit', 'reject', 'clear'] });
    const q = await b.call('assessment.outcomeEvent', {
      id,
      event: { kind: 'query', on: '2026-11-05', findings: ['DMARC policy is p=none', 'Incident procedure is unsigned'] },
    });
    expect(q.outcome).toMatchObject({ stage: 'queried', openFindings: 2, summary: 'Queried — 2 findings to fix' });
    // The portfolio reads the same rule: a queried statement is work to do, not a wait on the NHS.
    expect((await b.call('portfolio.overview', {})).rows[0]).toMatchObject({
      status: 'in-progress',
      current: { outcome: 'Queried — 2 findings to fix' },
    });
    await expect(b.call('assessment.outcomeEvent', { id, event: { kind: 'resubmit', on: '2026-11-10' } })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('2 findings'),
    });
    for (const f of q.outcome.findings) await b.call('assessment.resolveOutcomeFinding', { id, findingId: f.id, resolved: true });
    const re = await b.call('assessment.outcomeEvent', { id, event: { kind: 'resubmit', on: '2026-11-10' } });
    expect(re.outcome).toMatchObject({ stage: 'resubmitted', resubmittedOn: '2026-11-10', openFindings: 0 });
    expect((await b.call('portfolio.overview', {})).rows[0]).toMatchObject({ status: 'awaiting-outcome' });
    const acc = await b.call('assessment.outcomeEvent', { id, event: { kind: 'accredit', on: '2026-11-20' } });
    expect(acc).toMatchObject({ accreditedOn: '2026-11-20', expiresOn: '2027-11-20', outcome: { stage: 'accredited' } });
    const portfolio = await b.call('portfolio.overview', {});
    expect(portfolio.rows[0]).toMatchObject({ status: 'accredited', expiresOn: '2027-11-20' });
  });

  it('records a rejection with its reason, and refuses moves the rule does not allow', async () => {
    const { assessmentId: id } = await signed();
    await expect(b.call('assessment.outcomeEvent', { id, event: { kind: 'accredit', on: '2026-11-01' } })).rejects.toMatchObject({
      message: expect.stringContaining('not possible now'),
    });
    await b.call('assessment.outcomeEvent', { id, event: { kind: 'send', on: '2026-11-01' } });
    await expect(b.call('assessment.outcomeEvent', { id, event: { kind: 'reject', on: '2026-10-01', reason: 'x' } })).rejects.toMatchObject(
      {
        message: expect.stringContaining('before the previous step'),
      },
    );
    await expect(
      b.call('assessment.outcomeEvent', { id, event: { kind: 'reject', on: '2026-11-02', reason: '  ' } }),
    ).rejects.toMatchObject({
      code: 'invalid-input',
    });
    const r = await b.call('assessment.outcomeEvent', { id, event: { kind: 'reject', on: '2026-11-02', reason: 'No TLS on the MX' } });
    expect(r.outcome).toMatchObject({ stage: 'rejected', rejectionReason: 'No TLS on the MX', summary: 'Rejected — No TLS on the MX' });
    const cleared = await b.call('assessment.outcomeEvent', { id, event: { kind: 'clear' } });
    expect(cleared.outcome.stage).toBe('not-sent');
    expect(cleared.submittedOn).toBeUndefined();
  });

  it('refuses any outcome before both sign-offs, and hostile input gets a clear error', async () => {
    b = createTestBackend();
    const p = await prepareAssessment(b);
    await expect(
      b.call('assessment.outcomeEvent', { id: p.assessmentId, event: { kind: 'send', on: '2026-11-01' } }),
    ).rejects.toMatchObject({ code: 'conflict' });
    for (const event of [{ kind: 'query', on: '2026-11-01', findings: [] }, { kind: 'explode' }, { kind: 'send', on: '01/11/2026' }, null])
      await expect(b.dispatch('assessment.outcomeEvent', { id: p.assessmentId, event })).resolves.toMatchObject({
        ok: false,
        error: { code: 'invalid-input' },
      });
  });
});

describe('undo a renewal', () => {
  it('deletes an untouched renewal, keeps last year and the evidence, and logs it', async () => {
    const { assessmentId, clientId } = await signed();
    const next = await b.call('assessment.startRenewal', {
      fromAssessmentId: assessmentId,
      cycle: 2027,
      plannedSubmissionDate: '2027-10-01',
    });
    expect(next).toMatchObject({ cycle: 2027, plannedSubmissionDate: '2027-10-01', renewalUndoable: true });
    const evidenceBefore = (await b.call('evidence.list', { clientId })).length;
    await expect(b.call('assessment.undoRenewal', { id: next.id })).resolves.toMatchObject({
      cycle: 2027,
      previousAssessmentId: assessmentId,
    });
    expect((await b.call('assessment.list', { clientId })).map((a) => a.cycle)).toEqual([2026]);
    expect((await b.call('evidence.list', { clientId })).length).toBe(evidenceBefore);
    const rows = b.services.db.prepare("SELECT summary FROM audit_log WHERE action = 'assessment.renewalUndone'").all();
    expect(rows).toEqual([{ summary: 'Undid the 2027 renewal before anything was entered in it' }]);
  });

  it('refuses once an answer was entered, naming what, and deletes nothing', async () => {
    const { assessmentId, clientId } = await signed();
    const next = await b.call('assessment.startRenewal', { fromAssessmentId: assessmentId });
    await b.call('assessment.saveResponse', { assessmentId: next.id, requirementId: 'ORG-01', result: 'met' });
    expect((await b.call('assessment.get', { id: next.id })).assessment.renewalUndoable).toBe(false);
    await expect(b.call('assessment.undoRenewal', { id: next.id })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('1 answer'),
    });
    expect((await b.call('assessment.list', { clientId })).length).toBe(2);
  });

  it('refuses for a first assessment, which is not a renewal', async () => {
    const { assessmentId } = await signed();
    await expect(b.call('assessment.undoRenewal', { id: assessmentId })).rejects.toMatchObject({ code: 'invalid-input' });
  });
});
