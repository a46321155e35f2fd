// `npm run security`: the static security gate. Fails (exit 1) on any finding and prints one summary.
//
//   1. Electronegativity over the app's source: no HIGH findings at all; every MEDIUM finding must be in
//      ACCEPTED below with its reason (mirrored in README › Security).
//   2. npm audit of the production dependencies: no high or critical advisories.
//   3. The ESLint security rules (eval, new Function, HTML injection, shell.openExternal, the Electron
//      baseline): still configured, and no violations anywhere.
//
// Flags: --require-audit  fail when the npm advisory service cannot be reached (the release workflow sets it;
//                         an offline CI whose registry mirror refuses the audit endpoint reports it as skipped)
//        --online         also run Electronegativity's check for Electron releases with security fixes
//                         (it downloads the release list from GitHub); without it the tool makes no requests.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

// ---- 1. Electronegativity -------------------------------------------------------------------------------

export interface ScanIssue {
  id: string;
  file: string;
  line: number;
  severity: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  confidence: string;
  description: string;
}

// Medium findings we have reviewed and accept, with the reason. Matched on check ID and file (a file ending in
// "/" matches everything under that folder).
export const ACCEPTED: { id: string; file: string; reason: string }[] = [
  {
    id: 'CSP_GLOBAL_CHECK',
    file: 'N/A',
    reason:
      'The CSP is a response header set by the app:// protocol handler (electron/main/protocol.ts, RENDERER_CSP in electron/web/security-headers.ts), which the tool cannot see; the Electron smoke suite asserts the header on every launch.',
  },
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'electron/main/external-links.ts',
    reason:
      'This is the one permitted call: openExternalHttps() accepts only https URLs without credentials (and mailto: drafts); lint refuses shell.openExternal anywhere else.',
  },
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'renderer/src/',
    reason:
      "The renderer's openExternal is the bridge (window.api.openExternal), not Electron's shell: it goes through the preload to openExternalHttps() in the main process, and lint refuses a literal that is not https://.",
  },
  {
    id: 'PRELOAD_JS_CHECK',
    file: 'electron/main/window.ts',
    reason:
      'The preload (electron/preload/index.ts, ~40 lines) exposes a closed API with the contract channel list baked in; the smoke suite checks window.api has exactly its keys and refuses other channels.',
  },
  {
    id: 'AUXCLICK_JS_CHECK',
    file: 'electron/main/window.ts',
    reason:
      'Middle-click can only ask for a new window, and setWindowOpenHandler denies every one (https links go to the system browser); the smoke suite checks window.open is blocked.',
  },
];

const SCAN_DIRS = ['electron', 'shared', 'renderer/src'];
const SCAN_FILES = ['renderer/index.html', 'package.json'];

function stageSources(root: string): string {
  const stage = mkdtempSync(join(tmpdir(), 'dcb-electronegativity-'));
  const shipped = (src: string) => !/\.(test|spec)\.tsx?$/.test(src) && !src.includes(`${sep}node_modules${sep}`);
  for (const dir of SCAN_DIRS) cpSync(join(root, dir), join(stage, dir), { recursive: true, filter: shipped });
  for (const file of SCAN_FILES) cpSync(join(root, file), join(stage, file));
  return stage;
}

// Electronegativity fetches translations (and, for one check, GitHub's release list) with `got`. Offline runs
// replace got with a stub that answers "not found" at once, so the tool never opens a connection.
function loadElectronegativity(online: boolean): (options: Record<string, unknown>) => Promise<{
  issues: RawIssue[];
  errors: { file: string; message: string; tolerable: boolean }[];
  globalChecks: number;
  atomicChecks: number;
}> {
  const runner = require.resolve('@doyensec/electronegativity/dist/runner.js');
  if (!online) {
    const gotPath = createRequire(runner).resolve('got');
    const stub = new Module(gotPath);
    stub.loaded = true;
    stub.exports = async () => ({ statusCode: 404, body: '' });
    require.cache[gotPath] = stub;
  }
  const mod = require(runner) as { default?: unknown };
  return (mod.default ?? mod) as never;
}

type RawIssue = {
  id: string;
  file: string;
  location: { line: number };
  severity: { name: string };
  confidence: { name: string };
  description: string;
};

export async function runElectronegativity(
  dir: string,
  opts: { online?: boolean } = {},
): Promise<{ issues: ScanIssue[]; checks: number; errors: string[] }> {
  const run = loadElectronegativity(opts.online ?? false);
  const result = await run({
    input: dir,
    output: undefined,
    isRelative: true,
    isVerbose: false,
    severitySet: undefined,
    confidenceSet: undefined,
    customScan: [],
    excludeFromScan: opts.online ? [] : ['AvailableSecurityFixesGlobalCheck'],
    electronUpgrade: undefined,
    electronVersionOverride: undefined,
    parserPlugins: [],
  });
  return {
    checks: result.globalChecks + result.atomicChecks,
    errors: result.errors.filter((e) => !e.tolerable).map((e) => `${e.file}: ${e.message}`),
    issues: result.issues.map((i) => ({
      id: i.id,
      file: i.file.split(sep).join('/'),
      line: i.location.line,
      severity: i.severity.name as ScanIssue['severity'],
      confidence: i.confidence.name,
      description: i.description,
    })),
  };
}

export function judgeElectronegativity(issues: ScanIssue[], accepted = ACCEPTED) {
  const matches = (a: (typeof accepted)[number], i: ScanIssue) =>
    a.id === i.id && (a.file.endsWith('/') ? i.file.startsWith(a.file) : a.file === i.file);
  const isAccepted = (i: ScanIssue) => accepted.some((a) => matches(a, i));
  const blocking = issues.filter((i) => i.severity === 'HIGH' || i.severity === 'CRITICAL' || (i.severity === 'MEDIUM' && !isAccepted(i)));
  const acceptedFound = issues.filter((i) => i.severity === 'MEDIUM' && isAccepted(i));
  const stale = accepted.filter((a) => !issues.some((i) => matches(a, i)));
  const minor = issues.filter((i) => i.severity === 'LOW' || i.severity === 'INFORMATIONAL');
  return { blocking, acceptedFound, stale, minor };
}

// ---- 2. npm audit ---------------------------------------------------------------------------------------

export interface AuditOutcome {
  available: boolean;
  reason?: string;
  counts: Record<'info' | 'low' | 'moderate' | 'high' | 'critical', number>;
  packages: { name: string; severity: string }[];
  dependencies?: number;
}

export function parseAudit(stdout: string): AuditOutcome {
  const zero = { info: 0, low: 0, moderate: 0, high: 0, critical: 0 };
  let json: {
    message?: string;
    error?: { summary?: string };
    metadata?: { vulnerabilities?: Partial<AuditOutcome['counts']>; dependencies?: { prod?: number } };
    vulnerabilities?: Record<string, { severity: string }>;
  };
  try {
    json = JSON.parse(stdout);
  } catch {
    return { available: false, reason: 'npm audit printed no JSON', counts: zero, packages: [] };
  }
  if (!json.metadata?.vulnerabilities) {
    return { available: false, reason: json.message ?? json.error?.summary ?? 'no audit report', counts: zero, packages: [] };
  }
  return {
    available: true,
    counts: { ...zero, ...json.metadata.vulnerabilities },
    packages: Object.entries(json.vulnerabilities ?? {}).map(([name, v]) => ({ name, severity: v.severity })),
    dependencies: json.metadata.dependencies?.prod,
  };
}

function runAudit(): AuditOutcome {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['audit', '--omit=dev', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    shell: process.platform === 'win32',
  });
  return parseAudit(r.stdout ?? '');
}

// ---- 3. ESLint security rules ---------------------------------------------------------------------------

const SECURITY_RULES = ['no-eval', 'no-implied-eval', 'no-new-func', 'no-restricted-syntax'];

async function runSecurityLint(): Promise<{ files: number; violations: string[]; missing: string[] }> {
  const config = new ESLint({ cwd: ROOT });
  // Only the security rules run (the full lint is `npm run lint`); parsing dominates either way.
  const eslint = new ESLint({ cwd: ROOT, ruleFilter: ({ ruleId }) => SECURITY_RULES.includes(ruleId) });
  const missing: string[] = [];
  for (const file of ['electron/main/index.ts', 'electron/backend/create-backend.ts', 'renderer/src/main.tsx']) {
    const effective = (await config.calculateConfigForFile(file)) as { rules?: Record<string, unknown> };
    for (const rule of SECURITY_RULES) {
      const setting = effective.rules?.[rule];
      const level = Array.isArray(setting) ? setting[0] : setting;
      if (level !== 2 && level !== 'error') missing.push(`${rule} is not an error for ${file}`);
    }
  }
  const results = await eslint.lintFiles(['.']);
  const violations = results.flatMap((r) =>
    r.messages
      .filter((m) => SECURITY_RULES.includes(m.ruleId ?? ''))
      .map((m) => `${relative(ROOT, r.filePath).split(sep).join('/')}:${m.line} ${m.message}`),
  );
  return { files: results.length, violations, missing };
}

// ---- Report ---------------------------------------------------------------------------------------------

async function main() {
  const args = new Set(process.argv.slice(2));
  const failures: string[] = [];
  const lines: string[] = [];
  const row = (name: string, status: 'PASS' | 'FAIL' | 'SKIP', text: string) =>
    lines.push(`  ${name.padEnd(18)} ${status.padEnd(5)} ${text}`);

  const stage = stageSources(ROOT);
  try {
    const scan = await runElectronegativity(stage, { online: args.has('--online') });
    const j = judgeElectronegativity(scan.issues);
    const ok = j.blocking.length === 0 && scan.errors.length === 0 && scan.checks > 20;
    row(
      'electronegativity',
      ok ? 'PASS' : 'FAIL',
      `${scan.issues.filter((i) => i.severity === 'HIGH' || i.severity === 'CRITICAL').length} high, ${j.acceptedFound.length} medium accepted (README › Security), ${j.minor.length} low/informational; ${scan.checks} checks`,
    );
    for (const i of j.blocking) failures.push(`electronegativity ${i.severity} ${i.id} at ${i.file}:${i.line} — ${i.description}`);
    for (const e of scan.errors) failures.push(`electronegativity could not parse ${e}`);
    if (scan.checks <= 20) failures.push(`electronegativity loaded only ${scan.checks} checks`);
    for (const s of j.stale)
      lines.push(`      note: accepted finding ${s.id} (${s.file}) no longer occurs; remove it from ACCEPTED and the README.`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }

  const audit = runAudit();
  if (!audit.available) {
    const required = args.has('--require-audit');
    row(
      'npm audit',
      required ? 'FAIL' : 'SKIP',
      `advisory service unavailable (${audit.reason?.split('\n')[0]}); the release workflow runs it with --require-audit`,
    );
    if (required) failures.push(`npm audit could not run: ${audit.reason}`);
  } else {
    const c = audit.counts;
    const bad = c.high + c.critical;
    row(
      'npm audit',
      bad ? 'FAIL' : 'PASS',
      `${c.critical} critical, ${c.high} high, ${c.moderate} moderate, ${c.low} low in ${audit.dependencies ?? '?'} production dependencies`,
    );
    for (const p of audit.packages) {
      const text = `${p.name} (${p.severity})`;
      if (p.severity === 'high' || p.severity === 'critical')
        failures.push(`npm audit: ${text} — run \`npm audit --omit=dev\` for the advisory`);
      else lines.push(`      note: ${text}`);
    }
  }

  const lint = await runSecurityLint();
  const lintOk = lint.violations.length === 0 && lint.missing.length === 0;
  row(
    'lint rules',
    lintOk ? 'PASS' : 'FAIL',
    `eval, new Function, HTML injection, shell.openExternal, Electron baseline: ${lint.violations.length} violations in ${lint.files} files`,
  );
  failures.push(...lint.missing.map((m) => `lint: ${m}`), ...lint.violations.map((v) => `lint: ${v}`));

  console.log(['Security checks', ...lines].join('\n'));
  if (failures.length > 0) {
    console.error(`\n${failures.length} security finding(s):\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log('No security findings.');
  }
  if (process.env.DCB_SECURITY_REPORT) writeFileSync(process.env.DCB_SECURITY_REPORT, [...lines, ...failures].join('\n'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    console.error(`Security checks could not run: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
  });
}
