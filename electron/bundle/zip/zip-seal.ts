import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';

// The archive seal: the ZIP comment carries the SHA-256 of every byte of the archive before the
// end-of-central-directory record. Per-file SHA-256s only cover file contents; ZIP readers ignore parts of
// the structure (local-header times, the CRC fields, padding bits of deflate streams), so without this a
// changed byte there would go unnoticed. The EOCD record itself is checked field by field, which leaves no
// byte of the archive unchecked.
//
// While yazl streams the archive out, ArchiveSealer hashes everything except the trailing EOCD (whose
// length is known: 22 bytes plus the comment); the writer then patches the placeholder in the comment.

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const PLACEHOLDER = '0'.repeat(64);
const PREFIX = 'DCB1596 evidence bundle ';
const MIDDLE = '\r\nArchive SHA-256 (bytes before this record): ';
const COMMENT = /^DCB1596 evidence bundle ([A-Za-z0-9._-]{1,100})\r\nArchive SHA-256 \(bytes before this record\): ([0-9a-f]{64})$/;

export function placeholderComment(bundleId: string): Buffer {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(bundleId)) throw new Error('Bundle IDs are letters, digits, dot, dash and underscore');
  return Buffer.from(`${PREFIX}${bundleId}${MIDDLE}${PLACEHOLDER}`, 'latin1');
}

export class ArchiveSealer extends Transform {
  private tail = Buffer.alloc(0);
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;

  constructor(private readonly comment: Buffer) {
    super();
  }

  private get tailLength() {
    return 22 + this.comment.length;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    const k = this.tailLength;
    if (chunk.length >= k) {
      this.hash.update(this.tail);
      this.hash.update(chunk.subarray(0, chunk.length - k));
      this.tail = Buffer.from(chunk.subarray(chunk.length - k));
    } else {
      const all = Buffer.concat([this.tail, chunk]);
      if (all.length > k) this.hash.update(all.subarray(0, all.length - k));
      this.tail = all.length > k ? Buffer.from(all.subarray(all.length - k)) : all;
    }
    cb(null, chunk);
  }

  // After the archive is fully written: the bytes to patch in, where, and the whole file's SHA-256.
  seal(): { position: number; bytes: Buffer; archiveSha256: string; size: number } {
    const t = this.tail;
    if (
      t.length !== this.tailLength ||
      t.readUInt32LE(0) !== EOCD_SIG ||
      t.readUInt16LE(20) !== this.comment.length ||
      !t.subarray(22).equals(this.comment)
    )
      throw new Error('The archive did not end with the expected end-of-archive record.');
    const prefixSha = this.hash.copy().digest('hex');
    const patchedTail = Buffer.from(t);
    const offset = 22 + this.comment.length - PLACEHOLDER.length;
    patchedTail.write(prefixSha, offset, 'latin1');
    const whole = this.hash.copy().update(patchedTail).digest('hex');
    return {
      position: this.bytes - this.tailLength + offset,
      bytes: Buffer.from(prefixSha, 'latin1'),
      archiveSha256: whole,
      size: this.bytes,
    };
  }
}

export interface ArchiveSealCheck {
  problems: string[];
  bundleId?: string;
  entryCount?: number;
  // Where the central directory starts, per the end record.
  cdOffset?: number;
  archiveSha256?: string;
}

export async function checkArchiveSeal(path: string): Promise<ArchiveSealCheck> {
  const out: ArchiveSealCheck = { problems: [] };
  const size = (await stat(path)).size;
  const tailLen = Math.min(size, 22 + 0xffff + 20 + 56);
  const fh = await open(path, 'r');
  let tail: Buffer;
  try {
    tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
  } finally {
    await fh.close();
  }
  // The end record must end exactly at the end of the file: nothing may be appended.
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    out.problems.push('the end-of-archive record is missing, damaged or followed by extra bytes');
    return out;
  }
  const eocdPos = size - tailLen + eocd;
  const comment = tail.subarray(eocd + 22).toString('latin1');
  const m = COMMENT.exec(comment);
  if (!m) out.problems.push('the archive comment holding the archive seal was changed or removed');
  else out.bundleId = m[1];

  const disk = tail.readUInt16LE(eocd + 4);
  const cdDisk = tail.readUInt16LE(eocd + 6);
  let entriesHere = tail.readUInt16LE(eocd + 8);
  let entries = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  let cdEnd = eocdPos;
  const loc = eocd - 20;
  if (loc >= 0 && tail.readUInt32LE(loc) === ZIP64_LOCATOR_SIG) {
    const recPos = Number(tail.readBigUInt64LE(loc + 8));
    const rec = recPos - (size - tailLen);
    if (
      tail.readUInt32LE(loc + 4) !== 0 ||
      tail.readUInt32LE(loc + 16) !== 1 ||
      rec < 0 ||
      rec + 56 !== loc ||
      tail.readUInt32LE(rec) !== ZIP64_EOCD_SIG
    ) {
      out.problems.push('the ZIP64 end-of-archive records are inconsistent');
      return out;
    }
    entriesHere = Number(tail.readBigUInt64LE(rec + 24));
    entries = Number(tail.readBigUInt64LE(rec + 32));
    cdSize = Number(tail.readBigUInt64LE(rec + 40));
    cdOffset = Number(tail.readBigUInt64LE(rec + 48));
    cdEnd = recPos;
  }
  if (disk !== 0 || cdDisk !== 0 || entriesHere !== entries || cdOffset + cdSize !== cdEnd)
    out.problems.push('the end-of-archive record does not describe this archive (entry count or directory position changed)');
  out.entryCount = entries;
  out.cdOffset = cdOffset;

  const hash = createHash('sha256');
  if (eocdPos > 0)
    for await (const chunk of createReadStream(path, { start: 0, end: eocdPos - 1, highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  const prefix = hash.copy().digest('hex');
  if (m && m[2] !== prefix) out.problems.push('the archive bytes differ from when it was written (archive seal mismatch)');
  out.archiveSha256 = hash.update(tail.subarray(eocd)).digest('hex');
  return out;
}
