import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readdirSync, rmSync, statSync, type ReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { processAlive } from '../store/writers';

// Content-addressed file store: every stored file lives at evidence/<sha256 of its bytes>. Writes stream
// through SHA-256 into a temp file, fsync, then rename — so a file under its final name is always whole,
// identical content is stored once, and integrity checking is a re-hash.

const SHA256 = /^[0-9a-f]{64}$/;

export interface StoredBlob {
  sha256: string;
  size: number;
  // False when identical content was already stored (deduplicated).
  created?: boolean;
}

export type BlobStatus = 'ok' | 'missing' | 'altered';

export class BlobLimitError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The file is larger than the ${limitBytes} byte limit.`);
  }
}

export class BlobStore {
  readonly dir: string;
  private readonly tmpDir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'evidence');
    this.tmpDir = join(this.dir, '.tmp');
  }

  path(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('Invalid content hash');
    return join(this.dir, sha256);
  }

  has(sha256: string): boolean {
    return SHA256.test(sha256) && existsSync(this.path(sha256));
  }

  async put(source: Readable | Uint8Array | string, opts: { limitBytes?: number } = {}): Promise<StoredBlob> {
    await mkdir(this.tmpDir, { recursive: true });
    // The writer's process ID leads the name, so a sweep can tell a live import from one that was killed.
    const tmp = join(this.tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}.partial`);
    const hash = createHash('sha256');
    let size = 0;
    const limit = opts.limitBytes ?? Number.POSITIVE_INFINITY;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > limit) return cb(new BlobLimitError(limit));
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    const input =
      source instanceof Readable ? source : Readable.from([typeof source === 'string' ? Buffer.from(source) : Buffer.from(source)]);
    try {
      await pipeline(input, meter, createWriteStream(tmp, { mode: 0o600 }));
      const fh = await open(tmp, 'r');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      const sha256 = hash.digest('hex');
      const target = this.path(sha256);
      const existed = existsSync(target);
      if (existed) await rm(tmp, { force: true });
      else await rename(tmp, target);
      return { sha256, size, created: !existed };
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  // Temp files of imports whose process is gone (killed mid-import, a crash): run at start-up. Files of a
  // living process (the app and the CLI may share a workspace) are left alone; unnamed ones after a day.
  sweepPartials(): void {
    let names: string[];
    try {
      names = readdirSync(this.tmpDir);
    } catch {
      return;
    }
    for (const name of names.filter((n) => n.endsWith('.partial'))) {
      const path = join(this.tmpDir, name);
      try {
        const pid = Number(/^(\d+)-/.exec(name)?.[1]);
        const gone = pid ? !processAlive(pid) : Date.now() - statSync(path).mtimeMs > 24 * 3600 * 1000;
        if (gone) rmSync(path, { force: true });
      } catch {
        // Removed by someone else meanwhile.
      }
    }
  }

  // Only for undoing a put whose database write failed: content-addressed files are otherwise never removed.
  async remove(sha256: string): Promise<void> {
    await rm(this.path(sha256), { force: true });
  }

  open(sha256: string): ReadStream {
    return createReadStream(this.path(sha256));
  }

  size(sha256: string): number | undefined {
    return statSync(this.path(sha256), { throwIfNoEntry: false })?.size;
  }

  // Re-hash the stored bytes: 'altered' means someone changed the file on disk.
  async verify(sha256: string): Promise<BlobStatus> {
    if (!this.has(sha256)) return 'missing';
    const hash = createHash('sha256');
    await pipeline(this.open(sha256), hash);
    return hash.digest('hex') === sha256 ? 'ok' : 'altered';
  }
}
