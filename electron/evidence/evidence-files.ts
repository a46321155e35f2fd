import type { EvidencePreview } from '../../shared/contract/evidence';
import { integrity } from '../backend/app-error';
import type { TransferStore } from '../files/transfer-store';
import type { BlobStore } from './blob-store';
import { previewVersion } from './evidence-preview';
import type { EvidenceQueries } from './evidence-queries';
import { DOWNLOAD_MIME } from './sniff';

// A stored version's file for the renderer: a preview (evidence-preview.ts), or a download registered in the
// transfer store (by opaque ID, never by path).

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export interface EvidenceFilesDeps {
  readonly blobs: Pick<BlobStore, 'has' | 'path'>;
  readonly transfers: Pick<TransferStore, 'registerDownload'>;
  readonly reads: Pick<EvidenceQueries, 'itemRow' | 'version'>;
}

export class EvidenceFiles {
  constructor(private readonly s: EvidenceFilesDeps) {}

  preview(evidenceId: string, versionId?: string): Promise<EvidencePreview> {
    this.s.reads.itemRow(evidenceId);
    return previewVersion(this.s.blobs, this.s.reads.version(evidenceId, versionId));
  }

  download(evidenceId: string, versionId?: string): { downloadId: string; fileName: string } {
    this.s.reads.itemRow(evidenceId);
    const v = this.s.reads.version(evidenceId, versionId);
    if (!this.s.blobs.has(v.sha256))
      throw integrity(`The stored file of “${v.original_name}” is missing from the evidence folder. Run the integrity check for details.`);
    const d = this.s.transfers.registerDownload(this.s.blobs.path(v.sha256), v.original_name, DOWNLOAD_MIME[v.sniffed_type]);
    return { downloadId: d.downloadId, fileName: d.fileName };
  }
}
