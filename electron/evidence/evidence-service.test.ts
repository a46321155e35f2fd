import { afterEach, describe, expect, it, vi } from 'vitest';
import { readdirSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createTestBackend, sampleClientInput, type TestBackend } from '../../test/support/temp-backend';
import { samplePdf, samplePng, sampleDocx, sampleJson, sampleText } from '../../test/fixtures/evidence/samples';
import type { EvidenceImportInput } from '../../shared/contract/evidence';
import { AppError } from '../backend/app-error';

let b: TestBackend;
afterEach(() => b?.dispose());

// The test clock reads 2026-11-23.
async function setup(route: 'o365' | 'google' | 'self-managed' = 'self-managed') {
  b = createTestBackend();
  await b.call('settings.update', { displayName: 'Alex Consultant' });
  const client = await b.call('client.create', sampleClientInput({ route }));
  const a = await b.call('assessment.create', { clientId: client.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });
  return { client, a };
}

async function upload(bytes: Buffer | string, name: string) {
  return (await b.services.transfers.receive(Readable.from([Buffer.from(bytes)]), name)).uploadId;
}

async function add(clientId: string, bytes: Buffer | string, name: string, meta: Partial<EvidenceImportInput> = {}) {
  return b.call('evidence.import', {
    clientId,
    uploadId: await upload(bytes, name),
    title: meta.title ?? name,
    kind: meta.kind ?? 'policy',
    ...meta,
  } as EvidenceImportInput);
}

const storedFiles = () => {
  try {
    return readdirSync(b.services.blobs.dir).filter((f) => !f.startsWith('.'));
  } catch {
    return [];
  }
};
const tmpFiles = () => {
  try {
    return readdirSync(`${b.services.blobs.dir}/.tmp`);
  } catch {
    return [];
  }
};
const rowCount = (table: string) => (b.services.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const auditActions = async (clientId: string) => (await b.call('audit.list', { clientId, limit: 100 })).map((e) => e.action);

// Pretend both sign-offs were given: the locking rules are what is under test here, not the sign-off flow
// (covered in assessments-service.test.ts).
function lock(assessmentId: string, at = b.clock.now().toISOString()) {
  b.services.db.prepare("UPDATE assessments SET status = 'signed', locked_at = ? WHERE id = ?").run(at, assessmentId);
}

describe('import', () => {
  it('stores the file by content hash with its metadata, sniffed type and an audit entry', async () => {
    const { client } = await setup();
    const pdf = await samplePdf();
    const e = await add(client.id, pdf, 'Pen test 2026.pdf', {
      title: 'Penetration test — Example Security',
      kind: 'pen-test',
      owner: 'IT lead',
      issueDate: '2026-06-01',
      documentVersion: '1.0',
      approvedBy: 'Registered manager',
      approvalDate: '2026-06-10',
      collectedAt: '2026-05-28',
    });
    expect(e).toMatchObject({
      title: 'Penetration test — Example Security',
      kind: 'pen-test',
      owner: 'IT lead',
      source: 'manual-upload',
      versionCount: 1,
      current: {
        version: 1,
        size: pdf.length,
        originalName: 'Pen test 2026.pdf',
        sniffedType: 'pdf',
        extensionMismatch: false,
        collectedAt: '2026-05-28',
        addedAt: '2026-11-23T09:00:00.000Z',
        addedBy: 'Alex Consultant',
        issueDate: '2026-06-01',
        documentVersion: '1.0',
        approvedBy: 'Registered manager',
        approvalDate: '2026-06-10',
        integrity: 'ok',
        pinnedBy: [],
      },
      freshness: { freshness: 'current', validUntil: '2027-06-01', referenceDate: '2026-11-23' },
    });
    expect(storedFiles()).toEqual([e.current.sha256]);
    expect(readFileSync(b.services.blobs.path(e.current.sha256)).equals(pdf)).toBe(true);
    const audit = await b.call('audit.list', { clientId: client.id, limit: 5 });
    expect(audit[0]).toMatchObject({ action: 'evidence.add', entityId: e.id, actor: 'Alex Consultant' });
    expect(audit[0]!.summary).toContain('Penetration test — Example Security');
    expect(audit[0]!.changes).toEqual(expect.arrayContaining([{ field: 'sha256', from: null, to: e.current.sha256 }]));
    expect((await b.call('audit.verify', { clientId: client.id })).ok).toBe(true);
  });

  it('defaults collectedAt to today and discards the upload once recorded', async () => {
    const { client } = await setup();
    const uploadId = await upload('policy text', 'policy.txt');
    const e = await b.call('evidence.import', { clientId: client.id, uploadId, title: 'Policy', kind: 'policy' });
    expect(e.current.collectedAt).toBe('2026-11-23');
    expect(() => b.services.transfers.upload(uploadId)).toThrow(/not found/);
  });

  it('dedupes identical content across items and keeps one stored file', async () => {
    const { client } = await setup();
    const pdf = await samplePdf();
    const one = await add(client.id, pdf, 'a.pdf', { title: 'Copy A' });
    const two = await add(client.id, pdf, 'b.pdf', { title: 'Copy B', kind: 'procedure' });
    expect(one.id).not.toBe(two.id);
    expect(one.current.sha256).toBe(two.current.sha256);
    expect(storedFiles()).toEqual([one.current.sha256]);
    expect(rowCount('evidence_versions')).toBe(2);
  });

  it('flags a file whose content does not match its extension, and says so in the audit trail', async () => {
    const { client } = await setup();
    const e = await add(client.id, await sampleDocx(), 'Breach procedure.pdf', { title: 'Breach procedure' });
    expect(e.current).toMatchObject({ sniffedType: 'docx', extensionMismatch: true, originalName: 'Breach procedure.pdf' });
    const [entry] = await b.call('audit.list', { clientId: client.id, limit: 1 });
    expect(entry!.summary).toContain('does not match its file extension');
  });

  it('keeps a hostile file name as metadata only: the stored path is the hash', async () => {
    const { client } = await setup();
    const e = await add(client.id, 'x', '../../etc/passwd\u0007.txt', { title: 'Odd name' });
    expect(e.current.originalName).toBe('passwd_.txt');
    expect(b.services.blobs.path(e.current.sha256).endsWith(`/evidence/${e.current.sha256}`)).toBe(true);
    expect(storedFiles()).toEqual([e.current.sha256]);
  });
});

describe('bad input leaves no trace', () => {
  it('refuses a file over the configured limit before storing anything', async () => {
    const { client } = await setup();
    const settings = await b.call('settings.get', {});
    await b.call('settings.update', { ...settings, evidence: { maxFileMegabytes: 1 } });
    const big = Buffer.alloc(1024 * 1024 + 1, 0x41);
    const r = await b.dispatch('evidence.import', {
      clientId: client.id,
      uploadId: await upload(big, 'huge.txt'),
      title: 'Huge',
      kind: 'other',
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringContaining('larger than the 1 MB limit') },
    });
    expect(storedFiles()).toEqual([]);
    expect(rowCount('evidence_items')).toBe(0);
    // Exactly at the limit is accepted.
    await add(client.id, Buffer.alloc(1024 * 1024, 0x41), 'ok.txt');
    expect(rowCount('evidence_items')).toBe(1);
  });

  it('refuses an empty file', async () => {
    const { client } = await setup();
    const r = await b.dispatch('evidence.import', {
      clientId: client.id,
      uploadId: await upload('', 'empty.pdf'),
      title: 'E',
      kind: 'other',
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('empty') } });
    expect(storedFiles()).toEqual([]);
  });

  it('refuses an unknown upload ID', async () => {
    const { client } = await setup();
    const r = await b.dispatch('evidence.import', {
      clientId: client.id,
      uploadId: '2b8f3c1e-1111-4222-8333-444455556666',
      title: 'Ghost',
      kind: 'policy',
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('uploaded file') } });
    expect(
      await b.dispatch('evidence.import', { clientId: client.id, uploadId: '../../etc/passwd', title: 'x', kind: 'policy' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
  });

  it('refuses dates in the future and an expiry before the issue date, naming the fields', async () => {
    const { client } = await setup();
    const r = await b.dispatch('evidence.import', {
      clientId: client.id,
      uploadId: await upload('x', 'x.txt'),
      title: 'X',
      kind: 'policy',
      issueDate: '2027-02-01',
      approvalDate: '2027-03-01',
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(!r.ok && r.error.issues?.map((i) => i.path)).toEqual(['issueDate', 'approvalDate']);
    const order = await b.dispatch('evidence.import', {
      clientId: client.id,
      uploadId: await upload('x', 'x.txt'),
      title: 'X',
      kind: 'policy',
      issueDate: '2026-02-01',
      expiryDate: '2026-01-01',
    });
    expect(!order.ok && order.error.issues).toEqual([{ path: 'expiryDate', message: 'The expiry date is before the issue date' }]);
    expect(storedFiles()).toEqual([]);
  });

  it('a stream that fails mid-import leaves no partial file and no rows', async () => {
    const { client } = await setup();
    const put = b.services.blobs.put.bind(b.services.blobs);
    vi.spyOn(b.services.blobs, 'put').mockImplementation(async (_source, opts) => {
      const failing = new Readable({
        read() {
          this.push(Buffer.alloc(64 * 1024, 1));
          this.destroy(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
        },
      });
      return put(failing, opts);
    });
    const r = await b.dispatch('evidence.import', {
      clientId: client.id,
      uploadId: await upload('data', 'a.txt'),
      title: 'A',
      kind: 'other',
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('disk is full') } });
    expect(storedFiles()).toEqual([]);
    expect(tmpFiles()).toEqual([]);
    expect(rowCount('evidence_items') + rowCount('evidence_versions')).toBe(0);
    expect(await auditActions(client.id)).not.toContain('evidence.add');
  });

  it('a database failure after the file was stored removes the file it created, but never one already in use', async () => {
    const { client } = await setup();
    const kept = await add(client.id, 'shared bytes', 'kept.txt', { title: 'Kept' });
    b.services.db.exec(`CREATE TRIGGER fail_versions BEFORE INSERT ON evidence_versions BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    const fresh = await b.dispatch('evidence.import', {
      clientId: client.id,
      uploadId: await upload('new bytes', 'new.txt'),
      title: 'New',
      kind: 'other',
    });
    expect(fresh.ok).toBe(false);
    const dup = await b.dispatch('evidence.import', {
      clientId: client.id,
      uploadId: await upload('shared bytes', 'dup.txt'),
      title: 'Dup',
      kind: 'other',
    });
    expect(dup.ok).toBe(false);
    expect(storedFiles()).toEqual([kept.current.sha256]);
    expect(rowCount('evidence_items')).toBe(1);
    expect((await b.call('audit.verify', { clientId: client.id })).ok).toBe(true);
  });
});

describe('versions', () => {
  it('a new version supersedes the previous one and keeps it; an identical file is refused', async () => {
    const { client, a } = await setup();
    const v1 = await add(client.id, 'policy v1', 'policy-v1.txt', {
      title: 'Email policy',
      issueDate: '2025-01-10',
      documentVersion: '1.0',
    });
    await b.call('evidence.link', { evidenceId: v1.id, assessmentId: a.id, requirementId: 'ORG-04' });
    const v2 = await b.call('evidence.addVersion', {
      evidenceId: v1.id,
      uploadId: await upload('policy v2', 'policy-v2.txt'),
      issueDate: '2026-01-10',
      documentVersion: '2.0',
      note: 'Annual review',
    });
    expect(v2.versionCount).toBe(2);
    expect(v2.current).toMatchObject({ version: 2, documentVersion: '2.0', note: 'Annual review', originalName: 'policy-v2.txt' });
    expect(v2.versions.map((v) => [v.version, v.supersededAt ?? null])).toEqual([
      [2, null],
      [1, '2026-11-23T09:00:00.000Z'],
    ]);
    expect(storedFiles().sort()).toEqual([v1.current.sha256, v2.current.sha256].sort());
    // The old version stays readable.
    const old = await b.call('evidence.preview', { id: v1.id, versionId: v1.current.id });
    expect(old).toEqual({ kind: 'text', text: 'policy v1', truncated: false });

    const same = await b.dispatch('evidence.addVersion', { evidenceId: v1.id, uploadId: await upload('policy v2', 'again.txt') });
    expect(same).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('identical to the current version (v2)') },
    });
    expect(await auditActions(client.id)).toContain('evidence.version');
    // The link follows the item: the requirement now shows v2.
    const [entry] = await b.call('evidence.forRequirement', { assessmentId: a.id, requirementId: 'ORG-04' });
    expect(entry!.version.version).toBe(2);
    expect(entry!.versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it('a signed assessment keeps the version it was signed with, and freezes what it relies on', async () => {
    const { client, a } = await setup();
    const e = await add(client.id, 'cert 2025', 'iso-2025.pdf', {
      title: 'ISO 27001 certificate',
      kind: 'iso27001-certificate',
      issueDate: '2026-01-05',
      expiryDate: '2027-01-05',
    });
    await b.call('evidence.link', { evidenceId: e.id, assessmentId: a.id, requirementId: 'ICT-01' });
    lock(a.id);
    b.clock.advance(24 * 3600 * 1000);
    const v2 = await b.call('evidence.addVersion', {
      evidenceId: e.id,
      uploadId: await upload('cert 2026', 'iso-2026.pdf'),
      issueDate: '2026-11-01',
    });
    expect(v2.frozenBy).toEqual([2026]);
    expect(v2.versions.find((v) => v.version === 1)!.pinnedBy).toEqual([2026]);
    expect(v2.current.pinnedBy).toEqual([]);
    const [entry] = await b.call('evidence.forRequirement', { assessmentId: a.id, requirementId: 'ICT-01' });
    expect(entry!.version.version).toBe(1);
    expect(b.services.evidence.statesForAssessment(a.id, '2026-12-15')).toEqual([
      // Judged on v1 (expires 2027-01-05): 21 days left after the planned submission (v2 has no expiry date).
      {
        requirementId: 'ICT-01',
        evidenceId: e.id,
        title: 'ISO 27001 certificate',
        kind: 'iso27001-certificate',
        fileName: 'iso-2025.pdf',
        freshness: 'expiring',
        expiresAt: '2027-01-05',
      },
    ]);

    const rename = await b.dispatch('evidence.update', {
      id: e.id,
      revision: v2.revision,
      title: 'Renamed',
      kind: 'iso27001-certificate',
      issueDate: '2026-11-01',
    });
    expect(rename).toMatchObject({ ok: false, error: { code: 'locked', message: expect.stringContaining('signed 2026 assessment') } });
    // The new version is not part of the signed assessment: its dates may still be corrected; owner and notes always.
    const ok = await b.call('evidence.update', {
      id: e.id,
      revision: v2.revision,
      title: 'ISO 27001 certificate',
      kind: 'iso27001-certificate',
      owner: 'Provider',
      issueDate: '2026-11-02',
    });
    expect(ok.current.issueDate).toBe('2026-11-02');
    expect(await b.dispatch('evidence.unlink', { evidenceId: e.id, assessmentId: a.id, requirementId: 'ICT-01' })).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
  });

  it('refuses to edit the dates of a version a signed assessment relies on', async () => {
    const { client, a } = await setup();
    const e = await add(client.id, 'pen', 'pen.pdf', { title: 'Pen test', kind: 'pen-test', issueDate: '2026-03-01' });
    await b.call('evidence.link', { evidenceId: e.id, assessmentId: a.id, requirementId: 'ICT-02' });
    lock(a.id);
    const r = await b.dispatch('evidence.update', {
      id: e.id,
      revision: e.revision,
      title: 'Pen test',
      kind: 'pen-test',
      issueDate: '2026-09-01',
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'locked', message: expect.stringContaining('Add a new version instead') } });
  });
});

describe('metadata updates', () => {
  it('edits with optimistic concurrency and records the field changes', async () => {
    const { client } = await setup();
    const e = await add(client.id, 'p', 'p.txt', { title: 'Policy', owner: 'A' });
    const u = await b.call('evidence.update', {
      id: e.id,
      revision: e.revision,
      title: 'Email policy',
      kind: 'policy',
      owner: 'B',
      expiryDate: '2027-06-30',
    });
    expect(u).toMatchObject({ title: 'Email policy', owner: 'B', revision: e.revision + 1, current: { expiryDate: '2027-06-30' } });
    const [entry] = await b.call('audit.list', { clientId: client.id, limit: 1 });
    expect(entry).toMatchObject({ action: 'evidence.update' });
    expect(entry!.changes).toEqual(
      expect.arrayContaining([
        { field: 'title', from: 'Policy', to: 'Email policy' },
        { field: 'owner', from: 'A', to: 'B' },
        { field: 'expiryDate', from: null, to: '2027-06-30' },
      ]),
    );
    const stale = await b.dispatch('evidence.update', { id: e.id, revision: e.revision, title: 'X', kind: 'policy' });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // Saving the same values again changes nothing and writes no audit entry.
    const count = (await auditActions(client.id)).length;
    await b.call('evidence.update', {
      id: e.id,
      revision: u.revision,
      title: 'Email policy',
      kind: 'policy',
      owner: 'B',
      expiryDate: '2027-06-30',
    });
    expect((await auditActions(client.id)).length).toBe(count);
  });
});

describe('links', () => {
  it('one item supports several requirements in two assessments; links are checked against each assessment', async () => {
    const { client, a: a2026 } = await setup('google');
    const a2025 = await b.call('assessment.create', { clientId: client.id, cycle: 2025, plannedSubmissionDate: '2025-12-01' });
    const e = await add(client.id, 'procedure', 'breach.txt', { title: 'Breach procedure', kind: 'procedure' });
    await b.call('evidence.link', { evidenceId: e.id, assessmentId: a2026.id, requirementId: 'ORG-01' });
    await b.call('evidence.link', { evidenceId: e.id, assessmentId: a2026.id, requirementId: 'ORG-04' });
    const linked = await b.call('evidence.link', { evidenceId: e.id, assessmentId: a2025.id, requirementId: 'ORG-01' });
    // Linking twice is a no-op.
    await b.call('evidence.link', { evidenceId: e.id, assessmentId: a2025.id, requirementId: 'ORG-01' });
    expect(linked.links.map((l) => `${l.cycle} ${l.requirementId}`)).toEqual(['2026 ORG-01', '2026 ORG-04', '2025 ORG-01']);
    expect((await b.call('evidence.forRequirement', { assessmentId: a2025.id, requirementId: 'ORG-01' })).map((x) => x.item.id)).toEqual([
      e.id,
    ]);
    expect(await b.call('evidence.forRequirement', { assessmentId: a2025.id, requirementId: 'ORG-04' })).toEqual([]);
    expect((await auditActions(client.id)).filter((x) => x === 'evidence.link')).toHaveLength(3);

    const unlinked = await b.call('evidence.unlink', { evidenceId: e.id, assessmentId: a2026.id, requirementId: 'ORG-04' });
    expect(unlinked.links.map((l) => `${l.cycle} ${l.requirementId}`)).toEqual(['2026 ORG-01', '2025 ORG-01']);
    expect((await b.call('evidence.list', { clientId: client.id })).length).toBe(1);

    // ICT-02 is not on the Google route; another client's assessment is refused.
    expect(await b.dispatch('evidence.link', { evidenceId: e.id, assessmentId: a2026.id, requirementId: 'ICT-02' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringContaining('not part of the 2026 assessment') },
    });
    const other = await b.call('client.create', sampleClientInput({ legalName: 'Other', odsCode: 'ZZ9', domains: ['other.org.uk'] }));
    const otherA = await b.call('assessment.create', { clientId: other.id, cycle: 2026 });
    expect(await b.dispatch('evidence.link', { evidenceId: e.id, assessmentId: otherA.id, requirementId: 'ORG-01' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: 'That assessment belongs to another client.' },
    });
  });

  it('attaching evidence sends a "ready for sign-off" assessment back to draft', async () => {
    const { client, a } = await setup();
    b.services.db.prepare("UPDATE assessments SET status = 'ready' WHERE id = ?").run(a.id);
    const e = await add(client.id, 'p', 'p.txt', { title: 'Policy' });
    await b.call('evidence.link', { evidenceId: e.id, assessmentId: a.id, requirementId: 'ORG-04' });
    const after = await b.call('assessment.get', { id: a.id });
    expect(after.assessment.status).toBe('draft');
    expect(after.assessment.revision).toBe(a.revision + 1);
  });

  it('import can attach straight to a requirement, in the same transaction', async () => {
    const { client, a } = await setup();
    const e = await add(client.id, 'x', 'x.txt', { title: 'Policy', link: { assessmentId: a.id, requirementId: 'ORG-04' } });
    expect(e.links.map((l) => l.requirementId)).toEqual(['ORG-04']);
    const bad = await b.dispatch('evidence.import', {
      clientId: client.id,
      uploadId: await upload('y', 'y.txt'),
      title: 'Y',
      kind: 'policy',
      link: { assessmentId: a.id, requirementId: 'O365-03' },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(rowCount('evidence_items')).toBe(1);
  });
});

describe('readiness through assessment.get', () => {
  it('an expired pen test blocks; a document expiring 45 days after submission warns', async () => {
    const { client, a } = await setup('self-managed');
    // Planned submission 2026-12-15. A pen test dated 2025-12-01 is more than 12 months old by then.
    const pen = await add(client.id, await samplePdf(), 'pen-2025.pdf', {
      title: 'Pen test 2025',
      kind: 'pen-test',
      issueDate: '2025-12-01',
    });
    const policy = await add(client.id, 'policy', 'policy.txt', { title: 'Email policy', kind: 'policy', expiryDate: '2027-01-29' });
    await b.call('evidence.link', { evidenceId: pen.id, assessmentId: a.id, requirementId: 'ICT-02' });
    await b.call('evidence.link', { evidenceId: policy.id, assessmentId: a.id, requirementId: 'ORG-04' });

    const d = await b.call('assessment.get', { id: a.id });
    expect(d.readiness.blockers).toContainEqual(
      expect.objectContaining({
        kind: 'evidence-expired',
        requirementIds: ['ICT-02'],
        message: 'Evidence “Pen test 2025” for ICT-02 has expired (2026-12-01)',
      }),
    );
    expect(d.readiness.warnings).toContainEqual(
      expect.objectContaining({
        kind: 'evidence-expiring',
        requirementIds: ['ORG-04'],
        message: 'Evidence “Email policy” for ORG-04 expires soon (2027-01-29)',
      }),
    );
    // Today the pen test still counts (until 1 Dec): the library says "expiring", the assessment says "expired".
    const [entry] = await b.call('evidence.forRequirement', { assessmentId: a.id, requirementId: 'ICT-02' });
    expect(entry!.item.freshness).toMatchObject({ freshness: 'expiring', referenceDate: '2026-11-23' });
    expect(entry!.freshness).toMatchObject({ freshness: 'expired', referenceDate: '2026-12-15', validUntil: '2026-12-01' });

    // A new version with a recent test clears the blocker.
    await b.call('evidence.addVersion', {
      evidenceId: pen.id,
      uploadId: await upload(await samplePdf('Retest'), 'pen-2026.pdf'),
      issueDate: '2026-10-20',
    });
    const after = await b.call('assessment.get', { id: a.id });
    expect(after.readiness.blockers.filter((x) => x.kind === 'evidence-expired')).toEqual([]);
    // Moving the planned submission past the policy's expiry turns its warning into a blocker.
    await b.call('assessment.update', { id: a.id, revision: after.assessment.revision, plannedSubmissionDate: '2027-02-01' });
    const later = await b.call('assessment.get', { id: a.id });
    expect(later.readiness.blockers).toContainEqual(expect.objectContaining({ kind: 'evidence-expired', requirementIds: ['ORG-04'] }));
  });
});

describe('integrity', () => {
  it('detects an edited and a deleted file by name; they show as missing and block readiness and export', async () => {
    const { client, a } = await setup('google');
    const policy = await add(client.id, 'email policy v1', 'policy.txt', { title: 'Email policy' });
    const proc = await add(client.id, await samplePdf(), 'breach.pdf', { title: 'Breach procedure', kind: 'procedure' });
    const shot = await add(client.id, samplePng(), 'mfa.png', { title: 'MFA screenshot', kind: 'screenshot' });
    await b.call('evidence.link', { evidenceId: policy.id, assessmentId: a.id, requirementId: 'ORG-04' });
    await b.call('evidence.link', { evidenceId: proc.id, assessmentId: a.id, requirementId: 'ORG-01' });
    expect(await b.call('evidence.verify', { clientId: client.id })).toMatchObject({ ok: true, checkedFiles: 3, problems: [] });
    expect((await b.services.evidence.verifyForExport(a.id)).files.map((f) => [f.title, f.requirementIds])).toEqual([
      ['Breach procedure', ['ORG-01']],
      ['Email policy', ['ORG-04']],
    ]);

    // Change one byte (same size: only a re-hash can tell), and delete another file.
    const p = b.services.blobs.path(policy.current.sha256);
    writeFileSync(p, 'email policy v2');
    rmSync(b.services.blobs.path(proc.current.sha256));

    const events: unknown[] = [];
    b.events.on((name, payload) => name === 'operation.progress' && events.push(payload));
    const report = await b.call('evidence.verify', { clientId: client.id, operationId: 'verify-test-1' });
    expect(report.ok).toBe(false);
    expect(report.problems.map((x) => [x.title, x.status, x.requirementIds])).toEqual([
      ['Breach procedure', 'missing', ['2026 ORG-01']],
      ['Email policy', 'altered', ['2026 ORG-04']],
    ]);
    expect(report.problems[1]!.message).toBe(
      '“Email policy” (v1, policy.txt): the stored file was changed after it was added — its SHA-256 no longer matches.',
    );
    expect(events.at(-1)).toMatchObject({ operationId: 'verify-test-1', finished: true });
    const [entry] = await b.call('audit.list', { clientId: client.id, limit: 1 });
    expect(entry).toMatchObject({ action: 'evidence.verify' });
    expect(entry!.summary).toContain('2 of 3 evidence file versions missing or altered');

    const listed = await b.call('evidence.list', { clientId: client.id, freshness: 'missing' });
    expect(listed.map((e) => e.title)).toEqual(['Breach procedure', 'Email policy']);
    const d = await b.call('assessment.get', { id: a.id });
    expect(
      d.readiness.blockers
        .filter((x) => x.kind === 'evidence-missing')
        .map((x) => x.requirementIds[0])
        .sort(),
    ).toEqual(['ORG-01', 'ORG-04']);

    const check = await b.services.evidence.verifyForExport(a.id);
    expect(check.ok).toBe(false);
    expect(check.files).toEqual([]);
    expect(check.problems.map((x) => x.title)).toEqual(['Breach procedure', 'Email policy']);
    const thrown = await b.services.evidence.assertExportable(a.id).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('integrity');
    expect((thrown as AppError).message).toContain('“Breach procedure” (v1, breach.pdf)');
    expect(await b.call('evidence.preview', { id: policy.id })).toMatchObject({ kind: 'text' });
    expect(await b.call('evidence.preview', { id: shot.id })).toMatchObject({ kind: 'image' });

    // Restoring the bytes and re-checking clears it.
    writeFileSync(p, 'email policy v1');
    await b.call('evidence.verify', { clientId: client.id });
    expect((await b.call('evidence.get', { id: policy.id })).current.integrity).toBe('ok');
  });

  it('a truncated file is reported at once, without waiting for a full re-hash', async () => {
    const { client } = await setup();
    const e = await add(client.id, 'some policy text', 'p.txt', { title: 'Policy' });
    writeFileSync(b.services.blobs.path(e.current.sha256), 'some');
    expect((await b.call('evidence.get', { id: e.id })).freshness.freshness).toBe('missing');
  });

  it('preview never shows an image or PDF whose bytes changed', async () => {
    const { client } = await setup();
    const e = await add(client.id, samplePng(), 'shot.png', { title: 'Shot', kind: 'screenshot' });
    const p = b.services.blobs.path(e.current.sha256);
    const bytes = readFileSync(p);
    bytes[bytes.length - 5] ^= 0xff;
    writeFileSync(p, bytes);
    expect(await b.call('evidence.preview', { id: e.id })).toMatchObject({
      kind: 'none',
      reason: expect.stringContaining('changed on disk'),
    });
  });
});

describe('previews and downloads', () => {
  it('sends images and PDFs whole, text as text, and nothing for other types', async () => {
    const { client } = await setup();
    const pdf = await samplePdf();
    const ePdf = await add(client.id, pdf, 'r.pdf', { title: 'R' });
    const ePng = await add(client.id, samplePng(), 's.png', { title: 'S' });
    const eTxt = await add(client.id, sampleText(), 't.txt', { title: 'T' });
    const eJson = await add(client.id, sampleJson(), 'j.json', { title: 'J' });
    const eDocx = await add(client.id, await sampleDocx(), 'd.docx', { title: 'D' });
    expect(await b.call('evidence.preview', { id: ePdf.id })).toEqual({ kind: 'pdf', base64: pdf.toString('base64') });
    expect(await b.call('evidence.preview', { id: ePng.id })).toMatchObject({ kind: 'image', mimeType: 'image/png' });
    expect(await b.call('evidence.preview', { id: eTxt.id })).toEqual({ kind: 'text', text: sampleText().toString(), truncated: false });
    expect(await b.call('evidence.preview', { id: eJson.id })).toMatchObject({ kind: 'text' });
    expect(await b.call('evidence.preview', { id: eDocx.id })).toMatchObject({
      kind: 'none',
      reason: expect.stringContaining('Word document'),
    });

    const d = await b.call('evidence.download', { id: ePdf.id });
    expect(d.fileName).toBe('r.pdf');
    const registered = b.services.transfers.download(d.downloadId);
    expect(readFileSync(registered.path).equals(pdf)).toBe(true);
    expect(registered.mimeType).toBe('application/pdf');
  });
});

describe('library list filters', () => {
  it('filters by kind, freshness, expiry window and text', async () => {
    const { client } = await setup();
    await add(client.id, 'a', 'a.txt', { title: 'Old pen test', kind: 'pen-test', issueDate: '2025-10-01' });
    await add(client.id, 'b', 'b.txt', { title: 'Recent pen test', kind: 'pen-test', issueDate: '2026-10-01' });
    await add(client.id, 'c', 'c.txt', { title: 'Policy due soon', kind: 'policy', expiryDate: '2027-01-10' });
    await add(client.id, 'd', 'meadow-notes.txt', { title: 'Undated note', kind: 'other', owner: 'Sam' });
    const titles = async (f: Record<string, string>) => (await b.call('evidence.list', { clientId: client.id, ...f })).map((e) => e.title);
    expect(await titles({})).toEqual(['Old pen test', 'Policy due soon', 'Recent pen test', 'Undated note']);
    expect(await titles({ kind: 'pen-test' })).toEqual(['Old pen test', 'Recent pen test']);
    expect(await titles({ freshness: 'expired' })).toEqual(['Old pen test']);
    expect(await titles({ freshness: 'expiring' })).toEqual(['Policy due soon']);
    expect(await titles({ expiry: 'next-60-days' })).toEqual(['Policy due soon']);
    expect(await titles({ expiry: 'next-12-months' })).toEqual(['Policy due soon', 'Recent pen test']);
    expect(await titles({ expiry: 'no-expiry' })).toEqual(['Undated note']);
    expect(await titles({ search: 'MEADOW' })).toEqual(['Undated note']);
    expect(await titles({ search: 'sam' })).toEqual(['Undated note']);
    expect(await titles({ search: '100%_' })).toEqual([]);
  });
});

describe('probe snapshots become evidence', () => {
  it('stores each run as a version of one item per target, linked to the requirements its checks feed', async () => {
    const { client, a } = await setup('o365');
    const a2025 = await b.call('assessment.create', { clientId: client.id, cycle: 2025, plannedSubmissionDate: '2025-12-01' });
    lock(a2025.id, '2025-12-01T10:00:00Z');
    const run = (finishedAt: string) =>
      b.services.findings.recordRun({
        clientId: client.id,
        kind: 'domain',
        target: 'meadowbank-care.co.uk',
        source: 'dns+smtp',
        startedAt: finishedAt,
        finishedAt,
        findings: [
          { check: 'dns.dmarc', status: 'pass', summary: 'DMARC policy is reject' },
          { check: 'dns.spf', status: 'pass', summary: 'SPF ok' },
        ],
        snapshot: { fileName: 'domain-checks.json', bytes: JSON.stringify({ at: finishedAt, dmarc: 'v=DMARC1; p=reject' }) },
      });
    const first = await run('2026-11-20T10:00:00Z');
    const [item] = await b.call('evidence.list', { clientId: client.id, kind: 'probe-snapshot' });
    expect(item).toMatchObject({
      title: 'Mail-domain checks — meadowbank-care.co.uk',
      source: 'dns',
      current: {
        version: 1,
        collectedAt: '2026-11-20T10:00:00Z',
        probeRunId: first.id,
        sniffedType: 'json',
        originalName: 'domain-checks.json',
      },
      freshness: { freshness: 'current', validUntil: '2027-11-20' },
    });
    // DMARC feeds TECH-02 (and O365 has no other DMARC item); SPF feeds TECH-03. The signed 2025 assessment is untouched.
    expect(item!.links.map((l) => `${l.cycle} ${l.requirementId}`).sort()).toEqual(['2026 TECH-02', '2026 TECH-03']);
    expect(a.status).toBe('draft');

    await run('2026-11-22T10:00:00Z');
    const again = await b.call('evidence.list', { clientId: client.id, kind: 'probe-snapshot' });
    expect(again).toHaveLength(1);
    expect(again[0]!.current).toMatchObject({ version: 2, collectedAt: '2026-11-22T10:00:00Z' });
    expect(again[0]!.links).toHaveLength(2);
    expect(await auditActions(client.id)).toContain('evidence.probe-snapshot');
    // Manual versions are refused for automatic items.
    expect(await b.dispatch('evidence.addVersion', { evidenceId: again[0]!.id, uploadId: await upload('x', 'x.json') })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });

  it('a tenant probe from the customer script is labelled as such', async () => {
    const { client } = await setup('o365');
    await b.services.findings.recordRun({
      clientId: client.id,
      kind: 'tenant',
      target: 'meadowbank.onmicrosoft.com',
      source: 'graph+customer-script',
      startedAt: '2026-11-21T09:00:00Z',
      finishedAt: '2026-11-21T09:01:00Z',
      findings: [{ check: 'mfa.enforced', status: 'pass', summary: 'MFA enforced by Conditional Access' }],
      snapshot: { fileName: 'tenant.json', bytes: '{"mfa":true}' },
    });
    const [item] = await b.call('evidence.list', { clientId: client.id });
    expect(item).toMatchObject({ title: 'Microsoft 365 tenant probe — meadowbank.onmicrosoft.com', source: 'customer-script' });
    expect(item!.links.map((l) => l.requirementId)).toEqual(['O365-03']);
  });
});
