import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';

// Packages that only some commands use (the mail-domain probe, Microsoft 365 sign-in, the seal, zip files,
// internationalised domain names). They are bundled on their own into dist/cli-chunks/lazy-packages.cjs, and
// our imports of them become stand-ins that load that file, and initialise the one package, on first use: so
// `dcb1596 clients list` neither reads nor initialises them (about 2 MB of the bundle). Each named export is
// forwarded (functions, classes and objects).
const LAZY = [
  'mailauth/lib/spf/index.js',
  'mailauth/lib/dmarc/get-dmarc-record.js',
  'mailauth/lib/mta-sts.js',
  'tldts',
  'tr46',
  '@azure/msal-node',
  '@microsoft/microsoft-graph-client',
  'node-forge',
  'yauzl',
  'yazl',
  'csv-parse/sync',
  'dns-packet',
];
const LAZY_FILE = 'lazy-packages.cjs';
const RESERVED = new Set(
  'null true false default delete new class function var let const in of if else for while do return switch case break continue try catch finally throw typeof instanceof void with yield await export import super this extends enum debugger'.split(
    ' ',
  ),
);
const lazyPackages: Plugin = {
  name: 'lazy-packages',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.path === `./${LAZY_FILE}` && args.namespace === 'lazy') return { path: args.path, external: true };
      return LAZY.includes(args.path) && args.namespace === 'file' && !args.importer.includes('node_modules')
        ? { path: args.path, namespace: 'lazy' }
        : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => {
      const real = createRequire(import.meta.url)(args.path) as Record<string, unknown>;
      const names = Object.keys(real).filter((n) => !RESERVED.has(n) && n !== '__esModule' && /^[A-Za-z_$][\w$]*$/.test(n));
      const contents = [
        // Resolved beside the chunk that holds this stand-in (checked below: always dist/cli-chunks/).
        `let m; const load = () => (m ??= require(${JSON.stringify(`./${LAZY_FILE}`)})[${JSON.stringify(args.path)}]);`,
        'const lazy = (get) => new Proxy(function () {}, {',
        '  get: (_, p) => Reflect.get(get(), p), has: (_, p) => p in get(),',
        '  apply: (_, self, a) => Reflect.apply(get(), self, a), construct: (_, a, nt) => Reflect.construct(get(), a, nt),',
        '});',
        'export default lazy(() => load());',
        ...names.map((n) => `export const ${n} = lazy(() => load().${n});`),
      ].join('\n');
      return { contents, loader: 'js', resolveDir: process.cwd() };
    });
  },
};

// zod's translated error messages: a fifth of the command chunk (its `z` namespace keeps every locale, so
// esbuild cannot drop them; z.locales and z.core.locales re-export them all). Nothing here calls z.config or z.locales, and English, zod's default, is
// registered by zod/v4/classic/schemas.js itself, so the command line keeps English only.
const englishOnlyZod: Plugin = {
  name: 'english-only-zod',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]v4[\\/](classic[\\/]external|core[\\/]index)\.js$/.test(args.importer)
        ? { path: 'zod-locales', namespace: 'english-only-zod', pluginData: args.resolveDir }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'english-only-zod' }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: join(args.pluginData as string, '..', 'locales'),
      loader: 'js',
    }));
  },
};

// The command line, bundled: dist/cli.mjs is the entry, and the commands with the backend are one chunk in
// dist/cli-chunks/ that only loads when a command runs (so `dcb1596 --version` loads almost nothing).
// Every dependency is bundled except better-sqlite3 (native; its package ships prebuilt binaries) and the
// PDF libraries, which electron/documents/pdf-lib.ts loads with require() at first use on purpose (one copy of
// pdf-lib for @signpdf) — those stay in node_modules, and the CLI package (scripts/pack-cli.ts) depends on them.
rmSync('dist/cli-chunks', { recursive: true, force: true });
const result = await build({
  entryPoints: { cli: 'electron/cli/entry.ts' },
  outdir: 'dist',
  chunkNames: 'cli-chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  external: ['better-sqlite3'],
  // CommonJS packages inside an ES module bundle still call require() for Node built-ins.
  banner: { js: "import { createRequire as __dcbCreateRequire } from 'node:module'; const require = __dcbCreateRequire(import.meta.url);" },
  legalComments: 'none',
  // Half the bytes to read and compile on every call; errors reach the user as messages, never stacks.
  minify: true,
  sourcemap: false,
  plugins: [lazyPackages, englishOnlyZod],
  metafile: true,
  logLevel: 'warning',
});
for (const [file, out] of Object.entries(result.metafile.outputs))
  if (Object.keys(out.inputs).some((i) => i.startsWith('lazy:')) && !file.startsWith('dist/cli-chunks/'))
    throw new Error(`${file} holds a lazy stand-in but ${LAZY_FILE} is only beside the chunks in dist/cli-chunks/`);
// The lazy packages, one CommonJS file: each getter initialises its package on first use.
const lazy = await build({
  stdin: {
    contents: `module.exports = {\n${LAZY.map((p) => `  get ${JSON.stringify(p)}() { return require(${JSON.stringify(p)}); },`).join('\n')}\n};`,
    resolveDir: process.cwd(),
    sourcefile: LAZY_FILE,
  },
  outfile: `dist/cli-chunks/${LAZY_FILE}`,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  legalComments: 'none',
  minify: true,
  metafile: true,
  logLevel: 'warning',
});
const bytes = [result, lazy].flatMap((r) => Object.values(r.metafile.outputs)).reduce((n, o) => n + o.bytes, 0);
console.log(`Built dist/cli.mjs (${(bytes / 1024 / 1024).toFixed(1)} MB with its chunks).`);
