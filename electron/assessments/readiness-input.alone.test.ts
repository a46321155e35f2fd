import { describe, expect, it } from 'vitest';
import { FakeEvidence, FakeSettings, makeClient } from '../../test/support/alone';
import { FakeClock } from '../../test/support/temp-backend';
import { TEST_DETAILS } from '../../test/support/statement-fixture';
import { StatementDetails } from '../../shared/contract/statement';
import { readinessInput, type ReadinessSource } from './readiness-input';

describe('readinessInput built alone', () => {
  it('takes evidence states from the evidence peer, the probe age from the settings peer and saved details from the reader', () => {
    const client = makeClient({ contacts: [{ name: 'Pat Manager', email: 'pat@alone.example.test' }] });
    const src: ReadinessSource = {
      client,
      assessment: { id: 'a-1', route: 'o365', planned_submission_date: '2026-12-15' },
      requirements: [],
      responses: [],
      findings: [],
      runs: [],
      signoffs: [],
    };
    const evidence = new FakeEvidence();
    evidence.states = [
      { requirementId: 'ORG-01', evidenceId: 'e-1', title: 'Email policy', freshness: 'expiring', expiresAt: '2026-12-01' },
    ];
    const asked: string[] = [];
    const details = StatementDetails.parse(TEST_DETAILS);
    const deps = {
      clock: new FakeClock(new Date('2026-11-30T23:30:00Z')),
      evidence,
      settings: new FakeSettings({ readiness: { probeMaxAgeDays: 45 } }),
      statementDetails: {
        saved: (id: string) => {
          asked.push(id);
          return details;
        },
      },
    };

    const input = readinessInput(deps, src);

    expect(input.evidence).toEqual(evidence.states);
    expect(evidence.asked).toEqual([['a-1', '2026-12-15']]);
    expect(input).toMatchObject({ today: '2026-11-30', checkedOn: '2026-11-30', probeMaxAgeDays: 45, plannedSubmissionDate: '2026-12-15' });
    expect(input.statement).toMatchObject({ detailsSaved: true, contact: { name: 'Pat Manager', email: 'pat@alone.example.test' } });
    expect(asked).toEqual(['a-1']);
  });
});
