import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { tempDir } from '../../test/support/temp-backend';
import { BlobStore } from '../evidence/blob-store';
import { DEFAULT_UPLOAD_LIMIT, TransferStore, safeDisplayName } from './transfer-store';

// Issue 16, item 6: uploads had no cap below 16 GiB and unused ones stayed until the server exited; bidi
// overrides in file names were kept verbatim ("invoice\u202efdp.exe" shows as "invoiceexe.pdf");
// interrupted evidence imports left evidence/.tmp/*.partial forever.

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const dir = () => {
  const d = tempDir();
  dirs.push(d);
  return d;
};

describe('uploads', () => {
  it('are capped at 2 GiB by default, configurable, and say so', async () => {
    expect(DEFAULT_UPLOAD_LIMIT).toBe(2 * 1024 ** 3);
    const store = new TransferStore(dir(), { maxBytes: 1000 });
    await expect(store.receive(Readable.from([Buffer.alloc(1001)]), 'big.bin')).rejects.toThrow(/larger than the 1000 bytes limit/);
    expect((await store.receive(Readable.from([Buffer.alloc(1000)]), 'ok.bin')).size).toBe(1000);
  });

  it('expire when unused for an hour: the file goes and the ID stops working', async () => {
    let now = 1_000_000;
    const store = new TransferStore(dir(), { now: () => now });
    const u = await store.receive(Readable.from([Buffer.from('hello')]), 'a.txt');
    const path = store.upload(u.uploadId).path;
    now += 59 * 60 * 1000;
    expect(store.upload(u.uploadId).size).toBe(5);
    // Using it restarted the hour.
    now += 59 * 60 * 1000;
    expect(store.upload(u.uploadId).size).toBe(5);
    now += 61 * 60 * 1000;
    store.expireUnused();
    expect(() => store.upload(u.uploadId)).toThrow(/not found/);
    expect(existsSync(path)).toBe(false);
    store.dispose();
  });
});

describe("withUpload, the one owner of an upload's lifetime", () => {
  const refused = new Error('refused');
  const setUp = async () => {
    const store = new TransferStore(dir());
    const u = await store.receive(Readable.from([Buffer.from('hello')]), 'a.txt');
    const gone = () => {
      try {
        store.upload(u.uploadId);
        return false;
      } catch {
        return true;
      }
    };
    return { store, id: u.uploadId, gone };
  };

  it('hands the work the file, and deletes the upload when the work succeeds', async () => {
    const { store, id, gone } = await setUp();
    const read = await store.withUpload(id, (up) => readFileSync(up.path, 'utf8') + ` (${up.fileName}, ${up.size} B)`);
    expect(read).toBe('hello (a.txt, 5 B)');
    expect(gone()).toBe(true);
    store.dispose();
  });

  it('keeps it when the work fails, so a retry with the same pick works', async () => {
    const { store, id, gone } = await setUp();
    await expect(store.withUpload(id, () => Promise.reject(refused))).rejects.toBe(refused);
    expect(gone()).toBe(false);
    expect(await store.withUpload(id, () => 'retried')).toBe('retried');
    expect(gone()).toBe(true);
    store.dispose();
  });

  it('deletes it after a failure that proves the file unusable', async () => {
    const { store, id, gone } = await setUp();
    const unusable = (err: unknown) => err === refused;
    await expect(store.withUpload(id, { unusable }, () => Promise.reject(new Error('other')))).rejects.toThrow('other');
    expect(gone()).toBe(false);
    await expect(store.withUpload(id, { unusable }, () => Promise.reject(refused))).rejects.toBe(refused);
    expect(gone()).toBe(true);
    store.dispose();
  });

  it("'always' deletes it whatever the outcome; 'never' leaves it for the call that consumes it", async () => {
    const a = await setUp();
    await expect(a.store.withUpload(a.id, { discard: 'always' }, () => Promise.reject(refused))).rejects.toBe(refused);
    expect(a.gone()).toBe(true);
    const b = await setUp();
    expect(await b.store.withUpload(b.id, { discard: 'never' }, (up) => up.size)).toBe(5);
    expect(b.gone()).toBe(false);
    a.store.dispose();
    b.store.dispose();
  });

  it('refuses an unknown upload with its own error or the one the caller names, without running the work', async () => {
    const { store } = await setUp();
    let ran = false;
    const work = () => {
      ran = true;
    };
    await expect(store.withUpload('00000000-0000-4000-8000-000000000000', work)).rejects.toThrow(/not found/);
    await expect(store.withUpload('00000000-0000-4000-8000-000000000000', { missing: () => refused }, work)).rejects.toBe(refused);
    expect(ran).toBe(false);
    store.dispose();
  });
});

describe('file names', () => {
  it.each([
    ['invoice\u202efdp.exe', 'invoicefdp.exe'],
    ['\u2066report\u2069.pdf', 'report.pdf'],
    ['a\u200fb\u200e.txt', 'ab.txt'],
    ['bell\u0007\u0085name.pdf', 'bell__name.pdf'],
  ])('strips bidi and control characters from %j', (name, shown) => {
    expect(safeDisplayName(name)).toBe(shown);
  });
});

describe('evidence temp files', () => {
  it('are swept when left by a process that is gone, never while their writer lives', () => {
    const d = dir();
    const tmp = join(d, 'evidence', '.tmp');
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, '999999999-0123abcd.partial'), 'left by a killed import');
    writeFileSync(join(tmp, `${process.pid}-89abcdef.partial`), 'being written right now');
    new BlobStore(d).sweepPartials();
    expect(readdirSync(tmp)).toEqual([`${process.pid}-89abcdef.partial`]);
  });
});
