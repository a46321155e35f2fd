import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gunzipSync, inflateSync } from 'node:zlib';
import yauzl from 'yauzl';

// Looks for a secret anywhere a run could have left it in a data directory: logs, the SQLite database and
// its -wal/-shm files (including freed pages), evidence blobs, encrypted secret files, transfers, exported
// ZIP bundles (every entry, recursively), gzip files and PDF content streams (deflated). A secret must not
// appear in any of them, in any of the encodings a careless writer might use.
//
//   const hits = await scanForSecret(dataDir, 'fake-refresh-token-0123');
//   expect(hits).toEqual([]);

export interface SecretHit {
  // Path relative to the scanned directory; "bundle.zip!audit/log.jsonl" for a ZIP entry, "report.pdf#stream3"
  // for a PDF stream.
  file: string;
  encoding: string;
  offset: number;
}

const MIN_SECRET_LENGTH = 8;
const MAX_NESTING = 4;

// Each way the secret's bytes could be written: as text in UTF-8 or UTF-16, base64 (at each of the three
// alignments it can start at inside a longer base64 string), hex, and URL- or JSON-escaped.
export function secretNeedles(secret: string): { encoding: string; bytes: Buffer }[] {
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`A secret to scan for needs at least ${MIN_SECRET_LENGTH} characters.`);
  const raw = Buffer.from(secret, 'utf8');
  const needles: { encoding: string; bytes: Buffer }[] = [
    { encoding: 'utf8', bytes: raw },
    { encoding: 'utf16le', bytes: Buffer.from(secret, 'utf16le') },
    { encoding: 'hex', bytes: Buffer.from(raw.toString('hex')) },
    { encoding: 'HEX', bytes: Buffer.from(raw.toString('hex').toUpperCase()) },
  ];
  for (let shift = 0; shift < 3; shift++) {
    // Prefix `shift` bytes, encode, then drop the characters that depend on the prefix or on what follows.
    const b64 = Buffer.concat([Buffer.alloc(shift), raw]).toString('base64');
    const start = shift === 0 ? 0 : Math.ceil((shift * 4) / 3);
    const end = Math.floor(((shift + raw.length) * 4) / 3);
    const core = b64.slice(start, end);
    if (core.length >= MIN_SECRET_LENGTH) {
      needles.push({ encoding: `base64+${shift}`, bytes: Buffer.from(core) });
      needles.push({ encoding: `base64url+${shift}`, bytes: Buffer.from(core.replace(/\+/g, '-').replace(/\//g, '_')) });
    }
  }
  for (const [encoding, text] of [
    ['url', encodeURIComponent(secret)],
    ['json', JSON.stringify(secret).slice(1, -1)],
  ] as const) {
    if (text !== secret) needles.push({ encoding, bytes: Buffer.from(text) });
  }
  return needles;
}

function findAll(haystack: Buffer, needle: Buffer): number[] {
  const offsets: number[] = [];
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) offsets.push(i);
  return offsets;
}

async function zipEntries(bytes: Buffer): Promise<{ name: string; bytes: Buffer }[]> {
  const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, autoClose: false, validateEntrySizes: false });
  const out: { name: string; bytes: Buffer }[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      out.push({ name: entry.fileName, bytes: Buffer.concat(chunks) });
    }
  } finally {
    zip.close();
  }
  return out;
}

// The bytes of every `stream … endstream` in a PDF, inflated when they are Flate-compressed.
function pdfStreams(bytes: Buffer): Buffer[] {
  const text = bytes.toString('latin1');
  const streams: Buffer[] = [];
  const re = /stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end === -1) break;
    const body = bytes.subarray(start, end);
    try {
      streams.push(inflateSync(body));
    } catch {
      streams.push(body);
    }
    re.lastIndex = end;
  }
  return streams;
}

async function scanBytes(name: string, bytes: Buffer, needles: ReturnType<typeof secretNeedles>, depth: number): Promise<SecretHit[]> {
  const hits: SecretHit[] = [];
  for (const n of needles) for (const offset of findAll(bytes, n.bytes)) hits.push({ file: name, encoding: n.encoding, offset });
  if (depth >= MAX_NESTING) return hits;

  const isZip = bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50;
  const isGzip = bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  const isPdf = bytes.subarray(0, 5).toString('latin1') === '%PDF-';
  if (isZip) {
    let entries: { name: string; bytes: Buffer }[] = [];
    try {
      entries = await zipEntries(bytes);
    } catch {
      // Not a readable ZIP after all: the raw scan above still applies.
    }
    for (const e of entries) hits.push(...(await scanBytes(`${name}!${e.name}`, e.bytes, needles, depth + 1)));
  } else if (isGzip) {
    try {
      hits.push(...(await scanBytes(`${name}!gunzip`, gunzipSync(bytes), needles, depth + 1)));
    } catch {
      // Truncated or not really gzip.
    }
  } else if (isPdf) {
    const streams = pdfStreams(bytes);
    for (let i = 0; i < streams.length; i++) hits.push(...(await scanBytes(`${name}#stream${i}`, streams[i]!, needles, depth + 1)));
  }
  return hits;
}

function listFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const s = lstatSync(path);
    if (s.isDirectory()) files.push(...listFiles(path));
    else if (s.isFile()) files.push(path);
  }
  return files;
}

/** Every place under `dataDir` where `secret` appears, in any encoding. Empty means clean. */
export async function scanForSecret(dataDir: string, secret: string): Promise<SecretHit[]> {
  const needles = secretNeedles(secret);
  const hits: SecretHit[] = [];
  for (const file of listFiles(dataDir)) {
    const name = relative(dataDir, file).split(sep).join('/');
    hits.push(...(await scanBytes(name, readFileSync(file), needles, 0)));
  }
  return hits;
}
