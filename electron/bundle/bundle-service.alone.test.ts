import { afterEach, describe, expect, it } from 'vitest';
import {
  aloneStore,
  FakeAssessments,
  FakeClients,
  fakeDetail,
  FakeTransfers,
  RecordingEvents,
  type AloneStore,
} from '../../test/support/alone';
import { BlobStore } from '../evidence/blob-store';
import type { EvidenceService } from '../evidence/evidence-service';
import { silentLogger } from '../logging/logger';
import type { StatementDetails } from '../../shared/contract/statement';
import { BundleService } from './bundle-service';
import type { AssessmentRow } from '../assessments/assessment-repo';
import type { GatheredStatement, StatementService } from '../statement/statement-service';

let store: AloneStore;
afterEach(() => store?.dispose());

// The statement peer: its row and saved details are what the test sets; gathering is past every refusal
// these tests reach, so it must not happen.
class FakeStatement implements Pick<StatementService, 'gather' | 'issues' | 'row' | 'savedDetails'> {
  readonly gathered: string[] = [];
  constructor(
    private readonly r: AssessmentRow,
    private readonly saved: StatementDetails | null,
  ) {}
  row(): AssessmentRow {
    return this.r;
  }
  savedDetails(): StatementDetails | null {
    return this.saved;
  }
  async gather(assessmentId: string): Promise<GatheredStatement> {
    this.gathered.push(assessmentId);
    throw new Error('not reached in these tests');
  }
  issues(): never[] {
    return [];
  }
}

// The evidence peer as the export sees it: records that the files were checked.
class FakeExportEvidence implements Pick<EvidenceService, 'assertExportable'> {
  readonly checked: string[] = [];
  async assertExportable(assessmentId: string): ReturnType<EvidenceService['assertExportable']> {
    this.checked.push(assessmentId);
    return [];
  }
}

function build(opts: { status: AssessmentRow['status']; blockers: string[]; saved: StatementDetails | null }) {
  store = aloneStore();
  const client = store.seedClient();
  const id = '7d0b2a5e-1c3f-4e8a-9b6d-2f4a6c8e0b1d';
  const row: AssessmentRow = {
    id,
    client_id: client.id,
    cycle: 2026,
    catalogue_version: '2025.1',
    route: 'o365',
    status: opts.status,
    planned_submission_date: '2026-12-15',
    locked_at: opts.status === 'signed' ? '2026-11-20T09:00:00.000Z' : null,
    created_at: '2026-11-01T09:00:00.000Z',
    updated_at: '2026-11-20T09:00:00.000Z',
    previous_assessment_id: null,
    accredited_on: null,
    submitted_on: null,
    expires_on: null,
    queried_on: null,
    resubmitted_on: null,
    rejected_on: null,
    rejection_reason: null,
    revision: 3,
  };
  const assessments = new FakeAssessments();
  assessments.add(
    fakeDetail({ id, clientId: client.id, cycle: 2026, plannedSubmissionDate: '2026-12-15', percent: 90, blockers: opts.blockers }),
  );
  const statement = new FakeStatement(row, opts.saved);
  const evidence = new FakeExportEvidence();
  const bundles = new BundleService({
    db: store.db,
    clock: store.clock,
    actor: store.actor,
    log: silentLogger,
    dataDir: store.dir,
    events: new RecordingEvents(),
    blobs: new BlobStore(store.dir),
    transfers: new FakeTransfers(store.dir),
    assessments,
    clients: new FakeClients([client]),
    evidence,
    statement,
  });
  return { id, client, assessments, statement, evidence, bundles };
}

describe('BundleService built alone', () => {
  it('refuses a final export while the assessments peer reports blockers, before checking any evidence', async () => {
    const { id, client, assessments, evidence, bundles } = build({ status: 'signed', blockers: ['ORG-01 has no answer yet'], saved: null });

    await expect(bundles.export({ assessmentId: id })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining(`The 2026 statement of ${client.legalName} cannot be exported as final`),
    });
    expect(assessments.asked).toEqual([id]);
    expect(evidence.checked).toEqual([]);
  });

  it('refuses a final export of an assessment the statement peer shows unsigned', async () => {
    const { id, evidence, bundles } = build({ status: 'draft', blockers: [], saved: null });

    await expect(bundles.export({ assessmentId: id })).rejects.toThrow(/needs both sign-offs/);
    expect(evidence.checked).toEqual([]);
  });

  it('refuses a final export while the statement peer has no saved details', async () => {
    const { id, statement, evidence, bundles } = build({ status: 'signed', blockers: [], saved: null });

    await expect(bundles.export({ assessmentId: id })).rejects.toMatchObject({
      code: 'invalid-input',
      issues: [{ path: 'details', message: 'Not saved yet' }],
    });
    expect(evidence.checked).toEqual([]);
    expect(statement.gathered).toEqual([]);
    expect(bundles.list(id)).toEqual([]);
  });
});
