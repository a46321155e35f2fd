import type { Migration } from './types';

export const migration0007: Migration = {
  version: 7,
  name: 'statement-and-bundles',
  sql: `
-- What the NHS statement needs beyond the checklist answers and the client record (DSPT status, email
-- service provider, data location, ICT provider): one JSON document per assessment, validated by the
-- contract's StatementDetails schema on every read and write.
CREATE TABLE statement_details (
  assessment_id TEXT PRIMARY KEY REFERENCES assessments (id) ON DELETE CASCADE,
  json TEXT NOT NULL CHECK (json_valid(json)),
  revision INTEGER NOT NULL DEFAULT 1 CHECK (revision > 0),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
) STRICT;

-- Every evidence bundle ever exported. Exporting again (after an unlock and new sign-offs) adds a
-- version; a file is never overwritten. file_path is relative to the data folder, so a workspace moved to
-- another computer still finds its bundles.
CREATE TABLE bundles (
  id TEXT PRIMARY KEY,
  -- The bundle's own ID as printed in the statement and the manifest (DCB1596-<ODS>-<date>-<hex>).
  reference TEXT NOT NULL UNIQUE,
  assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
  version INTEGER NOT NULL CHECK (version > 0),
  file_name TEXT NOT NULL,
  file_path TEXT NOT NULL UNIQUE CHECK (file_path NOT LIKE '/%' AND file_path NOT LIKE '%..%'),
  size INTEGER NOT NULL CHECK (size > 0),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  manifest_sha256 TEXT NOT NULL CHECK (length(manifest_sha256) = 64),
  statement_sha256 TEXT NOT NULL CHECK (length(statement_sha256) = 64),
  sealed INTEGER NOT NULL CHECK (sealed IN (0, 1)),
  seal_subject TEXT,
  seal_fingerprint TEXT,
  sample INTEGER NOT NULL CHECK (sample IN (0, 1)),
  draft INTEGER NOT NULL CHECK (draft IN (0, 1)),
  file_count INTEGER NOT NULL CHECK (file_count > 0),
  assessment_revision INTEGER NOT NULL,
  -- Who and what the bundle names (organisation, cycle, signatories) as at export, for the submission email.
  facts TEXT NOT NULL CHECK (json_valid(facts)),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE (assessment_id, version),
  CHECK (sealed = 0 OR seal_subject IS NOT NULL)
) STRICT;
CREATE INDEX bundles_client ON bundles (client_id, created_at DESC);
`,
};
