import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_PASSPHRASE, testPki } from '../../../test/fixtures/pki';
import { sampleStatementInput } from '../../../test/support/sample-statement';
import { writeBundle } from '../zip/bundle-writer';
import { Manifest, contentsSha256, sha256sums } from '../zip/manifest';
import { auditChain, memoryBlobs, readMembers, rezip } from '../../../test/support/bundle-test-kit';
import { verifyBundle } from './verify';

// Any single changed byte anywhere in a bundle must be detected, and the failing member named.

const dir = mkdtempSync(join(tmpdir(), 'dcb-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const BUNDLE_ID = 'DCB1596-VN3K7-20260302-7F3A9C21';
let bundlePath: string;
let original: Buffer;

interface Layout {
  name: string;
  localHeader: number;
  dataStart: number;
  dataEnd: number;
  cdRecord: number;
}

// Walks the central directory so the tests can aim at each structural field.
function layout(zip: Buffer): { entries: Layout[]; eocd: number } {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const entries: Layout[] = [];
  for (let i = 0; i < count; i++) {
    const nameLen = zip.readUInt16LE(p + 28);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const localHeader = zip.readUInt32LE(p + 42);
    const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    entries.push({ name, localHeader, dataStart, dataEnd: dataStart + zip.readUInt32LE(p + 20), cdRecord: p });
    p += 46 + nameLen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return { entries, eocd };
}

// Each mutant gets its own file: a test that timed out on a slow machine may still be running its loop, and
// must not overwrite the file another test is verifying.
let mutants = 0;
async function verifyBytes(bytes: Buffer, name = `mutant-${++mutants}.zip`) {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  try {
    return await verifyBundle(p);
  } finally {
    rmSync(p, { force: true });
  }
}

beforeAll(async () => {
  // Larger, incompressible evidence so flips land in real stored data too.
  const files = new Map([...memoryBlobs().files]);
  const model = sampleStatementInput();
  const big = randomBytes(50_000);
  const bigSha = createHash('sha256').update(big).digest('hex');
  files.set(bigSha, big);
  model.requirements[3]!.evidence!.push({
    title: 'Intune compliance export',
    fileName: 'intune-export.bin',
    sha256: bigSha,
    size: big.length,
  });
  const r = await writeBundle({
    model,
    blobs: memoryBlobs(files),
    audit: [auditChain('client-1', 6), auditChain('workspace', 3)],
    outPath: join(dir, 'bundle.zip'),
    bundleId: BUNDLE_ID,
    seal: { p12: testPki().valid.p12, passphrase: TEST_PASSPHRASE },
  });
  bundlePath = r.path;
  original = readFileSync(bundlePath);
}, 60_000);

describe('verifyBundle', () => {
  it('passes an untouched bundle with every check named', async () => {
    const r = await verifyBundle(bundlePath);
    expect(r.ok).toBe(true);
    expect(r.failedFiles).toEqual([]);
    expect(r.bundleId).toBe(BUNDLE_ID);
    expect(r.sealed).toBe(true);
    expect(r.client).toEqual({ legalName: 'Oakwood Care Homes Ltd', odsCode: 'VN3K7' });
    const titles = r.checks.map((c) => c.title);
    for (const t of [
      'Archive integrity',
      'Manifest',
      'SHA256SUMS',
      'Statement seal',
      'Statement ↔ manifest',
      'Audit log',
      'statement.pdf',
      'evidence-index.pdf',
    ])
      expect(titles).toContain(t);
    expect(r.checks.find((c) => c.title === 'Audit log')!.detail).toBe('9 entries in 2 hash chains, unbroken');
    expect(r.filesChecked).toBe(r.checks.filter((c) => c.id.startsWith('file:')).length);
  });

  it('fails and names the member when any byte of any member’s data changes', async () => {
    const { entries } = layout(original);
    for (const e of entries) {
      if (e.dataEnd === e.dataStart) continue;
      for (const pos of new Set([e.dataStart, Math.floor((e.dataStart + e.dataEnd) / 2), e.dataEnd - 1])) {
        const bad = Buffer.from(original);
        bad[pos]! ^= 0x01;
        const r = await verifyBytes(bad);
        expect(r.ok, `${e.name} @${pos}`).toBe(false);
        expect(r.failedFiles, `${e.name} @${pos}`).toContain(e.name);
      }
    }
  }, 120_000);

  it('fails when any byte of the ZIP structure changes: local headers, central directory, end record, comment', async () => {
    const { entries, eocd } = layout(original);
    const positions = new Set<number>();
    for (const e of [entries[0]!, entries[Math.floor(entries.length / 2)]!, entries[entries.length - 1]!]) {
      for (let i = 0; i < e.dataStart - e.localHeader; i++) positions.add(e.localHeader + i);
      for (let i = 0; i < 16; i++) positions.add(e.dataEnd + i); // data descriptor
      for (let i = 0; i < 46 + e.name.length; i++) positions.add(e.cdRecord + i);
    }
    for (let i = eocd; i < original.length; i++) positions.add(i);
    for (const pos of positions) {
      const bad = Buffer.from(original);
      bad[pos]! ^= 0x01;
      const r = await verifyBytes(bad);
      expect(r.ok, `structure byte ${pos}`).toBe(false);
      expect(r.checks.some((c) => c.status === 'fail')).toBe(true);
    }
  }, 180_000);

  it('fails for changed bytes at random positions anywhere, and for truncation or appended bytes', async () => {
    let seed = 1596;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 60; i++) {
      const pos = next() % original.length;
      const bad = Buffer.from(original);
      bad[pos] = (bad[pos]! + 1 + (next() % 255)) % 256;
      expect((await verifyBytes(bad)).ok, `random byte ${pos}`).toBe(false);
    }
    expect((await verifyBytes(original.subarray(0, original.length - 1))).ok).toBe(false);
    expect((await verifyBytes(Buffer.concat([original, Buffer.from([0])]))).ok).toBe(false);
    expect((await verifyBytes(Buffer.concat([Buffer.from('PK'), original]))).ok).toBe(false);
  }, 120_000);

  it('catches a consistent forgery: evidence swapped and manifest and SHA256SUMS rewritten to match', async () => {
    const members = await readMembers(bundlePath);
    const manifest = Manifest.parse(JSON.parse(members.get('manifest.json')!.toString()));
    const target = manifest.contents.files.find((f) => f.role === 'evidence')!;
    const forged = Buffer.from('a much nicer policy');
    members.set(target.path, forged);
    target.sha256 = createHash('sha256').update(forged).digest('hex');
    target.size = forged.length;
    manifest.contentsSha256 = contentsSha256(manifest.contents);
    members.set('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
    members.set(
      'SHA256SUMS',
      Buffer.from(
        sha256sums(
          [...members]
            .filter(([n]) => n !== 'SHA256SUMS')
            .map(([path, b]) => ({ path, sha256: createHash('sha256').update(b).digest('hex') })),
        ),
      ),
    );
    const r = await verifyBytes(await rezip(BUNDLE_ID, members), 'forged.zip');
    expect(r.ok).toBe(false);
    const failed = r.checks.filter((c) => c.status === 'fail').map((c) => c.title);
    // The archive, the files and SHA256SUMS all agree with each other now — only the sealed statement does not.
    expect(failed).toEqual(['Statement ↔ manifest']);
    expect(r.checks.find((c) => c.title === 'Statement seal')!.status).toBe('pass');
  });

  it('names a file removed from, or smuggled into, the archive', async () => {
    const members = await readMembers(bundlePath);
    const gone = [...members.keys()].find((n) => n.startsWith('evidence/'))!;
    members.delete(gone);
    members.set('evidence/extra.exe', Buffer.from('MZ'));
    const r = await verifyBytes(await rezip(BUNDLE_ID, members), 'edited.zip');
    expect(r.ok).toBe(false);
    expect(r.failedFiles).toEqual(expect.arrayContaining([gone, 'evidence/extra.exe', 'SHA256SUMS']));
    expect(r.checks.find((c) => c.file === gone)!.detail).toBe('listed in the manifest but missing from the archive');
    expect(r.checks.find((c) => c.file === 'evidence/extra.exe')!.detail).toBe('in the archive but not listed in the manifest');
  });

  it('detects an audit entry edited even when the log is rewritten consistently', async () => {
    const members = await readMembers(bundlePath);
    const lines = members.get('audit-log.jsonl')!.toString().trim().split('\n');
    const e = JSON.parse(lines[2]!);
    e.summary = 'Nothing happened here';
    lines[2] = JSON.stringify(e);
    members.set('audit-log.jsonl', Buffer.from(`${lines.join('\n')}\n`));
    const r = await verifyBytes(await rezip(BUNDLE_ID, members), 'audit.zip');
    expect(r.checks.find((c) => c.title === 'Audit log')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('entry 3: content does not match its hash'),
    });
  });

  it('never throws on garbage', async () => {
    for (const bytes of [
      Buffer.alloc(0),
      Buffer.from('not a zip at all'),
      randomBytes(4096),
      Buffer.from('PK\x05\x06' + '\0'.repeat(18)),
    ]) {
      const r = await verifyBytes(bytes, 'garbage.zip');
      expect(r.ok).toBe(false);
      expect(r.checks.filter((c) => c.status === 'fail').length).toBeGreaterThan(0);
    }
  });
});
