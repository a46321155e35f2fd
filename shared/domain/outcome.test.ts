import { describe, expect, it } from 'vitest';
import { OUTCOME_TRANSITIONS, applyOutcome, outcomeStage, outcomeSummary, type OutcomeDates, type OutcomeEvent } from './outcome';

const today = '2026-12-07';
const ctx = { today, openFindings: 0 };
const sent: OutcomeDates = { submittedOn: '2026-10-01' };
const queried: OutcomeDates = { submittedOn: '2026-10-01', queriedOn: '2026-10-10' };
const resubmitted: OutcomeDates = { ...queried, resubmittedOn: '2026-10-20' };

describe('outcomeStage: the stage follows from the recorded dates', () => {
  it.each<[string, OutcomeDates, string]>([
    ['nothing recorded', {}, 'not-sent'],
    ['sent', sent, 'sent'],
    ['queried', queried, 'queried'],
    ['re-submitted after the query', resubmitted, 'resubmitted'],
    ['queried again after a re-submission', { ...resubmitted, queriedOn: '2026-10-25' }, 'queried'],
    ['rejected', { ...sent, rejectedOn: '2026-10-05' }, 'rejected'],
    ['accredited', { ...sent, accreditedOn: '2026-10-05' }, 'accredited'],
  ])('%s', (_l, dates, stage) => expect(outcomeStage(dates)).toBe(stage));
});

describe('applyOutcome: each move from each stage', () => {
  it.each<[string, OutcomeDates, OutcomeEvent, Partial<typeof ctx>, OutcomeDates | string]>([
    ['send from not sent', {}, { kind: 'send', on: '2026-10-01' }, {}, { submittedOn: '2026-10-01' }],
    ['send twice', sent, { kind: 'send', on: '2026-10-02' }, {}, 'not possible now'],
    ['accredit before sending', {}, { kind: 'accredit', on: '2026-10-02' }, {}, 'not possible now'],
    ['send in the future', {}, { kind: 'send', on: '2026-12-08' }, {}, 'after today'],
    [
      'query with findings',
      sent,
      { kind: 'query', on: '2026-10-10', findings: ['DMARC p=none'] },
      {},
      { submittedOn: '2026-10-01', queriedOn: '2026-10-10' },
    ],
    ['query without findings', sent, { kind: 'query', on: '2026-10-10', findings: [] }, {}, 'at least one finding'],
    ['query dated before sending', sent, { kind: 'query', on: '2026-09-30', findings: ['x'] }, {}, 'before the previous step'],
    ['re-submit with findings open', queried, { kind: 'resubmit', on: '2026-10-20' }, { openFindings: 2 }, '2 findings'],
    ['re-submit once fixed', queried, { kind: 'resubmit', on: '2026-10-20' }, {}, resubmitted],
    [
      'accredit straight from sent',
      sent,
      { kind: 'accredit', on: '2026-10-05' },
      {},
      { ...sent, accreditedOn: '2026-10-05', expiresOn: '2027-10-05' },
    ],
    [
      'accredit on 29 February: valid until 28 February',
      { submittedOn: '2028-02-01' },
      { kind: 'accredit', on: '2028-02-29' },
      { today: '2028-03-01' },
      { submittedOn: '2028-02-01', accreditedOn: '2028-02-29', expiresOn: '2029-02-28' },
    ],
    ['accredit a queried statement before re-submitting', queried, { kind: 'accredit', on: '2026-10-20' }, {}, 'not possible now'],
    [
      'reject with reason',
      resubmitted,
      { kind: 'reject', on: '2026-10-30', reason: ' No TLS ' },
      {},
      { ...resubmitted, rejectedOn: '2026-10-30', rejectionReason: 'No TLS' },
    ],
    ['reject without reason', sent, { kind: 'reject', on: '2026-10-30', reason: '  ' }, {}, 'reason'],
    ['clear an accreditation', { ...sent, accreditedOn: '2026-10-05' }, { kind: 'clear' }, {}, {}],
    ['clear when nothing recorded', {}, { kind: 'clear' }, {}, 'not possible now'],
    [
      'anything after rejection but clear',
      { ...sent, rejectedOn: '2026-10-05' },
      { kind: 'accredit', on: '2026-10-06' },
      {},
      'not possible now',
    ],
  ])('%s', (_l, dates, event, over, expected) => {
    const r = applyOutcome(dates, event, { ...ctx, ...over });
    if (typeof expected === 'string') {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain(expected);
    } else {
      expect(r).toMatchObject({ ok: true, dates: expected });
    }
  });

  it('every allowed move from every stage leads to a stage that exists', () => {
    for (const [stage, moves] of Object.entries(OUTCOME_TRANSITIONS)) expect(moves.length, stage).toBeGreaterThan(0);
  });
});

describe('outcomeSummary', () => {
  it.each<[OutcomeDates, number, string]>([
    [queried, 2, 'Queried — 2 findings to fix'],
    [queried, 1, 'Queried — 1 finding to fix'],
    [queried, 0, 'Queried — all findings fixed, ready to re-submit'],
    [{ ...sent, rejectedOn: '2026-10-05', rejectionReason: 'No TLS' }, 0, 'Rejected — No TLS'],
    [{ ...sent, accreditedOn: '2026-10-05', expiresOn: '2027-10-05' }, 0, 'Accredited, valid until 5 Oct 2027'],
    [sent, 0, 'Sent, awaiting the NHS outcome'],
  ])('%j with %i open', (d, open, text) => expect(outcomeSummary(d, open)).toBe(text));
});
