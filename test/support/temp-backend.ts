import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend, type Backend } from '../../electron/backend/create-backend';
import type { BackendPorts, Clock } from '../../electron/backend/ports';
import { MemorySecretStore } from '../../electron/secrets/secret-store';
import { createFileLogger } from '../../electron/logging/logger';

export function tempDir(prefix = 'dcb-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export class FakeClock implements Clock {
  constructor(public current = new Date('2026-11-23T09:00:00Z')) {}
  now() {
    return new Date(this.current);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestBackend extends Backend {
  dataDir: string;
  clock: FakeClock;
  restart(): TestBackend;
  dispose(): void;
}

// A real backend over a real SQLite file in a temp directory: what the app runs, minus Electron.
export function createTestBackend(overrides: Partial<BackendPorts> = {}, dataDir = tempDir()): TestBackend {
  const clock = (overrides.clock as FakeClock | undefined) ?? new FakeClock();
  const ports: BackendPorts = {
    dataDir,
    clock,
    secrets: new MemorySecretStore(),
    log: createFileLogger(dataDir, { level: 'debug' }),
    appVersion: '0.0.0-test',
    transport: 'test',
    ...overrides,
  };
  const backend = createBackend(ports);
  return Object.assign(backend, {
    dataDir,
    clock,
    restart() {
      backend.close();
      return createTestBackend({ ...overrides, clock, secrets: ports.secrets }, dataDir);
    },
    dispose() {
      try {
        backend.close();
      } catch {
        // already closed
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export const sampleClientInput = (over: Record<string, unknown> = {}) => ({
  legalName: 'Meadowbank Care Ltd',
  odsCode: 'VN3K7',
  domains: ['meadowbank-care.co.uk'],
  route: 'o365' as const,
  ...over,
});
