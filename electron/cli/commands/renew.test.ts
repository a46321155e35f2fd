import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMailLab, type MailLab } from '../../../test/fixtures/smtp/mail-lab';
import { createTestBackend, FakeClock, sampleClientInput, tempDir, type TestBackend } from '../../../test/support/temp-backend';
import { addDays, toIsoDate } from '../../../shared/domain/dates';
import { main } from '../main';

// `dcb1596 renew` through the CLI entry, against the loopback DNS, SMTP and MTA-STS servers of the mail lab.
// The CLI runs on the real clock, so the workspace is seeded relative to today.

let lab: MailLab;
let dataDir: string;
let caFile: string;
const today = toIsoDate(new Date());

async function cli(args: string[], dir = dataDir) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { DCB_DATA_DIR: dir });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const labArgs = () => [
  '--dns-server',
  lab.dns.server,
  '--smtp-port',
  String(lab.smtp.port),
  '--mta-sts-port',
  String(lab.mtaSts.port),
  '--ca-file',
  caFile,
];

// A signed cycle, written straight to the tables: sign-off rules are tested elsewhere.
// The outcome goes through the outcome rule (shared/domain/outcome.ts), as the app records it.
async function signed(b: TestBackend, assessmentId: string, outcome: { submittedOn?: string; accreditedOn?: string }) {
  const now = b.clock.now().toISOString();
  b.services.db.prepare(`UPDATE assessments SET status = 'signed', locked_at = ? WHERE id = ?`).run(now, assessmentId);
  if (outcome.submittedOn) await b.call('assessment.outcomeEvent', { id: assessmentId, event: { kind: 'send', on: outcome.submittedOn } });
  if (outcome.accreditedOn)
    await b.call('assessment.outcomeEvent', { id: assessmentId, event: { kind: 'accredit', on: outcome.accreditedOn } });
}

async function seed() {
  const b = createTestBackend({ clock: new FakeClock(new Date(Date.now() - 60_000)) }, dataDir);
  try {
    const client = (legalName: string, odsCode: string, domain: string, route: 'o365' | 'google' | 'self-managed' = 'self-managed') =>
      b.call('client.create', sampleClientInput({ legalName, odsCode, domains: [domain], route }));
    // Accredited, expires in 30 days, no renewal started; last checked when DMARC was failing.
    const alder = await client('Alder House', 'AA1', 'good.example.test');
    const a1 = await b.call('assessment.create', { clientId: alder.id, cycle: 2025, plannedSubmissionDate: addDays(today, -340) });
    await signed(b, a1.id, { submittedOn: addDays(today, -340), accreditedOn: addDays(today, -335) });
    await b.services.findings.recordRun({
      clientId: alder.id,
      kind: 'domain',
      target: 'good.example.test',
      source: 'dns+smtp',
      startedAt: `${addDays(today, -40)}T09:00:00.000Z`,
      finishedAt: `${addDays(today, -40)}T09:00:05.000Z`,
      findings: [
        { check: 'dns.dmarc', target: '_dmarc.good.example.test', status: 'fail', summary: 'No DMARC record' },
        { check: 'dns.mx', status: 'pass', summary: 'ok' },
      ],
    });
    // Expired ten days ago; the renewal is under way in draft.
    const birch = await client('Birch Lodge', 'BB1', 'pnone.example.test', 'google');
    const b1 = await b.call('assessment.create', { clientId: birch.id, cycle: 2025, plannedSubmissionDate: addDays(today, -380) });
    await signed(b, b1.id, { submittedOn: addDays(today, -380), accreditedOn: addDays(today, -375) });
    await b.call('assessment.create', { clientId: birch.id, cycle: 2026, plannedSubmissionDate: addDays(today, 14) });
    // Accredited with 200 days to go: not due.
    const cedar = await client('Cedar Court', 'CC1', 'quarantine.example.test');
    const c1 = await b.call('assessment.create', { clientId: cedar.id, cycle: 2026, plannedSubmissionDate: addDays(today, -165) });
    await signed(b, c1.id, { submittedOn: addDays(today, -165), accreditedOn: addDays(today, -165) });
    // Never accredited; first submission planned in 20 days.
    const damson = await client('Damson Care', 'DD1', 'single.example.test');
    await b.call('assessment.create', { clientId: damson.id, cycle: 2026, plannedSubmissionDate: addDays(today, 20) });
    // Submitted, waiting on the NHS: nothing to do.
    const elm = await client('Elm Grove', 'EE1', 'plain.example.test');
    const e1 = await b.call('assessment.create', { clientId: elm.id, cycle: 2026, plannedSubmissionDate: addDays(today, -5) });
    await signed(b, e1.id, { submittedOn: addDays(today, -5) });
    // Archived: never part of a run.
    const fir = await client('Fir Archived', 'FF1', 'nodkim.example.test');
    await b.call('assessment.create', { clientId: fir.id, cycle: 2026, plannedSubmissionDate: addDays(today, 3) });
    await b.call('client.setArchived', { id: fir.id, archived: true });
  } finally {
    b.close();
  }
}

const runsOf = (ods: string) => {
  const b = createTestBackend({}, dataDir);
  try {
    return b.services.findings.listRuns(b.services.clients.findByRef(ods).id, { kind: 'domain' });
  } finally {
    b.close();
  }
};

beforeAll(async () => {
  lab = await startMailLab();
  dataDir = tempDir();
  caFile = join(dataDir, 'lab-ca.pem');
  writeFileSync(caFile, lab.pki.caPem);
  await seed();
}, 60_000);
afterAll(async () => {
  await lab?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('dcb1596 renew', () => {
  it('--json: re-checks every due client, reports what changed since the last run and what blocks', async () => {
    const r = await cli(['renew', '--due-within', '90d', '--json', ...labArgs()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['schema', 'startedAt', 'finishedAt', 'today', 'dueWithin', 'clockWarning', 'clients', 'summary']);
    expect(out).toMatchObject({ schema: 'dcb1596.renew/1', today, dueWithin: { period: '90d', until: addDays(today, 90), days: 90 } });
    // Most urgent first; not due, waiting on the NHS and archived clients are left out.
    expect(out.clients.map((c: { odsCode: string; due: string }) => [c.odsCode, c.due])).toEqual([
      ['BB1', 'expired'],
      ['AA1', 'expires'],
      ['DD1', 'submission-due'],
    ]);
    const [birch, alder, damson] = out.clients;

    expect(alder).toMatchObject({
      status: 'renewal-due',
      expiresOn: addDays(today, 30),
      daysLeft: 30,
      cycle: { cycle: 2025, status: 'signed' },
    });
    expect(alder.domains).toHaveLength(1);
    const ad = alder.domains[0];
    expect(ad).toMatchObject({
      domain: 'good.example.test',
      outcome: 'checked',
      error: null,
      previousRunAt: `${addDays(today, -40)}T09:00:05.000Z`,
    });
    expect(ad.counts.fail).toBe(0);
    expect(ad.changes).toContainEqual(
      expect.objectContaining({
        check: 'dns.dmarc',
        target: '_dmarc.good.example.test',
        from: 'fail',
        to: 'pass',
        summary: 'DMARC policy is reject',
      }),
    );
    // Checks the old run did not have show as new.
    expect(ad.changes).toContainEqual(expect.objectContaining({ check: 'dns.spf', target: 'good.example.test', from: null, to: 'pass' }));
    expect(alder.blockers).toEqual([
      { kind: 'renewal-not-started', message: expect.stringMatching(/2026 renewal has not been started/), requirementIds: [] },
    ]);

    expect(birch).toMatchObject({ status: 'expired', daysLeft: -10, cycle: { cycle: 2026, status: 'draft' } });
    expect(birch.domains[0]).toMatchObject({ domain: 'pnone.example.test', outcome: 'checked', previousRunAt: null, changes: [] });
    expect(birch.domains[0].counts.fail).toBeGreaterThan(0);
    // Readiness of the draft renewal, judged with the fresh checks: the DMARC p=none failure blocks it.
    expect(birch.blockers).toContainEqual(expect.objectContaining({ kind: 'check-failed', requirementIds: expect.any(Array) }));
    expect(birch.blockers.some((x: { kind: string }) => x.kind === 'unanswered')).toBe(true);

    expect(damson).toMatchObject({ status: 'in-progress', expiresOn: null, daysLeft: null, domains: [{ outcome: 'checked' }] });
    expect(out.summary).toEqual({ clientsDue: 3, domainsChecked: 3, domainsFailed: 0, clientsWithChanges: 1, clientsBlocked: 3 });

    // Each check is stored for its client like any other run; clients not due were not checked.
    expect(runsOf('AA1')).toHaveLength(2);
    expect(runsOf('BB1')).toHaveLength(1);
    expect(runsOf('DD1')).toHaveLength(1);
    expect(runsOf('CC1')).toHaveLength(0);
    expect(runsOf('EE1')).toHaveLength(0);
  }, 90_000);

  it('a second run right after reports no change for any domain', async () => {
    const r = await cli(['renew', '--due-within', '90d', '--json', ...labArgs()]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const domains = out.clients.flatMap((c: { domains: unknown[] }) => c.domains);
    expect(domains).toHaveLength(3);
    for (const d of domains) expect(d).toMatchObject({ outcome: 'checked', previousRunAt: expect.any(String), changes: [] });
    expect(out.summary.clientsWithChanges).toBe(0);
  }, 90_000);

  it('the text output reads well, with progress on stderr', async () => {
    const r = await cli(['renew', '--due-within', '0d', ...labArgs()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Renewals due within 0 days (by ${today}), checked ${today}:`);
    expect(r.stdout).toMatch(/^Birch Lodge \(BB1\) — Expired, expired \S+ \(10 days ago\)$/m);
    expect(r.stdout).toMatch(/^ {2}pnone\.example\.test: \d+ pass, \d+ warn, [1-9]\d* fail.* — no change since \d{4}-\d{2}-\d{2}$/m);
    expect(r.stdout).toMatch(/^ {2}Blocks renewal \(\d+\):$/m);
    expect(r.stdout).not.toContain('Alder House');
    expect(r.stdout).toMatch(/1 client due; 1 domain checked; 0 with changed checks; 1 blocked\.$/);
    expect(r.stderr).toMatch(/\[1\/1\] Birch Lodge \(BB1\)/);
  }, 90_000);

  it('says so when nothing is due', async () => {
    const empty = tempDir();
    try {
      const r = await cli(['renew', '--due-within', '6m'], empty);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^No client is due for renewal within 6 months \(by \d{4}-\d{2}-\d{2}\)\.$/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it.each([
    [['renew'], /Say how far ahead to look/],
    [['renew', '--due-within', '90'], /--due-within "90" is not a period: use a number followed by d, w or m/],
    [['renew', '--due-within', 'soon'], /for example 90d, 12w or 6m/],
    [['renew', '--due-within', '30m'], /too far ahead: at most 24 months/],
    [['renew', '--due-within', '12w', '--smtp-port', '0'], /--smtp-port must be a port number/],
    [['renew', '--due-within', '12w', '--dns-server', 'dns.google'], /Use an IP address/],
    [['renew', '--due-within', '12w', '--bogus'], /Unknown option/],
  ])('%j is a usage mistake (exit 2)', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('exits 1 when it cannot run: a workspace database it cannot read', async () => {
    const broken = tempDir();
    try {
      writeFileSync(join(broken, 'workspace.sqlite'), 'this is not a database');
      const r = await cli(['renew', '--due-within', '90d', '--json'], broken);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toBe('');
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
