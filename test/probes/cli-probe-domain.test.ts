import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labProbeOptions, startMailLab, type MailLab } from '../fixtures/smtp/mail-lab';
import { tempDir } from '../support/temp-backend';
import { main } from '../../electron/cli/main';

// `npx dcb1596 probe domain …` from a shell, as a separate process, against the loopback DNS server and
// SMTP servers of this test process (so the child must run asynchronously: our event loop serves it).

let lab: MailLab;
let dataDir: string;
let caFile: string;

beforeAll(async () => {
  lab = await startMailLab();
  dataDir = tempDir();
  caFile = join(dataDir, 'lab-ca.pem');
  writeFileSync(caFile, lab.pki.caPem);
}, 60_000);
afterAll(async () => {
  await lab?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

// In this process, for the cases that need no network (usage errors, the list import): much faster.
async function inProcess(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { DCB_DATA_DIR: dataDir });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/dcb1596.mjs', ...args],
      { env: { ...process.env, DCB_DATA_DIR: dataDir }, timeout: 60_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('dcb1596 probe domain (from a shell)', () => {
  it('--json prints exactly { domain, checkedAt, resolver, findings, transport }', async () => {
    const r = await cli([
      'probe',
      'domain',
      'good.example.test',
      '--dns-server',
      lab.dns.server,
      '--smtp-port',
      String(lab.smtp.port),
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['domain', 'checkedAt', 'resolver', 'findings', 'transport']);
    expect(out.domain).toBe('good.example.test');
    expect(out.resolver).toMatchObject({ servers: [lab.dns.server], answeredBy: [lab.dns.server] });
    for (const f of out.findings) {
      expect(Object.keys(f).filter((k) => !['check', 'status', 'reason', 'target', 'detail'].includes(k))).toEqual([]);
      expect(f.detail.summary).toEqual(expect.any(String));
    }
    expect(out.findings.map((f: { check: string }) => f.check)).toEqual([
      'dns.mx',
      'dns.spf',
      'dns.dmarc',
      'dns.dkim',
      'dns.mta-sts',
      'dns.tls-rpt',
      'dns.dnssec',
      ...Array(2).fill(['smtp.starttls', 'smtp.tls-version', 'smtp.cipher', 'smtp.certificate']).flat(),
    ]);
    expect(out.transport).toHaveLength(2);
    for (const t of out.transport) {
      expect(Object.keys(t)).toEqual(['mx', 'ip', 'port', 'starttls', 'protocol', 'cipher', 'certificate']);
      expect(t).toMatchObject({ ip: '127.0.0.1', port: lab.smtp.port, starttls: 'offered', protocol: 'TLSv1.3' });
    }
    // Without the lab CA the test certificate is not trusted, and that is what the report says (a fail:
    // certificate-rules.ts).
    const cert = out.findings.find((f: { check: string }) => f.check === 'smtp.certificate');
    expect(cert.status).toBe('fail');
    expect(cert.detail.summary).toMatch(/issuer is unknown|not publicly trusted|intermediate/);
  }, 60_000);

  it('with the lab options (MTA-STS port, extra CA) a healthy domain passes everything; text output reads well', async () => {
    const r = await cli([
      'probe',
      'domain',
      'pnone.example.test',
      '--dns-server',
      lab.dns.server,
      '--smtp-port',
      String(lab.smtp.port),
      '--mta-sts-port',
      String(lab.mtaSts.port),
      '--ca-file',
      caFile,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Mail domain pnone\.example\.test — checked/);
    expect(r.stdout).toMatch(/FAIL {2}dns\.dmarc +_dmarc\.pnone\.example\.test\n {6}The policy is none/);
    expect(r.stdout).toMatch(/PASS {2}smtp\.certificate +mx1\.pnone\.example\.test/);
    expect(r.stdout).toContain('To fix:');
    expect(r.stdout).toContain('v=DMARC1; p=quarantine; rua=mailto:dmarc@pnone.example.test');
    expect(r.stderr).toMatch(/Testing STARTTLS on mx1\.pnone\.example\.test/);
  }, 60_000);

  it('stores the run for a client with --client', async () => {
    const add = await inProcess([
      'clients',
      'add',
      '--name',
      'Good Care',
      '--ods',
      'GC1',
      '--domain',
      'good.example.test',
      '--route',
      'self-managed',
    ]);
    expect(add.code, add.stderr).toBe(0);
    const r = await cli([
      'probe',
      'domain',
      'good.example.test',
      '--dns-server',
      lab.dns.server,
      '--smtp-port',
      String(lab.smtp.port),
      '--client',
      'GC1',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const { createTestBackend } = await import('../support/temp-backend');
    const b = createTestBackend({}, dataDir);
    try {
      const client = b.services.clients.findByRef('GC1');
      const runs = b.services.findings.listRuns(client.id, { kind: 'domain' });
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ target: 'good.example.test', source: 'dns+smtp' });
    } finally {
      b.close();
    }
  }, 60_000);

  it.each([
    [['probe', 'domain'], 2, /Name the domain to check/],
    [['probe', 'domain', 'https://care.test/'], 2, /not a bare domain/],
    [['probe', 'domain', 'care.test', '--smtp-port', '99999'], 2, /--smtp-port must be a port number/],
    [['probe', 'domain', 'care.test', '--dns-server', 'dns.google'], 2, /Use an IP address/],
    [['probe', 'domain', 'care.test', '--dkim-selector', 'bad selector!'], 2, /DKIM selector/],
  ])('%j exits %i with a message on stderr', async (args, code, message) => {
    const r = await inProcess(args);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('lists the commands in --help', async () => {
    const r = await inProcess(['--help']);
    expect(r.stdout).toMatch(/probe domain +Check a mail domain/);
    expect(r.stdout).toMatch(/accredited import/);
    const h = await inProcess(['probe', 'domain', '--help']);
    expect(h.stdout).toContain('Usage: dcb1596 probe domain <domain> [--dns-server HOST:PORT]… [--smtp-port N]');
  });

  it('imports the NHS list and checks domains against it', async () => {
    const file = join(dataDir, 'dcb1596_accredited_domains.xlsx');
    writeFileSync(file, Buffer.from('Organisation,Domain\r\nGood Care,good.example.test\r\nCaf\xe9 Care,cafe.example.test\r\n', 'latin1'));
    const imp = await inProcess(['accredited', 'import', file]);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toMatch(/Imported dcb1596_accredited_domains\.xlsx: 2 domains \(windows-1252\)/);
    const chk = await inProcess(['accredited', 'check', 'good.example.test', 'other.example.test', '--json']);
    const out = JSON.parse(chk.stdout);
    expect(out.matches.map((m: { domain: string; listed: boolean }) => [m.domain, m.listed])).toEqual([
      ['good.example.test', true],
      ['other.example.test', false],
    ]);
  }, 60_000);

  it('uses the lab options the integration tests use (sanity check of the shared helper)', () => {
    expect(labProbeOptions(lab).dns.servers).toEqual([lab.dns.server]);
  });
});
