import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { toIsoDate } from '../../../shared/domain/dates';

// Names inside and of the bundle. Inside: ASCII, no separators or reserved device names, so the ZIP
// unpacks the same on Windows, macOS and Linux and every name survives `sha256sum -c`. The bundle file
// itself is never overwritten: a later export of the same day gets -v2, -v3 ….

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

export function safeFileName(name: string, maxStem = 80): { stem: string; ext: string } {
  const rawExt = extname(name);
  let ext = rawExt.toLowerCase().replace(/[^a-z0-9.]/g, '');
  if (ext.length < 2 || ext.length > 11) ext = '';
  let stem = basename(name, rawExt)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  if (!stem) stem = 'file';
  if (RESERVED.test(stem)) stem = `_${stem}`;
  return { stem: stem.slice(0, maxStem).replace(/[-.]+$/, ''), ext };
}

// evidence/<readable name>-<first 12 hex of SHA-256>.<ext>: readable for a reviewer, unique by content.
export function evidencePath(fileName: string, sha256: string, dir = 'evidence'): string {
  const { stem, ext } = safeFileName(fileName);
  return `${dir}/${stem}-${sha256.slice(0, 12)}${ext}`;
}

// Entries compressed with deflate: text that shrinks. Everything else (PDFs, images, Office files, archives,
// unknown binaries) is stored, because it is already compressed and storing keeps export I/O-bound.
const DEFLATE = new Set([
  '.json',
  '.jsonl',
  '.txt',
  '.csv',
  '.xml',
  '.html',
  '.htm',
  '.md',
  '.log',
  '.eml',
  '.svg',
  '.rtf',
  '.tsv',
  '.yaml',
  '.yml',
  '.ps1',
]);

export function shouldDeflate(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return ext === '' || DEFLATE.has(ext);
}

const MIME: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.json': 'application/json',
  '.jsonl': 'application/jsonl',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.eml': 'message/rfc822',
  '.html': 'text/html',
  '.xml': 'application/xml',
};

export function mimeFor(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

// DCB1596-VN3K7-20260302-7F3A9C21: readable over the phone, unique enough to quote in an email.
export function newBundleId(odsCode: string, at: Date, random: Buffer = randomBytes(4)): string {
  return `DCB1596-${odsCode}-${toIsoDate(at).replace(/-/g, '')}-${random.toString('hex').toUpperCase()}`;
}

export function defaultBundleFileName(odsCode: string, at: Date): string {
  return `DCB1596-${safeFileName(odsCode).stem}-${toIsoDate(at)}.zip`;
}

// The first of name.zip, name-v2.zip, name-v3.zip … that does not exist yet.
export function nextFreeBundlePath(desired: string, exists: (p: string) => boolean = existsSync): string {
  if (!exists(desired)) return desired;
  const ext = extname(desired) || '.zip';
  const base = basename(desired, extname(desired)).replace(/-v\d+$/, '');
  for (let v = 2; v < 10_000; v++) {
    const candidate = join(dirname(desired), `${base}-v${v}${ext}`);
    if (!exists(candidate)) return candidate;
  }
  throw new Error('Too many versions of this bundle in the folder.');
}
