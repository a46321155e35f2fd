import type { Migration } from './types';

export const migration0005: Migration = {
  version: 5,
  name: 'domain-probe',
  sql: `
-- Each import of the NHS list of DCB1596-accredited domains, newest applying. The original file is kept
-- in the content-addressed evidence store under its SHA-256.
CREATE TABLE accredited_lists (
  id TEXT PRIMARY KEY,
  file_name TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  encoding TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  domain_count INTEGER NOT NULL,
  skipped_count INTEGER NOT NULL,
  columns TEXT NOT NULL
) STRICT;
CREATE INDEX accredited_lists_imported ON accredited_lists (imported_at);

-- One row per domain named in a list (a list row naming two domains gives two rows).
CREATE TABLE accredited_domains (
  list_id TEXT NOT NULL REFERENCES accredited_lists (id) ON DELETE CASCADE,
  domain TEXT NOT NULL,
  organisation TEXT NOT NULL,
  row_number INTEGER NOT NULL,
  fields TEXT NOT NULL,
  PRIMARY KEY (list_id, domain, row_number)
) STRICT;
CREATE INDEX accredited_domains_domain ON accredited_domains (domain, list_id);
`,
};
