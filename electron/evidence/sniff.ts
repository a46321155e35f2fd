import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import yauzl from 'yauzl';
import type { SniffedType } from '../../shared/contract/evidence';

// What a stored file really is, read from its bytes rather than its name, and whether its name's extension
// says otherwise (a "report.pdf" that is a Word file, a ".json" that does not parse). The name is only
// compared, never trusted.

const HEAD_BYTES = 64 * 1024;
const JSON_PARSE_LIMIT = 8 * 1024 * 1024;
const CONTENT_TYPES_LIMIT = 1024 * 1024;
const ZIP_ENTRY_LIMIT = 20_000;
const ZIP_TIMEOUT_MS = 5_000;

export interface SniffResult {
  type: SniffedType;
  extensionMismatch: boolean;
}

const TEXT_TYPES: SniffedType[] = ['txt', 'csv', 'json', 'eml'];

// The types each known extension may legitimately hold. Extensions not listed are never flagged.
const EXTENSION_TYPES: Record<string, SniffedType[]> = {
  pdf: ['pdf'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  pptx: ['pptx'],
  zip: ['zip', 'docx', 'xlsx', 'pptx'],
  doc: ['ole'],
  xls: ['ole'],
  ppt: ['ole'],
  msg: ['ole'],
  png: ['png'],
  jpg: ['jpeg'],
  jpeg: ['jpeg'],
  gif: ['gif'],
  txt: TEXT_TYPES,
  log: TEXT_TYPES,
  md: TEXT_TYPES,
  csv: ['csv', 'txt'],
  tsv: ['csv', 'txt'],
  json: ['json'],
  eml: ['eml'],
};

export function extensionMismatch(fileName: string, type: SniffedType): boolean {
  const ext = extname(fileName).slice(1).toLowerCase();
  const allowed = EXTENSION_TYPES[ext];
  return allowed !== undefined && !allowed.includes(type);
}

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const PDF_SIG = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

// Classify by the first bytes. Zip containers come back as 'zip'; refineZip tells Office files apart.
export function sniffHead(head: Uint8Array, totalSize: number): SniffedType {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38]) && (head[4] === 0x37 || head[4] === 0x39) && head[5] === 0x61) return 'gif';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  // PDF readers accept the header anywhere in the first 1024 bytes.
  const scan = head.subarray(0, 1024);
  for (let i = 0; i + PDF_SIG.length <= scan.length; i++) if (startsWith(scan, PDF_SIG, i)) return 'pdf';
  const text = decodeText(head, head.length < totalSize);
  if (text === undefined) return 'binary';
  return classifyText(text, head.length < totalSize);
}

// UTF-8 (with or without BOM), UTF-16 with BOM, or mostly-printable single-byte text (Windows-1252 CSVs).
export function decodeText(head: Uint8Array, truncated: boolean): string | undefined {
  if (head.length === 0) return '';
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) {
    return new TextDecoder(head[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(head);
  }
  if (head.includes(0)) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: truncated });
  } catch {
    text = new TextDecoder('windows-1252').decode(head);
  }
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b) || c === 0x7f) control++;
  }
  return control / text.length > 0.01 ? undefined : text.replace(/^\uFEFF/, '');
}

const EML_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'subject',
  'date',
  'received',
  'return-path',
  'message-id',
  'mime-version',
  'delivered-to',
  'content-type',
  'authentication-results',
  'dkim-signature',
  'reply-to',
  'sender',
]);
const EML_ANCHORS = new Set(['from', 'received', 'message-id', 'return-path', 'delivered-to']);

function classifyText(text: string, truncated: boolean): SniffedType {
  const trimmed = text.trimStart();
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && !truncated) {
    try {
      JSON.parse(text);
      return 'json';
    } catch {
      // Not JSON: fall through to the other text kinds.
    }
  }
  if (looksLikeEmail(text)) return 'eml';
  if (looksLikeCsv(text, truncated)) return 'csv';
  return 'txt';
}

function looksLikeEmail(text: string): boolean {
  const lines = text.split(/\r?\n/);
  const names = new Set<string>();
  for (let i = 0; i < Math.min(lines.length, 400); i++) {
    const line = lines[i]!;
    if (line === '') return names.size >= 2 && [...names].some((n) => EML_ANCHORS.has(n));
    if (/^[ \t]/.test(line) && i > 0) continue; // folded header
    const m = /^([A-Za-z0-9-]{1,76}):/.exec(line);
    if (!m) return false;
    const name = m[1]!.toLowerCase();
    if (EML_HEADERS.has(name)) names.add(name);
  }
  return false;
}

function looksLikeCsv(text: string, truncated: boolean): boolean {
  let lines = text.split(/\r?\n/);
  if (truncated) lines = lines.slice(0, -1);
  lines = lines.filter((l) => l.trim() !== '').slice(0, 20);
  if (lines.length < 2) return false;
  return [',', ';', '\t'].some((d) => {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    return counts[0]! > 0 && counts.every((c) => c === counts[0]);
  });
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) n++;
  }
  return n;
}

function readHeadSync(path: string, bytes = HEAD_BYTES): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

// JSON bigger than the head is parsed whole (up to a bound) before it is called JSON.
function sniffPathSync(path: string): SniffedType {
  const size = statSync(path).size;
  const head = readHeadSync(path);
  let type = sniffHead(head, size);
  if (type === 'txt' && head.length < size && size <= JSON_PARSE_LIMIT && /^\s*[[{]/.test(decodeText(head, true) ?? '')) {
    const full = decodeText(readFileSync(path), false);
    if (full !== undefined) type = classifyText(full, false);
  }
  return type;
}

// Synchronous variant without the zip inspection, for probe snapshots recorded inside a probe run.
export function sniffFileSync(path: string, originalName: string): SniffResult {
  const type = sniffPathSync(path);
  return { type, extensionMismatch: extensionMismatch(originalName, type) };
}

export async function sniffFile(path: string, originalName: string): Promise<SniffResult> {
  let type = sniffPathSync(path);
  if (type === 'zip') type = await refineZip(path);
  return { type, extensionMismatch: extensionMismatch(originalName, type) };
}

// Office Open XML files are zips whose [Content_Types].xml names the main part's type.
async function refineZip(path: string): Promise<SniffedType> {
  const xml = await readZipEntry(path, '[Content_Types].xml').catch(() => undefined);
  if (!xml) return 'zip';
  if (xml.includes('wordprocessingml.document.main')) return 'docx';
  if (xml.includes('spreadsheetml.sheet.main')) return 'xlsx';
  if (xml.includes('presentationml.presentation.main')) return 'pptx';
  return 'zip';
}

function readZipEntry(path: string, name: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true, strictFileNames: false }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('not a zip'));
      let seen = 0;
      let finished = false;
      const done = (v: string | undefined) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        if (zip.isOpen) zip.close();
        resolve(v);
      };
      const timer = setTimeout(() => done(undefined), ZIP_TIMEOUT_MS);
      zip.on('error', () => done(undefined));
      zip.on('end', () => done(undefined));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (++seen > ZIP_ENTRY_LIMIT) return done(undefined);
        if (entry.fileName !== name) return zip.readEntry();
        if (entry.uncompressedSize > CONTENT_TYPES_LIMIT) return done(undefined);
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return done(undefined);
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on('data', (c: Buffer) => {
            size += c.length;
            if (size > CONTENT_TYPES_LIMIT) stream.destroy();
            else chunks.push(c);
          });
          stream.on('error', () => done(undefined));
          stream.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
          stream.on('close', () => size > CONTENT_TYPES_LIMIT && done(undefined));
        });
      });
      zip.readEntry();
    });
  });
}

export const PREVIEW_MIME: Partial<Record<SniffedType, 'image/png' | 'image/jpeg' | 'image/gif'>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
};

export const DOWNLOAD_MIME: Record<SniffedType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  zip: 'application/zip',
  ole: 'application/octet-stream',
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  eml: 'message/rfc822',
  json: 'application/json',
  binary: 'application/octet-stream',
};
