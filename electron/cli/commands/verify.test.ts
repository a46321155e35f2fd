import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBundle } from '../../bundle/zip/bundle-writer';
import { auditChain, memoryBlobs } from '../../../test/support/bundle-test-kit';
import { sampleStatementInput } from '../../../test/support/sample-statement';
import { main } from '../main';

const dir = mkdtempSync(join(tmpdir(), 'dcb-cli-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let good: string;
let bad: string;

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { DCB_DATA_DIR: join(dir, 'workspace') });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  const r = await writeBundle({
    model: sampleStatementInput(),
    blobs: memoryBlobs(),
    audit: [auditChain('c1', 3)],
    outPath: join(dir, 'bundle.zip'),
    bundleId: 'DCB1596-VN3K7-20260302-7F3A9C21',
  });
  good = r.path;
  const bytes = readFileSync(good);
  const at = bytes.indexOf(Buffer.from('SHA256SUMS')) + 200;
  bytes[at]! ^= 0x01;
  bad = join(dir, 'bad.zip');
  writeFileSync(bad, bytes);
}, 60_000);

describe('dcb1596 verify', () => {
  it('exits 0 and says so for an intact bundle', async () => {
    const r = await run(['verify', good]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('Bundle DCB1596-VN3K7-20260302-7F3A9C21 — Oakwood Care Homes Ltd (ODS VN3K7)');
    expect(r.out).toMatch(/PASS {2}Archive integrity/);
    expect(r.out).toMatch(/PASS {2}\d+ files match the manifest/);
    expect(r.out).toContain('SKIP  Statement seal — the statement is not cryptographically sealed');
    // A skipped check is counted as skipped, never as passed.
    expect(r.out).toMatch(/Verified: \d+ passed, 1 skipped \(the statement is not cryptographically sealed\)\./);
    expect(r.out).not.toMatch(/all \d+ checks passed/);
    // The sample model's bundle names itself as sample data, before and after the verdict.
    expect(r.out).toContain('Status  SAMPLE — demonstration data; not for submission');
    expect(r.out).toContain('This bundle is SAMPLE data: not for submission.');
  });

  it('exits 1 and names what failed for a changed bundle', async () => {
    const r = await run(['verify', bad]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL {2}Archive integrity/);
    expect(r.err).toMatch(/^NOT VERIFIED: \d+ checks? failed\. Failing files: /);
  });

  it('prints JSON with --json and every file with --all', async () => {
    const j = await run(['verify', good, '--json']);
    expect(j.code).toBe(0);
    const parsed = JSON.parse(j.out);
    expect(parsed).toMatchObject({ ok: true, bundleId: 'DCB1596-VN3K7-20260302-7F3A9C21', failedFiles: [] });
    const all = await run(['verify', good, '--all']);
    expect(all.out).toContain('PASS  statement.pdf — SHA-256');
    const badJson = await run(['verify', bad, '--json']);
    expect(badJson.code).toBe(1);
    expect(JSON.parse(badJson.out).ok).toBe(false);
  });

  it.each([
    [['verify'], 2, /Name the bundle to check/],
    [['verify', 'a.zip', 'b.zip'], 2, /Unexpected argument "b.zip"/],
    [['verify', '/nowhere/bundle.zip'], 1, /No bundle at \/nowhere\/bundle.zip/],
  ])('%j exits %i', async (args, code, message) => {
    const r = await run(args);
    expect(r.code).toBe(code);
    expect(r.err).toMatch(message);
  });

  it('is listed in the help and runs as `npx dcb1596 verify`', () => {
    const r = spawnSync(process.execPath, ['bin/dcb1596.mjs', 'verify', bad], {
      encoding: 'utf8',
      env: { ...process.env, DCB_DATA_DIR: join(dir, 'ws2') },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('NOT VERIFIED');
    const help = spawnSync(process.execPath, ['bin/dcb1596.mjs', '--help'], { encoding: 'utf8' });
    expect(help.stdout).toMatch(/verify\s+Check an evidence bundle/);
  });
});
