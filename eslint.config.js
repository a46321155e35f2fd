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
    selector: "CallExpression[callee.property.name='openExternal']",
    message: 'Use openExternalHttps() from electron/main/external-links.ts: it only lets https URLs through.',
  },
  {
    selector: "NewExpression[callee.name='Function']",
    message: 'new Function is banned (code from strings).',
  },
];

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
      'scripts/**/*.{js,mjs,ts}',
      'bin/**/*.mjs',
      '*.config.{js,ts}',
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
