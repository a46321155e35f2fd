// Lint keeps the runtime split (see README › Architecture). Conventions erode; rules hold.
//   shared/              — no Node, no DOM, no electron, no React: both sides import it.
//   electron/main|preload — the only code that may import 'electron'.
//   electron/** (rest)   — plain Node: backend, store, probes, CLI, web transport.
//   renderer/            — browser code: talks to the backend only through window.api.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const electronBan = {
  name: 'electron',
  message:
    "Only electron/main/** and electron/preload/** may import 'electron'. Keep logic in plain Node modules (Electron 42+ downloads its binary on first require, which must never happen in tests or the CLI).",
};

const restrict = (extraPaths = [], patterns = []) => ['error', { paths: [electronBan, ...extraPaths], patterns }];

const securitySyntax = [
  {
    selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
    message: 'dangerouslySetInnerHTML is banned: render text, never HTML from data.',
  },
  {
    // The same prop passed through an object (spread props, createElement).
    selector: "Property[key.name='dangerouslySetInnerHTML']",
    message: 'dangerouslySetInnerHTML is banned: render text, never HTML from data.',
  },
  {
    selector:
      "AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/], CallExpression[callee.property.name=/^(insertAdjacentHTML|write|writeln)$/][callee.object.name='document']",
    message: 'Writing HTML strings into the DOM is banned: render text with React.',
  },
  {
    selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
    message: 'Writing HTML strings into the DOM is banned: render text with React.',
  },
  {
    // Electron's shell.openExternal, however it is reached (call, alias, destructuring, require('electron').shell).
    selector:
      "MemberExpression[property.name='openExternal'][object.name='shell'], MemberExpression[property.name='openExternal'][object.property.name='shell'], VariableDeclarator[init.name='shell'] Property[key.name='openExternal']",
    message: 'Use openExternalHttps() from electron/main/external-links.ts: it only lets https URLs through.',
  },
  {
    // Any openExternal (the bridge's included) with a literal that is not an https URL can only fail or harm.
    selector:
      "CallExpression[callee.property.name='openExternal'][arguments.0.value=/^(?!https:\\/\\/)/], CallExpression[callee.property.name='openExternal'][arguments.0.quasis.0.value.raw=/^(?!https:\\/\\/)/]",
    message: 'openExternal only opens https:// URLs.',
  },
  {
    selector: "NewExpression[callee.name='Function']",
    message: 'new Function is banned (code from strings).',
  },
  {
    selector: "CallExpression[callee.property.name='executeJavaScript']",
    message: 'executeJavaScript runs code from strings in a renderer: send data over the contract instead.',
  },
  {
    // The Electron baseline (README › Architecture) must not be switched off anywhere.
    selector:
      'Property[key.name=/^(nodeIntegration|nodeIntegrationInWorker|nodeIntegrationInSubFrames|allowRunningInsecureContent|experimentalFeatures|webviewTag)$/][value.value=true], Property[key.name=/^(contextIsolation|sandbox|webSecurity)$/][value.value=false], Property[key.name=/^(enableBlinkFeatures|preloadURL)$/]',
    message: 'This webPreferences setting breaks the Electron security baseline (contextIsolation, sandbox, no Node in renderers).',
  },
];

// Each table has one owner (README › Architecture): its repo (`*-repo.ts`, e.g. assessments/assessment-repo.ts)
// holds the row types, the SQL and the mapping to domain types; a screen's read-only queries across tables
// live in a read-model repo named for it (e.g. search/search-repo.ts); electron/store/ holds migrations, the
// audit chain and maintenance. Services call repos. No other file is exempt.
const sqlOnlyInOwner = {
  selector:
    "CallExpression[callee.property.name='prepare'], CallExpression[callee.property.name='exec'][callee.object.name='db'], CallExpression[callee.property.name='exec'][callee.object.property.name='db']",
  message: "SQL runs only in its table's owner: a *-repo.ts (or electron/store/). Call the repo, or add the query to it.",
};

// The hosts (the Electron shell, the web server, the command line) ask the backend through `call` and its
// host operations (electron/backend/host-operations.ts); the services are the composition root's, for tests.
const hostsThroughTheBackend = {
  selector: "MemberExpression[property.name='services']",
  message: 'A host asks the backend through backend.call(channel) or backend.host, never backend.services.',
};

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', '.tools/**', 'release/**', 'test-results/**', 'playwright-report/**', 'resources/**/*.ps1'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-syntax': ['error', ...securitySyntax],
      'no-restricted-imports': restrict(),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: [
      'electron/**/*.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
      'scripts/**/*.{js,mjs,cjs,ts}',
      'bin/**/*.mjs',
      '*.config.{js,ts}',
      '.dependency-cruiser.cjs',
      'renderer/vite.config.ts',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': restrict([], [{ group: ['**/renderer/**'], message: 'Node-side code must not import the renderer.' }]),
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**'], message: 'The shell must not import the renderer.' }] }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/**/*-repo.ts', 'electron/store/**', 'electron/**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...securitySyntax, sqlOnlyInOwner] },
  },
  {
    files: ['electron/{main,web,cli}/**/*.ts'],
    ignores: ['electron/**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...securitySyntax, sqlOnlyInOwner, hostsThroughTheBackend] },
  },
  {
    files: ['electron/main/external-links.ts'],
    rules: { 'no-restricted-syntax': ['error', ...securitySyntax.filter((s) => !s.selector.includes('openExternal'))] },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        nodeBuiltins.map((name) => ({ name, message: 'shared/ runs on both sides: no Node built-ins.' })),
        [
          { group: ['react', 'react-dom', 'react/*', '@fluentui/*'], message: 'shared/ holds no UI code.' },
          { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ must not depend on either side.' },
        ],
      ),
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require', 'localStorage', 'fetch'],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrict(
        nodeBuiltins.map((name) => ({ name, message: 'The renderer is browser code: no Node built-ins.' })),
        [{ group: ['**/electron/**'], message: 'The renderer reaches the backend only through window.api (renderer/src/api).' }],
      ),
    },
  },
  {
    // Tests of shared rules run under Vitest (Node) and may read fixture files.
    files: ['shared/**/*.test.ts'],
    rules: { 'no-restricted-imports': restrict(), 'no-restricted-globals': 'off' },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
