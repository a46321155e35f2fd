import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yazl from 'yazl';
import { verifyBundle, type BundleVerification } from './verify';
import { AuditLogStream } from './verify-audit';
import { VERIFY_LIMITS, limitText, type VerifyLimit } from './verify-limits';

// Hostile archives: every one is refused with a failed check that says why (naming the limit when a limit
// was hit), and none throws. The archives are built with yazl and then edited byte by byte, as an attacker
// would, because yazl itself refuses to write most of them.

const dir = mkdtempSync(join(tmpdir(), 'dcb-hostile-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

interface Member {
  name: string;
  data: Buffer;
  compress?: boolean;
}

async function zipOf(members: Member[], zip64 = false): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const m of members) zip.addBuffer(m.data, m.name, { compress: m.compress ?? false, forceZip64Format: zip64 });
  zip.end({ forceZip64Format: zip64 } as unknown as { comment: string; forceZip64Format: boolean });
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

async function verifyBytes(bytes: Buffer): Promise<BundleVerification> {
  const p = join(dir, `hostile-${n++}.zip`);
  writeFileSync(p, bytes);
  return verifyBundle(p);
}

const failures = (r: BundleVerification) => r.checks.filter((c) => c.status === 'fail').map((c) => `${c.title}: ${c.detail ?? ''}`);

function refusedWith(r: BundleVerification, text: string) {
  expect(r.ok).toBe(false);
  expect(failures(r).join('\n')).toContain(text);
}

// Central-directory record of the member named `name` (the last occurrence of the name is in the directory).
function cdRecord(zip: Buffer, name: string): number {
  return zip.lastIndexOf(Buffer.from(name)) - 46;
}

function rename(zip: Buffer, from: string, to: string): Buffer {
  expect(Buffer.byteLength(from)).toBe(Buffer.byteLength(to));
  const out = Buffer.from(zip);
  for (let i = out.indexOf(from); i >= 0; i = out.indexOf(from, i + 1)) out.write(to, i, 'latin1');
  return out;
}

// Where the ZIP64 extra field (id 0x0001) of a directory record holds the uncompressed size.
function zip64Sizes(zip: Buffer, cd: number): number {
  let p = cd + 46 + zip.readUInt16LE(cd + 28);
  const end = p + zip.readUInt16LE(cd + 30);
  while (p < end && zip.readUInt16LE(p) !== 1) p += 4 + zip.readUInt16LE(p + 2);
  expect(p).toBeLessThan(end);
  return p + 4;
}

async function withLimit<T>(limit: VerifyLimit, value: number, run: () => Promise<T>): Promise<T> {
  const limits = VERIFY_LIMITS as Record<VerifyLimit, number>;
  const before = limits[limit];
  limits[limit] = value;
  try {
    return await run();
  } finally {
    limits[limit] = before;
  }
}

const text = (s: string) => Buffer.from(s);

describe('verify refuses hostile archives', () => {
  it('names that leave the bundle: traversal, absolute, backslash, control characters', async () => {
    const base = await zipOf([{ name: 'aa/evil.txt', data: text('x') }]);
    refusedWith(await verifyBytes(rename(base, 'aa/evil.txt', '../evil.txt')), 'points outside the bundle (path traversal)');
    refusedWith(await verifyBytes(rename(base, 'aa/evil.txt', '/a/evil.txt')), 'an absolute path');
    refusedWith(await verifyBytes(rename(base, 'aa/evil.txt', 'aa\\evil.txt')), 'with a backslash');
    const ctl = await verifyBytes(rename(base, 'aa/evil.txt', 'aa/\x1b[2J.txt'));
    refusedWith(ctl, 'its name holds characters no bundle path has');
    // The escape sequence is never echoed raw.
    expect(JSON.stringify(ctl)).not.toContain('\\u001b');
    expect(ctl.failedFiles).toContain('aa/\\u{1b}[2J.txt');
  });

  it('a name repeated', async () => {
    const r = await verifyBytes(
      await zipOf([
        { name: 'evidence/a.pdf', data: text('one') },
        { name: 'evidence/a.pdf', data: text('two') },
      ]),
    );
    refusedWith(r, 'evidence/a.pdf appears twice in the archive');
  });

  it('an encrypted member, and an unknown compression method', async () => {
    const base = await zipOf([{ name: 'statement.pdf', data: text('%PDF-1.7 secret'), compress: true }]);
    const enc = Buffer.from(base);
    const cd = cdRecord(enc, 'statement.pdf');
    enc.writeUInt16LE(enc.readUInt16LE(cd + 8) | 1, cd + 8);
    enc.writeUInt16LE(enc.readUInt16LE(6) | 1, 6);
    refusedWith(await verifyBytes(enc), 'it is encrypted (bundles are never encrypted)');
    const strong = Buffer.from(enc);
    strong.writeUInt16LE(strong.readUInt16LE(cd + 8) | 0x40, cd + 8);
    refusedWith(await verifyBytes(strong), 'a member is encrypted');
    const method = Buffer.from(base);
    method.writeUInt16LE(99, cd + 10);
    method.writeUInt16LE(99, 8);
    refusedWith(await verifyBytes(method), 'compressed with method 99');
  });

  it('a ZIP bomb: a member that inflates past the size it declares is stopped while streaming', async () => {
    // 64 MiB of zeros deflate to ~64 kB; the directory and local header then claim 1,000 bytes.
    const bomb = await zipOf([{ name: 'raw/probe.json', data: Buffer.alloc(64 * 1_048_576), compress: true }]);
    const cd = cdRecord(bomb, 'raw/probe.json');
    bomb.writeUInt32LE(1000, cd + 24);
    bomb.writeUInt32LE(1000, 22);
    refusedWith(await verifyBytes(bomb), 'it inflates to more than the 1000 bytes its directory entry declares (a ZIP bomb)');
  });

  it('ZIP64 oddities: a member declaring more than 8 GiB, members declaring more than 64 GiB together, a wrong ZIP64 locator', async () => {
    const one = await zipOf([{ name: 'evidence/big.bin', data: text('small'), compress: true }], true);
    const cd = cdRecord(one, 'evidence/big.bin');
    one.writeBigUInt64LE(9n * 2n ** 30n, zip64Sizes(one, cd));
    refusedWith(await verifyBytes(one), `it declares 9 GB, more than ${limitText('maxMemberBytes')}`);

    const names = Array.from({ length: 9 }, (_, i) => `evidence/part-${i}.bin`);
    const many = await zipOf(
      names.map((name) => ({ name, data: text('tiny'), compress: true })),
      true,
    );
    for (const name of names) many.writeBigUInt64LE(8n * 2n ** 30n, zip64Sizes(many, cdRecord(many, name)));
    refusedWith(
      await verifyBytes(many),
      `its members declare more than ${limitText('maxTotalBytes')}; reading stopped at evidence/part-8.bin`,
    );

    const loc = Buffer.from(await zipOf([{ name: 'a.txt', data: text('a') }], true));
    const locator = loc.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x07]));
    loc.writeBigUInt64LE(loc.readBigUInt64LE(locator + 8) - 7n, locator + 8);
    const r = await verifyBytes(loc);
    expect(r.ok).toBe(false);
    expect(failures(r).join('\n')).toMatch(/ZIP64 end-of-archive records are inconsistent|not a readable ZIP archive/);
  });

  it('a local header that contradicts the directory (another name than the one listed)', async () => {
    const zip = await zipOf([{ name: 'evidence/a.pdf', data: text('%PDF-1.7') }]);
    zip.write('evidence/b.pdf', 30, 'latin1');
    refusedWith(await verifyBytes(zip), 'its local header contradicts the central directory');
  });

  it('members that overlap: a directory entry pointing inside another member’s data', async () => {
    // As in a non-recursive ZIP bomb: a.pdf's stored data is itself b.pdf's local header and data, and
    // b.pdf's directory entry points there. Each entry alone is well-formed; together they share bytes.
    const bOnly = await zipOf([{ name: 'evidence/b.pdf', data: text('%PDF-1.7 bbbb') }]);
    const bLocal = bOnly.subarray(0, cdRecord(bOnly, 'evidence/b.pdf'));
    const zip = await zipOf([
      { name: 'evidence/a.pdf', data: bLocal },
      { name: 'evidence/b.pdf', data: text('%PDF-1.7 bbbb') },
    ]);
    zip.writeUInt32LE(30 + 'evidence/a.pdf'.length, cdRecord(zip, 'evidence/b.pdf') + 42);
    refusedWith(await verifyBytes(zip), 'evidence/a.pdf and evidence/b.pdf overlap (a ZIP bomb trick)');
  });

  it('more members than the limit: refused before any is read', async () => {
    const members = Array.from({ length: 41 }, (_, i) => ({ name: `evidence/f${i}.txt`, data: text(`${i}`) }));
    const r = await withLimit('maxEntries', 40, async () => verifyBytes(await zipOf(members)));
    refusedWith(r, "the archive lists 41 members, more than the verifier's limit of 40 members per archive (maxEntries); none was read");
    expect(r.filesChecked).toBe(0);
  });

  it('a kept member over its limit is not read into memory', async () => {
    const r = await withLimit('maxManifestBytes', 1024, async () =>
      verifyBytes(await zipOf([{ name: 'manifest.json', data: Buffer.alloc(4096, 0x20), compress: true }])),
    );
    refusedWith(r, `too large to check (4 KB, more than the verifier's limit of 1 KB for manifest.json (maxManifestBytes))`);
  });

  it('the audit log: an endless line and too many chains are refused, the rest still checked', async () => {
    const s = await withLimit('maxAuditLineBytes', 100, async () => {
      const a = new AuditLogStream();
      a.write(Buffer.alloc(250, 0x41));
      a.write(text('\n{"not":"an entry"}\n'));
      return a.end(undefined);
    });
    expect(s.problems).toEqual([
      "line 1 is longer than the verifier's limit of 100 bytes per audit-log line (maxAuditLineBytes)",
      'line 2 is not an audit entry',
    ]);
    const c = await withLimit('maxAuditChains', 2, async () => {
      const a = new AuditLogStream();
      for (const chain of ['x', 'y', 'z'])
        a.write(text(`${JSON.stringify({ chain, n: 1, omitted: true, prevHash: '0'.repeat(64), hash: '1'.repeat(64) })}\n`));
      return a.end(undefined);
    });
    expect(c.problems).toEqual(["line 3 starts more hash chains than the verifier's limit of 2 audit hash chains (maxAuditChains)"]);
  });

  it('garbage never throws', async () => {
    for (const bytes of [Buffer.alloc(22), Buffer.from('PK\x03\x04'), Buffer.alloc(70_000, 0x50)]) {
      const r = await verifyBytes(bytes);
      expect(r.ok).toBe(false);
      expect(failures(r).length).toBeGreaterThan(0);
    }
  });
});

describe('verify bounds what the parsers are given', () => {
  it('a manifest with more JSON values than the limit is not parsed; one bad file entry is reported once', async () => {
    const many = `{"about":[${Array(VERIFY_LIMITS.maxManifestValues).fill('0').join(',')}]}`;
    refusedWith(
      await verifyBytes(await zipOf([{ name: 'manifest.json', data: text(many), compress: true }])),
      `manifest.json holds up to ${(VERIFY_LIMITS.maxManifestValues + 2).toLocaleString('en-GB')} JSON values, more than ${limitText('maxManifestValues')}`,
    );
    const empty = `{"contents":{"files":[${Array(5000).fill('{}').join(',')}]}}`;
    const r = await verifyBytes(await zipOf([{ name: 'manifest.json', data: text(empty) }]));
    refusedWith(r, 'manifest.json is not a valid bundle manifest (contents.files.0.path:');
  });

  it('a statement with too many PDF objects, or with object streams, is not parsed', async () => {
    const objs = Array.from({ length: VERIFY_LIMITS.maxStatementObjects + 1 }, (_, i) => `${i + 1} 0 obj\nnull\nendobj\n`);
    refusedWith(
      await verifyBytes(await zipOf([{ name: 'statement.pdf', data: text(`%PDF-1.7\n${objs.join('')}`), compress: true }])),
      `statement.pdf holds ${(VERIFY_LIMITS.maxStatementObjects + 1).toLocaleString('en-GB')} PDF objects, more than ${limitText('maxStatementObjects')}`,
    );
    refusedWith(
      await verifyBytes(await zipOf([{ name: 'statement.pdf', data: text('%PDF-1.7\n1 0 obj\n<</Type /Obj#53tm /N 1>>\nendobj\n') }])),
      'statement.pdf holds object streams, which the app never writes',
    );
  });

  it('SHA256SUMS padded with more lines than the archive has members is refused unparsed', async () => {
    const r = await verifyBytes(await zipOf([{ name: 'SHA256SUMS', data: Buffer.alloc(100_000, 0x0a), compress: true }]));
    refusedWith(r, 'SHA256SUMS was changed');
  });
});
