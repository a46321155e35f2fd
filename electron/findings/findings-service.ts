import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Finding, ProbeKind, type ProbeRunSummary } from '../../shared/contract/findings';
import { CHECKS } from '../../shared/domain/checks';
import type { EventHub } from '../backend/event-hub';
import type { BackendPorts } from '../backend/ports';
import type { ClientsService } from '../clients/clients-service';
import type { BlobStore } from '../evidence/blob-store';
import type { Db } from '../store/database';
import { invalid, notFound } from '../backend/app-error';
import { appendAudit } from '../store/audit-log';

type RunRow = {
  id: string;
  client_id: string;
  kind: ProbeKind;
  target: string;
  source: string;
  started_at: string;
  finished_at: string;
  findings: string;
  snapshot_sha256: string | null;
  snapshot_name: string | null;
};

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
      this.s.db
        .prepare(
          `INSERT INTO probe_runs (id, client_id, kind, target, source, started_at, finished_at, findings, snapshot_sha256, snapshot_name, app_version)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          input.clientId,
          input.kind,
          input.target,
          input.source,
          input.startedAt,
          input.finishedAt,
          JSON.stringify(parsed.data.findings),
          snapshot?.sha256 ?? null,
          snapshot?.fileName ?? null,
          this.s.ports.appVersion,
        );
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
    const row = this.s.db.prepare('SELECT * FROM probe_runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!row) throw notFound('The probe run');
    return toSummary(row);
  }

  listRuns(clientId: string, opts: { kind?: ProbeKind; limit?: number } = {}): ProbeRunSummary[] {
    const rows = this.s.db
      .prepare(`SELECT * FROM probe_runs WHERE client_id = ? AND (? IS NULL OR kind = ?) ORDER BY finished_at DESC LIMIT ?`)
      .all(clientId, opts.kind ?? null, opts.kind ?? null, opts.limit ?? 100) as RunRow[];
    return rows.map(toSummary);
  }

  // The most recent run per (kind, target), optionally only runs finished at or after `since`.
  latestRuns(clientId: string, opts: { since?: string; until?: string } = {}): ProbeRunSummary[] {
    const rows = this.s.db
      .prepare(
        `SELECT r.* FROM probe_runs r
         WHERE r.client_id = @client
           AND (@since IS NULL OR r.finished_at >= @since)
           AND (@until IS NULL OR r.finished_at <= @until)
           AND r.finished_at = (SELECT MAX(x.finished_at) FROM probe_runs x
                                WHERE x.client_id = r.client_id AND x.kind = r.kind AND x.target = r.target
                                  AND (@since IS NULL OR x.finished_at >= @since)
                                  AND (@until IS NULL OR x.finished_at <= @until))
         ORDER BY r.kind, r.target`,
      )
      .all({ client: clientId, since: opts.since ?? null, until: opts.until ?? null }) as RunRow[];
    return rows.map(toSummary);
  }

  async snapshot(runId: string): Promise<{ fileName: string; bytes: Buffer } | undefined> {
    const row = this.s.db.prepare('SELECT snapshot_sha256, snapshot_name FROM probe_runs WHERE id = ?').get(runId) as
      Pick<RunRow, 'snapshot_sha256' | 'snapshot_name'> | undefined;
    if (!row) throw notFound('The probe run');
    if (!row.snapshot_sha256) return undefined;
    const { readFile } = await import('node:fs/promises');
    return { fileName: row.snapshot_name ?? 'snapshot.json', bytes: await readFile(this.s.blobs.path(row.snapshot_sha256)) };
  }
}

function toSummary(r: RunRow): ProbeRunSummary {
  // Findings were validated when stored; a check retired from the registry since is dropped, not fatal.
  const findings = (JSON.parse(r.findings) as Finding[]).filter((f) => f.check in CHECKS);
  return {
    id: r.id,
    clientId: r.client_id,
    kind: r.kind,
    target: r.target,
    source: r.source,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    findings,
    ...(r.snapshot_sha256 ? { snapshot: { sha256: r.snapshot_sha256, fileName: r.snapshot_name ?? 'snapshot.json' } } : {}),
  };
}
