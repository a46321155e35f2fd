import { readFile } from 'node:fs/promises';
import type { TenantRunResult } from '../../shared/contract/tenant';
import { AppError, invalid } from '../backend/app-error';
import type { BackendPorts, Clock } from '../backend/ports';
import type { BlobStore } from '../evidence/blob-store';
import type { TransferStore } from '../files/transfer-store';
import type { Db } from '../store/database';
import { exchangeScriptPath, SCRIPT_FILE_NAME } from '../probes/exchange/script-file';
import { CLOUDS } from '../probes/graph/clouds';
import { scriptOutput, snapshots } from './probe-modules';
import type { ExchangeEvidence, TenantSnapshot } from './snapshot';
import type { TenantAccess } from './tenant-access';
import { TenantRepo } from './tenant-repo';
import type { TenantRuns } from './tenant-runs';

// The Exchange collection script, for a tenant whose admin refused the Exchange consent: the script to hand
// the customer, and importing its output (checked to be this client's tenant, stored as a blob, recorded as a
// run joined to the latest Graph evidence of that tenant when there is one).

export interface ExchangeScriptDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
  readonly blobs: Pick<BlobStore, 'put'>;
  readonly ports: Pick<BackendPorts, 'appVersion'>;
  readonly transfers: Pick<TransferStore, 'withUpload' | 'registerDownload'>;
  readonly access: Pick<TenantAccess, 'app' | 'client' | 'usableConnection'>;
  readonly runs: Pick<TenantRuns, 'progress' | 'record' | 'latestSnapshot'>;
}

export class ExchangeScript {
  private readonly repo: TenantRepo;

  constructor(private readonly s: ExchangeScriptDeps) {
    this.repo = new TenantRepo(s.db);
  }

  scriptDownload() {
    const path = exchangeScriptPath();
    if (!path) throw new AppError('unavailable', 'The Exchange collection script is missing from this installation.');
    const d = this.s.transfers.registerDownload(path, SCRIPT_FILE_NAME, 'text/plain');
    return { downloadId: d.downloadId, fileName: d.fileName, size: d.size };
  }

  async importExchange(clientId: string, uploadId: string, operationId?: string): Promise<TenantRunResult> {
    const c = this.s.access.client(clientId);
    // The file is stored as a blob once read, so the upload goes whatever the outcome.
    return this.s.transfers.withUpload(uploadId, { discard: 'always' }, async (upload) => {
      const [{ MAX_SCRIPT_FILE_BYTES, parseScriptFile }, { SNAPSHOT_FORMAT, SNAPSHOT_VERSION }] = await Promise.all([
        scriptOutput(),
        snapshots(),
      ]);
      if (upload.size > MAX_SCRIPT_FILE_BYTES) throw invalid('The file is larger than 50 MB; this is not the script output.');
      const bytes = await readFile(upload.path);
      const parsed = parseScriptFile(bytes);
      if (!parsed.ok) throw invalid(parsed.error);
      const out = parsed.value;
      const expected = this.s.access.usableConnection(clientId)?.tenantId ?? c.tenant;
      if (expected) {
        const e = expected.toLowerCase();
        const same = /^[0-9a-f-]{36}$/.test(e) ? e === out.tenantId.toLowerCase() : e === out.tenantDomain.toLowerCase();
        if (!same) {
          throw new AppError(
            'conflict',
            `This file is from tenant ${out.tenantDomain} (${out.tenantId}), but this client's tenant is ${expected}. Check you have the right customer's file.`,
          );
        }
      }
      const blob = await this.s.blobs.put(bytes);
      const imported = this.repo.recordImport(
        {
          clientId,
          tenantId: out.tenantId,
          sha256: blob.sha256,
          fileName: upload.fileName,
          collectedAt: out.collectedAt,
          importedAt: this.s.clock.now().toISOString(),
          scriptVersion: out.scriptVersion,
          moduleVersion: out.moduleVersion,
        },
        this.s.actor(),
      );
      if (operationId) this.s.runs.progress.start(operationId);
      const evidence: ExchangeEvidence = {
        source: 'script',
        fileName: imported.fileName,
        sha256: imported.sha256,
        importedAt: imported.importedAt,
        output: out,
      };
      const base = await this.s.runs.latestSnapshot(clientId, out.tenantId);
      const snapshot: TenantSnapshot = base
        ? { ...base, exchange: evidence }
        : {
            format: SNAPSHOT_FORMAT,
            formatVersion: SNAPSHOT_VERSION,
            appVersion: this.s.ports.appVersion,
            tenantId: out.tenantId,
            ...(c.tenant ? { tenantRef: c.tenant } : {}),
            cloud: this.s.access.app().cloud,
            graphBaseUrl: CLOUDS[this.s.access.app().cloud].graph,
            collectedAt: out.collectedAt,
            finishedAt: out.collectedAt,
            params: { signInsSince: out.collectedAt, signInWindowDays: 0 },
            exchanges: [],
            graph: {},
            exchange: evidence,
          };
      return await this.s.runs.record(clientId, snapshot, operationId, { live: false });
    });
  }
}
