// npm run bench:domain — check a domain with 2 MX hosts (good.example.test) against loopback servers: the
// fixture DNS server, the MTA-STS host and one STARTTLS server per MX, all in a child process. The probe runs
// with the app's default settings (3 s DNS timeout, 300 ms between sessions to one server) except for the
// addresses. Beside it, in the same run:
//   • baseline: one "dig + openssl" round — MX and A lookups, then `openssl s_client -starttls smtp` once per
//     MX, one after the other (what a consultant would type by hand; it grades nothing);
//   • the probe's own SMTP phase with the MX hosts probed one after the other instead of side by side.
// BENCH_RUNS picks the number of timed runs (median reported; one warm-up run first).
import { spawn, execFile } from 'node:child_process';
import { Resolver } from 'node:dns/promises';
import { writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Settings } from '../shared/contract/settings';
import { probeOptionsFromSettings } from '../electron/mail-domain/probe-options';
import { runDomainProbe, type DomainProbeOptions } from '../electron/mail-domain/run-domain-probe';
import { probeMxHosts, type MxTarget } from '../electron/probes/smtp/probe-mx';
import { LEGACY_CIPHERS } from '../electron/probes/smtp/starttls-probe';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const DOMAIN = 'good.example.test';

interface LabInfo {
  dns: string;
  smtp: Record<string, number>;
  mtaStsPort: number;
  caPem: string;
}

const labProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./domain-lab.ts', import.meta.url))], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const lab = await new Promise<LabInfo>((resolve, reject) => {
  labProcess.once('exit', (code) => reject(new Error(`the lab process exited (${code})`)));
  createInterface({ input: labProcess.stdout! }).once('line', (line) => resolve(JSON.parse(line) as LabInfo));
});
const caFile = join(tmpdir(), `dcb-bench-ca-${process.pid}.pem`);
writeFileSync(caFile, lab.caPem);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function measure(fn: () => Promise<unknown>): Promise<{ median: number; min: number; max: number }> {
  await fn(); // warm-up
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

const base = probeOptionsFromSettings(Settings.parse({}), {
  smtpPortFor: (mx) => lab.smtp[mx] ?? 1,
  mtaStsPort: lab.mtaStsPort,
  extraCa: [lab.caPem],
});
const options: DomainProbeOptions = { ...base, dns: { ...base.dns, servers: [lab.dns] } };

// Baseline 1: dig MX + dig A per host, then one openssl STARTTLS handshake per MX, sequentially.
async function digAndOpenssl(): Promise<void> {
  const r = new Resolver({ timeout: options.dns.timeoutMs, tries: options.dns.tries });
  r.setServers([lab.dns]);
  const mx = (await r.resolveMx(DOMAIN)).sort((a, b) => a.priority - b.priority);
  for (const m of mx) {
    const [ip] = await r.resolve4(m.exchange);
    await new Promise<void>((resolve, reject) => {
      const child = execFile(
        'openssl',
        [
          's_client',
          '-starttls',
          'smtp',
          '-connect',
          `${ip}:${lab.smtp[m.exchange]}`,
          '-servername',
          m.exchange,
          '-CAfile',
          caFile,
          '-verify_return_error',
          '-brief',
        ],
        { timeout: 10_000 },
        (err) => (err ? reject(err) : resolve()),
      );
      child.stdin?.end();
    });
  }
}

// Baseline 2: the probe's SMTP phase, MX hosts one after the other (addresses from one MX lookup).
const targets: MxTarget[] = Object.keys(lab.smtp).map((mx) => ({ mx, ipv4: ['127.0.0.1'], ipv6: [] }));
const smtpPhase = {
  port: options.smtp.port,
  portFor: options.smtp.portFor,
  bannerTimeoutMs: options.smtp.bannerTimeoutMs,
  commandTimeoutMs: options.smtp.commandTimeoutMs,
  connectTimeoutMs: Math.min(10_000, options.smtp.commandTimeoutMs),
  preflightTimeoutMs: 5_000,
  gapMs: 300,
  maxAddressesPerHost: 4,
  legacyCiphers: LEGACY_CIPHERS,
  extraCa: options.extraCa,
};
async function sequentialSmtp(): Promise<void> {
  for (const t of targets) await probeMxHosts([t], smtpPhase);
}

try {
  // One checked run first: the benchmark only means something if the probe really passed everything.
  const check = await runDomainProbe(DOMAIN, options);
  const notPass = check.findings.filter((f) => f.status !== 'pass');
  const sessions = (check.snapshot.smtp as { hosts: { addresses: { sessions: unknown[] }[] }[] }).hosts.flatMap((h) =>
    h.addresses.map((a) => a.sessions.length),
  );
  console.log(
    `${DOMAIN}: ${check.findings.length} findings, ${notPass.length ? `NOT all pass (${notPass.map((f) => `${f.check}=${f.status}`).join(', ')})` : 'all pass'}; ` +
      `${check.report.transport.length} MX hosts, ${sessions.join(' + ')} SMTP sessions, ${check.report.dns.length} DNS lookups`,
  );
  if (notPass.length || check.report.transport.length !== 2) process.exitCode = 1;

  console.log(`Timing (median of ${RUNS}, after one warm-up run)…\n`);
  const rows: [string, Awaited<ReturnType<typeof measure>>][] = [
    ['baseline: dig MX/A + openssl s_client per MX', await measure(digAndOpenssl)],
    ['probe SMTP phase, MX hosts one after the other', await measure(sequentialSmtp)],
    ['probe domain, default settings (300 ms gaps)', await measure(() => runDomainProbe(DOMAIN, options))],
    [
      'probe domain, no gaps between sessions',
      await measure(() => runDomainProbe(DOMAIN, { ...options, smtp: { ...options.smtp, gapMs: 0 } })),
    ],
  ];
  const pad = (s: string) => s.padEnd(50);
  console.log(`${pad('')}median     min     max`);
  for (const [name, m] of rows) {
    console.log(
      `${pad(name)}${(m.median / 1000).toFixed(2).padStart(5)} s ${(m.min / 1000).toFixed(2).padStart(6)} ${(m.max / 1000).toFixed(2).padStart(7)}`,
    );
  }
  const full = rows[2]![1].median;
  console.log(
    `\nThe full check (15 graded findings, ${sessions.reduce((a, b) => a + b, 0)} SMTP sessions) takes ${(full / rows[0]![1].median).toFixed(1)}× the one-handshake baseline.`,
  );
  // "A few seconds" on loopback.
  if (full > 5000) {
    console.log('FAIL: checking a 2-MX domain took more than 5 s on loopback');
    process.exitCode = 1;
  }
} finally {
  labProcess.kill('SIGTERM');
  rmSync(caFile, { force: true });
}
