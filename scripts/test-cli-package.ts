// npm run test:cli-package (part of `npm test`, so CI runs it): packs the CLI-only package, installs the
// tarball into a temporary folder offline, and runs the installed `dcb1596`: --help, --version, a real
// command on a fresh workspace, and the launcher's message for a damaged build. Offline means every
// dependency comes from the npm cache that `npm ci` filled: the folder gets a package-lock.json naming the
// tarball and the app's locked versions of its dependencies, and `npm ci --offline` installs from that
// (`npm install <tarball>` would ask the registry for each dependency's metadata, which `npm ci` never caches).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import rootPkg from '../package.json' with { type: 'json' };
import { packCli, shrinkwrap } from './pack-cli';

const failures: string[] = [];
function check(name: string, ok: boolean, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || !detail ? '' : `\n     ${detail.trim().split('\n').join('\n     ')}`}`);
  if (!ok) failures.push(name);
}

const { tarball, pkg } = packCli();
const dir = mkdtempSync(join(tmpdir(), 'dcb-cli-package-'));
try {
  const file = basename(tarball);
  copyFileSync(tarball, join(dir, file));
  const spec = `file:${file}`;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, dependencies: { [pkg.name]: spec } }, null, 2));
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  writeFileSync(
    join(dir, 'package-lock.json'),
    JSON.stringify(
      {
        lockfileVersion: 3,
        requires: true,
        packages: {
          '': { dependencies: { [pkg.name]: spec } },
          [`node_modules/${pkg.name}`]: { version: pkg.version, resolved: spec, integrity, dependencies: pkg.dependencies, bin: pkg.bin },
          ...shrinkwrap(pkg.dependencies),
        },
      },
      null,
      2,
    ),
  );
  const install = spawnSync('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, encoding: 'utf8' });
  check(`npm ci --offline (${file} and its dependencies from the npm cache)`, install.status === 0, install.stderr + install.stdout);
  if (install.status !== 0) throw new Error('install failed');

  const env = { ...process.env, DCB_DATA_DIR: join(dir, 'workspace'), DCB_CLI_DEV: '' };
  const bin = join(dir, 'node_modules', '.bin', 'dcb1596');
  const run = (...args: string[]) => spawnSync(bin, args, { cwd: dir, env, encoding: 'utf8' });

  const help = run('--help');
  check(
    'dcb1596 --help lists the commands',
    help.status === 0 && /Usage: dcb1596 <command>/.test(help.stdout) && /clients list/.test(help.stdout),
    help.stderr,
  );
  const version = run('--version');
  check(`dcb1596 --version prints ${rootPkg.version}`, version.status === 0 && version.stdout.trim() === rootPkg.version, version.stderr);
  const add = run('clients', 'add', '--name', 'Packaged Care Ltd', '--ods', 'PK001', '--domain', 'packaged.example', '--route', 'o365');
  check('dcb1596 clients add writes to a fresh workspace', add.status === 0, add.stderr + add.stdout);
  const list = run('clients', 'list', '--json');
  let listed: { odsCode?: string }[] = [];
  try {
    listed = JSON.parse(list.stdout) as { odsCode?: string }[];
  } catch {
    // reported below
  }
  check('dcb1596 clients list --json shows it', list.status === 0 && listed.some((c) => c.odsCode === 'PK001'), list.stderr + list.stdout);

  const chunks = join(dir, 'node_modules', 'dcb1596-cli', 'dist', 'cli-chunks');
  for (const f of readdirSync(chunks)) if (f.startsWith('main-')) writeFileSync(join(chunks, f), 'export const main = ;\n');
  const brokenChunk = run('clients', 'list');
  check(
    'a damaged command chunk says so and names the command that rebuilds it',
    brokenChunk.status === 1 && /build is damaged .*Rebuild it with: npm install --global/.test(brokenChunk.stderr),
    brokenChunk.stderr,
  );
  const built = join(dir, 'node_modules', 'dcb1596-cli', 'dist', 'cli.mjs');
  writeFileSync(built, 'export const run = ;\n');
  const damaged = run('clients', 'list');
  check(
    'a damaged build says so and names the command that rebuilds it',
    damaged.status === 1 && /missing or damaged .*Rebuild it with: npm install --global/.test(damaged.stderr),
    damaged.stderr,
  );
  rmSync(built);
  const missing = run('--version');
  check('a missing build says so too', missing.status === 1 && /missing or damaged/.test(missing.stderr), missing.stderr);
} catch (err) {
  if (!failures.length) check('test-cli-package', false, String(err));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failures.length) {
  console.error(`\n${failures.length} check(s) failed.`);
  process.exit(1);
}
console.log('\nThe packed command line installs offline and runs with Node', process.version);
