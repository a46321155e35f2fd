import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DETAILS, attachDeclaredEvidence } from '../../test/support/statement-fixture';
import { Readable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { createTestBackend, sampleClientInput, type TestBackend } from '../../test/support/temp-backend';

let b: TestBackend;
afterEach(() => b?.dispose());

const fullDoc = {
  title: 'Information security incident procedure',
  version: '3.0',
  date: '2026-10-01',
  approvedBy: 'Registered manager',
  approvalDate: '2026-10-03',
};
// A 1x1 transparent PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

async function setup(route: 'o365' | 'google' | 'self-managed' = 'google') {
  b = createTestBackend();
  await b.call('settings.update', { displayName: 'Alex Consultant' });
  const client = await b.call(
    'client.create',
    sampleClientInput({ route, contacts: [{ name: 'Sam Patel', email: 'sam.patel@meadowbank-care.co.uk' }] }),
  );
  const a = await b.call('assessment.create', { clientId: client.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });
  return { client, a };
}

// Answer every answerable requirement "met" with what readiness needs, so only sign-offs remain.
async function answerAll(assessmentId: string) {
  const d = await b.call('assessment.get', { id: assessmentId });
  for (const r of d.requirements.filter((q) => q.obligation !== 'INFO')) {
    const fields = Object.fromEntries(
      r.fields.map((f) => [
        f.key,
        f.type === 'date' ? '2026-10-01' : f.type === 'yes-no' ? 'no' : f.type === 'choice' ? f.options![0]! : 'value',
      ]),
    );
    await b.call('assessment.saveResponse', {
      assessmentId,
      requirementId: r.id,
      result: 'met',
      document: r.documentReference ? fullDoc : undefined,
      fields,
    });
  }
}

async function passingDomainRun(clientId: string, checks: string[]) {
  await b.services.findings.recordRun({
    clientId,
    kind: 'domain',
    target: 'meadowbank-care.co.uk',
    source: 'dns+smtp',
    startedAt: '2026-11-22T09:00:00Z',
    finishedAt: '2026-11-22T09:00:10Z',
    findings: checks.map((check) => ({ check: check as never, status: 'pass' as const, summary: `${check} ok` })),
  });
}

describe('assessments', () => {
  it('creates one assessment per client per cycle, on the active catalogue and the client route', async () => {
    const { client, a } = await setup('self-managed');
    expect(a).toMatchObject({
      cycle: 2026,
      status: 'draft',
      route: 'self-managed',
      catalogueVersion: '2026.12.0',
      plannedSubmissionDate: '2026-12-15',
    });
    await expect(b.call('assessment.create', { clientId: client.id, cycle: 2026 })).rejects.toMatchObject({ code: 'conflict' });
    const d = await b.call('assessment.get', { id: a.id });
    expect(d.requirements.some((r) => r.id === 'ICT-02')).toBe(true);
    expect(d.requirements.some((r) => r.id.startsWith('O365-'))).toBe(false);
    expect(d.readiness.ready).toBe(false);
  });

  it('refuses N/A without a justification and saves nothing', async () => {
    const { a } = await setup();
    const r = await b.dispatch('assessment.saveResponse', { assessmentId: a.id, requirementId: 'ORG-04', result: 'not-applicable' });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', issues: [{ path: 'naJustification', message: 'Explain why this does not apply' }] },
    });
    expect((await b.call('assessment.get', { id: a.id })).responses).toEqual([]);
  });

  it('refuses requirements of another route, information items and unknown fields', async () => {
    const { a } = await setup('google');
    await expect(b.call('assessment.saveResponse', { assessmentId: a.id, requirementId: 'O365-03', result: 'met' })).rejects.toMatchObject({
      code: 'invalid-input',
    });
    await expect(b.call('assessment.saveResponse', { assessmentId: a.id, requirementId: 'ELIG-06', result: 'met' })).rejects.toMatchObject({
      message: expect.stringContaining('information only'),
    });
    await expect(
      b.call('assessment.saveResponse', { assessmentId: a.id, requirementId: 'ELIG-03', result: 'met', fields: { colour: 'red' } }),
    ).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('updates readiness as answers, document details and findings arrive', async () => {
    const { client, a } = await setup();
    const first = await b.call('assessment.saveResponse', { assessmentId: a.id, requirementId: 'ORG-01', result: 'met' });
    expect(first.readiness.blockers.map((x) => x.message)).toContain(
      'ORG-01 document details missing: document title, version, document date, approved by (role), approval date',
    );
    const second = await b.call('assessment.saveResponse', {
      assessmentId: a.id,
      requirementId: 'ORG-01',
      result: 'met',
      document: fullDoc,
    });
    // The document details are there; what ORG-01 still lacks is the file that is that document. ORG-01 is a
    // SHOULD item (catalogue 2026.12.0), so that gap warns rather than blocks.
    expect(second.readiness.blockers.filter((x) => x.requirementIds.includes('ORG-01'))).toEqual([]);
    expect(second.readiness.warnings.filter((x) => x.requirementIds.includes('ORG-01')).map((x) => x.kind)).toEqual(['evidence-required']);

    await b.services.findings.recordRun({
      clientId: client.id,
      kind: 'domain',
      target: 'meadowbank-care.co.uk',
      source: 'dns+smtp',
      startedAt: '2026-11-22T09:00:00Z',
      finishedAt: '2026-11-22T09:00:10Z',
      findings: [{ check: 'dns.dmarc', status: 'fail', target: '_dmarc.meadowbank-care.co.uk', summary: 'DMARC policy is none' }],
    });
    const d = await b.call('assessment.get', { id: a.id });
    expect(d.readiness.blockers.find((x) => x.kind === 'check-failed')).toMatchObject({ check: 'dns.dmarc', requirementIds: ['TECH-02'] });
    expect(d.findings).toEqual([expect.objectContaining({ check: 'dns.dmarc', status: 'fail', kind: 'domain' })]);
  });

  it('audits every answer with old and new values', async () => {
    const { client, a } = await setup();
    await b.call('assessment.saveResponse', {
      assessmentId: a.id,
      requirementId: 'ORG-04',
      result: 'partially-met',
      notes: 'Draft policy',
    });
    await b.call('assessment.saveResponse', {
      assessmentId: a.id,
      requirementId: 'ORG-04',
      result: 'met',
      notes: 'Draft policy',
      owner: 'Sam',
    });
    const log = await b.call('audit.list', { clientId: client.id });
    expect(log[0]).toMatchObject({
      action: 'response.update',
      actor: 'Alex Consultant',
      summary: '2026 ORG-04: Partially met → Met; edited owner',
    });
    expect(log[0]!.changes).toEqual([
      { field: 'result', from: 'partially-met', to: 'met' },
      { field: 'owner', from: null, to: 'Sam' },
    ]);
    expect((await b.call('audit.verify', {})).ok).toBe(true);
  });

  it('goes draft → ready → signed (locked), refuses edits, and unlocks with an audited reason', async () => {
    const { client, a } = await setup('google');
    await expect(b.call('assessment.setStatus', { id: a.id, status: 'ready' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('still block'),
    });
    await answerAll(a.id);
    await passingDomainRun(client.id, [
      'dns.mx',
      'dns.spf',
      'dns.dmarc',
      'dns.dkim',
      'dns.mta-sts',
      'dns.tls-rpt',
      'smtp.starttls',
      'smtp.tls-version',
      'smtp.cipher',
      'smtp.certificate',
    ]);
    await attachDeclaredEvidence(b, client.id, a.id);
    await b.call('statement.saveDetails', { assessmentId: a.id, details: TEST_DETAILS });
    const ready = await b.call('assessment.setStatus', { id: a.id, status: 'ready' });
    expect(ready.status).toBe('ready');

    const signer = { assessmentId: a.id, organisation: 'Meadowbank Care Ltd', confirm: true as const };
    await b.call('assessment.signoff', {
      ...signer,
      role: 'ict-expert',
      name: 'Alex Consultant',
      roleTitle: 'IT consultant',
      email: 'alex@example.org',
      signature: { method: 'typed', text: 'Alex Consultant' },
    });
    expect((await b.call('assessment.get', { id: a.id })).assessment.status).toBe('ready');
    const signed = await b.call('assessment.signoff', {
      ...signer,
      role: 'clinical-safety-expert',
      name: 'Dr Priya Shah',
      roleTitle: 'Clinical Safety Officer',
      email: 'priya@example.org',
      signature: { method: 'drawn', pngBase64: PNG },
    });
    expect(signed).toMatchObject({ status: 'signed', lockedAt: expect.any(String) });
    expect((await b.call('assessment.signatureImage', { assessmentId: a.id, role: 'clinical-safety-expert' })).pngBase64).toBe(PNG);

    const edit = await b.dispatch('assessment.saveResponse', { assessmentId: a.id, requirementId: 'ORG-04', result: 'not-met' });
    expect(edit).toMatchObject({ ok: false, error: { code: 'locked', message: expect.stringContaining('signed and locked') } });
    await expect(
      b.call('assessment.update', { id: a.id, revision: signed.revision, plannedSubmissionDate: '2027-01-01' }),
    ).rejects.toMatchObject({ code: 'locked' });

    const unlocked = await b.call('assessment.unlock', { id: a.id, reason: 'Policy version corrected' });
    expect(unlocked).toMatchObject({ status: 'draft' });
    expect((await b.call('assessment.get', { id: a.id })).signoffs).toEqual([]);
    const log = await b.call('audit.list', { clientId: client.id, limit: 3 });
    expect(log[0]).toMatchObject({ action: 'assessment.unlock', summary: expect.stringContaining('Policy version corrected') });
    expect(
      (
        await b.call('assessment.saveResponse', {
          assessmentId: a.id,
          requirementId: 'ORG-04',
          result: 'met',
          document: fullDoc,
          notes: 'v3.1',
        })
      ).response.notes,
    ).toBe('v3.1');
  });

  it('refuses a sign-off while items still block, and a drawn signature that is not a PNG', async () => {
    const { a } = await setup();
    const base = {
      assessmentId: a.id,
      role: 'ict-expert' as const,
      name: 'A',
      roleTitle: 'IT',
      organisation: 'O',
      email: 'a@b.org',
      confirm: true as const,
    };
    await expect(b.call('assessment.signoff', { ...base, signature: { method: 'typed', text: 'A' } })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(
      b.call('assessment.signoff', {
        ...base,
        signature: { method: 'drawn', pngBase64: Buffer.from('GIF89a'.repeat(30)).toString('base64') },
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('not a PNG') });
    expect(await b.dispatch('assessment.signoff', { ...base, confirm: false, signature: { method: 'typed', text: 'A' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
  });

  it('follows a route change of the client only when asked', async () => {
    const { client, a } = await setup('google');
    await b.call('client.update', { id: client.id, revision: client.revision, fields: sampleClientInput({ route: 'o365' }) });
    const d = await b.call('assessment.get', { id: a.id });
    expect(d).toMatchObject({ clientRoute: 'o365', assessment: { route: 'google' } });
    await b.call('assessment.syncRoute', { id: a.id });
    expect((await b.call('assessment.get', { id: a.id })).requirements.some((r) => r.id === 'O365-03')).toBe(true);
  });
});

describe('catalogue files', () => {
  const builtIn = JSON.parse(readFileSync('resources/catalogue/dcb1596.json', 'utf8'));
  const upload = async (content: unknown, name = 'catalogue.json') =>
    (
      await b.services.transfers.receive(
        Readable.from([Buffer.from(typeof content === 'string' ? content : JSON.stringify(content))]),
        name,
      )
    ).uploadId;

  it('loads a newer catalogue, makes it active, and keeps old assessments on their version', async () => {
    const { client, a } = await setup();
    const next = structuredClone(builtIn);
    next.version = '2027.1.0';
    next.requirements.find((r: { id: string }) => r.id === 'ORG-04').title = 'Staff email policy (2027 wording)';
    const loaded = await b.call('catalogue.load', { uploadId: await upload(next) });
    expect(loaded).toMatchObject({ version: '2027.1.0', active: true, source: 'file' });
    expect((await b.call('assessment.get', { id: a.id })).requirements.find((r) => r.id === 'ORG-04')!.title).toBe(
      'Staff policy, including email to insecure recipients',
    );
    const a2 = await b.call('assessment.create', { clientId: client.id, cycle: 2027 });
    expect(a2.catalogueVersion).toBe('2027.1.0');
    expect((await b.call('catalogue.list', {})).map((c) => [c.version, c.active])).toEqual([
      ['2027.1.0', true],
      ['2026.12.0', false],
    ]);
    b = b.restart();
    expect((await b.call('catalogue.get', {})).version).toBe('2027.1.0');
  });

  it.each([
    ['not JSON', '{ nope', /not valid JSON/],
    [
      'an unknown check ID',
      (() => {
        const c = structuredClone(builtIn);
        c.version = '2027.2.0';
        c.requirements[c.requirements.findIndex((r: { id: string }) => r.id === 'TECH-02')].checks = ['dns.dmark'];
        return c;
      })(),
      /requirements\[\d+\] \(TECH-02\) › checks\.0: Unknown check ID/,
    ],
    [
      'a duplicate ID',
      (() => {
        const c = structuredClone(builtIn);
        c.version = '2027.3.0';
        c.requirements[1].id = 'ELIG-01';
        return c;
      })(),
      /Duplicate requirement ID ELIG-01/,
    ],
    [
      'the same version with other content',
      (() => {
        const c = structuredClone(builtIn);
        c.title = 'Changed';
        return c;
      })(),
      /already loaded with different content/,
    ],
  ])('refuses %s and keeps the current catalogue', async (_label, content, message) => {
    await setup();
    const r = await b.dispatch('catalogue.load', { uploadId: await upload(content) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(message);
    expect((await b.call('catalogue.list', {})).map((c) => c.version)).toEqual(['2026.12.0']);
    expect((await b.call('catalogue.get', {})).version).toBe('2026.12.0');
  });
});
