// npm run bench:evidence — import a large file (1 GB by default) into the evidence library the way the app
// does (transfer store → content-addressed store, hashed while streaming), then re-verify it, and report the
// peak resident memory beside the baseline before the import. Memory must stay flat: it may not grow with
// the file size. Baseline in the same run: `sha256sum` of the same file (its wall time and peak RSS, as
// GNU time reports them), and its digest must equal the stored hash. BENCH_EVIDENCE_MB picks another size.
import { execFile } from 'node:child_process';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createTestBackend, tempDir } from '../test/support/temp-backend';

const MB = Number(process.env.BENCH_EVIDENCE_MB ?? 1024);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

let peak = 0;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
const sampler = setInterval(sample, 20);

async function writeSource(path: string, megabytes: number): Promise<void> {
  // Varied content (not one repeated byte) so nothing in the path can shortcut it.
  const out = createWriteStream(path);
  const chunk = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < megabytes; i++) {
    chunk.fill(i % 251);
    chunk.writeUInt32BE(i, 0);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

// sha256sum under GNU time: digest, seconds, peak RSS in KiB.
function sha256sum(path: string): Promise<{ sha256: string; ms: number; peakRss: number }> {
  return new Promise((resolve, reject) =>
    execFile('/usr/bin/time', ['-f', '%e %M', 'sha256sum', path], (err, stdout, stderr) => {
      if (err) return reject(err);
      const [secs, kib] = stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
      resolve({ sha256: stdout.split(' ')[0]!, ms: secs! * 1000, peakRss: kib! * 1024 });
    }),
  );
}

const files = tempDir('dcb-bench-src-');
const b = createTestBackend();
try {
  const source = join(files, 'large-export.bin');
  console.log(`Writing a ${MB} MB source file…`);
  await writeSource(source, MB);
  const reference = await sha256sum(source);
  const settings = await b.call('settings.get', {});
  await b.call('settings.update', { ...settings, evidence: { maxFileMegabytes: Math.max(MB + 1, 200) } });
  const client = await b.call('client.create', {
    legalName: 'Bench Care Ltd',
    odsCode: 'BE1',
    domains: ['bench-care.example'],
    route: 'o365',
  });

  global.gc?.();
  sample();
  const baseline = process.memoryUsage().rss;
  peak = baseline;

  let t = performance.now();
  const upload = await b.services.transfers.receiveLocalFile(source, 'large-export.bin');
  const receiveMs = performance.now() - t;
  t = performance.now();
  const e = await b.call('evidence.import', {
    clientId: client.id,
    uploadId: upload.uploadId,
    title: 'Large export',
    kind: 'configuration-export',
  });
  const importMs = performance.now() - t;
  t = performance.now();
  const report = await b.call('evidence.verify', { clientId: client.id });
  const verifyMs = performance.now() - t;
  sample();

  const stored = statSync(b.services.blobs.path(e.current.sha256)).size;
  const rate = (ms: number) => `${((MB / ms) * 1000).toFixed(0)} MB/s`;
  console.log(
    `\nStored ${mb(stored)} as ${e.current.sha256.slice(0, 16)}… (${e.current.sniffedType}); integrity ${report.ok ? 'ok' : 'FAILED'}`,
  );
  console.log(`  receive (transfer store)  ${(receiveMs / 1000).toFixed(1)} s  ${rate(receiveMs)}`);
  console.log(`  import (hash + store)     ${(importMs / 1000).toFixed(1)} s  ${rate(importMs)}`);
  console.log(`  verify (re-hash)          ${(verifyMs / 1000).toFixed(1)} s  ${rate(verifyMs)}`);
  console.log(
    `  baseline: sha256sum       ${(reference.ms / 1000).toFixed(1)} s  ${rate(reference.ms)}  peak RSS ${mb(reference.peakRss)}`,
  );
  const kernelPeak = process.resourceUsage().maxRSS * 1024;
  console.log(
    `\nResident memory: before import ${mb(baseline)}, peak during import and verify ${mb(peak)} (+${mb(peak - baseline)} for a ${MB} MB file); ` +
      `kernel high-water mark for the whole process ${mb(kernelPeak)}`,
  );
  if (reference.sha256 !== e.current.sha256) {
    console.log(`FAIL: stored hash ${e.current.sha256} differs from sha256sum ${reference.sha256}`);
    process.exitCode = 1;
  }
  if (stored !== MB * 1024 * 1024 || !report.ok) process.exitCode = 1;
  // Flat means bounded by stream buffers, not by the file: allow 64 MB of slack.
  if (peak - baseline > 64 * 1024 * 1024) {
    console.log('FAIL: memory grew with the file size');
    process.exitCode = 1;
  }
} finally {
  clearInterval(sampler);
  b.dispose();
  rmSync(files, { recursive: true, force: true });
}
