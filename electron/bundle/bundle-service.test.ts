import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createTestBackend, type TestBackend } from '../../test/support/temp-backend';
import { TEST_PASSPHRASE, testPki } from '../../test/fixtures/pki';
import type { BundleSummary } from '../../shared/contract/statement';
import type { EventPayload } from '../../shared/contract/events';
import { prepareAssessment, signOff, TEST_DETAILS, type Prepared } from '../../test/support/statement-fixture';

const work = mkdtempSync(join(tmpdir(), 'dcb-bundle-svc-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const rows = (b: TestBackend) => (b.services.db.prepare('SELECT COUNT(*) AS n FROM bundles').get() as { n: number }).n;
const bundleFiles = (b: TestBackend, clientId: string) => {
  try {
    return readdirSync(join(b.dataDir, 'bundles', clientId));
  } catch {
    return [];
  }
};

function unpack(zip: string, name: string): string {
  const dir = join(work, name);
  execFileSync('unzip', ['-q', '-o', zip, '-d', dir]);
  return dir;
}

const pdftext = (path: string) => execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });

async function uploadBytes(b: TestBackend, bytes: Buffer | Uint8Array, name: string) {
  return (await b.services.transfers.receive(Readable.from([Buffer.from(bytes)]), name)).uploadId;
}

describe('a signed assessment exported as an evidence bundle', () => {
  let b: TestBackend;
  let p: Prepared;
  let v1: BundleSummary;
  let v1Path: string;
  let v1Bytes: Buffer;

  beforeAll(async () => {
    b = createTestBackend();
    p = await prepareAssessment(b);
    await b.call('statement.saveDetails', { assessmentId: p.assessmentId, details: TEST_DETAILS });
    await signOff(b, p.assessmentId);
    v1 = await b.call('bundle.export', { assessmentId: p.assessmentId, operationId: 'export-op-1' });
    v1Path = join(b.dataDir, 'bundles', p.clientId, readdirSync(join(b.dataDir, 'bundles', p.clientId))[0]!);
    v1Bytes = readFileSync(v1Path);
  }, 120_000);
  afterAll(() => b.dispose());

  it('stores v1 under bundles/<client>/<cycle>-v1-<id>.zip with a row that matches the file', () => {
    expect(v1).toMatchObject({
      assessmentId: p.assessmentId,
      clientId: p.clientId,
      version: 1,
      sealed: false,
      sample: false,
      present: true,
      createdBy: 'Alex Consultant',
      fileName: expect.stringMatching(/^DCB1596-VN3K7-2026-v1-[0-9A-F]{8}\.zip$/),
      bundleId: expect.stringMatching(/^DCB1596-VN3K7-20261123-[0-9A-F]{8}$/),
    });
    expect(v1Path).toMatch(new RegExp(`bundles/${p.clientId}/2026-v1-${v1.bundleId!.slice(-8)}\\.zip$`));
    expect(v1.size).toBe(v1Bytes.length);
    expect(v1.sha256).toBe(sha(v1Bytes));
    // Nothing but the bundle in the folder: no temp file left behind.
    expect(bundleFiles(b, p.clientId)).toHaveLength(1);
  });

  it('unpacks to files that pass sha256sum -c, with the manifest hash the row records', () => {
    const dir = unpack(v1Path, 'v1');
    const r = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('statement.pdf: OK');
    expect(r.stdout).toMatch(/evidence\/Incident-procedure-v3-[0-9a-f]{12}\.pdf: OK/);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.contentsSha256).toBe(v1.manifestSha256);
    expect(manifest.contents.assessment).toEqual({ id: p.assessmentId, cycle: '2026' });
    expect(manifest.contents.signers.map((s: { name: string }) => s.name)).toEqual(['Alex Consultant', 'Dr Priya Shah']);
    const evidence = manifest.contents.files.find(
      (f: { role: string; sha256: string }) => f.role === 'evidence' && f.sha256 === sha(p.evidencePdf),
    );
    expect(evidence).toMatchObject({ sha256: sha(p.evidencePdf), requirementIds: ['ORG-01', 'ORG-04'] });
    expect(manifest.contents.files.some((f: { role: string }) => f.role === 'probe-snapshot')).toBe(true);
  });

  it('puts the client, ODS code, every requirement and both signatories in statement.pdf', () => {
    const dir = join(work, 'v1');
    const text = pdftext(join(dir, 'statement.pdf'));
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Meadowbank Care Ltd');
    expect(flat).toContain('VN3K7');
    for (const id of p.requirementIds) expect(text, id).toContain(id);
    expect(flat).toContain('Alex Consultant');
    expect(flat).toContain('Dr Priya Shah');
    expect(flat).toContain('Clinical Safety Officer');
    expect(flat).toContain(v1.manifestSha256);
    expect(flat).toContain('Standards Met');
    expect(flat).toContain('Recommended only; MTA-STS is');
    expect(flat).not.toMatch(/\bDRAFT\b/);
    // The evidence index and technical report travel with it.
    expect(pdftext(join(dir, 'evidence-index.pdf')).replace(/\s+/g, ' ')).toContain('Information security incident procedure');
    expect(pdftext(join(dir, 'technical-report.pdf'))).toContain('meadowbank-care.co.uk');
  });

  it('records the export in the audit trail, and the chain still verifies', async () => {
    const log = await b.call('audit.list', { clientId: p.clientId, limit: 1 });
    expect(log[0]).toMatchObject({
      action: 'bundle.export',
      entityId: v1.id,
      summary: expect.stringContaining('exported evidence bundle v1'),
    });
    expect((await b.call('audit.verify', {})).ok).toBe(true);
  });

  it('lists, downloads and writes the submission email for the bundle', async () => {
    expect(await b.call('bundle.list', { assessmentId: p.assessmentId })).toEqual([v1]);
    const d = await b.call('bundle.download', { bundleId: v1.id });
    expect(d.fileName).toBe(v1.fileName);
    expect(b.services.transfers.download(d.downloadId).path).toBe(v1Path);
    const mail = await b.call('bundle.submissionEmail', { bundleId: v1.id });
    expect(mail.to).toBe('feedback@nhs.net');
    expect(mail.subject).toBe('DCB1596 self-accreditation: Meadowbank Care Ltd (ODS VN3K7), 2026');
    for (const s of [v1.fileName, v1.sha256, v1.manifestSha256, 'VN3K7', 'Alex Consultant', 'Dr Priya Shah', 'Clinical safety expert'])
      expect(mail.body).toContain(s);
    const url = new URL(mail.mailto);
    expect(url.protocol).toBe('mailto:');
    expect(url.pathname).toBe('feedback@nhs.net');
    expect(decodeURIComponent(mail.mailto.split('body=')[1]!)).toBe(mail.body);
    expect(decodeURIComponent(/subject=([^&]*)/.exec(mail.mailto)![1]!)).toBe(mail.subject);
  });

  it('verifies the stored bundle, and names the member when one byte of it changes', async () => {
    const ok = await b.call('bundle.verify', { bundleId: v1.id });
    expect(ok).toMatchObject({ ok: true, fileName: v1.fileName, bundleId: v1.bundleId, sealed: false });
    expect(ok.checks.find((c) => c.id === 'workspace-record')?.status).toBe('pass');

    // One byte inside the stored (uncompressed) evidence PDF.
    const bad = Buffer.from(v1Bytes);
    const at = bad.indexOf(p.evidencePdf.subarray(200, 240));
    expect(at).toBeGreaterThan(0);
    bad[at + 5]! ^= 0x01;
    const r = await b.call('bundle.verify', { uploadId: await uploadBytes(b, bad, 'tampered.zip') });
    expect(r.ok).toBe(false);
    expect(r.fileName).toBe('tampered.zip');
    const failed = r.checks.filter((c) => c.status === 'fail');
    expect(failed.some((c) => /^evidence\/Incident-procedure-v3-[0-9a-f]{12}\.pdf$/.test(c.file ?? ''))).toBe(true);

    // The intact bytes as an upload are recognised as this workspace's v1.
    const same = await b.call('bundle.verify', { uploadId: await uploadBytes(b, v1Bytes, 'copy.zip') });
    expect(same.ok).toBe(true);
    expect(same.checks.find((c) => c.id === 'workspace-record')?.detail).toContain('v1');
  });

  it('reports verification progress through operation.progress', async () => {
    const seen: EventPayload<'operation.progress'>[] = [];
    const off = b.events.on((name, e) => {
      if (name === 'operation.progress') seen.push(e as EventPayload<'operation.progress'>);
    });
    await b.call('bundle.verify', { bundleId: v1.id, operationId: 'verify-op-1' });
    off();
    expect(seen.filter((e) => e.operationId === 'verify-op-1').at(-1)).toMatchObject({ finished: true, message: 'Verified' });
  });

  it('refuses to change the statement details of the signed assessment', async () => {
    await expect(b.call('statement.saveDetails', { assessmentId: p.assessmentId, details: TEST_DETAILS })).rejects.toMatchObject({
      code: 'locked',
    });
  });

  it('after unlock and new sign-offs exports v2 and leaves v1 byte for byte as it was', async () => {
    await b.call('assessment.unlock', { id: p.assessmentId, reason: 'DSPT republished' });
    await expect(b.call('bundle.export', { assessmentId: p.assessmentId })).rejects.toMatchObject({ code: 'conflict' });
    await b.call('statement.saveDetails', {
      assessmentId: p.assessmentId,
      details: { ...TEST_DETAILS, emailServiceProvider: 'Google Workspace (Gmail, Business Plus)' },
    });
    b.clock.advance(3_600_000);
    await signOff(b, p.assessmentId);
    const seen: EventPayload<'operation.progress'>[] = [];
    const off = b.events.on((name, e) => {
      if (name === 'operation.progress') seen.push(e as EventPayload<'operation.progress'>);
    });
    const v2 = await b.call('bundle.export', { assessmentId: p.assessmentId, operationId: 'export-op-2' });
    off();
    const messages = seen.filter((e) => e.operationId === 'export-op-2').map((e) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'Checking the evidence files',
        'Preparing the statement and reports',
        'Re-checking every file in the bundle',
      ]),
    );
    expect(seen.at(-1)).toMatchObject({ finished: true, message: expect.stringContaining('Exported DCB1596-VN3K7-2026-v2-') });
    expect(v2.version).toBe(2);
    expect(v2.fileName).toMatch(/^DCB1596-VN3K7-2026-v2-[0-9A-F]{8}\.zip$/);
    expect(v2.sha256).not.toBe(v1.sha256);
    expect(sha(readFileSync(v1Path))).toBe(v1.sha256);
    expect(bundleFiles(b, p.clientId).sort()).toEqual([`2026-v1-${v1.bundleId!.slice(-8)}.zip`, `2026-v2-${v2.bundleId!.slice(-8)}.zip`]);
    expect((await b.call('bundle.list', { assessmentId: p.assessmentId })).map((x) => x.version)).toEqual([2, 1]);
    const dir = unpack(join(b.dataDir, 'bundles', p.clientId, `2026-v2-${v2.bundleId!.slice(-8)}.zip`), 'v2');
    expect(pdftext(join(dir, 'statement.pdf'))).toContain('Business Plus');
  }, 120_000);
});

describe('sealing the statement', () => {
  let b: TestBackend;
  let p: Prepared;
  beforeAll(async () => {
    testPki();
    b = createTestBackend();
    p = await prepareAssessment(b);
    await b.call('statement.saveDetails', { assessmentId: p.assessmentId, details: TEST_DETAILS });
    await signOff(b, p.assessmentId);
  }, 120_000);
  afterAll(() => b.dispose());

  it('refuses a wrong passphrase clearly, leaving no bundle row or file, and keeps the certificate upload for a retry', async () => {
    const uploadId = await uploadBytes(b, testPki().valid.p12, 'consultant.p12');
    const wrong = 'not-the-passphrase-1234';
    const err = await b.call('bundle.export', { assessmentId: p.assessmentId, seal: { p12UploadId: uploadId, passphrase: wrong } }).then(
      () => undefined,
      (e: Error & { code: string }) => e,
    );
    expect(err).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/passphrase .*wrong/) });
    // The form marks the passphrase, not the file: the pick stays.
    expect((err as { issues?: { path: string }[] }).issues?.map((i) => i.path)).toEqual(['seal.passphrase']);
    expect(err!.message).not.toContain(wrong);
    expect(rows(b)).toBe(0);
    expect(bundleFiles(b, p.clientId)).toEqual([]);
    expect(readFileSync(join(b.dataDir, 'logs', readdirSync(join(b.dataDir, 'logs'))[0]!), 'utf8')).not.toContain(wrong);
    expect(() => b.services.transfers.upload(uploadId)).not.toThrow();
  });

  it('refuses an expired certificate', async () => {
    const uploadId = await uploadBytes(b, testPki().expired.p12, 'old.p12');
    await expect(
      b.call('bundle.export', { assessmentId: p.assessmentId, seal: { p12UploadId: uploadId, passphrase: TEST_PASSPHRASE } }),
    ).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('expired on 2024-12-31'),
      // The file is unusable: the form forgets the pick, and the backend has deleted the upload.
      issues: [{ path: 'seal.p12UploadId', message: expect.stringContaining('expired on 2024-12-31') }],
    });
    expect(rows(b)).toBe(0);
    expect(() => b.services.transfers.upload(uploadId)).toThrow();
    // Exporting with a pick whose upload is gone names the file field too, so the form asks for it again.
    await expect(
      b.call('bundle.export', { assessmentId: p.assessmentId, seal: { p12UploadId: uploadId, passphrase: TEST_PASSPHRASE } }),
    ).rejects.toMatchObject({
      code: 'invalid-input',
      issues: [{ path: 'seal.p12UploadId', message: expect.stringContaining('Choose it again') }],
    });
  });

  it('keeps the certificate upload when the export fails for another reason, so the retry with the same pick seals', async () => {
    const uploadId = await uploadBytes(b, testPki().valid.p12, 'consultant.p12');
    const path = b.services.blobs.path(sha(p.evidencePdf));
    const good = readFileSync(path);
    const bad = Buffer.from(good);
    bad[100]! ^= 0x01;
    writeFileSync(path, bad);
    const seal = { p12UploadId: uploadId, passphrase: TEST_PASSPHRASE };
    await expect(b.call('bundle.export', { assessmentId: p.assessmentId, seal })).rejects.toMatchObject({ code: 'integrity' });
    expect(rows(b)).toBe(0);
    expect(() => b.services.transfers.upload(uploadId)).not.toThrow();
    // What the refusal asks for: restore the file and run the integrity check. Then the same pick seals.
    writeFileSync(path, good);
    expect(await b.call('evidence.verify', { clientId: p.clientId })).toMatchObject({ ok: true });
    const v = await b.call('bundle.export', { assessmentId: p.assessmentId, seal });
    expect(v).toMatchObject({ sealed: true, version: 1 });
    // Used up once the bundle is written.
    expect(() => b.services.transfers.upload(uploadId)).toThrow();
    expect((await b.call('bundle.verify', { bundleId: v.id })).ok).toBe(true);
  }, 60_000);

  it('seals the statement so that pdfsig reports a valid whole-document signature and qpdf --check passes', async () => {
    const uploadId = await uploadBytes(b, testPki().valid.p12, 'consultant.p12');
    const v = await b.call('bundle.export', { assessmentId: p.assessmentId, seal: { p12UploadId: uploadId, passphrase: TEST_PASSPHRASE } });
    expect(v).toMatchObject({ sealed: true, sealSubject: 'Test Consultant (TEST ONLY), Brightwater IT Ltd', version: 2 });
    // The private key does not linger in the transfer folder.
    expect(() => b.services.transfers.upload(uploadId)).toThrow();
    const dir = unpack(b.services.bundles.get(v.id).path, 'sealed');
    const sig = spawnSync('pdfsig', ['-nocert', join(dir, 'statement.pdf')], { encoding: 'utf8' });
    const out = `${sig.stdout}${sig.stderr}`;
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Total document signed');
    expect(execFileSync('qpdf', ['--check', join(dir, 'statement.pdf')], { encoding: 'utf8' })).toContain(
      'No syntax or stream encoding errors found',
    );
    const r = await b.call('bundle.verify', { bundleId: v.id });
    expect(r.ok).toBe(true);
    expect(r.sealed).toBe(true);
    expect(r.checks.find((c) => c.id === 'statement-seal')?.status).toBe('pass');
    expect((await b.call('bundle.submissionEmail', { bundleId: v.id })).body).toContain('sealed with the certificate of Test Consultant');
  }, 60_000);
});

describe('before the statement is final', () => {
  let b: TestBackend;
  afterEach(() => b?.dispose());

  it('suggests details from the checklist and the route, and lists what is missing', async () => {
    b = createTestBackend();
    const p = await prepareAssessment(b, { route: 'o365' });
    const s = await b.call('statement.state', { assessmentId: p.assessmentId });
    expect(s.details).toBeNull();
    expect(s.suggested).toMatchObject({
      emailServiceProvider: 'Microsoft 365 (Exchange Online)',
      preparedBy: { name: 'Alex Consultant', organisation: 'Brightwater IT Ltd' },
    });
    // DSPT and data location are checklist answers (ELIG-03, TECH-08), never a second input here.
    expect(s.suggested).not.toHaveProperty('dspt');
    expect(s.suggested.dataLocation).not.toHaveProperty('processedOutsideUk');
    expect(s.final).toBe(false);
    expect(s.sample).toBe(false);
    expect(s.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['details', 'signOffs.ictExpert', 'signOffs.clinicalSafetyExpert']));
  });

  it('previews the statement as a DRAFT and refuses to export it', async () => {
    b = createTestBackend();
    const p = await prepareAssessment(b);
    const saved = await b.call('statement.saveDetails', { assessmentId: p.assessmentId, details: TEST_DETAILS });
    expect(saved.details).toMatchObject({ emailServiceProvider: 'Google Workspace (Gmail)' });
    expect(saved.issues.map((i) => i.path)).toEqual(['signOffs.ictExpert', 'signOffs.clinicalSafetyExpert']);
    const preview = await b.call('statement.preview', { assessmentId: p.assessmentId });
    expect(preview).toMatchObject({ draft: true, sample: false });
    expect(preview.pages).toBeGreaterThan(1);
    const file = join(work, 'draft.pdf');
    writeFileSync(file, Buffer.from(preview.pdfBase64, 'base64'));
    expect(pdftext(file)).toContain('DRAFT');
    await expect(b.call('bundle.export', { assessmentId: p.assessmentId })).rejects.toMatchObject({
      code: 'conflict',
      // The readiness model's words, the same the sign-off page shows.
      message: expect.stringContaining('Clinical safety expert sign-off is missing'),
    });
    expect(rows(b)).toBe(0);
    expect(existsSync(join(b.dataDir, 'bundles'))).toBe(false);
  });

  it('lets a sample client export a watermarked draft, which the email flags as not for submission', async () => {
    b = createTestBackend();
    const p = await prepareAssessment(b, { sample: true, legalName: 'Sample Care (sample)', odsCode: 'ZZ9Q1' });
    const preview = await b.call('statement.preview', { assessmentId: p.assessmentId });
    expect(preview).toMatchObject({ draft: true, sample: true });
    const v = await b.call('bundle.export', { assessmentId: p.assessmentId });
    expect(v).toMatchObject({ sample: true, version: 1 });
    const dir = unpack(b.services.bundles.get(v.id).path, 'sample');
    const text = pdftext(join(dir, 'statement.pdf'));
    expect(text).toContain('SAMPLE');
    expect(text).toContain('DRAFT');
    const mail = await b.call('bundle.submissionEmail', { bundleId: v.id });
    expect(mail.subject).toMatch(/^\[SAMPLE - NOT FOR SUBMISSION\]/);
    await expect(
      b.call('bundle.export', { assessmentId: p.assessmentId, seal: { p12UploadId: crypto.randomUUID(), passphrase: 'x' } }),
    ).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('cannot be sealed') });
  }, 60_000);

  it('refuses the export, naming the file, when an evidence file changed on disk', async () => {
    b = createTestBackend();
    const p = await prepareAssessment(b);
    await b.call('statement.saveDetails', { assessmentId: p.assessmentId, details: TEST_DETAILS });
    await signOff(b, p.assessmentId);
    const path = b.services.blobs.path(sha(p.evidencePdf));
    const bytes = readFileSync(path);
    bytes[100]! ^= 0x01;
    writeFileSync(path, bytes);
    await expect(b.call('bundle.export', { assessmentId: p.assessmentId })).rejects.toMatchObject({
      code: 'integrity',
      message: expect.stringContaining('Information security incident procedure'),
    });
    expect(rows(b)).toBe(0);
    expect(bundleFiles(b, p.clientId)).toEqual([]);
  });
});
