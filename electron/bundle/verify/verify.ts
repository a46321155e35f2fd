import { z } from 'zod';
import { readInfoString } from '../../documents/pdf/doc-builder';
import { pdfLib } from '../../documents/pdf-lib';
import { verifyPdfSignatures } from '../../documents/seal/pdf-signature';
import {
  MANIFEST_PATH,
  Manifest,
  ManifestFile,
  STATEMENT_PATH,
  SUMS_PATH,
  contentsSha256,
  parseSha256sums,
  sha256sums,
} from '../zip/manifest';
import { AuditLogStream } from './verify-audit';
import { VERIFY_LIMITS, jsonValueBound, limitText, pdfShape, type VerifyLimit } from './verify-limits';
import { readEntries } from './verify-read';
import { checkArchiveSeal } from '../zip/zip-seal';

// Re-checks a bundle from its bytes alone, in JavaScript (no poppler, no unzip: it runs on Windows):
// the archive seal and structure, every entry's SHA-256, size and CRC against manifest.json, the manifest's
// own contents hash, SHA256SUMS, the statement's seal and its binding to the manifest, and the audit hash
// chains. Never throws on a hostile file: every problem becomes a failed check naming what failed.

const VerifyStatus = z.enum(['pass', 'fail', 'warn', 'skip']);
type VerifyStatus = z.infer<typeof VerifyStatus>;

export const VerifyCheck = z.object({
  id: z.string(),
  title: z.string(),
  status: VerifyStatus,
  detail: z.string().optional(),
  // The bundle member the check is about, when there is one.
  file: z.string().optional(),
});
export type VerifyCheck = z.infer<typeof VerifyCheck>;

export const BundleVerification = z.object({
  ok: z.boolean(),
  bundlePath: z.string(),
  bundleId: z.string().optional(),
  contentsSha256: z.string().optional(),
  archiveSha256: z.string().optional(),
  createdAt: z.string().optional(),
  client: z.object({ legalName: z.string(), odsCode: z.string() }).optional(),
  sealed: z.boolean(),
  // From the manifest: a review draft (not signed off) or demonstration data. Never a submission.
  draft: z.boolean().optional(),
  sample: z.boolean().optional(),
  filesChecked: z.number().int(),
  checks: z.array(VerifyCheck),
  // Every bundle member that failed a check, for a one-line summary.
  failedFiles: z.array(z.string()),
});
export type BundleVerification = z.infer<typeof BundleVerification>;

// Members read whole for the cross-checks, each with the limit that caps it; the audit log streams.
const KEEP: Record<string, VerifyLimit> = {
  [MANIFEST_PATH]: 'maxManifestBytes',
  [SUMS_PATH]: 'maxSumsBytes',
  [STATEMENT_PATH]: 'maxStatementBytes',
};
const AUDIT_PATH = 'audit-log.jsonl';

// Manifest.safeParse reports every problem of every file entry: for 10,000 empty entries that is 50,000
// issue objects. File entries are checked one at a time first, stopping at the first bad one, so a hostile
// manifest costs no more memory than a valid one.
type ManifestParse = { success: true; data: Manifest } | { success: false; issue?: { path: PropertyKey[]; message: string } };

function parseManifest(raw: unknown): ManifestParse {
  const files = (raw as { contents?: { files?: unknown } } | null | undefined)?.contents?.files;
  if (Array.isArray(files)) {
    if (files.length > VERIFY_LIMITS.maxEntries)
      return { success: false, issue: { path: ['contents', 'files'], message: `more than ${limitText('maxEntries')}` } };
    for (const [i, f] of files.entries()) {
      const r = ManifestFile.safeParse(f);
      if (!r.success)
        return { success: false, issue: { ...r.error.issues[0]!, path: ['contents', 'files', i, ...r.error.issues[0]!.path] } };
    }
  }
  const r = Manifest.safeParse(raw);
  return r.success ? r : { success: false, issue: r.error.issues[0] };
}

const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function verifyBundle(path: string, opts: { onProgress?: (doneBytes: number) => void } = {}): Promise<BundleVerification> {
  const checks: VerifyCheck[] = [];
  const add = (c: VerifyCheck) => checks.push(c);
  const fail = (title: string, detail: string, file?: string) =>
    add({
      id: file ? `file:${file}` : title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      title,
      status: 'fail',
      detail,
      ...(file ? { file } : {}),
    });
  const result: BundleVerification = { ok: false, bundlePath: path, sealed: false, filesChecked: 0, checks, failedFiles: [] };

  let done = 0;
  let last = 0;
  const onBytes = (n: number) => {
    done += n;
    if (done - last >= 8 * 1_048_576) {
      last = done;
      opts.onProgress?.(done);
    }
  };

  // 1. The archive as bytes.
  let archive: Awaited<ReturnType<typeof checkArchiveSeal>> | undefined;
  try {
    archive = await checkArchiveSeal(path);
    result.archiveSha256 = archive.archiveSha256;
    if (archive.problems.length) fail('Archive integrity', archive.problems.join('; '));
    else
      add({
        id: 'archive-integrity',
        title: 'Archive integrity',
        status: 'pass',
        detail: 'every byte of the ZIP matches its archive seal',
      });
  } catch (e) {
    fail('Archive integrity', `the file cannot be read (${msg(e)})`);
  }

  // 2. Every entry, hashed.
  const auditStream = new AuditLogStream();
  const entries = await readEntries(path, {
    keep: KEEP,
    stream: { [AUDIT_PATH]: auditStream },
    cdOffset: archive?.cdOffset,
    onBytes,
    fail,
  });
  if (archive?.entryCount !== undefined && entries.size && archive.entryCount !== entries.size)
    fail('Archive structure', `the end record counts ${archive.entryCount} files but the directory lists ${entries.size}`);

  // 3. The manifest.
  let manifest: Manifest | undefined;
  const mEntry = entries.get(MANIFEST_PATH);
  if (!mEntry) fail('Manifest', 'manifest.json is missing', MANIFEST_PATH);
  else if (mEntry.error || !mEntry.data) fail('Manifest', `manifest.json: ${mEntry.error ?? 'unreadable'}`, MANIFEST_PATH);
  else {
    let raw: unknown;
    const values = jsonValueBound(mEntry.data);
    try {
      raw = values > VERIFY_LIMITS.maxManifestValues ? undefined : JSON.parse(mEntry.data.toString('utf8'));
    } catch {
      raw = undefined;
    }
    const parsed = parseManifest(raw);
    if (values > VERIFY_LIMITS.maxManifestValues)
      fail(
        'Manifest',
        `manifest.json holds up to ${values.toLocaleString('en-GB')} JSON values, more than ${limitText('maxManifestValues')}`,
        MANIFEST_PATH,
      );
    else if (!parsed.success) {
      const i = parsed.issue;
      fail(
        'Manifest',
        `manifest.json is not a valid bundle manifest${i ? ` (${i.path.join('.') || 'root'}: ${i.message})` : ''}`,
        MANIFEST_PATH,
      );
    } else if (contentsSha256(parsed.data.contents) !== parsed.data.contentsSha256) {
      fail('Manifest', 'manifest.json was changed: its contents no longer match contentsSha256', MANIFEST_PATH);
      manifest = parsed.data;
    } else {
      manifest = parsed.data;
      add({
        id: 'manifest',
        title: 'Manifest',
        status: 'pass',
        detail: `contents SHA-256 ${manifest.contentsSha256}`,
        file: MANIFEST_PATH,
      });
    }
    if (mEntry && !mEntry.error && !mEntry.crcOk)
      fail('Manifest', 'manifest.json: its CRC-32 does not match the archive directory', MANIFEST_PATH);
  }
  if (manifest) {
    const c = manifest.contents;
    result.bundleId = c.bundleId;
    result.contentsSha256 = manifest.contentsSha256;
    result.createdAt = c.createdAt;
    result.client = { legalName: c.client.legalName, odsCode: c.client.odsCode };
    result.draft = c.draft;
    result.sample = c.sample;
    if (archive?.bundleId && archive.bundleId !== c.bundleId)
      fail('Archive integrity', `the archive comment names bundle ${archive.bundleId} but the manifest names ${c.bundleId}`);
  }

  // 4. Each listed file against the manifest, and nothing unlisted.
  if (manifest) {
    const listed = [...manifest.contents.files, manifest.statement];
    const seen = new Set<string>();
    for (const f of listed) {
      if (seen.has(f.path)) {
        fail(f.path, 'listed twice in the manifest', f.path);
        continue;
      }
      seen.add(f.path);
      result.filesChecked++;
      const e = entries.get(f.path);
      if (!e) fail(f.path, 'listed in the manifest but missing from the archive', f.path);
      else if (e.error) fail(f.path, e.error, f.path);
      else if (e.sha256 !== f.sha256 || e.size !== f.size)
        fail(f.path, 'its SHA-256 does not match the manifest (the file was changed)', f.path);
      else if (!e.crcOk) fail(f.path, 'its CRC-32 does not match the archive directory', f.path);
      else add({ id: `file:${f.path}`, title: f.path, status: 'pass', detail: `SHA-256 ${f.sha256}`, file: f.path });
    }
    for (const [name] of entries)
      if (!seen.has(name) && name !== MANIFEST_PATH && name !== SUMS_PATH)
        fail(name, 'in the archive but not listed in the manifest', name);
  } else {
    for (const [name, e] of entries) if (e.error) fail(name, e.error, name);
  }

  // 5. SHA256SUMS must be exactly the list regenerated from what the manifest declares (so a changed
  // member is blamed on the member, not on SHA256SUMS) plus manifest.json's own bytes.
  const sums = entries.get(SUMS_PATH);
  if (!sums) fail('SHA256SUMS', 'SHA256SUMS is missing', SUMS_PATH);
  else if (sums.error || !sums.data) fail('SHA256SUMS', `SHA256SUMS: ${sums.error ?? 'unreadable'}`, SUMS_PATH);
  else {
    const declared = new Map<string, string>();
    if (manifest) for (const f of [...manifest.contents.files, manifest.statement]) declared.set(f.path, f.sha256);
    const expectedMap = new Map([...entries].filter(([n]) => n !== SUMS_PATH).map(([n, e]) => [n, declared.get(n) ?? e.sha256] as const));
    const expected = sha256sums([...expectedMap].map(([path, sha256]) => ({ path, sha256 })));
    const text = sums.data.toString('utf8');
    if (text === expected && sums.crcOk)
      add({ id: 'sha256sums', title: 'SHA256SUMS', status: 'pass', detail: 'lists every file with its correct SHA-256', file: SUMS_PATH });
    else {
      let lines = 1;
      for (const b of sums.data) if (b === 0x0a) lines++;
      // More lines than members can only be padding; parsing them would cost memory for nothing.
      const { entries: listed, bad } = parseSha256sums(lines > entries.size + 1 ? '' : text);
      if (lines > entries.size + 1) bad.push(lines);
      const wrong = [...expectedMap].filter(([n, h]) => listed.get(n) !== h).map(([n]) => n);
      if (wrong.includes(MANIFEST_PATH))
        fail(MANIFEST_PATH, 'manifest.json does not match its SHA-256 in SHA256SUMS (one of the two was changed)', MANIFEST_PATH);
      const others = wrong.filter((n) => n !== MANIFEST_PATH);
      const extra = [...listed.keys()].filter((n) => !entries.has(n));
      const parts = [
        ...(others.length
          ? [`wrong or missing line for ${others.slice(0, 5).join(', ')}${others.length > 5 ? ` and ${others.length - 5} more` : ''}`]
          : []),
        ...(extra.length ? [`lists files not in the archive: ${extra.slice(0, 5).join(', ')}`] : []),
        ...(bad.length ? [`unreadable line ${bad.slice(0, 5).join(', ')}`] : []),
      ];
      if (parts.length || (!wrong.length && (text !== expected || !sums.crcOk)))
        fail('SHA256SUMS', `SHA256SUMS was changed: ${parts.join('; ') || 'its bytes differ from the list of files'}`, SUMS_PATH);
    }
  }

  // 6. The statement: its seal, and that it names this manifest.
  const st = entries.get(STATEMENT_PATH);
  const shape = st?.data && !st.error ? pdfShape(st.data) : undefined;
  if (shape && (shape.objects > VERIFY_LIMITS.maxStatementObjects || shape.objectStreams))
    fail(
      'Statement seal',
      shape.objectStreams
        ? 'statement.pdf holds object streams, which the app never writes; it was not parsed'
        : `statement.pdf holds ${shape.objects.toLocaleString('en-GB')} PDF objects, more than ${limitText('maxStatementObjects')}; it was not parsed`,
      STATEMENT_PATH,
    );
  else if (st?.data && !st.error) {
    const sig = verifyPdfSignatures(st.data);
    const sealedPerManifest = manifest?.statement.sealed;
    if (sig.signatures.length === 0 && !sig.unreadable.length) {
      if (sealedPerManifest) fail('Statement seal', 'the manifest says the statement is sealed, but it carries no seal', STATEMENT_PATH);
      else
        add({
          id: 'statement-seal',
          title: 'Statement seal',
          status: 'skip',
          detail: 'the statement is not cryptographically sealed',
          file: STATEMENT_PATH,
        });
    }
    for (const s of sig.signatures) {
      result.sealed = true;
      const expectFp = manifest?.statement.seal?.fingerprintSha256;
      if (!s.ok) fail('Statement seal', s.problems.join('; '), STATEMENT_PATH);
      else if (expectFp && s.signerFingerprintSha256 !== expectFp)
        fail(
          'Statement seal',
          `sealed with a different certificate (SHA-256 ${s.signerFingerprintSha256}) than the manifest records`,
          STATEMENT_PATH,
        );
      else if (sealedPerManifest === false)
        fail('Statement seal', 'the statement carries a seal the manifest does not record', STATEMENT_PATH);
      else
        add({
          id: 'statement-seal',
          title: 'Statement seal',
          status: 'pass',
          detail: `valid seal by ${s.signerSubject} (certificate SHA-256 ${s.signerFingerprintSha256}), whole document signed${s.signingTime ? ` at ${s.signingTime}` : ''}`,
          file: STATEMENT_PATH,
        });
    }
    for (const u of sig.unreadable) fail('Statement seal', u, STATEMENT_PATH);
    if (manifest) {
      try {
        const doc = await pdfLib.PDFDocument.load(st.data, { updateMetadata: false });
        const shown = readInfoString(doc, 'DCB1596ManifestSHA256');
        const id = readInfoString(doc, 'DCB1596BundleId');
        if (shown === manifest.contentsSha256 && id === manifest.contents.bundleId)
          add({
            id: 'statement-binding',
            title: 'Statement ↔ manifest',
            status: 'pass',
            detail: 'the statement names this bundle and its manifest hash',
            file: STATEMENT_PATH,
          });
        else
          fail(
            'Statement ↔ manifest',
            `the statement names bundle ${id ?? '(none)'} with manifest SHA-256 ${shown ?? '(none)'}, not this bundle`,
            STATEMENT_PATH,
          );
      } catch (e) {
        fail('Statement ↔ manifest', `statement.pdf cannot be read as a PDF (${msg(e)})`, STATEMENT_PATH);
      }
    }
  } else if (!manifest) fail(STATEMENT_PATH, st ? (st.error ?? 'unreadable') : 'statement.pdf is missing', STATEMENT_PATH);

  // 7. The audit trail: every hash chain intact and as long as the manifest recorded.
  const audit = entries.get(AUDIT_PATH);
  if (audit && !audit.error) {
    const r = auditStream.end(manifest?.contents.audit);
    if (r.problemCount)
      fail(
        'Audit log',
        `${r.problems.join('; ')}${r.problemCount > r.problems.length ? ` and ${r.problemCount - r.problems.length} more` : ''}`,
        AUDIT_PATH,
      );
    else
      add({
        id: 'audit-log',
        title: 'Audit log',
        status: 'pass',
        detail: `${r.entries} entries in ${r.chains} hash chain${r.chains === 1 ? '' : 's'}, unbroken${r.omitted ? `, with ${r.omitted} entries of other cycles kept as hash links only` : ''}`,
        file: AUDIT_PATH,
      });
  } else if (!manifest) fail('Audit log', audit?.error ?? 'audit-log.jsonl is missing', AUDIT_PATH);

  result.ok = checks.length > 0 && !checks.some((c) => c.status === 'fail');
  result.failedFiles = [...new Set(checks.filter((c) => c.status === 'fail' && c.file).map((c) => c.file!))];
  opts.onProgress?.(done);
  return result;
}

// "11 passed, 1 skipped (no seal)": passed, failed, warned and skipped counted apart, so a skipped check is
// never reported as passed.
export function verifyCounts(checks: readonly Pick<VerifyCheck, 'status' | 'detail' | 'title'>[]): string {
  const n = (s: VerifyStatus) => checks.filter((c) => c.status === s);
  const skipped = n('skip');
  const parts = [
    `${n('pass').length} passed`,
    ...(n('fail').length ? [`${n('fail').length} failed`] : []),
    ...(n('warn').length ? [`${n('warn').length} with a warning`] : []),
    ...(skipped.length ? [`${skipped.length} skipped (${skipped.map((c) => c.detail ?? c.title).join('; ')})`] : []),
  ];
  return parts.join(', ');
}

// What the bundle is, in one line, before any verdict: a review draft or sample data is never a submission.
export function bundleStatusLine(r: Pick<BundleVerification, 'draft' | 'sample' | 'sealed'>): string {
  const marks = [
    ...(r.draft ? ['DRAFT — a review pack, not signed off; not for submission'] : []),
    ...(r.sample ? ['SAMPLE — demonstration data; not for submission'] : []),
  ];
  return marks.length ? marks.join('. ') : `Final: signed off by both signatories${r.sealed ? ', statement sealed' : ''}`;
}
