import type { Migration } from './types';
import { migration0001 } from './0001-foundation';
import { migration0002 } from './0002-probe-runs';
import { migration0003 } from './0003-assessments';
import { migration0008 } from './0008-renewals';
import { migration0004 } from './0004-evidence';
import { migration0005 } from './0005-domain-probe';
import { migration0006 } from './0006-tenant-probe';
import { migration0007 } from './0007-statement';
import { migration0012 } from './0012-portfolio-summary';
import { migration0010 } from './0010-maintenance';
import { migration0009 } from './0009-one-source-of-truth';
import { migration0011 } from './0011-outcomes-people';
import { migration0014 } from './0014-portfolio-indexes';

// Forward-only. Append new migrations; never edit an applied one (the checksum check refuses to start).
// Sorted by version, so the order of lines here does not matter.
// prettier-ignore
const ALL: Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0008,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0012,
  migration0010,
  migration0009,
  migration0011,
  migration0014,
];

export const MIGRATIONS: readonly Migration[] = ALL.sort((a, b) => a.version - b.version);
export const LATEST_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));
export type { Migration };
