import type { Migration } from './types';

export const migration0002: Migration = {
  version: 2,
  name: 'probe-runs',
  sql: `
-- One row per probe run (mail-domain checks of one domain, or one tenant probe). Findings are kept with the
-- run, so a run is an immutable record; the raw snapshot (request/response transcript) lives in the
-- content-addressed blob store under evidence/<sha256>.
CREATE TABLE probe_runs (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('domain', 'tenant')),
  target TEXT NOT NULL,
  source TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  findings TEXT NOT NULL,
  snapshot_sha256 TEXT,
  snapshot_name TEXT,
  app_version TEXT NOT NULL
) STRICT;
CREATE INDEX probe_runs_client ON probe_runs (client_id, kind, target, finished_at);
`,
};
