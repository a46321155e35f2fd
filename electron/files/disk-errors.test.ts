import { afterEach, describe, expect, it } from 'vitest';
import { createWriteStream, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createTestBackend, sampleClientInput, type TestBackend } from '../../test/support/temp-backend';
import { describeCliFailure } from '../cli/main';
import { DISK_FULL_MESSAGE } from './disk-errors';

// Issue 16, item 4. A full disk is provoked without mount rights (the test machines have none): SQLite's
// max_page_count caps the database so the next write fails with a genuine SQLITE_FULL, and writing to
// /dev/full yields a genuine ENOSPC from the file system. Both take the code paths a full drive takes.

let b: TestBackend | undefined;
afterEach(() => {
  b?.dispose();
  b = undefined;
});

function realEnospc(): NodeJS.ErrnoException {
  try {
    writeFileSync('/dev/full', 'x');
  } catch (err) {
    return err as NodeJS.ErrnoException;
  }
  throw new Error('/dev/full accepted a write');
}

describe('a full disk', () => {
  it('SQLITE_FULL answers "The disk is full… nothing was saved", and nothing was', async () => {
    b = createTestBackend();
    await b.call('client.create', sampleClientInput());
    const pages = b.services.db.pragma('page_count', { simple: true }) as number;
    b.services.db.pragma(`max_page_count = ${pages}`);
    // The file's free pages absorb a few writes; keep writing until the cap bites.
    let saved = 1;
    let r;
    for (let i = 0; i < 50; i++) {
      r = await b.dispatch('client.create', sampleClientInput({ odsCode: `AB${i}`, notes: 'x'.repeat(9000) }));
      if (!r.ok) break;
      saved++;
    }
    expect(r).toEqual({ ok: false, error: { code: 'unavailable', message: DISK_FULL_MESSAGE } });
    expect(await b.call('client.list', {})).toHaveLength(saved);
    expect((await b.call('audit.verify', {})).ok).toBe(true);
  });

  it('ENOSPC while storing an evidence file answers the same, and leaves no evidence row', async () => {
    b = createTestBackend();
    const client = await b.call('client.create', sampleClientInput());
    // The blob store's write goes to /dev/full: a real ENOSPC out of a real write stream.
    b.services.blobs.put = async (source) => {
      await pipeline(source as Readable, createWriteStream('/dev/full'));
      throw new Error('unreachable');
    };
    const { uploadId } = await b.services.transfers.receive(Readable.from([Buffer.from('Policy text\n'.repeat(100))]), 'policy.txt');
    const r = await b.dispatch('evidence.import', { clientId: client.id, uploadId, title: 'Email policy', kind: 'policy' });
    expect(r).toEqual({ ok: false, error: { code: 'unavailable', message: DISK_FULL_MESSAGE } });
    expect(await b.call('evidence.list', { clientId: client.id })).toEqual([]);
  });

  it.each(['ENOSPC', 'EDQUOT', 'SQLITE_FULL'])('the CLI prints the same sentence for %s instead of "Failed: …"', (code) => {
    const err = realEnospc();
    err.code = code;
    expect(describeCliFailure(err)).toBe(DISK_FULL_MESSAGE);
    expect(describeCliFailure(new Error('wrapped', { cause: realEnospc() }))).toBe(DISK_FULL_MESSAGE);
  });
});
