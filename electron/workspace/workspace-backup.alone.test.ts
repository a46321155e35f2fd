import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aloneStore, FakeTransfers, type AloneStore } from '../../test/support/alone';
import { EventHub } from '../backend/event-hub';
import { writeBackup } from './workspace-backup';

let store: AloneStore;
afterEach(() => store?.dispose());

describe('writeBackup built alone', () => {
  it('backs up the database and the evidence folder it is given, stamped with its app version and clock, using the scratch space of the transfer peer', async () => {
    store = aloneStore();
    store.seedClient();
    const evidenceDir = join(store.dir, 'elsewhere', 'evidence');
    mkdirSync(evidenceDir, { recursive: true });
    const content = Buffer.from('an evidence file');
    writeFileSync(join(evidenceDir, createHash('sha256').update(content).digest('hex')), content);
    const transfers = new FakeTransfers(store.dir);
    const events = new EventHub();
    const progress: unknown[] = [];
    events.on((name, payload) => name === 'operation.progress' && progress.push(payload));

    const r = await writeBackup(
      { db: store.db, clock: store.clock, blobs: { dir: evidenceDir }, events, ports: { appVersion: '9.9.9-alone' }, transfers },
      join(store.dir, 'backup.zip'),
      { operationId: 'op-backup' },
    );

    expect(r.manifest).toMatchObject({
      appVersion: '9.9.9-alone',
      createdAt: store.clock.now().toISOString(),
      counts: { clients: 1, assessments: 0, evidenceFiles: 1 },
    });
    expect(r.warnings).toEqual([]);
    expect(progress.at(-1)).toMatchObject({ operationId: 'op-backup', finished: true });
    // The database snapshot taken in the scratch space is gone once the backup is written.
    expect(readdirSync(join(store.dir, 'scratch'))).toEqual([]);
  });
});
