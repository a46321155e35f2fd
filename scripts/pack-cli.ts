// npm run pack:cli — the command line on its own, for firms that run renewals on a server: an npm package
// (dcb1596-cli) holding the launcher, the bundle from `npm run build:cli`, the fonts and scripts it reads,
// and only the dependencies the bundle leaves outside (better-sqlite3 with its prebuilt binaries, and the
// PDF libraries loaded at first use). Writes release/dcb1596-cli-<version>.tgz and prints its path.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import rootPkg from '../package.json' with { type: 'json' };
import rootLock from '../package-lock.json' with { type: 'json' };

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const RUNTIME_DEPENDENCIES = [
  'better-sqlite3',
  'pdf-lib',
  '@pdf-lib/fontkit',
  '@signpdf/placeholder-pdf-lib',
  '@signpdf/signpdf',
  '@signpdf/signer-p12',
] as const;

export type LockEntry = {
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
} & Record<string, unknown>;

// npm-shrinkwrap.json for the package: the app's locked versions of the runtime dependencies and everything
// they pull in, with their integrity hashes. npm honours a published shrinkwrap, so installing the tarball
// resolves nothing afresh (and, offline, takes every package from the npm cache that `npm ci` filled).
export function shrinkwrap(dependencies: Record<string, string>): Record<string, LockEntry> {
  const all = rootLock.packages as unknown as Record<string, LockEntry>;
  const packages: Record<string, LockEntry> = {};
  // Node's lookup: a package's own node_modules first, then each parent's, up to the top.
  const locate = (from: string, name: string): string => {
    for (let base = from; ; base = base.slice(0, Math.max(0, base.lastIndexOf('/node_modules/')))) {
      const path = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (all[path]) return path;
      if (!base) throw new Error(`${name} (needed by ${from || 'the CLI'}) is not in package-lock.json`);
    }
  };
  const visit = (path: string) => {
    if (packages[path]) return;
    const e = all[path]!;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = e;
    packages[path] = entry as LockEntry;
    // npm installs peer dependencies too (node-forge for @signpdf/signer-p12).
    for (const d of Object.keys({ ...e.dependencies, ...e.optionalDependencies, ...e.peerDependencies })) {
      try {
        visit(locate(path, d));
      } catch (err) {
        if (!e.optionalDependencies?.[d]) throw err;
      }
    }
  };
  for (const d of Object.keys(dependencies)) visit(locate('', d));
  return packages;
}

export function packCli(): {
  tarball: string;
  pkg: { name: string; version: string; dependencies: Record<string, string>; bin: Record<string, string> };
} {
  if (!existsSync(join(ROOT, 'dist', 'cli.mjs'))) throw new Error('dist/cli.mjs is missing: run npm run build:cli first.');
  const stage = join(ROOT, 'dist', 'cli-package');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(join(stage, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'bin', 'dcb1596.mjs'), join(stage, 'bin', 'dcb1596.mjs'));
  cpSync(join(ROOT, 'dist', 'cli.mjs'), join(stage, 'dist', 'cli.mjs'));
  cpSync(join(ROOT, 'dist', 'cli-chunks'), join(stage, 'dist', 'cli-chunks'), { recursive: true });
  for (const dir of ['fonts', 'exchange']) cpSync(join(ROOT, 'resources', dir), join(stage, 'resources', dir), { recursive: true });
  const deps = rootPkg.dependencies as Record<string, string>;
  const pkg = {
    name: 'dcb1596-cli',
    version: rootPkg.version,
    description: `${rootPkg.description} Command line only.`,
    type: 'module',
    bin: { dcb1596: 'bin/dcb1596.mjs' },
    engines: rootPkg.engines,
    files: ['bin', 'dist', 'resources'],
    dependencies: Object.fromEntries(
      RUNTIME_DEPENDENCIES.map((d) => {
        if (!deps[d]) throw new Error(`${d} is not a dependency of the app any more: update scripts/pack-cli.ts.`);
        return [d, deps[d]];
      }),
    ),
  };
  writeFileSync(join(stage, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  const locked = shrinkwrap(pkg.dependencies);
  writeFileSync(
    join(stage, 'npm-shrinkwrap.json'),
    JSON.stringify(
      {
        name: pkg.name,
        version: pkg.version,
        lockfileVersion: 3,
        requires: true,
        packages: {
          '': { name: pkg.name, version: pkg.version, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
          ...locked,
        },
      },
      null,
      2,
    ) + '\n',
  );
  writeFileSync(
    join(stage, 'README.md'),
    [
      '# dcb1596-cli',
      '',
      'The DCB1596 Workbench command line without the desktop app (Node.js 22 or newer):',
      '',
      '```sh',
      `npm install --global dcb1596-cli-${rootPkg.version}.tgz`,
      'dcb1596 --help',
      '```',
      '',
      'It reads the same workspace as the desktop app (or the folder in $DCB_DATA_DIR / --data-dir).',
      '',
    ].join('\n'),
  );
  const out = join(ROOT, 'release');
  mkdirSync(out, { recursive: true });
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: stage, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!;
  return { tarball: join(out, name), pkg };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) console.log(packCli().tarball);
