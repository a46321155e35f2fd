import type { Finding, ProbeKind, ProbeRunSummary } from '../../shared/contract/findings';
import { CHECKS } from '../../shared/domain/checks';
import type { Db } from '../store/database';

// The owner of the `probe_runs` table: every stored run of the mail-domain checks and the tenant probe, with
// its findings as JSON and the blob of its snapshot (store/blob-references.ts lists that column).

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

type NewRun = RunRow & { app_version: string };

export class ProbeRunRepo {
  constructor(private readonly db: Db) {}

  get(id: string): ProbeRunSummary | undefined {
    const row = this.db.prepare('SELECT * FROM probe_runs WHERE id = ?').get(id) as RunRow | undefined;
    return row && toSummary(row);
  }

  // Newest first.
  list(clientId: string, kind: ProbeKind | null, limit: number): ProbeRunSummary[] {
    const rows = this.db
      .prepare(`SELECT * FROM probe_runs WHERE client_id = ? AND (? IS NULL OR kind = ?) ORDER BY finished_at DESC LIMIT ?`)
      .all(clientId, kind, kind, limit) as RunRow[];
    return rows.map(toSummary);
  }

  // The most recent run per (kind, target), only among runs finished in [since, until] where given.
  latest(clientId: string, since: string | null, until: string | null): ProbeRunSummary[] {
    const rows = this.db
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
      .all({ client: clientId, since, until }) as RunRow[];
    return rows.map(toSummary);
  }

  insert(r: NewRun): void {
    this.db
      .prepare(
        `INSERT INTO probe_runs (id, client_id, kind, target, source, started_at, finished_at, findings, snapshot_sha256, snapshot_name, app_version)
         VALUES (@id, @client_id, @kind, @target, @source, @started_at, @finished_at, @findings, @snapshot_sha256, @snapshot_name, @app_version)`,
      )
      .run(r);
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
