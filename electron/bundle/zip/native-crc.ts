import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';

// yazl computes each entry's CRC-32 with buffer-crc32, a table loop in JavaScript (~340 MB/s here), which
// made it the slowest step of exporting a large bundle. Node ships zlib's CRC-32 (~1.7 GB/s). Point the
// copy of buffer-crc32 that yazl loads at it, after proving on test vectors that both give the same value
// (including when continued across chunks); if anything differs, yazl keeps its own.

let installed = false;

export function useNativeCrc32ForYazl(): void {
  if (installed) return;
  installed = true;
  try {
    const req = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
    const fromYazl = createRequire(`${dirname(req.resolve('yazl'))}/`);
    const lib = fromYazl('buffer-crc32') as { unsigned: (buf: Buffer, previous?: number) => number };
    const original = lib.unsigned;
    const native = (buf: Buffer, previous?: number) => crc32(buf, previous ?? 0) >>> 0;
    const samples = [Buffer.alloc(0), Buffer.from('123456789'), Buffer.from([0, 255, 7, 128, 64]), Buffer.alloc(70_000, 0xa5)];
    const same = samples.every((b) => original(b) === native(b) && original(b, 0x1234_5678) === native(b, 0x1234_5678));
    if (same) lib.unsigned = native;
  } catch {
    // Keep yazl's own CRC: slower, equally correct.
  }
}
