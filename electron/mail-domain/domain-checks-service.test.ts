import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { createTestBackend, FakeClock, sampleClientInput, type TestBackend } from '../../test/support/temp-backend';
import { startMailLab, type MailLab } from '../../test/fixtures/smtp/mail-lab';
import type { EventPayload } from '../../shared/contract/events';

// The capability through the backend's contract: settings point DNS and SMTP at the loopback lab, a
// client's domains are checked with progress events, each domain becomes a stored probe run whose
// snapshot holds the full report, and the NHS list import answers "is it listed?".

let lab: MailLab;
let backend: TestBackend | undefined;

beforeAll(async () => {
  lab = await startMailLab();
}, 60_000);
afterAll(() => lab?.close());
afterEach(() => {
  backend?.dispose();
  backend = undefined;
});

async function setUp() {
  // The lab's certificates are dated from lab.now; the backend judges them by its clock: one instant for both.
  const b = createTestBackend({
    clock: new FakeClock(lab.now),
    probeRouting: { mailDomain: { mtaStsPort: lab.mtaSts.port, extraCa: [lab.pki.caPem], gapMs: 0, preflightTimeoutMs: 1000 } },
  });
  backend = b;
  await b.call('settings.update', {
    dns: { servers: [lab.dns.server], timeoutMs: 1500, tries: 2 },
    smtp: { port: lab.smtp.port, bannerTimeoutSeconds: 5, commandTimeoutSeconds: 3 },
  });
  const client = await b.call(
    'client.create',
    sampleClientInput({ domains: ['good.example.test', 'pnone.example.test'], route: 'self-managed' }),
  );
  return { b, client };
}

describe('domain.check', () => {
  it('checks every domain of a client, reports progress, and stores each as a probe run with its snapshot', async () => {
    const { b, client } = await setUp();
    const events: EventPayload<'operation.progress'>[] = [];
    b.events.on((name, payload) => name === 'operation.progress' && events.push(payload as EventPayload<'operation.progress'>));

    const out = await b.call('domain.check', { clientId: client.id, operationId: 'op-domain-1' });
    expect(out.results.map((r) => [r.domain, r.counts.fail])).toEqual([
      ['good.example.test', 0],
      ['pnone.example.test', 1],
    ]);
    expect(events[0]).toMatchObject({ operationId: 'op-domain-1', label: 'Checking 2 mail domains', done: 0, total: 2 });
    expect(events.some((e) => /Testing STARTTLS on mx1\.good\.example\.test/.test(e.message ?? ''))).toBe(true);
    expect(events.at(-1)).toMatchObject({ done: 2, total: 2, finished: true });

    const runs = await b.call('probe.runs', { clientId: client.id, kind: 'domain' });
    expect(runs.map((r) => r.target).sort()).toEqual(['good.example.test', 'pnone.example.test']);
    expect(runs.every((r) => r.source === 'dns+smtp' && r.snapshot?.fileName.startsWith('mail-domain-'))).toBe(true);
    const snap = await b.services.findings.snapshot(runs[0]!.id);
    expect(JSON.parse(snap!.bytes.toString('utf8'))).toMatchObject({
      schema: 'dcb1596.domain-probe/1',
      report: { domain: runs[0]!.target },
    });

    const latest = await b.call('domain.latest', { clientId: client.id });
    expect(latest.map((d) => [d.domain, d.run?.counts.fail, d.report?.findings.length])).toEqual([
      ['good.example.test', 0, 15],
      ['pnone.example.test', 1, 15],
    ]);
    expect(latest[0]!.report!.resolver.servers).toEqual([lab.dns.server]);
    expect(latest[0]!.accredited).toEqual({ domain: 'good.example.test', listAvailable: false, listed: false, entries: [] });

    const audit = await b.call('audit.list', { clientId: client.id, limit: 20 });
    expect(audit.map((a) => a.summary)).toContainEqual(expect.stringMatching(/Checked mail domain pnone\.example\.test: .*1 fail/));
  });

  it('reads the report back from the stored snapshot after a restart', async () => {
    const { b, client } = await setUp();
    await b.call('domain.check', { clientId: client.id, domains: ['good.example.test'] });
    const again = b.restart();
    backend = again;
    const latest = await again.call('domain.latest', { clientId: client.id });
    expect(latest[0]!.report?.findings.every((f) => f.status === 'pass')).toBe(true);
    expect(latest[1]!.run).toBeNull();
  });

  it("refuses domains that are not the client's, with a message for the user", async () => {
    const { b, client } = await setUp();
    await expect(b.call('domain.check', { clientId: client.id, domains: ['elsewhere.example.test'] })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/elsewhere\.example\.test is not among Meadowbank Care Ltd's domains/),
    });
  });

  it('refuses a second run for the same client while one is going', async () => {
    const { b, client } = await setUp();
    const first = b.call('domain.check', { clientId: client.id, domains: ['good.example.test'] });
    await expect(b.call('domain.check', { clientId: client.id, domains: ['good.example.test'] })).rejects.toMatchObject({
      code: 'conflict',
    });
    await first;
  });
});

describe('NHS accredited-domains list', () => {
  it('imports the CSV-behind-.xlsx and shows whether the client is listed', async () => {
    const { b, client } = await setUp();
    const csv = Buffer.from(
      'Organisation,ODS,Domain,DMARC\r\nMeadowbank Care Ltd,VN3K7,good.example.test,Y\r\nSomeone Else,XX1,example.test,N\r\nCaf\xe9,YY1,cafe.test,Y\r\n',
      'latin1',
    );
    const upload = await b.services.transfers.receive(Readable.from([csv]), 'dcb1596_accredited_domains.xlsx');
    const info = await b.call('domain.accreditedList.import', { uploadId: upload.uploadId });
    expect(info).toMatchObject({
      fileName: 'dcb1596_accredited_domains.xlsx',
      encoding: 'windows-1252',
      domains: 3,
      rows: 3,
      columns: ['Organisation', 'ODS', 'Domain', 'DMARC'],
    });
    expect(b.services.blobs.has(info.sha256)).toBe(true);
    expect(await b.call('domain.accreditedList.status', {})).toMatchObject({ id: info.id });

    const latest = await b.call('domain.latest', { clientId: client.id });
    expect(latest[0]!.accredited).toMatchObject({ listAvailable: true, listed: true });
    expect(latest[0]!.accredited.entries.map((e) => [e.organisation, e.listedDomain, e.match, e.fields.DMARC])).toEqual([
      ['Meadowbank Care Ltd', 'good.example.test', 'exact', 'Y'],
      ['Someone Else', 'example.test', 'parent', 'N'],
    ]);
    // pnone.example.test is not listed itself; the list names its parent example.test.
    expect(latest[1]!.accredited).toMatchObject({ listed: false, entries: [{ listedDomain: 'example.test', match: 'parent' }] });

    const workspaceAudit = b.services.db.prepare("SELECT summary FROM audit_log WHERE chain = 'workspace'").all() as { summary: string }[];
    expect(workspaceAudit.map((a) => a.summary)).toContainEqual(
      expect.stringMatching(/Imported the NHS accredited-domains list .*: 3 domains/),
    );
  });

  it('explains a file that is not the list', async () => {
    const { b } = await setUp();
    const upload = await b.services.transfers.receive(Readable.from([Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2])]), 'list.xlsx');
    await expect(b.call('domain.accreditedList.import', { uploadId: upload.uploadId })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/real Excel workbook/),
    });
  });
});
