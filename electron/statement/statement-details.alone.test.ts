import { afterEach, describe, expect, it } from 'vitest';
import { aloneStore, FakeCatalogue, RecordingLog, type AloneStore } from '../../test/support/alone';
import { TEST_DETAILS } from '../../test/support/statement-fixture';
import { StatementDetails } from '../../shared/contract/statement';
import { statementDetailsReader } from './statement-details';

let store: AloneStore;
afterEach(() => store?.dispose());

describe('statementDetailsReader built alone', () => {
  it('reads saved details, and treats a stored row that no longer validates as unsaved, telling its log', () => {
    store = aloneStore();
    const catalogue = new FakeCatalogue(store.db);
    const client = store.seedClient();
    const seed = (cycle: number) =>
      store.seedAssessment({
        clientId: client.id,
        cycle,
        catalogueVersion: catalogue.activeVersion(),
        plannedSubmissionDate: '2026-12-15',
      });
    const good = seed(2025);
    const bad = seed(2026);
    const insert = store.db.prepare(
      "INSERT INTO statement_details (assessment_id, json, updated_at, updated_by) VALUES (?, ?, '2026-11-01T09:00:00Z', 'someone')",
    );
    insert.run(good, JSON.stringify(StatementDetails.parse(TEST_DETAILS)));
    insert.run(bad, JSON.stringify({ emailServiceProvider: 42 }));
    const log = new RecordingLog();
    const reader = statementDetailsReader(store.db, log);

    expect(reader.saved(good)).toEqual(StatementDetails.parse(TEST_DETAILS));
    expect(reader.saved(bad)).toBeNull();
    expect(log.warnings).toEqual(['stored statement details do not match the schema; treating them as unsaved']);
    expect(reader.saved('00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
