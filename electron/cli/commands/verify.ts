import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleStatusLine, verifyBundle, verifyCounts, type VerifyCheck } from '../../bundle/verify/verify';
import { parse } from '../args';
import { UsageError, type CliCommand } from '../cli-types';

const MARK: Record<VerifyCheck['status'], string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' };

// `dcb1596 verify <bundle.zip>`: needs no workspace — anyone holding a bundle can run it.
export const verify: CliCommand = {
  name: 'verify',
  summary: 'Check an evidence bundle: every file hash, the manifest, SHA256SUMS, the audit chain and the statement seal',
  usage: `dcb1596 verify <bundle.zip> [--all] [--json]

  --all   List every file checked, not only the ones that failed
  --json  Print the full result as JSON

The bundle is streamed (bounded memory, whatever its size). Hostile archives are refused
with the limit they hit: members, sizes, names, encryption, ZIP64 and layout (README, Verify).

Exit code 0 when every check passes, 1 when any fails.`,
  async run(ctx, args) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' }, all: { type: 'boolean' } }, 1);
    if (!positionals[0]) throw new UsageError('Name the bundle to check, e.g. dcb1596 verify DCB1596-AB1-2026-03-02.zip');
    const path = resolve(positionals[0]);
    if (!existsSync(path) || !statSync(path).isFile()) {
      ctx.io.err(`No bundle at ${path}.`);
      return 1;
    }
    const r = await verifyBundle(path);
    if (values.json) {
      ctx.io.out(JSON.stringify(r, null, 2));
      return r.ok ? 0 : 1;
    }
    const lines: string[] = [];
    lines.push(
      r.bundleId
        ? `Bundle ${r.bundleId}${r.client ? ` — ${r.client.legalName} (ODS ${r.client.odsCode})` : ''}${r.createdAt ? `, created ${r.createdAt}` : ''}`
        : `Bundle ${path}`,
    );
    if (r.archiveSha256) lines.push(`Archive SHA-256 ${r.archiveSha256}`);
    if (r.draft !== undefined || r.sample !== undefined) lines.push(`Status  ${bundleStatusLine(r)}`);
    lines.push('');
    const fileChecks = r.checks.filter((c) => c.id.startsWith('file:'));
    const passedFiles = fileChecks.filter((c) => c.status === 'pass');
    for (const c of r.checks) {
      if (c.id.startsWith('file:') && c.status === 'pass' && !values.all) continue;
      lines.push(`  ${MARK[c.status]}  ${c.title}${c.detail ? ` — ${c.detail}` : ''}`);
    }
    if (!values.all && passedFiles.length)
      lines.push(`  PASS  ${passedFiles.length} file${passedFiles.length === 1 ? '' : 's'} match the manifest (SHA-256, size, CRC-32)`);
    lines.push('');
    if (r.ok) {
      lines.push(`Verified: ${verifyCounts(r.checks)}. Nothing in this bundle was changed after it was written.`);
      if (r.draft || r.sample)
        lines.push(
          `This bundle is ${[r.draft ? 'a DRAFT' : '', r.sample ? 'SAMPLE data' : ''].filter(Boolean).join(' of ')}: not for submission.`,
        );
      ctx.io.out(lines.join('\n'));
      return 0;
    }
    // The report goes to stdout either way; the verdict of a failure also goes to stderr.
    ctx.io.out(lines.join('\n'));
    const failed = r.checks.filter((c) => c.status === 'fail');
    ctx.io.err(
      `NOT VERIFIED: ${failed.length} check${failed.length === 1 ? '' : 's'} failed.${r.failedFiles.length ? ` Failing files: ${r.failedFiles.join(', ')}.` : ''} In all: ${verifyCounts(r.checks)}.`,
    );
    return 1;
  },
};
