// npm run bench:bundle [-- --size-mb 1024 --files 64 --no-seal]
//
// Exports an evidence bundle with ~1 GB of evidence from a real content-addressed store, and compares it in
// the same run with `sha256sum` + `zip -0` over the same files (what a careful person would do by hand).
// Reports wall time, throughput and peak RSS, and the ratio. Everything is created under the system temp
// folder and removed afterwards. A benchmark, not a test: it asserts nothing, it prints.

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { writeBundle } from '../electron/bundle/zip/bundle-writer';
import { BlobStore } from '../electron/evidence/blob-store';
import { createConsultantCertificate } from '../electron/documents/seal/seal';
import { sampleSnapshotBytes, sampleStatementInput, sampleEvidenceBytes } from '../test/support/sample-statement';
import { auditChain } from '../test/support/bundle-test-kit';

const { values } = parseArgs({
  options: { 'size-mb': { type: 'string', default: '1024' }, files: { type: 'string', default: '64' }, 'no-seal': { type: 'boolean' } },
});
const totalBytes = Number(values['size-mb']) * 1_048_576;
const fileCount = Number(values.files);
const perFile = Math.floor(totalBytes / fileCount);
const MB = 1_048_576;
const fmt = (n: number, d = 1) => n.toFixed(d);

function randomStream(size: number): Readable {
  // Incompressible data, generated in 1 MB chunks so generation itself stays flat in memory.
  let left = size;
  return new Readable({
    read() {
      if (left <= 0) return this.push(null);
      const n = Math.min(MB, left);
      left -= n;
      this.push(randomBytes(n));
    },
  });
}

function time<T>(fn: () => T): { value: T; seconds: number } {
  const t = performance.now();
  const value = fn();
  return { value, seconds: (performance.now() - t) / 1000 };
}

async function main() {
  const root = mkdtempSync(join(tmpdir(), 'dcb-bench-bundle-'));
  try {
    console.log(
      `Generating ${fileCount} evidence files of ${fmt(perFile / MB)} MB (${fmt((perFile * fileCount) / MB, 0)} MB) in ${root} …`,
    );
    const store = new BlobStore(join(root, 'data'));
    const blobs: { sha256: string; size: number }[] = [];
    for (let i = 0; i < fileCount; i++) blobs.push(await store.put(randomStream(perFile)));
    for (const [, bytes] of [...sampleEvidenceBytes(), ...sampleSnapshotBytes()]) await store.put(bytes);

    const model = sampleStatementInput();
    model.requirements[3]!.evidence = blobs.map((b, i) => ({
      title: `Device compliance export ${i + 1}`,
      fileName: `compliance-export-${String(i + 1).padStart(3, '0')}.bin`,
      sha256: b.sha256,
      size: b.size,
    }));
    const p12 = values['no-seal']
      ? undefined
      : createConsultantCertificate({ commonName: 'Bench', passphrase: 'bench', notBefore: new Date('2026-01-01') });
    const outDir = join(root, 'out');
    const paths = blobs.map((b) => store.path(b.sha256));

    // Baseline: sha256sum over the files, then zip -0 of the same files.
    const sums = time(() => spawnSync('sha256sum', paths, { stdio: ['ignore', 'ignore', 'inherit'] }));
    const zip = time(() => spawnSync('zip', ['-0', '-q', '-j', join(root, 'baseline.zip'), ...paths], { stdio: 'inherit' }));
    if (sums.value.status !== 0 || zip.value.status !== 0) throw new Error('sha256sum or zip failed (are coreutils and zip installed?)');
    const baselineSeconds = sums.seconds + zip.seconds;

    // Ours, sampling RSS while it runs.
    const rssStart = process.memoryUsage().rss;
    let peakRss = rssStart;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const phaseStart = new Map<string, number>();
    const t0 = performance.now();
    const result = await writeBundle({
      model,
      blobs: store,
      audit: [auditChain('bench', 50)],
      outPath: join(outDir, 'DCB1596-VN3K7-2026-03-02.zip'),
      ...(p12 ? { seal: { p12: p12.p12, passphrase: 'bench' } } : {}),
      onProgress: (p) => {
        if (!phaseStart.has(p.phase)) phaseStart.set(p.phase, performance.now());
      },
    });
    const oursSeconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (!result.verification.ok) throw new Error('The exported bundle did not verify');

    const evidenceMb = (perFile * fileCount) / MB;
    const writeS = ((phaseStart.get('verifying') ?? t0) - (phaseStart.get('preparing') ?? t0)) / 1000;
    const verifyS = ((phaseStart.get('done') ?? t0) - (phaseStart.get('verifying') ?? t0)) / 1000;
    console.log('');
    console.log(
      `Evidence: ${fileCount} files, ${fmt(evidenceMb, 0)} MB. Bundle: ${fmt(statSync(result.path).size / MB, 0)} MB, ${result.fileCount} entries.`,
    );
    console.log('');
    console.log('                                   seconds    MB/s   peak RSS');
    console.log(`  sha256sum                        ${fmt(sums.seconds, 2).padStart(7)}  ${fmt(evidenceMb / sums.seconds, 0).padStart(6)}`);
    console.log(`  zip -0                           ${fmt(zip.seconds, 2).padStart(7)}  ${fmt(evidenceMb / zip.seconds, 0).padStart(6)}`);
    console.log(
      `  sha256sum + zip -0 (baseline)    ${fmt(baselineSeconds, 2).padStart(7)}  ${fmt(evidenceMb / baselineSeconds, 0).padStart(6)}`,
    );
    console.log(
      `  dcb1596 export (write+verify)    ${fmt(oursSeconds, 2).padStart(7)}  ${fmt(evidenceMb / oursSeconds, 0).padStart(6)}   ${fmt(peakRss / MB, 0)} MB (start ${fmt(rssStart / MB, 0)} MB)`,
    );
    console.log(`      of which write ${fmt(writeS, 2)} s, re-read and verify ${fmt(verifyS, 2)} s${p12 ? ', sealed' : ''}`);
    console.log('');
    console.log(
      `Ratio (export / baseline): ${fmt(oursSeconds / baselineSeconds, 2)}×   Peak RSS during export: ${fmt(peakRss / MB, 0)} MB`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
