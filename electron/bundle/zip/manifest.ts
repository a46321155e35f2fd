import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../../shared/domain/canonical-json';

// manifest.json and SHA256SUMS.
//
// Why the manifest has two parts. The statement must show "the manifest hash", and the manifest must list
// the statement — a cycle, because the statement's bytes contain the hash. So:
//   - manifest.contents lists every file EXCEPT statement.pdf, manifest.json and SHA256SUMS, plus the
//     bundle's facts (IDs, versions, signers, audit heads). Its SHA-256 over canonical JSON is
//     contentsSha256, which the statement prints, stores in its Info dictionary and embeds as
//     bundle-contents.json — and the seal covers all three.
//   - manifest.statement then records statement.pdf (size, SHA-256, seal), written after the statement.
//   - SHA256SUMS lists every file except itself, statement.pdf and manifest.json included.
// A changed evidence file breaks its SHA-256 and contentsSha256; a changed statement breaks its own
// SHA-256 and its seal; a changed manifest breaks contentsSha256 or the statement entry; a changed
// SHA256SUMS no longer equals the list regenerated from the files.

export const MANIFEST_FORMAT = 'dcb1596-evidence-bundle';
export const MANIFEST_PATH = 'manifest.json';
export const SUMS_PATH = 'SHA256SUMS';
export const STATEMENT_PATH = 'statement.pdf';

export const FileRole = z.enum([
  'statement',
  'evidence-index',
  'technical-report',
  'board-summary',
  'evidence',
  'probe-snapshot',
  'probe-results',
  'audit-log',
  'instructions',
]);
export type FileRole = z.infer<typeof FileRole>;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const BundlePath = z
  .string()
  .min(1)
  .max(300)
  .regex(/^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/, 'Bundle paths are plain ASCII names')
  .refine((p) => !p.split('/').some((s) => s === '.' || s === '..'), 'No . or .. segments');

export const ManifestFile = z.strictObject({
  path: BundlePath,
  size: z.number().int().nonnegative(),
  sha256: Sha256,
  role: FileRole,
  mimeType: z.string().max(120),
  title: z.string().max(300).optional(),
  evidenceId: z.string().max(100).optional(),
  revision: z.number().int().positive().optional(),
  requirementIds: z.array(z.string().max(40)).max(1000).optional(),
  source: z.string().max(100).optional(),
  collectedAt: z.string().max(40).optional(),
});
export type ManifestFile = z.infer<typeof ManifestFile>;

// Who signed, as a bundle records it (the manifest adds how; the bundle row's facts keep the rest).
export const BundleSigner = z.strictObject({
  slot: z.enum(['ictExpert', 'clinicalSafetyExpert']),
  name: z.string().max(120),
  role: z.string().max(120),
  organisation: z.string().max(200),
  email: z.string().max(254),
  signedAt: z.string().max(40),
});

export const ManifestContents = z.strictObject({
  bundleId: z.string().min(1).max(100),
  createdAt: z.string().max(40),
  appVersion: z.string().max(40),
  catalogueVersion: z.string().max(60),
  assessment: z.strictObject({ id: z.string().max(100), cycle: z.string().max(40) }),
  client: z.strictObject({
    legalName: z.string().max(300),
    odsCode: z.string().max(20),
    domains: z.array(z.string().max(253)).max(200),
    route: z.string().max(40),
    tenantId: z.string().max(100).optional(),
  }),
  sample: z.boolean(),
  draft: z.boolean(),
  signers: z.array(BundleSigner.extend({ method: z.string().max(40) })).max(2),
  audit: z
    .array(z.strictObject({ chain: z.string().max(100), entries: z.number().int().nonnegative(), headHash: z.string().max(64) }))
    .max(100),
  files: z.array(ManifestFile).max(200_000),
});
export type ManifestContents = z.infer<typeof ManifestContents>;

export const Manifest = z.strictObject({
  format: z.literal(MANIFEST_FORMAT),
  formatVersion: z.literal(1),
  about: z.string().max(2000),
  contents: ManifestContents,
  contentsSha256: Sha256,
  statement: z.strictObject({
    path: z.literal(STATEMENT_PATH),
    size: z.number().int().nonnegative(),
    sha256: Sha256,
    role: z.literal('statement'),
    mimeType: z.literal('application/pdf'),
    sealed: z.boolean(),
    seal: z
      .strictObject({ subject: z.string().max(300), fingerprintSha256: Sha256, validFrom: z.string().max(40), validTo: z.string().max(40) })
      .optional(),
  }),
});
export type Manifest = z.infer<typeof Manifest>;

export const MANIFEST_ABOUT =
  'contents.files lists every file in the bundle except statement.pdf, manifest.json and SHA256SUMS. contentsSha256 is the SHA-256 of ' +
  '"contents" as canonical JSON (keys sorted, no whitespace); statement.pdf prints it as the evidence manifest SHA-256 and embeds the ' +
  'same bytes as bundle-contents.json. "statement" records statement.pdf. SHA256SUMS lists every file except itself.';

export function contentsJson(contents: ManifestContents): string {
  return canonicalJson(contents);
}

export function contentsSha256(contents: ManifestContents): string {
  return createHash('sha256').update(contentsJson(contents)).digest('hex');
}

// `sha256sum -c` format: "<hex>  <path>\n", sorted by path (byte order) so the file is reproducible.
export function sha256sums(entries: { path: string; sha256: string }[]): string {
  return [...entries]
    .filter((e) => e.path !== SUMS_PATH)
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((e) => `${e.sha256}  ${e.path}\n`)
    .join('');
}

export function parseSha256sums(text: string): { entries: Map<string, string>; bad: number[] } {
  const entries = new Map<string, string>();
  const bad: number[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line === '' && i === lines.length - 1) return;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m || entries.has(m[2]!)) bad.push(i + 1);
    else entries.set(m[2]!, m[1]!);
  });
  return { entries, bad };
}
