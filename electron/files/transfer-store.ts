import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, notFound } from '../backend/app-error';
import { DISK_FULL_MESSAGE, isDiskFull } from './disk-errors';
import { formatBytes } from '../../shared/domain/bytes';

// Files cross the process boundary by ID, never by path. An upload (web form, drag-and-drop, Electron
// file dialog) is streamed into a private folder and the renderer gets back an opaque ID; a download is
// a file the backend produced, registered under an ID the transport serves or saves. Original file names
// are kept as metadata only and never used to build a path.

export interface UploadInfo {
  uploadId: string;
  fileName: string;
  size: number;
}

export interface DownloadInfo {
  downloadId: string;
  fileName: string;
  size: number;
  mimeType: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STALE_MS = 24 * 3600 * 1000;
// Uploads above this are refused as they stream in (DCB_MAX_UPLOAD_BYTES overrides it); ones nobody used
// within an hour are deleted, so abandoned uploads cannot fill the disk while the app runs.
export const DEFAULT_UPLOAD_LIMIT = 2 * 1024 ** 3;
const MAX_TRANSFER_BYTES = uploadLimitFromEnv();
const UNUSED_UPLOAD_MS = 3600 * 1000;

function uploadLimitFromEnv(): number {
  const n = Number(process.env.DCB_MAX_UPLOAD_BYTES);
  return Number.isSafeInteger(n) && n > 0 ? n : DEFAULT_UPLOAD_LIMIT;
}

export function safeDisplayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // Bidi controls reorder what the user sees ("invoice\u202efdp.exe" shows as "invoiceexe.pdf"): removed.
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/g, '')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what we strip
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*]/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'file';
}

export type StoredUpload = UploadInfo & { path: string };

// When withUpload deletes the upload it owns.
export interface UploadLifetime {
  // 'on-success' (the default): the work used the file up; a failure keeps it, so the renderer's retry with
  // the same pick works (one nobody uses again expires after an hour). 'always': deleted whatever the
  // outcome. 'never': a look at a file a later call consumes (a backup described before it is restored).
  discard?: 'on-success' | 'always' | 'never';
  // With 'on-success', also deleted after a failure this says proves the file itself unusable.
  unusable?: (err: unknown) => boolean;
  // The error when the upload is not there (default: "The uploaded file was not found…").
  missing?: () => Error;
}

// Whether withUpload deletes the upload once its work has finished or failed: the lifetime rule above, on its own.
export function uploadGoes(lifetime: UploadLifetime, outcome: { failed: false } | { failed: true; err: unknown }): boolean {
  const { discard = 'on-success', unusable } = lifetime;
  if (discard === 'never') return false;
  if (discard === 'always' || !outcome.failed) return true;
  return unusable?.(outcome.err) ?? false;
}

export class TransferStore {
  private readonly dir: string;
  private readonly uploads = new Map<string, StoredUpload>();
  private readonly downloads = new Map<string, DownloadInfo & { path: string }>();
  private readonly lastUsed = new Map<string, number>();
  private readonly maxBytes: number;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout;

  constructor(dataDir: string, opts: { maxBytes?: number; now?: () => number } = {}) {
    this.maxBytes = opts.maxBytes ?? MAX_TRANSFER_BYTES;
    this.now = opts.now ?? Date.now;
    const root = join(dataDir, 'transfers');
    // One folder per process: the CLI and the app may share a data directory.
    this.dir = join(root, `${process.pid}-${randomUUID().slice(0, 8)}`);
    removeStale(root);
    this.timer = setInterval(() => this.expireUnused(), 5 * 60 * 1000);
    this.timer.unref();
  }

  // Deletes uploads nobody has used for an hour (each use restarts the hour).
  expireUnused(): void {
    const cutoff = this.now() - UNUSED_UPLOAD_MS;
    for (const [id, u] of this.uploads) {
      if ((this.lastUsed.get(id) ?? 0) > cutoff) continue;
      this.uploads.delete(id);
      this.lastUsed.delete(id);
      rmSync(u.path, { force: true });
    }
  }

  async receive(source: Readable, fileName: string, limitBytes = this.maxBytes): Promise<UploadInfo> {
    this.expireUnused();
    await mkdir(this.dir, { recursive: true });
    const uploadId = randomUUID();
    const finalPath = join(this.dir, uploadId);
    const partial = `${finalPath}.partial`;
    let size = 0;
    const limiter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > limitBytes) cb(new AppError('invalid-input', `The file is larger than the ${formatBytes(limitBytes)} limit.`));
        else cb(null, chunk);
      },
    });
    try {
      await pipeline(source, limiter, createWriteStream(partial, { mode: 0o600 }));
      await rename(partial, finalPath);
    } catch (err) {
      await rm(partial, { force: true });
      // Every transport shows this message as it is: the same sentence as a full disk anywhere else.
      throw isDiskFull(err) ? new AppError('unavailable', DISK_FULL_MESSAGE) : err;
    }
    const info = { uploadId, fileName: safeDisplayName(fileName), size };
    this.uploads.set(uploadId, { ...info, path: finalPath });
    this.lastUsed.set(uploadId, this.now());
    return info;
  }

  async receiveLocalFile(path: string, fileName: string): Promise<UploadInfo> {
    const s = await stat(path);
    if (!s.isFile()) throw new AppError('invalid-input', 'Only regular files can be added.');
    return this.receive(createReadStream(path), fileName);
  }

  upload(uploadId: string): StoredUpload {
    this.expireUnused();
    const u = UUID.test(uploadId) ? this.uploads.get(uploadId) : undefined;
    if (!u) throw notFound('The uploaded file');
    this.lastUsed.set(uploadId, this.now());
    return u;
  }

  private async discardUpload(uploadId: string): Promise<void> {
    const u = this.uploads.get(uploadId);
    if (!u) return;
    this.uploads.delete(uploadId);
    await rm(u.path, { force: true });
  }

  // The one way a handler or service consumes an upload: resolves the ID to its file, runs the work with it,
  // then deletes the upload or keeps it as `lifetime` says.
  async withUpload<T>(uploadId: string, work: (upload: StoredUpload) => Promise<T> | T): Promise<T>;
  async withUpload<T>(uploadId: string, lifetime: UploadLifetime, work: (upload: StoredUpload) => Promise<T> | T): Promise<T>;
  async withUpload<T>(
    uploadId: string,
    a: UploadLifetime | ((upload: StoredUpload) => Promise<T> | T),
    b?: (upload: StoredUpload) => Promise<T> | T,
  ): Promise<T> {
    const [lifetime, work] = typeof a === 'function' ? [{}, a] : [a, b!];
    let upload: StoredUpload;
    try {
      upload = this.upload(uploadId);
    } catch (err) {
      throw lifetime.missing ? lifetime.missing() : err;
    }
    let value: T;
    try {
      value = await work(upload);
    } catch (err) {
      if (uploadGoes(lifetime, { failed: true, err })) await this.discardUpload(uploadId);
      throw err;
    }
    if (uploadGoes(lifetime, { failed: false })) await this.discardUpload(uploadId);
    return value;
  }

  registerDownload(path: string, fileName: string, mimeType: string): DownloadInfo {
    const downloadId = randomUUID();
    const size = statSync(path).size;
    const info = { downloadId, fileName: safeDisplayName(fileName), size, mimeType };
    this.downloads.set(downloadId, { ...info, path });
    return info;
  }

  download(downloadId: string): DownloadInfo & { path: string } {
    const d = UUID.test(downloadId) ? this.downloads.get(downloadId) : undefined;
    if (!d) throw notFound('The file to download');
    return d;
  }

  // Scratch space for a backend job that produces a download (deleted with this process's folder).
  async scratchPath(name: string): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    return join(this.dir, `${randomUUID()}-${safeDisplayName(name)}`);
  }

  dispose(): void {
    clearInterval(this.timer);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function removeStale(root: string): void {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return;
  }
  const now = Date.now();
  for (const e of entries) {
    try {
      const p = join(root, e);
      if (now - statSync(p).mtimeMs > STALE_MS) rmSync(p, { recursive: true, force: true });
    } catch {
      // Another process may be cleaning up too.
    }
  }
}
