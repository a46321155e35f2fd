import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import yazl from 'yazl';
import { writeBundle, type BlobSource } from '../../electron/bundle/zip/bundle-writer';
import { VERIFY_LIMITS } from '../../electron/bundle/verify/verify-limits';
import { auditChain, memoryBlobs } from '../support/bundle-test-kit';
import { sampleStatementInput } from '../support/sample-statement';
import { tempDir } from '../support/temp-backend';

// Issue 16, item 6: `dcb1596 verify` streams. A 1.15 MB bundle carrying a 250 MB audit log once took 2.15 GB
// RSS. Here a bundle with 1.25 GB of evidence (stored, incompressible: 1 MiB random blocks, each numbered so
// no two are alike), a 64 MiB deflated CSV and an audit log of 250,000 entries (~100 MB) is written, then the
// real command line verifies it in its own process, which reports its peak RSS as it exits.

const LIMIT_MB = 300;
const MiB = 1_048_576;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const block = randomBytes(MiB);
// `mib` MiB: the random block with its number in the first 8 bytes; `text` makes CSV rows of hex instead.
function generated(mib: number, seed: number, text = false): () => Readable {
  return () =>
    Readable.from(
      (function* () {
        for (let i = 0; i < mib; i++) {
          const b = Buffer.from(block);
          b.writeBigUInt64LE(BigInt(seed * 1_000_000 + i));
          yield text
            ? Buffer.from(
                `${b
                  .toString('hex')
                  .replace(/(.{62})/g, '$1,\n')
                  .slice(0, MiB - 1)}\n`,
              )
            : b;
        }
      })(),
    );
}

async function describeBlob(open: () => Readable) {
  const h = createHash('sha256');
  let size = 0;
  for await (const c of open()) {
    h.update(c as Buffer);
    size += (c as Buffer).length;
  }
  return { sha256: h.digest('hex'), size };
}

function peakRss(args: string[]): Promise<{ code: number | null; rssMb: number; out: string; err: string }> {
  const report = `process.on('exit',()=>process.stderr.write('\\nmaxRSS='+process.resourceUsage().maxRSS+'\\n'))`;
  const child = spawn(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(report)}`, 'bin/dcb1596.mjs', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      const kb = Number(/maxRSS=(\d+)/.exec(err)?.[1] ?? NaN);
      resolve({ code, rssMb: kb / 1024, out, err });
    }),
  );
}

describe('reliability', () => {
  it(`verify: a 1.3 GiB bundle within ${LIMIT_MB} MB RSS`, { timeout: 900_000 }, async () => {
    const dir = tempDir('dcb-verify-rss-');
    dirs.push(dir);
    const model = sampleStatementInput();
    const blobs = memoryBlobs();
    const extra = new Map<string, { open: () => Readable; size: number }>();
    const add = async (title: string, fileName: string, open: () => Readable) => {
      const d = await describeBlob(open);
      extra.set(d.sha256, { open, size: d.size });
      model.requirements[3]!.evidence!.push({ title, fileName, sha256: d.sha256, size: d.size });
    };
    for (let i = 0; i < 5; i++) await add(`Mailbox export ${i + 1}`, `mailbox-export-${i + 1}.bin`, generated(256, i));
    await add('Message trace', 'message-trace.csv', generated(64, 9, true));
    const source: BlobSource = {
      open: (sha) => extra.get(sha)?.open() ?? blobs.open(sha),
      size: (sha) => extra.get(sha)?.size ?? blobs.size(sha),
    };
    const written = await writeBundle({
      model,
      blobs: source,
      audit: [auditChain('client-1', 250_000)],
      outPath: join(dir, 'big.zip'),
      bundleId: 'DCB1596-VN3K7-20260302-B16B16B1',
    });
    const bytes = statSync(written.path).size;
    expect(bytes).toBeGreaterThan(1.3 * 1024 * MiB);

    const r = await peakRss(['verify', written.path]);
    console.log(
      `verify: ${(bytes / 1024 / MiB).toFixed(2)} GiB bundle (${written.fileCount} files, 250,000 audit entries), peak RSS ${r.rssMb.toFixed(0)} MB (limit ${LIMIT_MB} MB), exit ${r.code}`,
    );
    expect(r.err).not.toContain('NOT VERIFIED');
    expect(r.out).toContain('Verified:');
    expect(r.out).toContain('250000 entries in 1 hash chain, unbroken');
    expect(r.code).toBe(0);
    expect(r.rssMb).toBeGreaterThan(0);
    expect(r.rssMb).toBeLessThanOrEqual(LIMIT_MB);
  });

  // What an attacker can put inside the limits to make the parsers allocate: a manifest of 400,000 tiny
  // JSON values, a statement of 20,000 PDF objects packed with numbers, SHA256SUMS of blank lines, an audit
  // log of 1 MiB lines across 1,000 chains, and as many members as allowed.
  it(`verify: a hostile bundle at every limit within ${LIMIT_MB} MB RSS`, { timeout: 600_000 }, async () => {
    const dir = tempDir('dcb-verify-rss-hostile-');
    dirs.push(dir);
    const L = VERIFY_LIMITS;
    const zip = new yazl.ZipFile();
    const manifest = `{"about":[${Array(L.maxManifestValues - 2)
      .fill('{}')
      .join(',')}]}`;
    zip.addBuffer(Buffer.from(manifest), 'manifest.json', { compress: true });
    zip.addBuffer(Buffer.alloc(L.maxSumsBytes, 0x0a), 'SHA256SUMS', { compress: true });
    const objects: string[] = ['%PDF-1.7\n'];
    const per = Math.floor(L.maxStatementBytes / L.maxStatementObjects) - 24;
    for (let i = 1; i < L.maxStatementObjects; i++) objects.push(`${i} 0 obj\n[${'1 '.repeat(per / 2)}]\nendobj\n`);
    objects.push('trailer\n<</Root 1 0 R>>\n%%EOF\n');
    const pdf = Buffer.from(objects.join(''));
    expect(pdf.length).toBeLessThanOrEqual(L.maxStatementBytes);
    zip.addBuffer(pdf, 'statement.pdf');
    const line = (chain: number, pad: number) =>
      `{"chain":"c${chain}","n":1,"omitted":true,"prevHash":"${'0'.repeat(64)}","hash":"${'1'.repeat(64)}","pad":"${'x'.repeat(pad)}"}\n`;
    // Twenty lines just under the line limit, then more chains than allowed.
    const audit = function* () {
      for (let c = 0; c < 20; c++) yield Buffer.from(line(c, L.maxAuditLineBytes - 200));
      for (let c = 20; c < L.maxAuditChains + 50; c++) yield Buffer.from(line(c, 10));
    };
    zip.addReadStreamLazy('audit-log.jsonl', { compress: true }, (cb) => cb(null, Readable.from(audit())));
    for (let i = 0; i < L.maxEntries - 4; i++) zip.addBuffer(Buffer.from(`${i}`), `evidence/f${i}.txt`);
    zip.end();
    const file = join(dir, 'hostile.zip');
    await pipeline(zip.outputStream as unknown as Readable, createWriteStream(file));

    const r = await peakRss(['verify', file]);
    console.log(`verify: hostile bundle at every limit refused (exit ${r.code}), peak RSS ${r.rssMb.toFixed(0)} MB (limit ${LIMIT_MB} MB)`);
    expect(r.code).toBe(1);
    expect(r.err).toContain('NOT VERIFIED');
    expect(r.rssMb).toBeGreaterThan(0);
    expect(r.rssMb).toBeLessThanOrEqual(LIMIT_MB);
  });
});
