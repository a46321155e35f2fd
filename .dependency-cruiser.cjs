// The layering, checked by `npm run lint:architecture` (dependency-cruiser). test/architecture.test.ts breaks
// each rule with a fixture and expects this config to refuse it, so a rule removed or weakened here fails CI.

// Type-only cycles that exist today, each through one module that everything around it imports back for its
// types: the readiness model and its gates, the database and its maintenance jobs. (The composition root and
// the evidence service are no longer hubs: no service imports the root, and the evidence service imports
// nothing of the assessments that name it in their …Deps.) A new cycle anywhere else, or any cycle at run
// time, is refused.
const KNOWN_TYPE_CYCLE_HUBS = '^(shared/domain/readiness|electron/store/database)\\.ts$';

// What the command line reaches beyond the backend (electron/backend/): how a host opens the backend, file
// helpers, the offline bundle verifier, CSV parsing, the demo seed (a host's script over a new workspace), and
// the domain probe with its options for `probe domain` without a client (nothing stored, nothing locked).
// Everything a service does, the CLI asks through `backend.call`.
const CLI_ALLOWED_TODAY = [
  'electron/host/',
  'electron/files/(transfer-store|atomic-write|disk-errors)\\.ts$',
  'electron/store/database\\.ts$',
  'electron/logging/redact\\.ts$',
  'electron/bundle/verify/verify\\.ts$',
  'electron/clients/client-import-csv\\.ts$',
  'electron/demo/demo-workspace\\.ts$',
  'electron/probes/graph/clouds\\.ts$',
  'electron/mail-domain/(run-domain-probe|probe-options)\\.ts$',
];

const TEST_FILE = '(\\.test\\.tsx?|\\.spec\\.ts)$';

module.exports = {
  forbidden: [
    {
      name: 'no-runtime-cycles',
      comment: 'No import cycle in electron/ or shared/ that exists at run time.',
      severity: 'error',
      from: { path: '^(electron|shared)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-new-type-cycles',
      comment: 'Type-only cycles only through the known hubs above.',
      severity: 'error',
      from: { path: '^(electron|shared)/' },
      to: { circular: true, viaNot: KNOWN_TYPE_CYCLE_HUBS },
    },
    {
      name: 'root-stays-at-the-root',
      comment:
        'Only the backend (electron/backend/) imports the composition root; services declare their own …Deps and never see the container.',
      severity: 'error',
      from: { path: '^electron/', pathNot: ['^electron/backend/', TEST_FILE] },
      to: { path: '^electron/backend/services\\.ts$' },
    },
    {
      name: 'renderer-not-backend',
      comment: 'The renderer talks to window.api only; it never imports backend code.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^electron/' },
    },
    {
      name: 'shared-stands-alone',
      comment: 'shared/ (the contract and the domain rules) imports neither the backend nor the renderer.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(electron|renderer)/' },
    },
    {
      name: 'cli-through-backend',
      comment: 'The CLI reaches services through the backend; only the edges recorded above go around it.',
      severity: 'error',
      from: { path: '^electron/cli/', pathNot: TEST_FILE },
      to: { path: '^electron/', pathNot: ['^electron/(cli|backend)/', ...CLI_ALLOWED_TODAY.map((p) => `^${p}`)] },
    },
    {
      name: 'sqlite-in-store',
      comment:
        'Only electron/store/ opens SQLite; the backup and restore read the copy of the database they carry. Everything else reaches a table through its repo (*-repo.ts), which takes the Db the store opened.',
      severity: 'error',
      from: {
        path: '^(electron|shared|renderer)/',
        pathNot: ['^electron/store/', '^electron/workspace/workspace-(backup|restore)\\.ts$', TEST_FILE],
      },
      to: { path: '(^|/)better-sqlite3(/|$)' },
    },
    {
      name: 'test-only-in-tests',
      comment: 'Test support (test/) is imported by tests, specs and benchmarks only, never by shipped code.',
      severity: 'error',
      from: { path: '^(electron|shared|renderer)/', pathNot: TEST_FILE },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    // Type-only imports count: a cycle of types still ties modules together.
    tsPreCompilationDeps: true,
  },
};
