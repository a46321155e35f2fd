// Errors that mean the disk (or the user's quota) is full, or the medium cannot be written, whichever layer
// raised them: Node's fs (ENOSPC, EDQUOT, EROFS), SQLite (SQLITE_FULL, SQLITE_READONLY…), or either wrapped as
// the cause of another error. One message each, the same for every transport and the CLI.

export const DISK_FULL_MESSAGE =
  'The disk is full: nothing was saved. Free some space on the drive that holds the workspace, then try again.';

const FULL = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
const READ_ONLY = new Set(['EROFS', 'EACCES', 'EPERM']);

function codes(err: unknown): string[] {
  const out: string[] = [];
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') out.push(e.code);
  }
  return out;
}

export function isDiskFull(err: unknown): boolean {
  return codes(err).some((c) => FULL.has(c));
}

export function isReadOnlyMedium(err: unknown): boolean {
  return codes(err).some((c) => READ_ONLY.has(c) || c.startsWith('SQLITE_READONLY') || c === 'SQLITE_CANTOPEN');
}
