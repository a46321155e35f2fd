import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestBackend, sampleClientInput, type TestBackend } from '../../test/support/temp-backend';
import { toIcs } from './calendar';
import { OVERVIEW_SQL } from './portfolio-repo';

let b: TestBackend;
afterEach(() => b?.dispose());

async function signAndAccredit(clientId: string, cycle: number, accreditedOn: string) {
  const a = await b.call('assessment.create', { clientId, cycle, plannedSubmissionDate: accreditedOn });
  // Sign-off needs a ready assessment: write answers and checks directly for this setup.
  const d = await b.call('assessment.get', { id: a.id });
  const now = b.clock.now().toISOString();
  const ins = b.services.db.prepare(
    `INSERT INTO responses (assessment_id, requirement_id, result, document, fields, updated_at, updated_by) VALUES (?, ?, 'met', ?, ?, ?, 'test')`,
  );
  for (const r of d.requirements.filter((q) => q.obligation !== 'INFO')) {
    ins.run(
      a.id,
      r.id,
      r.documentReference
        ? JSON.stringify({ title: 't', version: '1', date: '2025-01-01', approvedBy: 'x', approvalDate: '2025-01-02' })
        : null,
      JSON.stringify(
        Object.fromEntries(
          r.fields.map((f) => [f.key, f.type === 'date' ? accreditedOn : f.type === 'yes-no' ? 'no' : (f.options?.[0] ?? 'v')]),
        ),
      ),
      now,
    );
  }
  b.services.db
    .prepare(
      `INSERT INTO signoffs (assessment_id, role, name, role_title, organisation, email, method, typed_signature, signed_at) VALUES (?, 'ict-expert', 'a', 'b', 'c', 'd@e.f', 'typed', 'a', ?), (?, 'clinical-safety-expert', 'a', 'b', 'c', 'd@e.f', 'typed', 'a', ?)`,
    )
    .run(a.id, now, a.id, now);
  b.services.db.prepare(`UPDATE assessments SET status = 'signed', locked_at = ? WHERE id = ?`).run(now, a.id);
  // Through the outcome rule (shared/domain/outcome.ts), as the app records it: sent, then accredited.
  await b.call('assessment.outcomeEvent', { id: a.id, event: { kind: 'send', on: accreditedOn } });
  return b.call('assessment.outcomeEvent', { id: a.id, event: { kind: 'accredit', on: accreditedOn } });
}

describe('portfolio', () => {
  it('places every client in the yearly cycle', async () => {
    b = createTestBackend();
    b.clock.current = new Date('2026-11-23T09:00:00Z');
    const none = await b.call('client.create', sampleClientInput({ legalName: 'Alder House', odsCode: 'AA1' }));
    const drafting = await b.call('client.create', sampleClientInput({ legalName: 'Birch Lodge', odsCode: 'BB1', route: 'google' }));
    await b.call('assessment.create', { clientId: drafting.id, cycle: 2026 });
    const valid = await b.call('client.create', sampleClientInput({ legalName: 'Cedar Court', odsCode: 'CC1' }));
    await signAndAccredit(valid.id, 2026, '2026-06-01');
    const due = await b.call('client.create', sampleClientInput({ legalName: 'Damson Care', odsCode: 'DD1', route: 'self-managed' }));
    await signAndAccredit(due.id, 2025, '2025-12-20');
    const expired = await b.call('client.create', sampleClientInput({ legalName: 'Elm Grove', odsCode: 'EE1' }));
    await signAndAccredit(expired.id, 2025, '2025-10-01');
    await b
      .call('client.create', sampleClientInput({ legalName: 'Fir Archived', odsCode: 'FF1' }))
      .then((c) => b.call('client.setArchived', { id: c.id, archived: true }));

    const o = await b.call('portfolio.overview', {});
    expect(o.today).toBe('2026-11-23');
    const by = Object.fromEntries(o.rows.map((r) => [r.odsCode, r]));
    expect(Object.keys(by).sort()).toEqual(['AA1', 'BB1', 'CC1', 'DD1', 'EE1']);
    expect(by.AA1).toMatchObject({ status: 'not-started' });
    expect(by.AA1!.current).toBeUndefined();
    expect(by.BB1).toMatchObject({ status: 'in-progress', current: { cycle: 2026, status: 'draft' } });
    expect(by.CC1).toMatchObject({ status: 'accredited', expiresOn: '2027-06-01', daysLeft: 190 });
    expect(by.DD1).toMatchObject({ status: 'renewal-due', expiresOn: '2026-12-20', daysLeft: 27 });
    expect(by.EE1).toMatchObject({ status: 'expired', daysLeft: -53 });
    expect(none.id).toBeTruthy();

    const events = b.services.portfolio.calendarEvents();
    expect(events.map((e) => [e.date, e.title])).toEqual(
      expect.arrayContaining([
        ['2026-10-21', 'Start DCB1596 renewal: Damson Care (DD1)'],
        ['2026-12-20', 'DCB1596 accreditation expires: Damson Care (DD1)'],
      ]),
    );
    const ics = toIcs(events, b.clock.now());
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('DTSTART;VALUE=DATE:20261220');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(events.length);
    const file = await b.call('portfolio.calendar', {});
    expect(file).toMatchObject({ fileName: 'dcb1596-renewals.ics', events: 6 });
  });

  it('puts evidence expiries of the current cycle in the calendar, once per item, with its age limit as the date', async () => {
    b = createTestBackend();
    b.clock.current = new Date('2026-11-23T09:00:00Z');
    const c = await b.call('client.create', sampleClientInput({ legalName: 'Damson Care; Ltd', odsCode: 'DD1', route: 'self-managed' }));
    const accredited = await signAndAccredit(c.id, 2025, '2025-12-20');
    const next = await b.call('assessment.startRenewal', { fromAssessmentId: accredited.id, plannedSubmissionDate: '2026-12-10' });
    const add = async (title: string, kind: 'pen-test' | 'policy', meta: { issueDate?: string; expiryDate?: string }) => {
      const { uploadId } = await b.services.transfers.receive(Readable.from([Buffer.from(title)]), `${title}.txt`);
      return b.call('evidence.import', { clientId: c.id, uploadId, title, kind, source: 'manual-upload', ...meta });
    };
    const pen = await add('Pen test, external', 'pen-test', { issueDate: '2026-02-01' });
    const policy = await add('Incident policy', 'policy', { issueDate: '2026-01-05', expiryDate: '2027-01-05' });
    await add('Unlinked policy', 'policy', { expiryDate: '2027-02-01' });
    const noExpiry = await add('Procedure', 'policy', {});
    for (const [e, req] of [
      [pen, 'ICT-02'],
      [policy, 'ORG-01'],
      [policy, 'ORG-04'],
      [noExpiry, 'ORG-01'],
    ] as const)
      await b.call('evidence.link', { evidenceId: e.id, assessmentId: next.id, requirementId: req });

    const events = b.services.portfolio.calendarEvents(c.id);
    const evidence = events.filter((e) => e.uid.startsWith('evidence-'));
    expect(evidence.map((e) => [e.date, e.title]).sort()).toEqual([
      ['2027-01-05', 'Evidence expires: Incident policy — Damson Care; Ltd (DD1)'],
      ['2027-02-01', 'Evidence expires: Pen test, external — Damson Care; Ltd (DD1)'],
    ]);
    expect(evidence.find((e) => e.title.includes('Incident'))!.description).toContain('supports ORG-01, ORG-04');
    expect(events.filter((e) => !e.uid.startsWith('evidence-')).map((e) => e.date)).toEqual(['2026-10-21', '2026-12-20']);

    // The file: one VEVENT per event, text escaped per RFC 5545, lines folded at 75 octets.
    const ics = toIcs(events, b.clock.now());
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(4);
    expect(ics).toContain('DTSTART;VALUE=DATE:20270201');
    expect(ics.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    const unfolded = ics.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toContain('SUMMARY:Evidence expires: Pen test\\, external — Damson Care\\; Ltd (DD1)');
    expect(unfolded).toContain(`UID:evidence-${pen.id}-2027-02-01@dcb1596-workbench`);
    expect((await b.call('portfolio.calendar', { clientId: c.id })).events).toBe(4);
  });

  it('reads each client with index lookups only, so the overview grows linearly with the clients (issue 19)', () => {
    b = createTestBackend();
    const plan = (b.services.db.prepare(`EXPLAIN QUERY PLAN ${OVERVIEW_SQL}`).all() as { detail: string }[]).map((r) => r.detail);
    // The only scan is the clients in name order; everything else is one search per client, never a table scan,
    // a sort or an index SQLite builds on every call.
    expect(plan.filter((d) => d.startsWith('SCAN'))).toEqual(['SCAN c USING INDEX clients_legal_name']);
    expect(plan.filter((d) => /AUTOMATIC|TEMP B-TREE/.test(d))).toEqual([]);
    const searches = plan.filter((d) => d.startsWith('SEARCH'));
    expect(searches).toEqual(
      expect.arrayContaining([
        'SEARCH x USING COVERING INDEX assessments_client (client_id=?)',
        'SEARCH y USING COVERING INDEX assessments_accreditation (client_id=?)',
        'SEARCH p USING COVERING INDEX probe_runs_last (client_id=?)',
      ]),
    );
    expect(searches.every((d) => /USING (COVERING INDEX|INDEX|INTEGER PRIMARY KEY)/.test(d))).toBe(true);
    const newest = (b.services.db.prepare('EXPLAIN QUERY PLAN SELECT MAX(updated_at) AS m FROM assessments').all() as { detail: string }[])
      .map((r) => r.detail)
      .join();
    expect(newest).toMatch(/COVERING INDEX assessments_updated/);
  });

  it('shows the last check of any kind and the outcome with its open findings', async () => {
    b = createTestBackend();
    b.clock.current = new Date('2026-11-23T09:00:00Z');
    const c = await b.call('client.create', sampleClientInput({ legalName: 'Hazel Bank', odsCode: 'HB1' }));
    const a = await signAndAccredit(c.id, 2025, '2025-12-20');
    const next = await b.call('assessment.startRenewal', { fromAssessmentId: a.id });
    const run = b.services.db.prepare(
      `INSERT INTO probe_runs (id, client_id, kind, target, source, started_at, finished_at, findings, app_version) VALUES (?, ?, ?, ?, 'test', ?, ?, '[]', 't')`,
    );
    // The latest run is neither the first kind nor the first target in probe_runs_client's order.
    run.run('00000000-0000-4000-8000-000000000001', c.id, 'domain', 'a.example', '2026-11-20T09:00:00Z', '2026-11-20T09:00:05Z');
    run.run('00000000-0000-4000-8000-000000000002', c.id, 'domain', 'z.example', '2026-11-22T09:00:00Z', '2026-11-22T09:00:05Z');
    run.run('00000000-0000-4000-8000-000000000003', c.id, 'tenant', 'contoso', '2026-11-21T09:00:00Z', '2026-11-21T09:00:05Z');
    b.services.db.prepare(`UPDATE assessments SET status = 'signed' WHERE id = ?`).run(next.id);
    await b.call('assessment.outcomeEvent', { id: next.id, event: { kind: 'send', on: '2026-11-10' } });
    await b.call('assessment.outcomeEvent', {
      id: next.id,
      event: { kind: 'query', on: '2026-11-12', findings: ['Attach the DMARC report', 'Name the DPO'] },
    });
    const row = (await b.call('portfolio.overview', {})).rows[0]!;
    expect(row).toMatchObject({
      lastCheckedAt: '2026-11-22T09:00:05Z',
      accreditedOn: '2025-12-20',
      expiresOn: '2026-12-20',
      current: { cycle: 2026, outcome: 'Queried — 2 findings to fix' },
    });
  });

  it('warns when the laptop clock is behind the workspace', async () => {
    b = createTestBackend();
    b.clock.current = new Date('2026-11-23T09:00:00Z');
    const c = await b.call('client.create', sampleClientInput());
    await b.call('assessment.create', { clientId: c.id, cycle: 2026 });
    b.clock.current = new Date('2024-01-01T09:00:00Z');
    expect((await b.call('portfolio.overview', {})).clockWarning).toMatch(/earlier than changes already in the workspace/);
  });

  it('a cycle with missing or impossible dates gets a sensible default and a visible warning', async () => {
    b = createTestBackend();
    b.clock.current = new Date('2026-11-23T09:00:00Z');
    const c = await b.call('client.create', sampleClientInput({ legalName: 'Gorse Hill', odsCode: 'GH1' }));
    const a = await signAndAccredit(c.id, 2026, '2026-01-15');
    // An older app (or a hand-edited database) left the expiry empty.
    b.services.db.prepare('UPDATE assessments SET expires_on = NULL WHERE id = ?').run(a.id);
    let o = await b.call('portfolio.overview', {});
    expect(o.rows[0]).toMatchObject({ status: 'renewal-due', expiresOn: '2027-01-15', daysLeft: 53 });
    expect(o.dateWarnings).toEqual([
      'Gorse Hill (GH1, 2026) has no expiry date recorded; assumed one year after accreditation (2027-01-15).',
    ]);

    // Accredited "in the future": the laptop clock is behind.
    b.services.db.prepare("UPDATE assessments SET accredited_on = '2027-02-01', expires_on = '2028-02-01' WHERE id = ?").run(a.id);
    o = await b.call('portfolio.overview', {});
    expect(o.rows[0]).toMatchObject({ status: 'accredited', expiresOn: '2028-02-01' });
    expect(o.dateWarnings?.[0]).toMatch(/accredited on 2027-02-01, after today \(2026-11-23\)/);
  });

  it('warns when the laptop clock is far ahead of anything in the workspace', async () => {
    b = createTestBackend();
    b.clock.current = new Date('2026-11-23T09:00:00Z');
    const c = await b.call('client.create', sampleClientInput());
    await b.call('assessment.create', { clientId: c.id, cycle: 2026 });
    b.clock.current = new Date('2028-11-22T09:00:00Z');
    expect((await b.call('portfolio.overview', {})).clockWarning).toBeUndefined();
    b.clock.current = new Date('2029-01-01T09:00:00Z');
    expect((await b.call('portfolio.overview', {})).clockWarning).toMatch(
      /Nothing in this workspace has changed since 2026-11-23, over 2 years/,
    );
  });
});
