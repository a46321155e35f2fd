import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { AppError, integrity, invalid } from '../backend/app-error';
import { MANIFEST_NAME, MAX_MANIFEST_BYTES, checkManifest, isKnownMember, type BackupManifest, type ManifestFile } from './backup-manifest';

// Opens a backup file someone hands us and checks its structure before a byte is extracted: a ZIP whose every
// member is one we write (yauzl already refuses absolute paths, "..", backslashes and entries whose sizes lie),
// a manifest that is whole and consistent, and a one-to-one match between the manifest and the members.

export const NOTHING_CHANGED = 'Nothing was changed.';
const MAX_ENTRIES = 2_000_000;

export interface OpenedBackup {
  manifest: BackupManifest;
  size: number;
  // Total uncompressed bytes of the members the manifest lists.
  contentBytes: number;
  // Streams one member to `target`, checking its size and SHA-256 against the manifest on the way.
  extract(file: ManifestFile, target: string, onBytes: (n: number) => void): Promise<void>;
  close(): void;
}

const damaged = (detail: string) =>
  integrity(
    `This backup is damaged or incomplete (${detail}). It may have been cut short or changed while being copied: copy it again, or make a new backup. ${NOTHING_CHANGED}`,
  );
const refused = (detail: string) => integrity(`This backup cannot be restored: ${detail}. ${NOTHING_CHANGED}`);

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 200);

export async function openBackup(path: string): Promise<OpenedBackup> {
  const size = (await stat(path)).size;
  await assertZipSignature(path);
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true });
  } catch (e) {
    throw damaged(message(e));
  }
  try {
    const entries = new Map<string, yauzl.Entry>();
    if (zip.entryCount > MAX_ENTRIES) throw refused(`it has ${zip.entryCount} entries, more than a workspace backup can`);
    try {
      for await (const entry of zip.eachEntry()) {
        const name = entry.fileName;
        if (entries.has(name)) throw refused(`it contains ${name} twice`);
        if (name !== MANIFEST_NAME && !isKnownMember(name))
          throw refused(`it contains a file a workspace backup never has (${name.slice(0, 100)})`);
        if (entry.isEncrypted()) throw refused(`${name} is encrypted`);
        entries.set(name, entry);
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw damaged(message(e));
    }
    const manifest = await readManifest(zip, entries.get(MANIFEST_NAME));
    let contentBytes = 0;
    for (const f of manifest.files) {
      const entry = entries.get(f.path);
      if (!entry) throw damaged(`${f.path} is listed in the manifest but missing from the file`);
      if (entry.uncompressedSize !== f.size) throw damaged(`${f.path} is ${entry.uncompressedSize} bytes, the manifest says ${f.size}`);
      contentBytes += f.size;
    }
    const listed = new Set(manifest.files.map((f) => f.path));
    for (const name of entries.keys()) {
      if (name !== MANIFEST_NAME && !listed.has(name)) throw refused(`${name} is in the file but not in its manifest`);
    }
    let open = true;
    return {
      manifest,
      size,
      contentBytes,
      extract: (file, target, onBytes) => extractMember(zip, entries.get(file.path)!, file, target, onBytes),
      close() {
        if (open) zip.close();
        open = false;
      },
    };
  } catch (e) {
    zip.close();
    throw e;
  }
}

async function assertZipSignature(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    if (bytesRead < 4 || head.readUInt32LE(0) !== 0x04034b50)
      throw invalid(`This is not a DCB1596 Workbench workspace backup (it is not a ZIP file). ${NOTHING_CHANGED}`);
  } finally {
    await fh.close();
  }
}

async function readManifest(zip: yauzl.ZipFile, entry: yauzl.Entry | undefined): Promise<BackupManifest> {
  if (!entry) throw refused('it has no backup-manifest.json, so it is not a DCB1596 Workbench workspace backup');
  if (entry.uncompressedSize > MAX_MANIFEST_BYTES) throw refused('its manifest is unreasonably large');
  let text: string;
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch (e) {
    throw damaged(`the manifest cannot be read: ${message(e)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw damaged('the manifest is not valid JSON');
  }
  const checked = checkManifest(raw);
  if (!checked.ok) throw refused(checked.problem);
  return checked.manifest;
}

async function extractMember(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  file: ManifestFile,
  target: string,
  onBytes: (n: number) => void,
): Promise<void> {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > file.size) return done(new Error('longer than the manifest says'));
      hash.update(chunk);
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  try {
    const source: Readable = await zip.openReadStreamPromise(entry);
    await pipeline(source, meter, createWriteStream(target, { mode: 0o600, flags: 'wx' }));
  } catch (e) {
    throw damaged(`${file.path} cannot be read: ${message(e)}`);
  }
  if (size !== file.size) throw damaged(`${file.path} is ${size} bytes, the manifest says ${file.size}`);
  if (hash.digest('hex') !== file.sha256) throw damaged(`${file.path} does not match its SHA-256 in the manifest`);
}
