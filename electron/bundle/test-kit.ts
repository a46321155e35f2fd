import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import type { AuditEntry } from '../../shared/contract/audit';
import { entryHash, GENESIS_HASH } from '../store/audit-log';
import { sampleEvidenceBytes, sampleSnapshotBytes } from '../report/sample-statement';
import type { AuditExport, BlobSource } from './bundle-writer';

// Helpers for tests, demos and the benchmark: an in-memory blob source and a valid audit chain, so a
// bundle can be built without a workspace.

export function memoryBlobs(files: Map<string, Buffer> = new Map([...sampleEvidenceBytes(), ...sampleSnapshotBytes()])): BlobSource & {
  files: Map<string, Buffer>;
} {
  return {
    files,
    open(sha256) {
      const b = files.get(sha256);
      if (!b) throw Object.assign(new Error(`ENOENT: ${sha256}`), { code: 'ENOENT' });
      return Readable.from([b]);
    },
    size: (sha256) => files.get(sha256)?.length,
  };
}

export function auditChain(chain: string, n: number, start = '2026-02-01T09:00:00Z'): AuditExport {
  const entries: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const base = {
      chain,
      n: i,
      at: new Date(Date.parse(start) + i * 3_600_000).toISOString(),
      actor: 'Daniel Okafor',
      action: i === 1 ? 'client.create' : 'assessment.update',
      entityType: i === 1 ? 'client' : 'assessment',
      entityId: createHash('sha256').update(`${chain}${i}`).digest('hex').slice(0, 32),
      summary: i === 1 ? 'Added the client' : `Updated requirement response ${i}`,
      changes: [{ field: 'result', from: null, to: 'met' }],
      prevHash: prev,
    };
    const hash = entryHash(base);
    entries.push({ ...base, seq: i, hash });
    prev = hash;
  }
  return { chain, entries, head: { n, hash: prev } };
}
