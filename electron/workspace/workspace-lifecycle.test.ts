import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createTestBackend, sampleClientInput, type TestBackend } from '../../test/support/temp-backend';
import type { WorkspaceDeps } from './workspace-service';
import type { WorkspaceLifecycle } from './workspace-lifecycle';

// The backend-level database swap a restore relies on: other calls wait, a refused database is rolled back,
// and the backend keeps working on whichever database it ends up with.

let b: TestBackend | undefined;
afterEach(() => {
  b?.dispose();
  vi.restoreAllMocks();
});

function backendWithLifecycle(): { b: TestBackend; lifecycle: WorkspaceLifecycle } {
  // The composition root hands the backend's lifecycle to the workspace service among its dependencies.
  b = createTestBackend();
  const { lifecycle } = (b.services.workspace as unknown as { s: WorkspaceDeps }).s;
  return { b, lifecycle: lifecycle! };
}

describe('replacing the database under a running backend', () => {
  it('puts the old database back when the new one is refused, and keeps serving it', async () => {
    const { b, lifecycle } = backendWithLifecycle();
    await b.call('client.create', sampleClientInput());
    const before = b.services;
    await expect(
      lifecycle.replaceDatabase({
        check: () => {},
        swap: async (dbFile) => {
          renameSync(dbFile, `${dbFile}.aside`);
          writeFileSync(dbFile, 'this is not a database');
          return async () => renameSync(`${dbFile}.aside`, dbFile);
        },
      }),
    ).rejects.toThrow(/cannot be read/);
    expect(b.services).not.toBe(before);
    expect((await b.call('client.list', {})).map((c) => c.odsCode)).toEqual(['VN3K7']);
  });

  it('reopens the old database when the swap itself fails', async () => {
    const { b, lifecycle } = backendWithLifecycle();
    await b.call('client.create', sampleClientInput());
    await expect(
      lifecycle.replaceDatabase({
        check: () => {},
        swap: async () => {
          throw new Error('disk unplugged');
        },
      }),
    ).rejects.toThrow('disk unplugged');
    expect((await b.call('client.list', {})).length).toBe(1);
  });

  it('refuses without closing anything when the check fails', async () => {
    const { b, lifecycle } = backendWithLifecycle();
    const before = b.services;
    await expect(
      lifecycle.replaceDatabase({
        check: () => {
          throw new Error('not empty');
        },
        swap: async () => async () => {},
      }),
    ).rejects.toThrow('not empty');
    expect(b.services).toBe(before);
    expect((await b.call('client.list', {})).length).toBe(0);
  });

  it('holds back calls that arrive during the swap, then serves them from the new database', async () => {
    const { b, lifecycle } = backendWithLifecycle();
    // A second workspace file with one client, built by another backend on the same folder layout.
    const other = createTestBackend();
    await other.call('client.create', sampleClientInput({ legalName: 'Swapped In Ltd', odsCode: 'SW1' }));
    other.close();
    const replacement = readFileSync(`${other.dataDir}/workspace.sqlite`);
    other.dispose();

    let during: Promise<unknown> | undefined;
    await lifecycle.replaceDatabase({
      check: () => {},
      swap: async (dbFile) => {
        during = b.call('client.list', {});
        writeFileSync(dbFile, replacement);
        return async () => {};
      },
    });
    expect(await during).toEqual([expect.objectContaining({ legalName: 'Swapped In Ltd' })]);
  });

  it('waits for calls already running before it closes the database', async () => {
    const { b, lifecycle } = backendWithLifecycle();
    const order: string[] = [];
    const slow = vi.spyOn(b.services.clients, 'list').mockImplementation(() => {
      order.push('list started');
      return new Promise((resolve) =>
        setTimeout(() => {
          order.push('list finished');
          resolve([]);
        }, 100),
      ) as never;
    });
    const call = b.call('client.list', {});
    await new Promise((r) => setTimeout(r, 10));
    await lifecycle.replaceDatabase({
      check: () => order.push('check'),
      swap: async () => async () => {},
    });
    await call;
    expect(slow).toHaveBeenCalled();
    expect(order).toEqual(['list started', 'list finished', 'check']);
  });
});
