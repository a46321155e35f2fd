import { describe, expect, it } from 'vitest';
import { outcomeSentence } from './board-summary';
import { StatementOutcome } from '../statement/statement-model';

const o = (x: Partial<StatementOutcome> & Pick<StatementOutcome, 'stage'>): StatementOutcome => StatementOutcome.parse(x);

describe('outcomeSentence', () => {
  it.each([
    [o({ stage: 'sent', submittedOn: '2025-11-21' }), 'Sent, awaiting the outcome — sent on 21 November 2025.'],
    [
      o({
        stage: 'queried',
        submittedOn: '2025-11-21',
        queriedOn: '2025-11-28',
        findings: [
          { text: 'Attach the DMARC report', resolved: true },
          { text: 'Name the DPO', resolved: false },
        ],
      }),
      'Queried — sent on 21 November 2025; queried on 28 November 2025 with 2 findings, 1 still to fix.',
    ],
    [
      o({
        stage: 'resubmitted',
        submittedOn: '2025-11-21',
        queriedOn: '2025-11-28',
        resubmittedOn: '2025-12-01',
        findings: [{ text: 'Name the DPO', resolved: true }],
      }),
      'Re-submitted, awaiting the outcome — sent on 21 November 2025; queried on 28 November 2025 with 1 finding, all fixed; re-submitted on 1 December 2025.',
    ],
    [
      o({ stage: 'rejected', submittedOn: '2025-11-21', rejectedOn: '2025-12-02', rejectionReason: 'Not an NHS-contracted provider' }),
      'Rejected on 2 December 2025: Not an NHS-contracted provider (sent on 21 November 2025).',
    ],
    [
      o({ stage: 'accredited', submittedOn: '2025-11-21', accreditedOn: '2025-12-05', expiresOn: '2026-12-05' }),
      'Accredited on 5 December 2025, valid until 5 December 2026 (sent on 21 November 2025).',
    ],
  ])('%#', (outcome, sentence) => {
    expect(outcomeSentence(outcome)).toBe(sentence);
  });
});
