import type { Migration } from './types';

export const migration0001: Migration = {
  version: 1,
  name: 'foundation',
  sql: `
CREATE TABLE clients (
  id TEXT PRIMARY KEY,
  legal_name TEXT NOT NULL,
  trading_name TEXT,
  ods_code TEXT NOT NULL UNIQUE,
  route TEXT NOT NULL CHECK (route IN ('o365', 'google', 'self-managed')),
  tenant TEXT,
  cqc_location_ids TEXT NOT NULL DEFAULT '[]',
  contacts TEXT NOT NULL DEFAULT '[]',
  notes TEXT,
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  sample INTEGER NOT NULL DEFAULT 0 CHECK (sample IN (0, 1)),
  revision INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX clients_legal_name ON clients (legal_name COLLATE NOCASE);

CREATE TABLE client_domains (
  client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
  domain TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (client_id, domain)
) STRICT;
CREATE INDEX client_domains_domain ON client_domains (domain);

CREATE TABLE client_sites (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  ods_code TEXT,
  position INTEGER NOT NULL
) STRICT;
CREATE INDEX client_sites_client ON client_sites (client_id, position);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Append-only, hash-chained. One chain per client (its assessments' events included) plus 'workspace'.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  chain TEXT NOT NULL,
  n INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  summary TEXT NOT NULL,
  changes TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  UNIQUE (chain, n)
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (chain, entity_id);

-- The last hash of each chain, kept apart from the log so that truncating a chain is detectable.
CREATE TABLE audit_heads (
  chain TEXT PRIMARY KEY,
  n INTEGER NOT NULL,
  hash TEXT NOT NULL
) STRICT;
`,
};
