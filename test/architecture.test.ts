import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Proves each dependency-cruiser rule bites (npm run lint:architecture runs the same config over the repo):
// a fixture tree with one breach per rule, and beside it the edges the rules allow. Removing or loosening a
// rule in .dependency-cruiser.cjs makes this test fail.

const root = fileURLToPath(new URL('..', import.meta.url));
const config = join(root, '.dependency-cruiser.cjs');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');
const dir = mkdtempSync(join(tmpdir(), 'dcb-depcruise-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tree(files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

tree({
  // no-runtime-cycles (and, being a cycle, no-new-type-cycles too)
  'electron/loop/a.ts': "import { b } from './b';\nexport const a = () => b();\n",
  'electron/loop/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
  // no-new-type-cycles: a cycle of types only
  'shared/types/x.ts': "import type { Y } from './y';\nexport interface X { y?: Y }\n",
  'shared/types/y.ts': "import type { X } from './x';\nexport interface Y { x?: X }\n",
  // a known hub may still close a type-only cycle
  'electron/store/database.ts': "import type { Job } from './jobs';\nexport interface Db { jobs?: Job[] }\n",
  'electron/store/jobs.ts': "import type { Db } from './database';\nexport interface Job { db?: Db }\n",
  // root-stays-at-the-root: a service reaching for the composition root's container, beside the backend that may
  'electron/backend/services.ts': "import { Clients } from '../clients/clients-service';\nexport const build = () => new Clients();\n",
  'electron/backend/create-backend.ts': "import { build } from './services';\nexport const create = build;\n",
  'electron/clients/clients-service.ts': 'export class Clients {}\n',
  'electron/portfolio/portfolio-service.ts': "import type { build } from '../backend/services';\nexport type Root = typeof build;\n",
  // renderer-not-backend
  'renderer/src/page.ts': "import { Clients } from '../../electron/clients/clients-service';\nexport const page = Clients;\n",
  // shared-stands-alone
  'shared/rule.ts': "import { Clients } from '../electron/clients/clients-service';\nexport const rule = Clients;\n",
  // cli-through-backend: a service reached around the backend, next to allowed edges
  'electron/tenant/tenant-service.ts': 'export const tenant = 1;\n',
  'electron/host/open-backend.ts': 'export const open = 1;\n',
  'electron/cli/commands/tenant.ts': "import { tenant } from '../../tenant/tenant-service';\nexport const cmd = tenant;\n",
  'electron/cli/commands/ok.ts':
    "import { open } from '../../host/open-backend';\nimport type { create } from '../../backend/create-backend';\nexport const ok: [number, typeof create?] = [open];\n",
  'electron/cli/commands/tenant.test.ts': "import { tenant } from '../../tenant/tenant-service';\nexport const t = tenant;\n",
  // sqlite-in-store: a service opening SQLite itself, next to the store that may
  'electron/clients/clients-sql.ts': "import Database from 'better-sqlite3';\nexport const open = () => new Database(':memory:');\n",
  'electron/store/open.ts': "import Database from 'better-sqlite3';\nexport const open = () => new Database(':memory:');\n",
  // test-only-in-tests: shipped code importing test support, and the tests that may
  'test/support/kit.ts': 'export const kit = 1;\n',
  'electron/shipped.ts': "import { kit } from '../test/support/kit';\nexport const shipped = kit;\n",
  'electron/shipped.test.ts': "import { kit } from '../test/support/kit';\nexport const t = kit;\n",
  'test/e2e/page.spec.ts': "import { kit } from '../support/kit';\nexport const s = kit;\n",
});

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

function cruise(): Violation[] {
  const r = spawnSync(depcruise, ['electron', 'shared', 'renderer', 'test', '--config', config, '--output-type', 'json'], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (!r.stdout) throw new Error(`depcruise did not run: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('the architecture rules (.dependency-cruiser.cjs)', () => {
  // A cycle is reported once, at the module where the cruise meets it first.
  it('refuse one breach of each rule and allow the edges they name', () => {
    const seen = cruise()
      .map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)
      .sort();
    expect(seen).toEqual(
      [
        'cli-through-backend: electron/cli/commands/tenant.ts → electron/tenant/tenant-service.ts',
        'no-new-type-cycles: electron/loop/a.ts → electron/loop/b.ts',
        'no-new-type-cycles: shared/types/x.ts → shared/types/y.ts',
        'no-runtime-cycles: electron/loop/a.ts → electron/loop/b.ts',
        'renderer-not-backend: renderer/src/page.ts → electron/clients/clients-service.ts',
        'root-stays-at-the-root: electron/portfolio/portfolio-service.ts → electron/backend/services.ts',
        'shared-stands-alone: shared/rule.ts → electron/clients/clients-service.ts',
        'test-only-in-tests: electron/shipped.ts → test/support/kit.ts',
        'sqlite-in-store: electron/clients/clients-sql.ts → better-sqlite3',
      ].sort(),
    );
  }, 60_000);
});
