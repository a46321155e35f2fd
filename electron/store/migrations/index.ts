import type { Migration } from './types';
import { migration0001 } from './0001-foundation';
import { migration0002 } from './0002-probe-runs';
import { migration0003 } from './0003-assessments';

// Forward-only. Append new migrations; never edit an applied one (the checksum check refuses to start).
// prettier-ignore
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
export type { Migration };
