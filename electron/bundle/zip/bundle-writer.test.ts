import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { TEST_PASSPHRASE, testPki } from '../../../test/fixtures/pki';
import type { AppError } from '../../backend/app-error';
import { createAtomicFile } from '../../files/atomic-write';
import { sampleEvidenceBytes, sampleStatementInput } from '../../../test/support/sample-statement';
import { SealError } from '../../documents/seal/seal';
import { writeBundle, type BundleResult, type WriteBundleInput } from './bundle-writer';
import { Manifest, contentsSha256 } from './manifest';
import { auditChain, memoryBlobs } from '../../../test/support/bundle-test-kit';

const root = mkdtempSync(join(tmpdir(), 'dcb-bundle-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirN = 0;
const freshDir = () => {
  const d = join(root, `out-${++dirN}`);
  mkdirSync(d);
  return d;
};
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const BUNDLE_ID = 'DCB1596-VN3K7-20260302-7F3A9C21';

function input(dir: string, over: Partial<WriteBundleInput> = {}): WriteBundleInput {
  return {
    model: sampleStatementInput(),
    blobs: memoryBlobs(),
    audit: [auditChain('7c1e2d9a-client', 12)],
    outPath: join(dir, 'DCB1596-VN3K7-2026-03-02.zip'),
    bundleId: BUNDLE_ID,
    seal: { p12: testPki().valid.p12, passphrase: TEST_PASSPHRASE },
    ...over,
  };
}

async function expectNothingWritten(dir: string, run: () => Promise<unknown>, message: RegExp): Promise<AppError> {
  let err: unknown;
  try {
    await run();
  } catch (e) {
    err = e;
  }
  expect(err, 'the export should have failed').toBeInstanceOf(Error);
  expect((err as Error).message).toMatch(message);
  expect(readdirSync(dir), 'no bundle and no temp file may be left behind').toEqual([]);
  return err as AppError;
}

describe('a sealed bundle', () => {
  const dir = freshDir();
  const unpacked = join(root, 'unpacked');
  let r: BundleResult;
  let manifest: Manifest;

  beforeAll(async () => {
    r = await writeBundle(input(dir));
    execFileSync('unzip', ['-q', r.path, '-d', unpacked]);
    manifest = Manifest.parse(JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8')));
  }, 60_000);

  it('is written under the requested name, verified, and nothing else is left in the folder', () => {
    expect(r.fileName).toBe('DCB1596-VN3K7-2026-03-02.zip');
    expect(readdirSync(dir)).toEqual(['DCB1596-VN3K7-2026-03-02.zip']);
    expect(r.verification.ok).toBe(true);
    expect(r.sealed).toBe(true);
    expect(r.archiveSha256).toBe(sha(readFileSync(r.path)));
    expect(r.size).toBe(statSync(r.path).size);
  });

  it('passes `sha256sum -c SHA256SUMS` inside the unpacked bundle', () => {
    const out = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: unpacked, encoding: 'utf8' });
    const lines = out.trim().split('\n');
    expect(lines.length).toBe(r.fileCount - 1);
    for (const l of lines) expect(l).toMatch(/: OK$/);
    for (const f of ['statement.pdf', 'manifest.json', 'evidence-index.pdf', 'technical-report.pdf', 'audit-log.jsonl', 'VERIFY.txt'])
      expect(out).toContain(`${f}: OK`);
  });

  it('holds a statement that pdfsig and qpdf accept and that names the client, every requirement and both signatories', () => {
    const st = join(unpacked, 'statement.pdf');
    const sig = spawnSync('pdfsig', ['-nocert', st], { encoding: 'utf8' }).stdout;
    expect(sig).toContain('Signature is Valid.');
    expect(sig).toContain('Total document signed');
    for (const pdf of ['statement.pdf', 'evidence-index.pdf', 'technical-report.pdf'])
      expect(execFileSync('qpdf', ['--check', join(unpacked, pdf)], { encoding: 'utf8' })).toContain(
        'No syntax or stream encoding errors found',
      );
    const text = execFileSync('pdftotext', [st, '-'], { encoding: 'utf8' });
    const model = sampleStatementInput();
    for (const needle of [
      'Oakwood Care Homes Ltd',
      'VN3K7',
      'Daniel Okafor',
      'Dr Helen Marsh',
      BUNDLE_ID,
      r.contentsSha256,
      ...model.requirements.map((x) => x.id),
    ])
      expect(text, needle).toContain(needle);
  });

  it('binds the statement to the manifest: printed hash = contentsSha256 = SHA-256 of the embedded contents', () => {
    expect(manifest.contentsSha256).toBe(r.contentsSha256);
    expect(contentsSha256(manifest.contents)).toBe(r.contentsSha256);
    const out = join(root, 'bundle-contents.json');
    execFileSync('pdfdetach', ['-save', '1', '-o', out, join(unpacked, 'statement.pdf')]);
    expect(sha(readFileSync(out))).toBe(r.contentsSha256);
    expect(manifest.statement).toMatchObject({ path: 'statement.pdf', sha256: r.statementSha256, sealed: true });
    expect(manifest.statement.seal?.fingerprintSha256).toBe(testPki().valid.fingerprintSha256);
  });

  it('lists every file in the manifest with path, size, SHA-256 and role, plus the bundle facts', () => {
    const c = manifest.contents;
    expect(c).toMatchObject({
      bundleId: BUNDLE_ID,
      createdAt: '2026-03-02T14:30:00Z',
      appVersion: '0.1.0',
      catalogueVersion: '2026.1',
      assessment: { id: '7c1e2d9a-4b7f-4f4e-9a57-3d1f0c2b8e11', cycle: '2026' },
      client: { odsCode: 'VN3K7', route: 'o365' },
      sample: true,
      draft: false,
      audit: [{ chain: '7c1e2d9a-client', entries: 12 }],
    });
    expect(c.signers.map((s) => s.name)).toEqual(['Daniel Okafor', 'Dr Helen Marsh']);
    const onDisk = execFileSync('find', ['.', '-type', 'f'], { cwd: unpacked, encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((p) => p.slice(2))
      .sort();
    const listed = [...c.files.map((f) => f.path), 'statement.pdf', 'manifest.json', 'SHA256SUMS'].sort();
    expect(listed).toEqual(onDisk);
    for (const f of c.files) {
      const bytes = readFileSync(join(unpacked, f.path));
      expect(f.size, f.path).toBe(bytes.length);
      expect(f.sha256, f.path).toBe(sha(bytes));
    }
    const roles = Object.fromEntries(c.files.map((f) => [f.path, f.role]));
    expect(roles).toMatchObject({
      'evidence-index.pdf': 'evidence-index',
      'technical-report.pdf': 'technical-report',
      'audit-log.jsonl': 'audit-log',
    });
    const incident = c.files.find((f) => f.title === 'Information security incident procedure')!;
    expect(incident).toMatchObject({
      role: 'evidence',
      path: 'evidence/Incident-procedure-v3.2-282653118244.pdf',
      requirementIds: ['ORG-01'],
    });
    expect(c.files.filter((f) => f.role === 'probe-snapshot')).toHaveLength(3);
  });

  it('streams the evidence files byte for byte and writes the audit chain as JSON lines', () => {
    for (const [hash, bytes] of sampleEvidenceBytes()) {
      const f = manifest.contents.files.find((x) => x.sha256 === hash)!;
      expect(Buffer.compare(readFileSync(join(unpacked, f.path)), bytes)).toBe(0);
    }
    const lines = readFileSync(join(unpacked, 'audit-log.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(12);
    expect(JSON.parse(lines[11]!).hash).toBe(auditChain('7c1e2d9a-client', 12).head!.hash);
  });

  it('sorts entries, fixes their times and stores or deflates by type', () => {
    const info = execFileSync('zipinfo', [r.path], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => /^-rw/.test(l));
    const names = info.map((l) => l.split(/\s+/).slice(8).join(' '));
    expect(names).toEqual([...names].sort());
    for (const l of info) {
      expect(l).toContain('26-Mar-02');
      const name = l.split(/\s+/).slice(8).join(' ');
      expect(l, name).toContain(/\.(pdf|docx|xlsx)$/.test(name) ? ' stor ' : ' defN ');
    }
    expect(execFileSync('unzip', ['-z', r.path], { encoding: 'utf8' })).toMatch(
      /Archive SHA-256 \(bytes before this record\): [0-9a-f]{64}/,
    );
  });

  it('explains in VERIFY.txt how to check it by hand', () => {
    const v = readFileSync(join(unpacked, 'VERIFY.txt'), 'utf8');
    expect(v).toContain('sha256sum -c SHA256SUMS');
    expect(v).toContain('pdfsig statement.pdf');
    expect(v).toContain('npx dcb1596 verify');
    expect(v).toContain(testPki().valid.fingerprintSha256);
  });
});

describe('reproducible, never overwritten', () => {
  it('gives the same bytes for the same input, under a new version name', async () => {
    const dir = freshDir();
    const a = await writeBundle(input(dir));
    const firstBytes = readFileSync(a.path);
    const b = await writeBundle(input(dir));
    expect(b.fileName).toBe('DCB1596-VN3K7-2026-03-02-v2.zip');
    expect(b.archiveSha256).toBe(a.archiveSha256);
    expect(Buffer.compare(readFileSync(b.path), firstBytes)).toBe(0);
    expect(Buffer.compare(readFileSync(a.path), firstBytes)).toBe(0);
    const c = await writeBundle(input(dir, { bundleId: 'DCB1596-VN3K7-20260302-00000000' }));
    expect(c.fileName).toBe('DCB1596-VN3K7-2026-03-02-v3.zip');
    expect(c.archiveSha256).not.toBe(a.archiveSha256);
  });

  it('leaves an unrelated file with the same name untouched', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'DCB1596-VN3K7-2026-03-02.zip'), 'my own file');
    const r = await writeBundle(input(dir, { seal: undefined }));
    expect(r.fileName).toBe('DCB1596-VN3K7-2026-03-02-v2.zip');
    expect(readFileSync(join(dir, 'DCB1596-VN3K7-2026-03-02.zip'), 'utf8')).toBe('my own file');
  });

  it('reports progress through the phases', async () => {
    const phases: string[] = [];
    await writeBundle(input(freshDir(), { seal: undefined, onProgress: (p) => phases.push(p.phase) }));
    const order = [...new Set(phases)];
    expect(order[0]).toBe('preparing');
    expect(order).toContain('verifying');
    expect(order[order.length - 1]).toBe('done');
  });
});

describe('bad input leaves nothing under the final name', () => {
  it('refuses when an evidence file is missing from the store, naming it', async () => {
    const dir = freshDir();
    const blobs = memoryBlobs();
    const [hash] = [...sampleEvidenceBytes()].find(([, b]) => b.toString().startsWith('Hazard'))!;
    blobs.files.delete(hash);
    const err = await expectNothingWritten(
      dir,
      () => writeBundle(input(dir, { blobs })),
      /missing from this computer's evidence store: "DCB0160 hazard log for email"/,
    );
    expect(err.code).toBe('not-found');
  });

  it('refuses when an evidence file changed on disk since it was stored', async () => {
    const dir = freshDir();
    const blobs = memoryBlobs();
    const [hash, bytes] = [...sampleEvidenceBytes()][0]!;
    const tampered = Buffer.from(bytes);
    tampered[3]! ^= 0x20;
    blobs.files.set(hash, tampered);
    const err = await expectNothingWritten(dir, () => writeBundle(input(dir, { blobs })), /changed on disk after it was stored/);
    expect(err.code).toBe('integrity');
  });

  it('refuses when an evidence file disappears or fails while streaming', async () => {
    const dir = freshDir();
    const blobs = memoryBlobs();
    const failing = {
      ...blobs,
      open: (h: string) =>
        h === [...sampleEvidenceBytes()][1]![0]
          ? Readable.from(
              (async function* () {
                yield Buffer.from('partial');
                throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
              })(),
            )
          : blobs.open(h),
    };
    await expectNothingWritten(dir, () => writeBundle(input(dir, { blobs: failing })), /EIO/);
    const gone = {
      ...blobs,
      open: () => {
        throw Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
      },
    };
    await expectNothingWritten(dir, () => writeBundle(input(dir, { blobs: gone })), /is missing from this computer's evidence store/);
  });

  it('reports a full disk clearly (simulated ENOSPC part-way through)', async () => {
    const dir = freshDir();
    const err = await expectNothingWritten(
      dir,
      () =>
        writeBundle(
          input(dir, {
            openOutput: async (target) => {
              const f = await createAtomicFile(target);
              const s = f.stream as unknown as { _write: (c: Buffer, e: string, cb: (err?: Error) => void) => void; _writev?: unknown };
              const write = s._write.bind(s);
              let written = 0;
              s._writev = undefined;
              s._write = (chunk, enc, cb) => {
                written += chunk.length;
                if (written > 60_000) return cb(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
                write(chunk, enc, cb);
              };
              return f;
            },
          }),
        ),
      /The disk is full\. The bundle needs about \d+ MB/,
    );
    expect(err.code).toBe('unavailable');
  });

  it('reports a really full disk (a 128 KB tmpfs), when this machine lets the test mount one', async () => {
    const mnt = join(root, 'tiny');
    mkdirSync(mnt);
    const mounted = process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=128k', 'tmpfs', mnt]).status === 0;
    if (!mounted) return; // not root or no mount permission (CI containers): the simulated test above covers the path
    try {
      await expectNothingWritten(mnt, () => writeBundle(input(mnt)), /The disk is full/);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });

  it.each<[string, () => Partial<WriteBundleInput>, RegExp]>([
    [
      'a wrong passphrase',
      () => ({ seal: { p12: testPki().valid.p12, passphrase: 'Tr0ub4dor&3-not-it' } }),
      /passphrase for the certificate file is wrong/,
    ],
    [
      'an expired certificate',
      () => ({ seal: { p12: testPki().expired.p12, passphrase: TEST_PASSPHRASE } }),
      /certificate expired on 2024-12-31/,
    ],
  ])('refuses %s before writing anything', async (_l, over, message) => {
    const dir = freshDir();
    const err = await expectNothingWritten(dir, () => writeBundle(input(dir, over())), message);
    expect(err).toBeInstanceOf(SealError);
  });

  it('refuses missing signatory fields, with the field named', async () => {
    const dir = freshDir();
    const model = sampleStatementInput();
    model.signOffs.clinicalSafetyExpert!.name = '';
    model.signOffs.ictExpert!.email = 'not-an-email';
    const err = await expectNothingWritten(dir, () => writeBundle(input(dir, { model })), /statement details are incomplete/);
    expect(err.issues?.map((i) => i.path)).toEqual(
      expect.arrayContaining(['signOffs.clinicalSafetyExpert.name', 'signOffs.ictExpert.email']),
    );
  });

  it('refuses a statement that is not final unless a draft is asked for, and never seals a draft', async () => {
    const dir = freshDir();
    const model = sampleStatementInput();
    delete model.signOffs.clinicalSafetyExpert;
    await expectNothingWritten(dir, () => writeBundle(input(dir, { model })), /not ready to export: signOffs.clinicalSafetyExpert/);
    await expectNothingWritten(dir, () => writeBundle(input(dir, { model, draft: true })), /cannot be sealed until it is final/);
    const draft = await writeBundle(input(dir, { model, draft: true, seal: undefined }));
    expect(draft.verification.ok).toBe(true);
    const m = Manifest.parse(JSON.parse(execFileSync('unzip', ['-p', draft.path, 'manifest.json'], { encoding: 'utf8' })));
    expect(m.contents.draft).toBe(true);
    expect(m.statement.sealed).toBe(false);
  });

  it('refuses to export a damaged audit chain', async () => {
    const dir = freshDir();
    const chain = auditChain('c1', 5);
    chain.entries[2] = { ...chain.entries[2]!, summary: 'edited after the fact' };
    await expectNothingWritten(
      dir,
      () => writeBundle(input(dir, { audit: [chain] })),
      /audit log is damaged \(content does not match its hash/,
    );
    const truncated = auditChain('c1', 5);
    truncated.entries.pop();
    await expectNothingWritten(dir, () => writeBundle(input(dir, { audit: [truncated] })), /audit log is damaged/);
  });

  it('stops when cancelled', async () => {
    const dir = freshDir();
    const ac = new AbortController();
    ac.abort();
    const err = await expectNothingWritten(dir, () => writeBundle(input(dir, { signal: ac.signal })), /cancelled/);
    expect(err.code).toBe('cancelled');
    expect(existsSync(join(dir, 'DCB1596-VN3K7-2026-03-02.zip'))).toBe(false);
  });
});
