import { PassThrough, Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import yauzl from 'yauzl';
import yazl from 'yazl';
import type { AuditEntry } from '../../shared/contract/audit';
import { entryHash, GENESIS_HASH } from '../../electron/store/audit-log';
import { sampleEvidenceBytes, sampleSnapshotBytes } from './sample-statement';
import type { AuditExport, BlobSource } from '../../electron/bundle/zip/bundle-writer';
import { ArchiveSealer, placeholderComment } from '../../electron/bundle/zip/zip-seal';

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

// Every member of a ZIP, read whole (small test bundles only).
export async function readMembers(path: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  const out = new Map<string, Buffer>();
  for await (const e of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const c of await zip.openReadStreamPromise(e)) chunks.push(c as Buffer);
    out.set(e.fileName, Buffer.concat(chunks));
  }
  zip.close();
  return out;
}

// What a careful forger would do: rebuild a well-formed, correctly sealed archive from edited members.
export async function rezip(bundleId: string, members: Map<string, Buffer>): Promise<Buffer> {
  const comment = placeholderComment(bundleId);
  const zip = new yazl.ZipFile();
  const sealer = new ArchiveSealer(comment);
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((res) => sink.on('end', res));
  (zip.outputStream as unknown as NodeJS.ReadableStream).pipe(sealer).pipe(sink);
  for (const name of [...members.keys()].sort()) zip.addBuffer(members.get(name)!, name, { mtime: new Date('2026-03-02T14:30:00Z') });
  zip.end({ comment } as unknown as { comment: string; forceZip64Format: boolean });
  await done;
  const out = Buffer.concat(chunks);
  const s = sealer.seal();
  s.bytes.copy(out, s.position);
  return out;
}
