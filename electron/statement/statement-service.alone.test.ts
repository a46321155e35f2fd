import { afterEach, describe, expect, it } from 'vitest';
import {
  aloneStore,
  FakeAssessments,
  FakeCatalogue,
  FakeClients,
  fakeDetail,
  FakeFindings,
  FakeSettings,
  type AloneStore,
} from '../../test/support/alone';
import { TEST_DETAILS } from '../../test/support/statement-fixture';
import { notFound } from '../backend/app-error';
import { BlobStore } from '../evidence/blob-store';
import { silentLogger } from '../logging/logger';
import { StatementDetails } from '../../shared/contract/statement';
import type { Client } from '../../shared/contract/clients';
import { StatementService } from './statement-service';

let store: AloneStore;
afterEach(() => store?.dispose());

function build(over: Partial<Client> = {}) {
  store = aloneStore();
  const catalogue = new FakeCatalogue(store.db);
  const client = store.seedClient(over);
  const plannedSubmissionDate = '2026-12-15';
  const id = store.seedAssessment({ clientId: client.id, cycle: 2026, catalogueVersion: catalogue.activeVersion(), plannedSubmissionDate });
  const assessments = new FakeAssessments();
  assessments.add(
    fakeDetail({
      id,
      clientId: client.id,
      cycle: 2026,
      plannedSubmissionDate,
      percent: 80,
      blockers: ['ORG-01 has no answer yet'],
      catalogueVersion: catalogue.activeVersion(),
    }),
  );
  const statement = new StatementService({
    db: store.db,
    clock: store.clock,
    actor: store.actor,
    log: silentLogger,
    ports: { appVersion: '9.9.9-alone' },
    assessments,
    blobs: new BlobStore(store.dir),
    catalogue,
    clients: new FakeClients([client]),
    // No evidence is linked in these tests, so the evidence peer must not be asked.
    evidence: {
      itemRow: () => {
        throw notFound('The evidence item');
      },
      versionsOf: () => [],
    },
    findings: new FakeFindings(),
    settings: new FakeSettings({ displayName: 'Robin Consultant', organisation: 'Robin IT Ltd' }),
    statementDetails: { saved: () => null },
  });
  return { id, assessments, statement };
}

describe('StatementService built alone', () => {
  it('is not final while the assessments peer reports a blocker, and suggests the preparer from the settings peer', async () => {
    const { id, assessments, statement } = build();

    const state = await statement.state(id);

    expect(state.final).toBe(false);
    expect(state.issues).toContainEqual({ path: 'readiness', message: 'ORG-01 has no answer yet' });
    expect(state.suggested.preparedBy).toMatchObject({ name: 'Robin Consultant', organisation: 'Robin IT Ltd' });
    expect(assessments.asked).toContain(id);
  });

  it('refuses to change the statement of a client the clients peer says is archived', async () => {
    const { id, statement } = build({ archived: true });

    await expect(statement.saveDetails(id, StatementDetails.parse(TEST_DETAILS))).rejects.toMatchObject({ code: 'conflict' });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM statement_details').get()).toEqual({ n: 0 });
  });
});
