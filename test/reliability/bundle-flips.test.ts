import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyBundle } from '../../electron/bundle/verify/verify';
import { readMembers, rezip } from '../support/bundle-test-kit';
import { createDemoWorkspace } from '../../electron/demo/demo-workspace';
import { createTestBackend, tempDir } from '../support/temp-backend';

// Issue 16, item 7: the bundle flip matrix. A bundle exported by the app (the sample workspace's signed,
// sealed cycle) is tampered with in every way below; `verify` must refuse each variant and accept the
// original. Byte flips aim at every member's local header, data and data descriptor, its central-directory
// record, and the end record and comment; the archive is also truncated, its directory reordered, members
// renamed, and — as a forger would, re-sealing the archive — members added, removed or replaced.

const dirs: string[] = [];
const scratch = tempDir('dcb-flips-');
dirs.push(scratch);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Layout {
  name: string;
  localHeader: number;
  dataStart: number;
  dataEnd: number;
  descriptor: boolean;
  cdRecord: number;
  cdLength: number;
}

function layout(zip: Buffer): { entries: Layout[]; eocd: number; cdOffset: number } {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  const cdOffset = zip.readUInt32LE(eocd + 16);
  let p = cdOffset;
  const entries: Layout[] = [];
  for (let i = 0; i < count; i++) {
    const nameLen = zip.readUInt16LE(p + 28);
    const cdLength = 46 + nameLen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    const localHeader = zip.readUInt32LE(p + 42);
    const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    entries.push({
      name: zip.subarray(p + 46, p + 46 + nameLen).toString('utf8'),
      localHeader,
      dataStart,
      dataEnd: dataStart + zip.readUInt32LE(p + 20),
      descriptor: (zip.readUInt16LE(localHeader + 6) & 8) !== 0,
      cdRecord: p,
      cdLength,
    });
    p += cdLength;
  }
  return { entries, eocd, cdOffset };
}

function findZip(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.zip'))
    .map((e) => join(e.parentPath, e.name));
}

describe('reliability', () => {
  it('bundle flips: every tampered variant of an exported bundle is refused', { timeout: 600_000 }, async () => {
    const b = createTestBackend();
    try {
      await createDemoWorkspace(b);
      const signed = b.services.clients
        .list({ includeArchived: false })
        .flatMap((c) => b.services.assessments.list(c.id).filter((a) => a.status === 'signed'));
      const exported = await b.call('bundle.export', { assessmentId: signed[0]!.id });
      // The one bundle this workspace holds.
      const [path, ...more] = findZip(b.dataDir);
      expect(path, exported.fileName).toBeDefined();
      expect(more).toEqual([]);
      const original = readFileSync(path!);
      const good = await verifyBundle(path!);
      expect(good.ok, JSON.stringify(good.checks.filter((c) => c.status === 'fail'))).toBe(true);
      const bundleId = good.bundleId!;

      const variants: [string, () => Buffer | Promise<Buffer>][] = [];
      const flip = (label: string, pos: number) =>
        variants.push([
          `${label} @${pos}`,
          () => {
            const bad = Buffer.from(original);
            bad[pos]! ^= 0x01;
            return bad;
          },
        ]);
      const { entries, eocd, cdOffset } = layout(original);
      for (const e of entries) {
        for (const off of [0, 4, 6, 8, 10, 14, 18, 22, 26, 28, 30]) flip(`${e.name} local header +${off}`, e.localHeader + off);
        if (e.dataEnd > e.dataStart)
          for (const pos of new Set([e.dataStart, Math.floor((e.dataStart + e.dataEnd) / 2), e.dataEnd - 1])) flip(`${e.name} data`, pos);
        if (e.descriptor) for (const off of [0, 4, 8, 12]) flip(`${e.name} data descriptor +${off}`, e.dataEnd + off);
        for (const off of [0, 4, 6, 8, 10, 12, 16, 20, 24, 28, 30, 42, 46]) flip(`${e.name} directory record +${off}`, e.cdRecord + off);
      }
      for (let off = 0; off < 22; off += 2) flip(`end record +${off}`, eocd + off);
      for (const pos of [eocd + 22, eocd + 50, original.length - 1]) flip('archive comment', pos);

      for (const at of [0, 100, cdOffset, eocd, original.length - 1])
        variants.push([`truncated to ${at} bytes`, () => original.subarray(0, at)]);
      variants.push(['one byte appended', () => Buffer.concat([original, Buffer.from([0])])]);
      variants.push([
        'directory reordered (first two records swapped)',
        () => {
          const [a, c] = entries;
          const bad = Buffer.from(original);
          const first = original.subarray(a!.cdRecord, a!.cdRecord + a!.cdLength);
          const second = original.subarray(c!.cdRecord, c!.cdRecord + c!.cdLength);
          Buffer.concat([second, first]).copy(bad, a!.cdRecord);
          return bad;
        },
      ]);
      const files = await readMembers(path!);
      const evidence = [...files.keys()].filter((n) => n.startsWith('evidence/'));
      for (const e of entries.filter((x) => x.name.includes('.')))
        variants.push([
          `${e.name} renamed in place`,
          () => {
            const bad = Buffer.from(original);
            for (const at of [e.localHeader + 30, e.cdRecord + 46]) {
              const dot = bad.indexOf('.', at);
              bad[dot - 1] = bad[dot - 1] === 0x5f ? 0x2d : 0x5f;
            }
            return bad;
          },
        ]);
      const resealed = (label: string, edit: (m: Map<string, Buffer>) => void) =>
        variants.push([
          `${label} (archive re-sealed)`,
          () => {
            const m = new Map(files);
            edit(m);
            return rezip(bundleId, m);
          },
        ]);
      resealed('evidence file added', (m) => m.set('evidence/extra-000000000000.pdf', Buffer.from('%PDF-1.7 extra')));
      for (const name of [...files.keys()]) resealed(`${name} removed`, (m) => m.delete(name));
      for (const name of [...files.keys()])
        resealed(`${name} replaced`, (m) => m.set(name, Buffer.concat([m.get(name)!, Buffer.from('\n')])));
      resealed('an evidence file renamed', (m) => {
        const data = m.get(evidence[0]!)!;
        m.delete(evidence[0]!);
        m.set(evidence[0]!.replace('evidence/', 'evidence/renamed-'), data);
      });

      const accepted: string[] = [];
      let refused = 0;
      const file = join(scratch, 'variant.zip');
      for (const [label, make] of variants) {
        writeFileSync(file, await make());
        const r = await verifyBundle(file);
        if (r.ok) accepted.push(label);
        else if (r.checks.some((c) => c.status === 'fail')) refused++;
        else accepted.push(`${label} (not ok, yet no failed check)`);
      }
      // The forger's rebuild of the untouched members verifies: the refusals above are about the edits.
      const rebuilt = await rezip(bundleId, files);
      writeFileSync(file, rebuilt);
      const rebuiltOk = (await verifyBundle(file)).ok;
      console.log(
        `bundle flips: ${refused}/${variants.length} refused; untampered bundle verified (sha256 ${createHash('sha256').update(original).digest('hex').slice(0, 12)})`,
      );
      expect(accepted).toEqual([]);
      expect(refused).toBe(variants.length);
      expect(variants.length).toBeGreaterThan(300);
      expect(rebuiltOk).toBe(true);
    } finally {
      b.dispose();
    }
  });
});
