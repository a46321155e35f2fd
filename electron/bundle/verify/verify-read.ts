import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import { formatBytes } from '../../../shared/domain/bytes';
import { VERIFY_LIMITS, limitText, shownName, type VerifyLimit } from './verify-limits';

// Reads every member of a bundle ZIP once, as a stream (yauzl): SHA-256, size and CRC-32 of each, the few
// members the cross-checks need kept in memory (each under its own limit), the audit log handed on chunk by
// chunk. Hostile archives are refused with a reason, never a crash: too many members, members or a total
// larger than declared or than the limits, names that leave the bundle, repeated or control-character
// names, encryption, local headers that contradict the directory, and members that overlap or leave gaps
// (the trick behind non-recursive ZIP bombs). All limits are in verify-limits.ts.

interface EntryResult {
  size: number;
  sha256: string;
  crcOk: boolean;
  data?: Buffer;
  error?: string;
}

interface ReadPlan {
  // Members read whole, each with the limit that caps it.
  keep: Record<string, VerifyLimit>;
  // Members handed on as they stream.
  stream: Record<string, { write(chunk: Buffer): void }>;
  // Where the central directory starts, from the end record (checkArchiveSeal), to check the last member ends there.
  cdOffset?: number;
  onBytes(n: number): void;
  fail(title: string, detail: string, file?: string): void;
}

interface Span {
  name: string;
  start: number;
  end: number;
  descriptor: boolean;
}

const PLAIN_NAME = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;
const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));

// yauzl's reasons, in the words of a refusal.
function explain(e: unknown): string {
  const m = msg(e);
  const name = /: (.*)$/s.exec(m)?.[1] ?? '';
  if (m.startsWith('invalid relative path'))
    return `a member is named "${shownName(name)}", which points outside the bundle (path traversal)`;
  if (m.startsWith('absolute path')) return `a member is named "${shownName(name)}", an absolute path`;
  if (m.startsWith('invalid characters in fileName'))
    return `a member is named "${shownName(name)}", with a backslash (a path separator on Windows)`;
  if (m.startsWith('strong encryption')) return 'a member is encrypted (bundles are never encrypted)';
  if (/zip64/i.test(m)) return `its ZIP64 records are inconsistent (${m})`;
  return m;
}

function dataError(e: unknown, declared: number): string {
  const m = msg(e);
  if (m.startsWith('too many bytes in the stream'))
    return `it inflates to more than the ${formatBytes(declared)} its directory entry declares (a ZIP bomb); reading stopped there`;
  if (m.startsWith('not enough bytes in the stream')) return `it inflates to fewer bytes than the ${formatBytes(declared)} declared`;
  return `its data cannot be read (${m})`;
}

async function readMember(zip: yauzl.ZipFile, entry: yauzl.Entry, rec: EntryResult, plan: ReadPlan, keep: boolean) {
  const stream = (await zip.openReadStreamPromise(entry)) as NodeJS.ReadableStream & { destroy(): void };
  const sink = plan.stream[entry.fileName];
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let crc = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      rec.size += chunk.length;
      // yauzl checks this too; counting here stops a lying member before its bytes go anywhere.
      if (rec.size > entry.uncompressedSize) throw new Error('too many bytes in the stream');
      hash.update(chunk);
      crc = crc32(chunk, crc);
      if (keep) chunks.push(chunk);
      sink?.write(chunk);
      plan.onBytes(chunk.length);
    }
  } finally {
    stream.destroy();
  }
  rec.sha256 = hash.digest('hex');
  rec.crcOk = crc >>> 0 === entry.crc32 >>> 0;
  if (keep) rec.data = Buffer.concat(chunks);
}

// Members must follow each other from byte 0 to the central directory: no overlap, no gap other than a
// member's data descriptor.
function checkLayout(spans: Span[], cdOffset: number | undefined): string | undefined {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let at = 0;
  let prev: Span | undefined;
  for (const s of [...sorted, undefined]) {
    const next = s?.start ?? cdOffset;
    if (next === undefined) break;
    const gap = next - at;
    const ok = prev?.descriptor ? [12, 16, 20, 24].includes(gap) : gap === 0;
    if (gap < 0) return `${shownName(prev!.name)} and ${s ? shownName(s.name) : 'the central directory'} overlap (a ZIP bomb trick)`;
    if (!ok) return prev ? `${gap} unaccounted bytes follow ${shownName(prev.name)}` : `${gap} unaccounted bytes precede the first member`;
    if (s) {
      at = s.end;
      prev = s;
    }
  }
  return undefined;
}

export async function readEntries(path: string, plan: ReadPlan): Promise<Map<string, EntryResult>> {
  const entries = new Map<string, EntryResult>();
  const refuse = (detail: string) => plan.fail('Archive structure', `refused: ${detail}`);
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true });
  } catch (e) {
    plan.fail('Archive structure', `the file is not a readable ZIP archive (${explain(e)})`);
    return entries;
  }
  const spans: Span[] = [];
  let layoutKnown = true;
  let total = 0;
  try {
    if (zip.entryCount > VERIFY_LIMITS.maxEntries) {
      refuse(`the archive lists ${zip.entryCount.toLocaleString('en-GB')} members, more than ${limitText('maxEntries')}; none was read`);
      return entries;
    }
    for await (const entry of zip.eachEntry()) {
      const raw = entry.fileName;
      const tooLong = entry.fileNameRaw.length > VERIFY_LIMITS.maxNameBytes;
      const name = PLAIN_NAME.test(raw) && !tooLong ? raw : shownName(raw);
      if (entries.has(name)) {
        plan.fail('Archive structure', `${name} appears twice in the archive`, name);
        layoutKnown = false;
        continue;
      }
      const rec: EntryResult = { size: 0, sha256: '', crcOk: false };
      entries.set(name, rec);
      let local: yauzl.LocalFileHeader;
      try {
        local = await zip.readLocalFileHeaderPromise(entry);
      } catch (e) {
        rec.error = `its local header cannot be read (${msg(e)})`;
        layoutKnown = false;
        continue;
      }
      spans.push({
        name,
        start: entry.relativeOffsetOfLocalHeader,
        end: local.fileDataStart + entry.compressedSize,
        descriptor: (local.generalPurposeBitFlag & 0x8) !== 0,
      });
      total += entry.uncompressedSize;
      const keep = plan.keep[raw];
      if (tooLong) rec.error = `its name is ${entry.fileNameRaw.length} bytes long, more than ${limitText('maxNameBytes')}`;
      else if (name !== raw) rec.error = 'its name holds characters no bundle path has';
      else if (!local.fileName.equals(entry.fileNameRaw) || local.compressionMethod !== entry.compressionMethod)
        rec.error = 'its local header contradicts the central directory (different name or compression)';
      else if (raw.endsWith('/')) rec.error = 'a folder entry, which bundles never contain';
      else if (entry.isEncrypted()) rec.error = 'it is encrypted (bundles are never encrypted)';
      else if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
        rec.error = `it is compressed with method ${entry.compressionMethod}, which bundles never use`;
      else if (entry.uncompressedSize > VERIFY_LIMITS.maxMemberBytes)
        rec.error = `it declares ${formatBytes(entry.uncompressedSize)}, more than ${limitText('maxMemberBytes')}`;
      else if (keep && entry.uncompressedSize > VERIFY_LIMITS[keep])
        rec.error = `too large to check (${formatBytes(entry.uncompressedSize)}, more than ${limitText(keep)})`;
      if (total > VERIFY_LIMITS.maxTotalBytes) {
        refuse(`its members declare more than ${limitText('maxTotalBytes')}; reading stopped at ${name}`);
        layoutKnown = false;
        break;
      }
      if (rec.error) continue;
      try {
        await readMember(zip, entry, rec, plan, keep !== undefined);
      } catch (e) {
        rec.error = dataError(e, entry.uncompressedSize);
      }
    }
  } catch (e) {
    refuse(explain(e));
    layoutKnown = false;
  } finally {
    zip.close();
  }
  if (layoutKnown && spans.length) {
    const problem = checkLayout(spans, plan.cdOffset);
    if (problem) refuse(problem);
  }
  return entries;
}
