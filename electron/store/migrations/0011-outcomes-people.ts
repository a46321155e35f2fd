import type { Migration } from './types';

// The NHS team's answer to a submission (shared/domain/outcome.ts: sent, queried with findings to fix,
// re-submitted, rejected, accredited), and the workspace's people, so an owner is a person rather than text.
export const migration0011: Migration = {
  version: 11,
  name: 'outcomes-people',
  sql: `
ALTER TABLE assessments ADD COLUMN queried_on TEXT;
ALTER TABLE assessments ADD COLUMN resubmitted_on TEXT;
ALTER TABLE assessments ADD COLUMN rejected_on TEXT;
ALTER TABLE assessments ADD COLUMN rejection_reason TEXT;

-- Each finding in the NHS team's query is an item to fix, tracked until it is resolved.
CREATE TABLE outcome_findings (
  id TEXT PRIMARY KEY,
  assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  text TEXT NOT NULL CHECK (length(trim(text)) > 0),
  resolved INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
  created_at TEXT NOT NULL,
  resolved_at TEXT
) STRICT;
CREATE INDEX outcome_findings_assessment ON outcome_findings (assessment_id, resolved);

-- People who own work: the consultant's team and the client's staff.
CREATE TABLE people (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  email TEXT,
  role TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX people_name ON people (name COLLATE NOCASE);

-- An answer's owner as a person. The free-text owner stays as it was typed; every distinct text owner
-- becomes a person of that name, so nothing typed is lost and the combobox offers it.
ALTER TABLE responses ADD COLUMN owner_person_id TEXT REFERENCES people (id) ON DELETE SET NULL;
INSERT INTO people (id, name, role, created_at)
  SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
         || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
         name, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM (SELECT DISTINCT trim(owner) AS name FROM responses WHERE owner IS NOT NULL AND length(trim(owner)) > 0 GROUP BY lower(trim(owner)));
UPDATE responses SET owner_person_id = (SELECT p.id FROM people p WHERE p.name = trim(responses.owner) COLLATE NOCASE)
  WHERE owner IS NOT NULL AND length(trim(owner)) > 0;
`,
};
