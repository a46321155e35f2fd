import type { Migration } from './types';

export const migration0006: Migration = {
  version: 6,
  name: 'tenant-probe',
  sql: `
-- Which Microsoft 365 account a client's tenant probe signs in with. The tokens themselves live in the
-- MSAL cache behind the SecretStore (OS keychain), never here; this row only binds client -> account.
CREATE TABLE tenant_connections (
  client_id TEXT PRIMARY KEY REFERENCES clients (id) ON DELETE CASCADE,
  tenant_id TEXT NOT NULL,
  username TEXT NOT NULL,
  home_account_id TEXT NOT NULL,
  app_client_id TEXT NOT NULL,
  cloud TEXT NOT NULL CHECK (cloud IN ('global', 'usgov', 'china')),
  method TEXT NOT NULL CHECK (method IN ('browser', 'device-code')),
  exchange_consented INTEGER NOT NULL DEFAULT 0 CHECK (exchange_consented IN (0, 1)),
  signed_in_at TEXT NOT NULL
) STRICT;

-- Output files of the customer's Exchange Online collection script, kept in the evidence store by hash.
-- The latest import for a tenant is carried into later probe runs until a newer one replaces it.
CREATE TABLE tenant_exchange_imports (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
  tenant_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  file_name TEXT NOT NULL,
  collected_at TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  script_version TEXT NOT NULL,
  module_version TEXT
) STRICT;
CREATE INDEX tenant_exchange_imports_client ON tenant_exchange_imports (client_id, tenant_id, imported_at);
`,
};
