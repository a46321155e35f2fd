import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
