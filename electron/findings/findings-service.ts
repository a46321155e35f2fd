import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Finding, ProbeKind, type ProbeRunSummary } from '../../shared/contract/findings';
import type { EventHub } from '../backend/event-hub';
import type { BackendPorts } from '../backend/ports';
import type { ClientsService } from '../clients/clients-service';
import type { BlobStore } from '../evidence/blob-store';
import type { Db } from '../store/database';
import { invalid, notFound } from '../backend/app-error';
import { appendAudit } from '../store/audit-log';
import { ProbeRunRepo } from './probe-run-repo';

export interface RecordRunInput {
  clientId: string;
  kind: ProbeKind;
  // The domain checked, or the tenant ID.
  target: string;
  // Where the facts came from: 'dns+smtp', 'graph', 'graph+exchange-rest', 'customer-script'…
  source: string;
  startedAt: string;
  finishedAt: string;
  findings: Finding[];
  // The raw transcript (redacted of secrets by the probe) kept as evidence for offline re-evaluation.
  snapshot?: { fileName: string; bytes: Uint8Array | string };
}

// Hook for the evidence library: called after a run with a snapshot is stored.
export type SnapshotListener = (run: ProbeRunSummary, snapshot: { sha256: string; size: number; fileName: string }) => void;

const RecordRunInputSchema = z.object({
  clientId: z.string(),
  kind: ProbeKind,
  target: z.string().min(1).max(300),
  source: z.string().min(1).max(100),
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }),
  findings: z.array(Finding).max(5000),
});

const counts = (findings: Finding[]) =>
  (['pass', 'warn', 'fail', 'not-assessable'] as const)
    .map((s) => [s, findings.filter((f) => f.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export interface FindingsDeps {
  readonly db: Db;
  readonly blobs: Pick<BlobStore, 'put' | 'path'>;
  readonly clients: Pick<ClientsService, 'get'>;
  readonly events: Pick<EventHub, 'emit'>;
  readonly ports: Pick<BackendPorts, 'appVersion'>;
  actor(): string;
}

// Stores probe runs (domain checks, tenant probes) and answers "what do the latest checks say" for a client.
export class FindingsService {
  private readonly snapshotListeners = new Set<SnapshotListener>();

  constructor(private readonly s: FindingsDeps) {}

  onSnapshot(listener: SnapshotListener): () => void {
    this.snapshotListeners.add(listener);
    return () => this.snapshotListeners.delete(listener);
  }

  async recordRun(input: RecordRunInput): Promise<ProbeRunSummary> {
    const parsed = RecordRunInputSchema.safeParse(input);
    if (!parsed.success) throw invalid(`A probe produced an invalid result: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
    this.s.clients.get(input.clientId);
    const snapshot = input.snapshot ? { ...(await this.s.blobs.put(input.snapshot.bytes)), fileName: input.snapshot.fileName } : undefined;
    const id = randomUUID();
    this.s.db.transaction(() => {
      new ProbeRunRepo(this.s.db).insert({
        id,
        client_id: input.clientId,
        kind: input.kind,
        target: input.target,
        source: input.source,
        started_at: input.startedAt,
        finished_at: input.finishedAt,
        findings: JSON.stringify(parsed.data.findings),
        snapshot_sha256: snapshot?.sha256 ?? null,
        snapshot_name: snapshot?.fileName ?? null,
        app_version: this.s.ports.appVersion,
      });
      appendAudit(this.s.db, {
        chain: input.clientId,
        actor: this.s.actor(),
        at: input.finishedAt,
        action: `probe.${input.kind}`,
        entityType: 'probe-run',
        entityId: id,
        summary: `${input.kind === 'domain' ? 'Checked mail domain' : 'Probed tenant'} ${input.target}: ${counts(parsed.data.findings) || 'no findings'}`,
        changes: snapshot ? [{ field: 'snapshotSha256', from: null, to: snapshot.sha256 }] : [],
      });
    })();
    const run = this.getRun(id);
    if (snapshot) for (const l of this.snapshotListeners) l(run, snapshot);
    this.s.events.emit('data.changed', { prefixes: ['probe.', 'assessment.', 'portfolio.'] });
    return run;
  }

  getRun(id: string): ProbeRunSummary {
    const run = new ProbeRunRepo(this.s.db).get(id);
    if (!run) throw notFound('The probe run');
    return run;
  }

  listRuns(clientId: string, opts: { kind?: ProbeKind; limit?: number } = {}): ProbeRunSummary[] {
    return new ProbeRunRepo(this.s.db).list(clientId, opts.kind ?? null, opts.limit ?? 100);
  }

  // The most recent run per (kind, target), optionally only runs finished at or after `since`.
  latestRuns(clientId: string, opts: { since?: string; until?: string } = {}): ProbeRunSummary[] {
    return new ProbeRunRepo(this.s.db).latest(clientId, opts.since ?? null, opts.until ?? null);
  }

  async snapshot(runId: string): Promise<{ fileName: string; bytes: Buffer } | undefined> {
    const run = new ProbeRunRepo(this.s.db).get(runId);
    if (!run) throw notFound('The probe run');
    if (!run.snapshot) return undefined;
    const { readFile } = await import('node:fs/promises');
    return { fileName: run.snapshot.fileName, bytes: await readFile(this.s.blobs.path(run.snapshot.sha256)) };
  }
}
