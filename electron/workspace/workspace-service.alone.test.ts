import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { aloneStore, FakeTransfers, type AloneStore } from '../../test/support/alone';
import { EventHub } from '../backend/event-hub';
import { silentLogger } from '../logging/logger';
import type { EventName } from '../../shared/contract/events';
import { WorkspaceService } from './workspace-service';

let store: AloneStore;
afterEach(() => store?.dispose());

function build() {
  store = aloneStore();
  const events = new EventHub();
  const heard: EventName[] = [];
  events.on((name) => heard.push(name));
  const transfers = new FakeTransfers(store.dir);
  const svc = new WorkspaceService({
    db: store.db,
    clock: store.clock,
    log: silentLogger,
    dataDir: store.dir,
    blobs: { dir: join(store.dir, 'evidence') },
    events,
    ports: { appVersion: '9.9.9-alone' },
    transfers,
  });
  return { svc, transfers, heard };
}

describe('WorkspaceService built alone', () => {
  it('says restoring is unavailable when it was given no lifecycle to swap the database', async () => {
    const { svc } = build();
    await expect(svc.restoreFrom(join(store.dir, 'any.zip'))).rejects.toMatchObject({
      code: 'unavailable',
      message: 'Restoring is not available here.',
    });
  });

  it('writes a backup into the scratch space of the transfer peer and offers it there as a download, dated by its clock', async () => {
    const { svc, transfers, heard } = build();
    store.seedClient();

    const r = await svc.backupForDownload({ operationId: 'op-backup' });

    expect(r).toMatchObject({
      fileName: 'dcb1596-workspace-2026-11-23.zip',
      clients: 1,
      assessments: 0,
      evidenceFiles: 0,
      createdAt: store.clock.now().toISOString(),
    });
    expect(transfers.downloads).toEqual([
      expect.objectContaining({ downloadId: r.downloadId, mimeType: 'application/zip', path: join(store.dir, 'scratch', r.fileName) }),
    ]);
    expect(existsSync(transfers.downloads[0]!.path)).toBe(true);
    expect(heard).toContain('operation.progress');
  });
});
