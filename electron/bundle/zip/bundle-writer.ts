import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { AuditEntry, AuditOmitted } from '../../../shared/contract/audit';
import { describeIssues } from '../../../shared/contract/errors';
import { canonicalJson } from '../../../shared/domain/canonical-json';
import { AppError, conflict, integrity, invalid } from '../../backend/app-error';
import { createAtomicFile, type AtomicFile } from '../../files/atomic-write';
import { evidenceFiles, snapshotFiles } from '../../documents/evidence-list';
import { renderEvidenceIndexBytes } from '../../documents/evidence-index-pdf';
import type { FontBytes } from '../../documents/fonts';
import { produceStatement } from '../../documents/produce-statement';
import { sealIdentityOf, type OpenedSeal, type SealCredentials } from '../../documents/seal/seal';
import { SignOffSlot, StatementModel, finalStatementIssues, type StatementModelInput } from '../../statement/statement-model';
import { renderTechnicalReportBytes } from '../../documents/technical-report-pdf';
import { renderBoardSummaryBytes } from '../../documents/board-summary-pdf';
import { verifyEntries } from '../../store/audit-log';
import {
  MANIFEST_ABOUT,
  MANIFEST_FORMAT,
  MANIFEST_PATH,
  STATEMENT_PATH,
  SUMS_PATH,
  contentsJson,
  contentsSha256,
  sha256sums,
  type FileRole,
  type Manifest,
  type ManifestContents,
  type ManifestFile,
} from './manifest';
import { evidencePath, mimeFor, newBundleId, nextFreeBundlePath, shouldDeflate } from './names';
import { useNativeCrc32ForYazl } from './native-crc';
import { verifyText } from '../verify/verify-text';
import { verifyBundle, type BundleVerification } from '../verify/verify';
import { ArchiveSealer, placeholderComment } from './zip-seal';

// Writes the evidence bundle: one ZIP, streamed (evidence files go from the content-addressed store
// straight into the archive, hashed on the way), deterministic (entries sorted, fixed times, the same
// compression per type, canonical JSON, seeded PDFs: the same input gives the same bytes), written to a
// temp file, re-read and verified in full, and only then renamed to a name no other bundle has.
// Anything that goes wrong — a missing or altered evidence file, a full disk, a failed verification —
// leaves nothing under the final name.

export interface BlobSource {
  open(sha256: string): Readable;
  size(sha256: string): number | undefined;
  // Where the blob is on disk, when it is (BlobStore): read in 1 MB chunks instead of 64 KB.
  path?(sha256: string): string;
}

export interface AuditExport {
  chain: string;
  entries: (AuditEntry | AuditOmitted)[];
  // The chain head recorded in the store, so a truncated export is refused.
  head?: { n: number; hash: string };
}

export interface BundleProgress {
  phase: 'preparing' | 'writing' | 'verifying' | 'done';
  doneBytes: number;
  totalBytes: number;
}

export interface WriteBundleInput {
  model: StatementModel | StatementModelInput;
  blobs: BlobSource;
  audit: AuditExport[];
  // Where to write, e.g. …/DCB1596-VN3K7-2026-03-02.zip. If taken, -v2, -v3 … is used instead.
  outPath: string;
  bundleId?: string;
  // Opened once by the caller (openSeal) or given as they are, to be opened here.
  seal?: SealCredentials | OpenedSeal;
  // Export with the DRAFT watermark while sign-offs or details are missing (never with a seal).
  draft?: boolean;
  fonts?: FontBytes;
  onProgress?: (p: BundleProgress) => void;
  signal?: AbortSignal;
  // Test seam: how the temp file is opened (to simulate a full disk).
  openOutput?: (target: string) => Promise<AtomicFile>;
}

export interface BundleResult {
  path: string;
  fileName: string;
  bundleId: string;
  size: number;
  // SHA-256 of the whole ZIP: for the submission email.
  archiveSha256: string;
  // Printed on the statement.
  contentsSha256: string;
  statementSha256: string;
  sealed: boolean;
  fileCount: number;
  verification: BundleVerification;
}

interface Member {
  path: string;
  role: FileRole;
  size: number;
  sha256: string;
  mimeType: string;
  data?: Buffer;
  // Streamed from the blob store when data is absent.
  blob?: string;
  meta?: Partial<ManifestFile>;
}

const MODE = 0o100644;
const READ_CHUNK = 1_048_576;

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

function memberFromBytes(path: string, role: FileRole, bytes: Uint8Array | string, meta?: Partial<ManifestFile>): Member {
  const data = Buffer.from(bytes);
  return { path, role, size: data.length, sha256: sha256(data), mimeType: mimeFor(path), data, meta };
}

function cancelled(): AppError {
  return new AppError('cancelled', 'The export was cancelled. Nothing was saved.');
}

function describeWriteError(err: unknown, needBytes: number): Error {
  if (err instanceof AppError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new AppError(
      'unavailable',
      `The disk is full. The bundle needs about ${Math.ceil(needBytes / 1_048_576)} MB. Free some space or choose another folder, then export again. Nothing was saved.`,
    );
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new AppError(
      'unavailable',
      'The bundle cannot be written to this folder (no permission or read-only). Choose another folder. Nothing was saved.',
    );
  return err instanceof Error ? err : new Error(String(err));
}

// Hashes a blob while it streams into the archive, and fails the export if the bytes are not the ones the
// evidence library recorded (the file was altered or truncated on disk since it was stored).
function verifiedBlobStream(blobs: BlobSource, m: Member, onError: (e: Error) => void, onBytes: (n: number) => void): Readable {
  const hash = createHash('sha256');
  let size = 0;
  const label = m.meta?.title ? `"${m.meta.title}" (${m.path})` : m.path;
  const check = new Transform({
    transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback) {
      hash.update(chunk);
      size += chunk.length;
      onBytes(chunk.length);
      cb(null, chunk);
    },
    flush(cb: TransformCallback) {
      if (size !== m.size || hash.digest('hex') !== m.sha256)
        return cb(
          integrity(
            `The evidence file ${label} changed on disk after it was stored: its SHA-256 no longer matches. Re-attach it, then export again. Nothing was saved.`,
          ),
        );
      cb();
    },
  });
  let source: Readable;
  try {
    source = blobs.path ? createReadStream(blobs.path(m.blob!), { highWaterMark: READ_CHUNK }) : blobs.open(m.blob!);
  } catch (err) {
    queueMicrotask(() => onError(describeBlobError(err, label)));
    return check;
  }
  source.on('error', (err) => {
    check.destroy();
    onError(describeBlobError(err, label));
  });
  check.on('error', (err) => {
    source.destroy();
    onError(err);
  });
  return source.pipe(check);
}

function describeBlobError(err: unknown, label: string): Error {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT')
    return new AppError(
      'not-found',
      `The evidence file ${label} is missing from this computer's evidence store. Re-attach it, then export again. Nothing was saved.`,
    );
  return err instanceof Error ? err : new Error(String(err));
}

export async function writeBundle(input: WriteBundleInput): Promise<BundleResult> {
  // Here rather than on import: its self-test takes a few milliseconds that every command line call paid.
  useNativeCrc32ForYazl();
  const progress = (p: BundleProgress) => input.onProgress?.(p);
  const check = () => {
    if (input.signal?.aborted) throw cancelled();
  };
  check();
  const parsed = StatementModel.safeParse(input.model);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw invalid(`The statement details are incomplete: ${describeIssues(issues)}.`, issues);
  }
  const m = parsed.data;
  if (!input.draft) {
    const issues = finalStatementIssues(m);
    if (issues.length) throw invalid(`The statement is not ready to export: ${describeIssues(issues)}.`, issues);
  }
  const createdAt = new Date(m.generatedAt);
  const bundleId = input.bundleId ?? newBundleId(m.organisation.odsCode, createdAt);
  const comment = placeholderComment(bundleId);
  // Open the certificate first: a wrong passphrase or an expired certificate must fail before any work.
  const sealIdentity = input.seal ? sealIdentityOf(input.seal, createdAt) : undefined;

  for (const a of input.audit) {
    const problems = verifyEntries(a.chain, a.entries, a.head);
    if (problems.length)
      throw integrity(
        `The audit log is damaged (${problems[0]!.problem}${problems.length > 1 ? ` and ${problems.length - 1} more` : ''}); the bundle was not exported.`,
      );
  }

  // Evidence and raw snapshots, each once, under safe unique names; all must exist before anything is written.
  const used = new Map<string, string>();
  const place = (fileName: string, sha: string, dir: string) => {
    let p = evidencePath(fileName, sha, dir);
    for (let n = 16; used.has(p) && used.get(p) !== sha; n += 4) p = evidencePath(fileName, sha.slice(0, n), dir);
    used.set(p, sha);
    return p;
  };
  const members: Member[] = [];
  const missing: string[] = [];
  // A raw probe snapshot that is also linked as evidence is stored once, in raw/; the index points there.
  const snapshots = snapshotFiles(m);
  const snapshotShas = new Set(snapshots.map((s) => s.sha256));
  const linkedSnapshots = new Map<string, ReturnType<typeof evidenceFiles>[number]>();
  for (const f of evidenceFiles(m)) {
    if (snapshotShas.has(f.sha256)) {
      linkedSnapshots.set(f.sha256, f);
      continue;
    }
    const size = input.blobs.size(f.sha256);
    if (size === undefined) {
      missing.push(`"${f.ref.title}" (${f.ref.fileName})`);
      continue;
    }
    const path = place(f.ref.fileName, f.sha256, 'evidence');
    members.push({
      path,
      role: 'evidence',
      size,
      sha256: f.sha256,
      mimeType: f.ref.mimeType ?? mimeFor(f.ref.fileName),
      blob: f.sha256,
      meta: {
        title: f.ref.title,
        requirementIds: f.requirementIds,
        ...(f.ref.evidenceId ? { evidenceId: f.ref.evidenceId } : {}),
        ...(f.ref.revision ? { revision: f.ref.revision } : {}),
        ...(f.ref.source ? { source: f.ref.source } : {}),
        ...(f.ref.collectedAt ? { collectedAt: f.ref.collectedAt } : {}),
      },
    });
  }
  for (const s of snapshots) {
    const linked = linkedSnapshots.get(s.sha256);
    const size = input.blobs.size(s.sha256);
    if (size === undefined) {
      missing.push(`the raw ${s.kind} check result for ${s.target} (${s.fileName})`);
      continue;
    }
    members.push({
      path: place(s.fileName.endsWith('.json') ? s.fileName : `${s.fileName}.json`, s.sha256, 'raw'),
      role: 'probe-snapshot',
      size,
      sha256: s.sha256,
      mimeType: 'application/json',
      blob: s.sha256,
      meta: {
        title: `Raw ${s.kind} check result for ${s.target}`,
        collectedAt: s.collectedAt,
        ...(linked
          ? { requirementIds: linked.requirementIds, ...(linked.ref.evidenceId ? { evidenceId: linked.ref.evidenceId } : {}) }
          : {}),
      },
    });
  }
  if (missing.length)
    throw new AppError(
      'not-found',
      `${missing.length === 1 ? 'A file is' : `${missing.length} files are`} missing from this computer's evidence store: ${missing.slice(0, 5).join('; ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}. Re-attach ${missing.length === 1 ? 'it' : 'them'}, then export again.`,
    );
  progress({ phase: 'preparing', doneBytes: 0, totalBytes: 0 });
  check();

  const paths = new Map(members.map((x) => [x.sha256, x.path]));
  // A draft (not final, or a review pack asked for as such) is watermarked DRAFT on every PDF.
  const isDraft = Boolean(input.draft) || finalStatementIssues(m).length > 0;
  const reportModel: StatementModel = { ...m, bundle: { id: bundleId, ...(isDraft ? { draft: true } : {}) } };
  members.push(
    memberFromBytes('evidence-index.pdf', 'evidence-index', await renderEvidenceIndexBytes(reportModel, { fonts: input.fonts, paths })),
  );
  members.push(memberFromBytes('board-summary.pdf', 'board-summary', await renderBoardSummaryBytes(reportModel, { fonts: input.fonts })));
  members.push(
    memberFromBytes(
      'technical-report.pdf',
      'technical-report',
      await renderTechnicalReportBytes(reportModel, { fonts: input.fonts, snapshotPaths: paths }),
    ),
  );
  members.push(
    memberFromBytes('raw/technical-results.json', 'probe-results', `${JSON.stringify({ bundleId, runs: m.technical.runs }, null, 2)}\n`, {
      title: 'All automated check results in this bundle',
    }),
  );
  const auditLines = input.audit.flatMap((a) => a.entries.map((e) => canonicalJson(e)));
  members.push(memberFromBytes('audit-log.jsonl', 'audit-log', auditLines.length ? `${auditLines.join('\n')}\n` : ''));
  members.push(memberFromBytes('VERIFY.txt', 'instructions', verifyText(m, bundleId, Boolean(input.seal), sealIdentity)));
  members.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  check();

  const contents: ManifestContents = {
    bundleId,
    createdAt: m.generatedAt,
    appVersion: m.appVersion,
    catalogueVersion: m.catalogue.version,
    assessment: { id: m.assessment.id, cycle: m.assessment.cycle },
    client: {
      legalName: m.organisation.legalName,
      odsCode: m.organisation.odsCode,
      domains: m.organisation.domains,
      route: m.organisation.route,
      ...(m.organisation.tenantId ? { tenantId: m.organisation.tenantId } : {}),
    },
    sample: m.sample,
    draft: isDraft,
    signers: SignOffSlot.options.flatMap((slot) => {
      const s = m.signOffs[slot];
      return s
        ? [{ slot, name: s.name, role: s.role, organisation: s.organisation, email: s.email, signedAt: s.signedAt, method: s.method }]
        : [];
    }),
    audit: input.audit.map((a) => ({ chain: a.chain, entries: a.entries.length, headHash: a.entries[a.entries.length - 1]?.hash ?? '' })),
    files: members.map((x) => ({ path: x.path, size: x.size, sha256: x.sha256, role: x.role, mimeType: x.mimeType, ...x.meta })),
  };
  const contentsHash = contentsSha256(contents);
  const statement = await produceStatement(
    { ...m, bundle: { id: bundleId, manifestSha256: contentsHash, ...(isDraft ? { draft: true } : {}) } },
    {
      fonts: input.fonts,
      ...(input.seal && sealIdentity ? { seal: { ...input.seal, identity: sealIdentity, signingTime: createdAt } } : {}),
      attachments: [
        {
          name: 'bundle-contents.json',
          bytes: new TextEncoder().encode(contentsJson(contents)),
          mimeType: 'application/json',
          description: `The bundle contents this statement is bound to (SHA-256 ${contentsHash})`,
        },
      ],
    },
  );
  const statementMember = memberFromBytes(STATEMENT_PATH, 'statement', statement.bytes);
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    formatVersion: 1,
    about: MANIFEST_ABOUT,
    contents,
    contentsSha256: contentsHash,
    statement: {
      path: STATEMENT_PATH,
      size: statementMember.size,
      sha256: statementMember.sha256,
      role: 'statement',
      mimeType: 'application/pdf',
      sealed: Boolean(statement.seal),
      ...(statement.seal
        ? {
            seal: {
              subject: statement.seal.subject,
              fingerprintSha256: statement.seal.fingerprintSha256,
              validFrom: statement.seal.validFrom,
              validTo: statement.seal.validTo,
            },
          }
        : {}),
    },
  };
  const manifestMember = memberFromBytes(MANIFEST_PATH, 'instructions', `${JSON.stringify(manifest, null, 2)}\n`);
  const all = [...members, statementMember, manifestMember];
  const sumsMember = memberFromBytes(SUMS_PATH, 'instructions', sha256sums(all));
  all.push(sumsMember);
  all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const totalBytes = all.reduce((n, x) => n + x.size, 0);
  check();

  const target = nextFreeBundlePath(input.outPath);
  let out: AtomicFile;
  try {
    out = await (input.openOutput ?? createAtomicFile)(target);
  } catch (err) {
    throw describeWriteError(err, totalBytes);
  }
  try {
    const zip = new yazl.ZipFile();
    const sealer = new ArchiveSealer(comment);
    let done = 0;
    let last = 0;
    const onBytes = (n: number) => {
      done += n;
      if (done - last >= 4 * 1_048_576) {
        last = done;
        progress({ phase: 'writing', doneBytes: done, totalBytes });
      }
    };
    const output = zip.outputStream as unknown as Readable;
    const fail = (e: Error) => output.destroy(e);
    zip.on('error', fail);
    const onAbort = () => fail(cancelled());
    input.signal?.addEventListener('abort', onAbort, { once: true });
    const written = pipeline(output, sealer, out.stream);
    const mtime = createdAt;
    for (const x of all) {
      const opts = { mtime, mode: MODE, compress: shouldDeflate(x.path) };
      if (x.data) {
        zip.addBuffer(x.data, x.path, opts);
        onBytes(x.size);
      } else {
        zip.addReadStreamLazy(x.path, { ...opts, size: x.size }, (cb) => cb(null, verifiedBlobStream(input.blobs, x, fail, onBytes)));
      }
    }
    zip.end({ comment } as unknown as { comment: string; forceZip64Format: boolean });
    try {
      await written;
    } finally {
      input.signal?.removeEventListener('abort', onAbort);
    }
    const seal = sealer.seal();
    const fh = await open(out.tempPath, 'r+');
    try {
      await fh.write(seal.bytes, 0, seal.bytes.length, seal.position);
    } finally {
      await fh.close();
    }
    check();
    progress({ phase: 'verifying', doneBytes: 0, totalBytes: seal.size });
    const verification = await verifyBundle(out.tempPath, {
      onProgress: (doneBytes) => progress({ phase: 'verifying', doneBytes, totalBytes: seal.size }),
    });
    if (!verification.ok || verification.bundleId !== bundleId || verification.contentsSha256 !== contentsHash) {
      const failed = verification.checks.filter((c) => c.status === 'fail');
      throw integrity(
        `The bundle failed its check after writing (${failed.map((c) => `${c.title}: ${c.detail ?? ''}`).join('; ') || 'unexpected identity'}). Nothing was saved.`,
      );
    }
    check();
    if (existsSync(target))
      throw conflict(`Another bundle named ${basename(target)} appeared while this one was being written. Export again.`);
    await out.commit();
    progress({ phase: 'done', doneBytes: seal.size, totalBytes: seal.size });
    return {
      path: target,
      fileName: basename(target),
      bundleId,
      size: seal.size,
      archiveSha256: seal.archiveSha256,
      contentsSha256: contentsHash,
      statementSha256: statementMember.sha256,
      sealed: Boolean(statement.seal),
      fileCount: all.length,
      verification: { ...verification, bundlePath: target },
    };
  } catch (err) {
    await out.abort();
    throw describeWriteError(err, totalBytes);
  }
}
