import { afterEach, describe, expect, it } from 'vitest';
import { createTestBackend, sampleClientInput, type TestBackend } from '../../test/support/temp-backend';
import { migration0009 } from './migrations/0009-one-source-of-truth';
import { recordFactMerges } from './fact-merges';

// Migration 0009: facts entered twice (statement details and checklist) are merged into the checklist with
// the value entered last, the duplicates leave the statement details, and each merge is audited.

let b: TestBackend;
afterEach(() => b?.dispose());

const OLD_DETAILS = {
  dspt: { status: 'approaching-standards', publishedOn: '2026-07-01' },
  emailServiceProvider: 'Hosted Exchange',
  dataLocation: { processedOutsideUk: true, where: 'Ireland', notes: 'Backups in Dublin' },
  ictProvider: {
    legalName: 'Northgate Hosting Ltd',
    serviceDescription: 'Hosted Exchange',
    hostingLocations: [],
    iso27001: {
      certificationBody: 'BSI',
      certificateNumber: 'IS 1',
      scope: 'Hosted email',
      scopeIncludesEmail: true,
      issuedOn: '2024-01-15',
      expiresOn: '2027-01-14',
    },
    penTest: { kind: 'ithc', tester: 'Acme', testedOn: '2026-02-01', scope: 'Mail', findingsSummary: 'None', remediationStatus: 'Done' },
  },
};

describe('migration 0009 (one source of truth)', () => {
  it('keeps the value entered last, strips the duplicates, and records each merge in the audit trail', async () => {
    b = createTestBackend();
    const client = await b.call('client.create', sampleClientInput({ route: 'self-managed' }));
    const a = await b.call('assessment.create', { clientId: client.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });
    // The checklist's DSPT date was entered after the statement details; its pen test date before.
    await b.call('assessment.saveResponse', {
      assessmentId: a.id,
      requirementId: 'ELIG-03',
      result: 'met',
      fields: { dsptStatus: 'Standards Met', dsptPublishedAt: '2026-08-15' },
    });
    await b.call('assessment.saveResponse', {
      assessmentId: a.id,
      requirementId: 'ICT-02',
      result: 'met',
      fields: { testDate: '2025-10-01' },
    });
    const db = b.services.db;
    db.prepare(`INSERT INTO statement_details (assessment_id, json, updated_at, updated_by) VALUES (?, ?, ?, 'Alex')`).run(
      a.id,
      JSON.stringify(OLD_DETAILS),
      '2026-11-23T09:00:00.500Z',
    );
    db.prepare(`UPDATE responses SET updated_at = '2026-11-23T10:00:00Z' WHERE assessment_id = ? AND requirement_id = 'ELIG-03'`).run(a.id);
    db.prepare(`UPDATE responses SET updated_at = '2026-11-22T10:00:00Z' WHERE assessment_id = ? AND requirement_id = 'ICT-02'`).run(a.id);
    db.exec('DROP TABLE fact_merges');
    db.exec(migration0009.sql);

    expect(recordFactMerges(db, b.clock)).toBeGreaterThan(5);
    const fields = (req: string) =>
      JSON.parse(
        (db.prepare('SELECT fields FROM responses WHERE assessment_id = ? AND requirement_id = ?').get(a.id, req) as { fields: string })
          .fields,
      );
    // ELIG-03: the checklist was edited last, so its values stay.
    expect(fields('ELIG-03')).toMatchObject({ dsptStatus: 'Standards Met', dsptPublishedAt: '2026-08-15' });
    // ICT-02: the statement details were edited last, so theirs win; ICT-01 and TECH-08 had no answer yet.
    expect(fields('ICT-02')).toMatchObject({ testDate: '2026-02-01', testKind: 'IT health check (ITHC)', tester: 'Acme' });
    expect(fields('ICT-01')).toMatchObject({ scopeIncludesEmail: 'yes', issueDate: '2024-01-15', certificateScope: 'Hosted email' });
    expect(fields('TECH-08')).toEqual({ processedOutsideUk: 'yes', outsideUkWhere: 'Ireland' });
    const details = JSON.parse(
      (db.prepare('SELECT json FROM statement_details WHERE assessment_id = ?').get(a.id) as { json: string }).json,
    );
    expect(details).not.toHaveProperty('dspt');
    expect(details.dataLocation).toEqual({ notes: 'Backups in Dublin' });
    expect(details.ictProvider).not.toHaveProperty('iso27001');
    expect(details.ictProvider).not.toHaveProperty('penTest');
    // The details now parse under the new contract, so the statement form shows them.
    expect(b.services.statement.savedDetails(a.id)).toMatchObject({ emailServiceProvider: 'Hosted Exchange' });

    const log = await b.call('audit.list', { clientId: client.id });
    const merged = log.find((e) => e.action === 'statement.facts-merged')!;
    expect(merged.summary).toContain('with the value entered last');
    expect(merged.changes).toEqual(
      expect.arrayContaining([
        { field: 'ELIG-03.dsptPublishedAt', from: '2026-07-01', to: '2026-08-15' },
        { field: 'ICT-02.testDate', from: '2025-10-01', to: '2026-02-01' },
      ]),
    );
    expect((await b.call('audit.verify', {})).ok).toBe(true);
    // Once recorded, the list is empty: opening the workspace again adds nothing.
    expect(recordFactMerges(db, b.clock)).toBe(0);
  });
});
