import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// Never leave a half-written file under its final name: write a sibling temp file, fsync, rename.
// rename() within one directory is atomic on every platform we ship to.

function tempSibling(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.partial`);
}

export async function writeFileAtomic(target: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const tmp = tempSibling(target);
  try {
    const fh = await open(tmp, 'w', mode);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

// For streamed output (bundles, backups): write to the returned stream, then commit() or abort().
export interface AtomicFile {
  readonly tempPath: string;
  readonly stream: WriteStream;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export async function createAtomicFile(target: string, mode = 0o600): Promise<AtomicFile> {
  await mkdir(dirname(target), { recursive: true });
  const tempPath = tempSibling(target);
  const stream = createWriteStream(tempPath, { mode, flags: 'wx' });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  let settled = false;
  return {
    tempPath,
    stream,
    async commit() {
      if (settled) return;
      settled = true;
      if (!stream.writableFinished) await new Promise<void>((res, rej) => stream.end((e?: Error | null) => (e ? rej(e) : res())));
      const fh = await open(tempPath, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tempPath, target);
    },
    async abort() {
      if (settled) return;
      settled = true;
      stream.destroy();
      await rm(tempPath, { force: true });
    },
  };
}
