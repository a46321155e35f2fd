// What `dcb1596 verify` (and the app's Verify dialog, and the check after every export) agrees to read.
// The verifier streams every member and keeps only what the cross-checks need, so memory stays bounded
// (well under 300 MB RSS) whatever the archive holds; these limits bound the rest — the members it keeps,
// how much it inflates, how many names it tracks — so a hostile archive gets a refusal naming the limit
// instead of exhausting memory or time. A real bundle is far inside every one of them (the README's
// "Verify" section lists them; keep the two in step).

const MiB = 1_048_576;
const GiB = 1024 * MiB;

export const VERIFY_LIMITS = {
  // Members in the archive (a bundle holds its evidence files plus about a dozen of its own).
  maxEntries: 20_000,
  // One member, uncompressed: as its directory entry declares it and as it actually inflates.
  maxMemberBytes: 8 * GiB,
  // All members together, uncompressed (declared sizes; the inflated bytes may not exceed them).
  maxTotalBytes: 64 * GiB,
  // Members read whole for the cross-checks.
  maxManifestBytes: 16 * MiB,
  maxSumsBytes: 8 * MiB,
  maxStatementBytes: 16 * MiB,
  // The audit log streams line by line: one entry per line, chains tracked by name.
  maxAuditLineBytes: 1 * MiB,
  maxAuditChains: 1_000,
  // A member name, in bytes (bundle paths are at most 300 ASCII characters).
  maxNameBytes: 1_024,
} as const;

export type VerifyLimit = keyof typeof VERIFY_LIMITS;

export function formatBytes(n: number): string {
  if (n >= GiB && n % GiB === 0) return `${n / GiB} GiB`;
  if (n >= MiB && n % MiB === 0) return `${n / MiB} MiB`;
  return `${n.toLocaleString('en-GB')} bytes`;
}

// "the limit of 8 GiB per member (maxMemberBytes)": how a refusal names the limit it hit.
export function limitText(limit: VerifyLimit): string {
  const v = VERIFY_LIMITS[limit];
  const what: Record<VerifyLimit, string> = {
    maxEntries: `${v.toLocaleString('en-GB')} members per archive`,
    maxMemberBytes: `${formatBytes(v)} per member`,
    maxTotalBytes: `${formatBytes(v)} for all members together`,
    maxManifestBytes: `${formatBytes(v)} for manifest.json`,
    maxSumsBytes: `${formatBytes(v)} for SHA256SUMS`,
    maxStatementBytes: `${formatBytes(v)} for statement.pdf`,
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
