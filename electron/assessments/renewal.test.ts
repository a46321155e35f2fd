import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EvidenceKind } from '../../shared/domain/evidence-kinds';
import { createTestBackend, sampleClientInput, type TestBackend } from '../../test/support/temp-backend';
import { TEST_DETAILS, attachDeclaredEvidence } from '../../test/support/statement-fixture';

let b: TestBackend;
afterEach(() => b?.dispose());

const doc = (version: string) => ({
  title: 'Incident procedure',
  version,
  date: '2025-10-01',
  approvedBy: 'Registered manager',
  approvalDate: '2025-10-03',
});

async function signedCycle(
  route: 'google' | 'self-managed' = 'google',
  beforeSignoff?: (clientId: string, assessmentId: string) => Promise<void>,
) {
  b = createTestBackend();
  b.clock.current = new Date('2025-11-01T09:00:00Z');
  const client = await b.call(
    'client.create',
    sampleClientInput({ route, contacts: [{ name: 'Sam Patel', email: 'sam.patel@meadowbank-care.co.uk' }] }),
  );
  const a = await b.call('assessment.create', { clientId: client.id, cycle: 2025, plannedSubmissionDate: '2025-11-20' });
  const d = await b.call('assessment.get', { id: a.id });
  for (const r of d.requirements.filter((q) => q.obligation !== 'INFO')) {
    const fields = Object.fromEntries(
      r.fields.map((f) => [
        f.key,
        f.type === 'date'
          ? f.notBeforeSubmission
            ? '2026-10-01'
            : '2025-10-01'
          : f.type === 'yes-no'
            ? f.key === 'scopeIncludesEmail'
              ? 'yes'
              : 'no'
            : f.type === 'choice'
              ? f.options![0]!
              : 'v',
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
  await beforeSignoff?.(client.id, a.id);
  // What the readiness model asks besides the answers: the declared evidence files and the statement details.
  await attachDeclaredEvidence(b, client.id, a.id);
  await b.call('statement.saveDetails', {
    assessmentId: a.id,
    details: {
      ...TEST_DETAILS,
      ...(route === 'self-managed'
        ? {
            ictProvider: {
              legalName: 'Northgate Hosting Ltd',
              serviceDescription: 'Hosted Exchange',
              signatory: { name: 'Raj Patel', role: 'Director', organisation: 'Northgate Hosting Ltd', date: '2025-10-30' },
            },
          }
        : {}),
    },
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

// Sent on 21 November, accredited on 5 December, through the outcome rule (shared/domain/outcome.ts).
async function accredit(id: string) {
  b.clock.current = new Date('2025-12-05T12:00:00Z');
  await b.call('assessment.outcomeEvent', { id, event: { kind: 'send', on: '2025-11-21' } });
  return b.call('assessment.outcomeEvent', { id, event: { kind: 'accredit', on: '2025-12-05' } });
}

describe('accreditation outcome', () => {
  it('records submission and accreditation on a signed assessment, expiring one year later', async () => {
    const { a } = await signedCycle();
    b.clock.current = new Date('2025-12-05T12:00:00Z');
    await b.call('assessment.outcomeEvent', { id: a.id, event: { kind: 'send', on: '2025-11-21' } });
    // Accreditation cannot come before the submission.
    await expect(b.call('assessment.outcomeEvent', { id: a.id, event: { kind: 'accredit', on: '2025-11-01' } })).rejects.toMatchObject({
      code: 'invalid-input',
    });
    const done = await b.call('assessment.outcomeEvent', { id: a.id, event: { kind: 'accredit', on: '2025-12-05' } });
    expect(done).toMatchObject({ submittedOn: '2025-11-21', accreditedOn: '2025-12-05', expiresOn: '2026-12-05', status: 'signed' });
  });

  it('refuses an outcome before sign-off', async () => {
    b = createTestBackend();
    const client = await b.call('client.create', sampleClientInput());
    const a = await b.call('assessment.create', { clientId: client.id, cycle: 2026 });
    await expect(b.call('assessment.outcomeEvent', { id: a.id, event: { kind: 'send', on: '2026-01-01' } })).rejects.toMatchObject({
      code: 'conflict',
    });
  });
});

describe('renewal', () => {
  it('starts next year from last year: carries re-confirm answers, flags them until confirmed, keeps last year locked', async () => {
    const { client, a } = await signedCycle();
    await accredit(a.id);
    b.clock.current = new Date('2026-10-01T09:00:00Z');
    const next = await b.call('assessment.startRenewal', { fromAssessmentId: a.id });
    expect(next).toMatchObject({ cycle: 2026, status: 'draft', previousAssessmentId: a.id, plannedSubmissionDate: '2026-11-05' });

    const d = await b.call('assessment.get', { id: next.id });
    expect(d.responses.map((r) => r.requirementId).sort()).toEqual(['ORG-01', 'ORG-02', 'ORG-03', 'ORG-04', 'ORG-07', 'ORG-08']);
    expect(d.responses.every((r) => r.carriedFromCycle === 2025 && r.result === 'met')).toBe(true);
    // Only MUST items block until re-confirmed: ORG-04 (ORG-01 is SHOULD since catalogue 2026.12.0, as its source says).
    expect(d.readiness.blockers.filter((x) => x.kind === 'carried-over').map((x) => x.requirementIds[0])).toEqual(['ORG-04']);

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
    expect(diff.documents.map((x) => [x.requirementId, x.field, x.from, x.to])).toEqual([['ORG-01', 'Document version', '2.0', '3.0']]);
    expect(diff.answers.find((x) => x.requirementId === 'ELIG-03')).toMatchObject({ from: 'met', to: 'not-met' });
    const dmarc = diff.findings.find((f) => f.check === 'dns.dmarc')!;
    expect(dmarc.data).toEqual([{ key: 'policy', from: 'quarantine', to: 'reject' }]);
    expect(diff.findings.find((f) => f.check === 'dns.spf')).toMatchObject({ from: 'pass', to: 'fail' });
    // Either order gives the same, older-to-newer answer.
    expect(await b.call('assessment.diff', { fromId: next.id, toId: a.id })).toEqual(diff);
  });
});

describe('renewal carries evidence', () => {
  async function addEvidence(clientId: string, title: string, kind: EvidenceKind, meta: { issueDate?: string; expiryDate?: string } = {}) {
    const { uploadId } = await b.services.transfers.receive(Readable.from([Buffer.from(`${title} body`)]), `${title}.txt`);
    return b.call('evidence.import', { clientId, uploadId, title, kind, source: 'manual-upload', ...meta });
  }

  // 2025 cycle (planned 2025-11-20, accredited 2025-12-05): a pen test from March 2025 (current then, more than
  // 12 months old by the 2026 submission), a policy with no expiry, and a note on a requirement that has since
  // become legacy (kept for old cycles, not part of new ones).
  async function cycleWithEvidence() {
    const ids: Record<string, string> = {};
    const { client, a } = await signedCycle('self-managed', async (clientId, assessmentId) => {
      const pen = await addEvidence(clientId, 'Pen test 2025', 'pen-test', { issueDate: '2025-03-01' });
      const policy = await addEvidence(clientId, 'Incident policy', 'policy', { issueDate: '2025-01-10' });
      const legacy = await addEvidence(clientId, 'Old note', 'other');
      await b.call('evidence.link', { evidenceId: pen.id, assessmentId, requirementId: 'ICT-02' });
      await b.call('evidence.link', { evidenceId: policy.id, assessmentId, requirementId: 'ORG-01' });
      await b.call('evidence.link', { evidenceId: policy.id, assessmentId, requirementId: 'ORG-04' });
      await b.call('evidence.link', { evidenceId: legacy.id, assessmentId, requirementId: 'ORG-06' });
      Object.assign(ids, { pen: pen.id, policy: policy.id, legacy: legacy.id });
    });
    await accredit(a.id);
    b.clock.current = new Date('2026-10-01T09:00:00Z');
    return { client, a, ids };
  }

  const linkRows = (assessmentId: string) =>
    b.services.db
      .prepare(
        'SELECT evidence_id, requirement_id, linked_at FROM evidence_links WHERE assessment_id = ? ORDER BY requirement_id, evidence_id',
      )
      .all(assessmentId);

  it('links last year’s evidence to the same requirements, judged at the new planned submission date', async () => {
    const { client, a, ids } = await cycleWithEvidence();
    const next = await b.call('assessment.startRenewal', { fromAssessmentId: a.id });
    expect(next.plannedSubmissionDate).toBe('2026-11-05');

    const states = b.services.evidence.statesForAssessment(next.id, next.plannedSubmissionDate);
    // This test's own files (the signed fixture also attaches the evidence each requirement declares).
    const own = new Set([ids.pen, ids.policy, ids.legacy]);
    const carried = states.filter((e) => own.has(e.evidenceId));
    expect(carried.map((e) => [e.requirementId, e.title, e.freshness]).sort()).toEqual([
      ['ICT-02', 'Pen test 2025', 'expired'],
      ['ORG-01', 'Incident policy', 'current'],
      ['ORG-04', 'Incident policy', 'current'],
    ]);
    // Every 2025 link whose requirement is still in the cycle comes over; only the legacy one does not.
    const links2025 = linkRows(a.id) as { requirement_id: string }[];
    expect(states).toHaveLength(links2025.length - 1);
    const expiredNow = states.filter((e) => e.freshness === 'expired').length;
    // The legacy requirement is not part of the new cycle, so its link stays with 2025 only.
    expect(carried.some((e) => e.evidenceId === ids.legacy)).toBe(false);

    const d = await b.call('assessment.get', { id: next.id });
    // The pen test no longer counts (the fixture's own DSPT evidence may also have lapsed by then).
    expect(d.readiness.blockers.filter((x) => x.kind === 'evidence-expired').flatMap((x) => x.requirementIds)).toContain('ICT-02');
    const [pen] = await b.call('evidence.forRequirement', { assessmentId: next.id, requirementId: 'ICT-02' });
    expect(pen).toMatchObject({ freshness: { freshness: 'expired', validUntil: '2026-03-01', referenceDate: '2026-11-05' } });

    const audit = await b.call('audit.list', { clientId: client.id, limit: 5 });
    expect(audit.map((e) => e.action)).toContain('evidence.carry-over');
    expect(audit.find((e) => e.action === 'evidence.carry-over')!.summary).toBe(
      `2026: carried ${states.length} evidence links over from 2025; ${expiredNow} no longer count${expiredNow === 1 ? 's' : ''} by the planned submission on 2026-11-05 and need${expiredNow === 1 ? 's' : ''} a new version; 1 not carried (already linked, or the requirement is no longer in this cycle)`,
    );
    expect(audit.find((e) => e.action === 'assessment.renewal')!.summary).toContain(`${states.length} evidence links carried over`);
  });

  it('leaves last year’s signed assessment exactly as it was, and a new version only counts for the new cycle', async () => {
    const { a, ids } = await cycleWithEvidence();
    const before = { row: b.services.db.prepare('SELECT * FROM assessments WHERE id = ?').get(a.id), links: linkRows(a.id) };
    const beforeStates = b.services.evidence.statesForAssessment(a.id, '2025-11-20');
    expect(beforeStates.find((e) => e.evidenceId === ids.pen)?.freshness).toBe('current');

    const next = await b.call('assessment.startRenewal', { fromAssessmentId: a.id });
    const { uploadId } = await b.services.transfers.receive(Readable.from([Buffer.from('Pen test 2026 body')]), 'pen-2026.txt');
    await b.call('evidence.addVersion', { evidenceId: ids.pen!, uploadId, issueDate: '2026-09-01' });

    expect(b.services.db.prepare('SELECT * FROM assessments WHERE id = ?').get(a.id)).toEqual(before.row);
    expect(linkRows(a.id)).toEqual(before.links);
    expect(b.services.evidence.statesForAssessment(a.id, '2025-11-20')).toEqual(beforeStates);
    expect(
      b.services.evidence.statesForAssessment(next.id, next.plannedSubmissionDate).find((e) => e.evidenceId === ids.pen),
    ).toMatchObject({
      freshness: 'current',
      expiresAt: '2027-09-01',
    });
  });

  it('is part of the renewal transaction: if carrying evidence fails, no new cycle is left behind', async () => {
    const { client, a } = await cycleWithEvidence();
    vi.spyOn(b.services.evidence, 'carryOver').mockImplementation(() => {
      throw new Error('disk full');
    });
    await expect(b.call('assessment.startRenewal', { fromAssessmentId: a.id })).rejects.toBeTruthy();
    expect((await b.call('assessment.list', { clientId: client.id })).map((x) => x.cycle)).toEqual([2025]);
    expect(b.services.db.prepare('SELECT COUNT(*) AS n FROM responses WHERE assessment_id <> ?').get(a.id)).toEqual({ n: 0 });
  });

  it('refuses to carry evidence into a signed assessment or across clients', async () => {
    const { a } = await cycleWithEvidence();
    const other = await b.call(
      'client.create',
      sampleClientInput({ odsCode: 'AB123', legalName: 'Other Care Ltd', domains: ['other-care.co.uk'] }),
    );
    const theirs = await b.call('assessment.create', { clientId: other.id, cycle: 2026 });
    expect(() => b.services.evidence.carryOver(a.id, theirs.id)).toThrow(/same client/);
    expect(linkRows(theirs.id)).toEqual([]);
    expect(() => b.services.evidence.carryOver(a.id, a.id)).toThrow(/signed and locked/);
  });
});
