import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { BlobLimitError, BlobStore } from './blob-store';
import { tempDir } from '../../test/support/temp-backend';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('BlobStore', () => {
  it('stores by SHA-256, dedupes, and verifies', async () => {
    dir = tempDir();
    const store = new BlobStore(dir);
    const a = await store.put('policy v1');
    expect(a.sha256).toBe(createHash('sha256').update('policy v1').digest('hex'));
    expect(a.size).toBe(9);
    expect(a.created).toBe(true);
    const again = await store.put(Readable.from([Buffer.from('policy '), Buffer.from('v1')]));
    expect(again).toEqual({ ...a, created: false });
    expect(readdirSync(store.dir).filter((f) => !f.startsWith('.'))).toEqual([a.sha256]);
    expect(await store.verify(a.sha256)).toBe('ok');
  });

  it('reports an altered and a missing file', async () => {
    dir = tempDir();
    const store = new BlobStore(dir);
    const a = await store.put('original bytes');
    writeFileSync(store.path(a.sha256), 'original byteS');
    expect(await store.verify(a.sha256)).toBe('altered');
    rmSync(store.path(a.sha256));
    expect(await store.verify(a.sha256)).toBe('missing');
  });

  it('refuses an oversized stream and leaves no partial file behind', async () => {
    dir = tempDir();
    const store = new BlobStore(dir);
    await expect(store.put(Readable.from([Buffer.alloc(1000), Buffer.alloc(1000)]), { limitBytes: 1500 })).rejects.toBeInstanceOf(
      BlobLimitError,
    );
    expect(readdirSync(join(store.dir, '.tmp'))).toEqual([]);
    expect(readdirSync(store.dir).filter((f) => !f.startsWith('.'))).toEqual([]);
  });

  it('refuses paths that are not content hashes', () => {
    dir = tempDir();
    expect(() => new BlobStore(dir).path('../../etc/passwd')).toThrow('Invalid content hash');
  });
});
