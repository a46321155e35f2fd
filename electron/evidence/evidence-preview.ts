import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import type { EvidencePreview } from '../../shared/contract/evidence';
import { SNIFFED_TYPE_LABELS } from '../../shared/contract/evidence';
import type { BlobStore } from './blob-store';
import type { VersionRow } from './evidence-repo';
import { PREVIEW_MIME, decodeText } from './sniff';

// What the renderer may show of a stored file. Whole files are only sent for images and PDFs of bounded
// size, and only after they hash to their recorded SHA-256: a preview never shows altered content as if it
// were the evidence. Text is sent as text (rendered as text, never as HTML).

const PREVIEW_LIMITS = { image: 10 * 1024 * 1024, pdf: 25 * 1024 * 1024, textChars: 200_000, textBytes: 512 * 1024 };

export async function previewVersion(
  blobs: Pick<BlobStore, 'has' | 'path'>,
  v: Pick<VersionRow, 'sha256' | 'size' | 'sniffed_type'>,
): Promise<EvidencePreview> {
  if (!blobs.has(v.sha256)) return { kind: 'none', reason: 'The stored file is missing from the evidence folder.' };
  const type = v.sniffed_type;
  const mime = PREVIEW_MIME[type];
  if (mime || type === 'pdf') {
    const limit = mime ? PREVIEW_LIMITS.image : PREVIEW_LIMITS.pdf;
    if (v.size > limit)
      return { kind: 'none', reason: `Too large to preview (over ${Math.round(limit / 1024 / 1024)} MB). Download it to open.` };
    const bytes = await readFile(blobs.path(v.sha256));
    if (createHash('sha256').update(bytes).digest('hex') !== v.sha256)
      return { kind: 'none', reason: 'Not shown: the stored file was changed on disk after it was added. Run the integrity check.' };
    return mime ? { kind: 'image', mimeType: mime, base64: bytes.toString('base64') } : { kind: 'pdf', base64: bytes.toString('base64') };
  }
  if (type === 'txt' || type === 'csv' || type === 'json' || type === 'eml') {
    const fh = await open(blobs.path(v.sha256), 'r');
    try {
      const buf = Buffer.alloc(Math.min(v.size, PREVIEW_LIMITS.textBytes));
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      const truncatedBytes = bytesRead < v.size;
      const text = decodeText(buf.subarray(0, bytesRead), truncatedBytes) ?? buf.subarray(0, bytesRead).toString('latin1');
      const truncated = truncatedBytes || text.length > PREVIEW_LIMITS.textChars;
      return { kind: 'text', text: text.slice(0, PREVIEW_LIMITS.textChars), truncated };
    } finally {
      await fh.close();
    }
  }
  return { kind: 'none', reason: `No preview for this type of file (${SNIFFED_TYPE_LABELS[type]}). Download it to open.` };
}
