import type { Migration } from './types';

export const migration0010: Migration = {
  version: 10,
  name: 'maintenance',
  sql: `
-- One-time repairs that need code rather than SQL (electron/store/maintenance.ts runs each pending task once
-- when the workspace opens, in the same transaction that marks it done). A workspace restored from an older
-- backup gets the row again through this migration, so the repair also reaches it.
CREATE TABLE maintenance_tasks (
  name TEXT PRIMARY KEY,
  done_at TEXT
) STRICT;
-- Issue 16: entries whose text held a lone UTF-16 surrogate were hashed before SQLite stored U+FFFD.
INSERT INTO maintenance_tasks (name) VALUES ('audit-reseal-encoding');
`,
};
