import type { Migration } from './types';

export const migration0004: Migration = {
  version: 4,
  name: 'evidence',
  sql: `
-- The evidence library. Files live in the content-addressed store (evidence/<sha256>); these rows hold what
-- the files are. An item is one piece of evidence for a client (a policy, a pen test report, the mail-domain
-- check of one domain); each new file for it is a version, and the previous version is kept, superseded.
CREATE TABLE evidence_items (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  kind TEXT NOT NULL,
  owner TEXT,
  notes TEXT,
  source TEXT NOT NULL CHECK (source IN ('manual-upload', 'dns', 'graph-probe', 'customer-script', 'attestation')),
  -- Probe snapshots: one item per probed target ('domain:example.org', 'tenant:<id>'), a version per run.
  probe_key TEXT,
  revision INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX evidence_items_client ON evidence_items (client_id, kind);
CREATE UNIQUE INDEX evidence_items_probe ON evidence_items (client_id, probe_key) WHERE probe_key IS NOT NULL;

CREATE TABLE evidence_versions (
  id TEXT PRIMARY KEY,
  evidence_id TEXT NOT NULL REFERENCES evidence_items (id) ON DELETE CASCADE,
  version INTEGER NOT NULL CHECK (version > 0),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  size INTEGER NOT NULL CHECK (size > 0),
  -- Metadata only: never used to build a path.
  original_name TEXT NOT NULL,
  sniffed_type TEXT NOT NULL,
  extension_mismatch INTEGER NOT NULL CHECK (extension_mismatch IN (0, 1)),
  -- When the evidence reflected reality, as opposed to added_at, when it was put in the library.
  collected_at TEXT NOT NULL,
  added_at TEXT NOT NULL,
  added_by TEXT NOT NULL,
  issue_date TEXT,
  expiry_date TEXT,
  document_version TEXT,
  approved_by TEXT,
  approval_date TEXT,
  note TEXT,
  probe_run_id TEXT REFERENCES probe_runs (id) ON DELETE SET NULL,
  superseded_at TEXT,
  -- Result of the last re-hash of the stored file.
  integrity TEXT NOT NULL DEFAULT 'unchecked' CHECK (integrity IN ('ok', 'missing', 'altered', 'unchecked')),
  verified_at TEXT,
  UNIQUE (evidence_id, version)
) STRICT;
CREATE INDEX evidence_versions_sha ON evidence_versions (sha256);
CREATE UNIQUE INDEX evidence_versions_current ON evidence_versions (evidence_id) WHERE superseded_at IS NULL;

-- Many-to-many: one item supports several requirements, in several assessments (cycles).
CREATE TABLE evidence_links (
  evidence_id TEXT NOT NULL REFERENCES evidence_items (id) ON DELETE CASCADE,
  assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  requirement_id TEXT NOT NULL,
  linked_at TEXT NOT NULL,
  linked_by TEXT NOT NULL,
  PRIMARY KEY (evidence_id, assessment_id, requirement_id)
) STRICT;
CREATE INDEX evidence_links_assessment ON evidence_links (assessment_id, requirement_id);
`,
};
