import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../shared/domain/canonical-json';

// The file inside every workspace backup that says what the backup holds: one line per member with its size
// and SHA-256, plus a digest over the manifest itself. The digest catches a damaged or hand-edited manifest;
// it is not a signature (anyone can recompute it), which is fine: a backup moves the user's own workspace
// between their own laptops, and every member is checked against the manifest before anything is restored.

export const BACKUP_FORMAT = 'dcb1596-workspace-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_NAME = 'backup-manifest.json';
export const DATABASE_MEMBER = 'workspace.sqlite';
export const EVIDENCE_PREFIX = 'evidence/';
// A manifest lists ~150 bytes per file; this allows several hundred thousand evidence files.
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'Expected a SHA-256 hash');
const EVIDENCE_MEMBER = /^evidence\/[0-9a-f]{64}$/;

// Members are named by us, never by the user: anything else in the ZIP is refused.
export function isKnownMember(name: string): boolean {
  return name === DATABASE_MEMBER || EVIDENCE_MEMBER.test(name);
}

export const ManifestFile = z.strictObject({
  path: z.string().max(100).refine(isKnownMember, 'Unexpected file name'),
  size: z.number().int().nonnegative(),
  sha256: Sha256,
});
export type ManifestFile = z.infer<typeof ManifestFile>;

const ManifestBody = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().positive(),
  appVersion: z.string().min(1).max(100),
  schemaVersion: z.number().int().nonnegative(),
  createdAt: z.iso.datetime({ offset: true }),
  counts: z.strictObject({
    clients: z.number().int().nonnegative(),
    assessments: z.number().int().nonnegative(),
    evidenceFiles: z.number().int().nonnegative(),
  }),
  files: z.array(ManifestFile).max(2_000_000),
});
export type ManifestBody = z.infer<typeof ManifestBody>;

export const BackupManifest = ManifestBody.extend({ digest: Sha256 });
export type BackupManifest = z.infer<typeof BackupManifest>;

export function manifestDigest(body: ManifestBody): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

export function sealManifest(body: ManifestBody): BackupManifest {
  return { ...body, digest: manifestDigest(body) };
}

export type ManifestCheck = { ok: true; manifest: BackupManifest } | { ok: false; problem: string };

// Parses and checks a manifest's own consistency (format, digest, one database, no duplicate paths). Whether
// this app can restore its schema is decided by the caller.
export function checkManifest(raw: unknown): ManifestCheck {
  // Read the format first, so a backup from a future format gets a clear message rather than a schema error.
  const head = z.object({ format: z.unknown(), formatVersion: z.unknown() }).safeParse(raw);
  if (!head.success || head.data.format !== BACKUP_FORMAT) return { ok: false, problem: 'it has no DCB1596 Workbench backup manifest' };
  if (typeof head.data.formatVersion === 'number' && head.data.formatVersion > BACKUP_FORMAT_VERSION) {
    return {
      ok: false,
      problem: `it was written in backup format ${head.data.formatVersion} by a newer version of DCB1596 Workbench (this version reads format ${BACKUP_FORMAT_VERSION}); update the app first`,
    };
  }
  const parsed = BackupManifest.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return { ok: false, problem: `its manifest is not valid (${i.path.join('.') || 'manifest'}: ${i.message})` };
  }
  const { digest, ...body } = parsed.data;
  if (manifestDigest(body) !== digest)
    return { ok: false, problem: 'its manifest was changed after the backup was made (the digest does not match)' };
  const seen = new Set<string>();
  for (const f of body.files) {
    if (seen.has(f.path)) return { ok: false, problem: `its manifest lists ${f.path} twice` };
    seen.add(f.path);
  }
  if (!seen.has(DATABASE_MEMBER)) return { ok: false, problem: 'it holds no workspace database' };
  return { ok: true, manifest: parsed.data };
}
