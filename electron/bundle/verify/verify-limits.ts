// What `dcb1596 verify` (and the app's Verify dialog, and the check after every export) agrees to read.
// The verifier streams every member and keeps only what the cross-checks need, so memory stays bounded
// (well under 300 MB RSS) whatever the archive holds; these limits bound the rest — the members it keeps,
// how much it inflates, how many names it tracks — so a hostile archive gets a refusal naming the limit
// instead of exhausting memory or time. A real bundle is far inside every one of them (the README's
// "Verify" section lists them; keep the two in step).

import { formatBytes } from '../../../shared/domain/bytes';

const MiB = 1_048_576;
const GiB = 1024 * MiB;

export const VERIFY_LIMITS = {
  // Members in the archive (a bundle holds its evidence files plus about a dozen of its own).
  maxEntries: 10_000,
  // One member, uncompressed: as its directory entry declares it and as it actually inflates.
  maxMemberBytes: 8 * GiB,
  // All members together, uncompressed (declared sizes; the inflated bytes may not exceed them).
  maxTotalBytes: 64 * GiB,
  // Members read whole for the cross-checks. A parser turns bytes into objects many times their size (a
  // manifest of 8 MiB of "{}" would be 440 MB of objects), so what each may hold is bounded before parsing:
  // the manifest's JSON values (commas, braces and brackets counted; a real file entry has about a dozen),
  // SHA256SUMS's lines, the statement's PDF objects (a real statement has a few hundred, and no object streams).
  maxManifestBytes: 8 * MiB,
  maxManifestValues: 400_000,
  maxSumsBytes: 4 * MiB,
  maxStatementBytes: 4 * MiB,
  maxStatementObjects: 20_000,
  // The audit log streams line by line: one entry per line, chains tracked by name.
  maxAuditLineBytes: 1 * MiB,
  maxAuditChains: 1_000,
  // A member name, in bytes (bundle paths are at most 300 ASCII characters).
  maxNameBytes: 1_024,
} as const;

export type VerifyLimit = keyof typeof VERIFY_LIMITS;

// "the verifier's limit of 8 GB per member (maxMemberBytes)": how a refusal names the limit it hit.
export function limitText(limit: VerifyLimit): string {
  const v = VERIFY_LIMITS[limit];
  const what: Record<VerifyLimit, string> = {
    maxEntries: `${v.toLocaleString('en-GB')} members per archive`,
    maxMemberBytes: `${formatBytes(v)} per member`,
    maxTotalBytes: `${formatBytes(v)} for all members together`,
    maxManifestBytes: `${formatBytes(v)} for manifest.json`,
    maxManifestValues: `${v.toLocaleString('en-GB')} JSON values in manifest.json`,
    maxSumsBytes: `${formatBytes(v)} for SHA256SUMS`,
    maxStatementBytes: `${formatBytes(v)} for statement.pdf`,
    maxStatementObjects: `${v.toLocaleString('en-GB')} PDF objects in statement.pdf`,
    maxAuditLineBytes: `${formatBytes(v)} per audit-log line`,
    maxAuditChains: `${v.toLocaleString('en-GB')} audit hash chains`,
    maxNameBytes: `${v.toLocaleString('en-GB')} bytes per member name`,
  };
  return `the verifier's limit of ${what[limit]} (${limit})`;
}

// A member name as it may be shown: printable ASCII kept, anything else escaped, long names cut, so a
// hostile name cannot move the cursor, recolour a terminal or reorder text.
export function shownName(name: string): string {
  const escaped = name.replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
  return escaped.length > 200 ? `${escaped.slice(0, 200)}…` : escaped;
}

// How many JSON values a text can hold at most: every value but the first follows a comma, and every object
// or array opens with a brace or bracket (counted inside strings too, which only over-counts).
export function jsonValueBound(bytes: Buffer): number {
  let n = 1;
  for (const b of bytes) if (b === 0x2c || b === 0x7b || b === 0x5b) n++;
  return n;
}

// A PDF's indirect objects ("12 0 obj"), and whether it holds object streams, which pdf-lib unpacks at load
// (names may hide letters as #xx, so those are decoded first). The app saves statements without them.
export function pdfShape(bytes: Buffer): { objects: number; objectStreams: boolean } {
  const text = bytes.toString('latin1');
  const objects = text.match(/\d+\s+\d+\s+obj\b/g)?.length ?? 0;
  const decoded = text.includes('#') ? text.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : text;
  return { objects, objectStreams: /\/ObjStm\b/.test(decoded) };
}
