import type { Migration } from './types';

export const migration0003: Migration = {
  version: 3,
  name: 'catalogue-and-assessments',
  sql: `
-- Every catalogue version ever used stays here, so an assessment is always read against the wording it
-- was made with.
CREATE TABLE catalogues (
  version TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  published_at TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  json TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('built-in', 'file')),
  loaded_at TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX catalogues_one_active ON catalogues (active) WHERE active = 1;

-- One assessment per client per accreditation cycle (year).
CREATE TABLE assessments (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
  cycle INTEGER NOT NULL,
  catalogue_version TEXT NOT NULL REFERENCES catalogues (version),
  route TEXT NOT NULL CHECK (route IN ('o365', 'google', 'self-managed')),
  status TEXT NOT NULL CHECK (status IN ('draft', 'ready', 'signed')),
  planned_submission_date TEXT NOT NULL,
  submitted_on TEXT,
  accredited_on TEXT,
  expires_on TEXT,
  previous_assessment_id TEXT REFERENCES assessments (id),
  locked_at TEXT,
  revision INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (client_id, cycle)
) STRICT;
CREATE INDEX assessments_client ON assessments (client_id, cycle DESC);

CREATE TABLE responses (
  assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  requirement_id TEXT NOT NULL,
  result TEXT NOT NULL CHECK (result IN ('not-assessed', 'met', 'partially-met', 'not-met', 'not-applicable')),
  na_justification TEXT,
  notes TEXT,
  owner TEXT,
  document TEXT,
  fields TEXT NOT NULL DEFAULT '{}',
  reconfirm INTEGER NOT NULL DEFAULT 0 CHECK (reconfirm IN (0, 1)),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (assessment_id, requirement_id),
  CHECK (result <> 'not-applicable' OR length(trim(coalesce(na_justification, ''))) > 0)
) STRICT;

CREATE TABLE signoffs (
  assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('ict-expert', 'clinical-safety-expert')),
  name TEXT NOT NULL,
  role_title TEXT NOT NULL,
  organisation TEXT NOT NULL,
  email TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('typed', 'drawn')),
  typed_signature TEXT,
  signature_sha256 TEXT,
  signed_at TEXT NOT NULL,
  PRIMARY KEY (assessment_id, role)
) STRICT;
`,
};
