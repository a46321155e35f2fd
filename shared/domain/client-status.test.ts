import { describe, expect, it } from 'vitest';
import { clientStatus, type CycleFacts } from './client-status';

const today = '2026-12-07';
const outcome = (stage: CycleFacts['outcome']['stage'], summary = '', openFindings = 0) => ({ stage, summary, openFindings });
const cycle = (over: Partial<CycleFacts>): CycleFacts => ({
  id: `a${over.cycle ?? 2026}`,
  cycle: 2026,
  status: 'draft',
  blockerCount: 0,
  outcome: outcome('not-sent', 'Not sent yet'),
  ...over,
});
const accredited2025 = cycle({
  id: 'a2025',
  cycle: 2025,
  status: 'signed',
  accreditedOn: '2025-12-20',
  expiresOn: '2026-12-20',
  outcome: outcome('accredited', 'Accredited, valid until 20 Dec 2026'),
});

describe('clientStatus: stage, expiry, blockers and the next action', () => {
  it.each<[string, CycleFacts[], Record<string, unknown>]>([
    ['no assessment', [], { stage: 'No assessment yet', renewal: 'not-started', next: { kind: 'start-assessment' } }],
    [
      'draft with blockers',
      [cycle({ blockerCount: 12 })],
      { stage: '2026 · Draft', blockers: 12, next: { kind: 'work-checklist', label: 'Resolve 12 blockers', target: 'checklist' } },
    ],
    ['draft with one blocker', [cycle({ blockerCount: 1 })], { next: { label: 'Resolve 1 blocker' } }],
    ['nothing blocks', [cycle({ status: 'ready' })], { stage: '2026 · Ready for sign-off', blockers: 0, next: { kind: 'sign-off' } }],
    [
      'signed, not sent',
      [cycle({ status: 'signed', blockerCount: 0 })],
      { stage: '2026 · Not sent yet', next: { kind: 'send', target: 'sign-off' } },
    ],
    [
      'queried with findings',
      [cycle({ status: 'signed', outcome: outcome('queried', 'Queried — 2 findings to fix', 2) })],
      { stage: '2026 · Queried — 2 findings to fix', renewal: 'in-progress', next: { kind: 'fix-findings', target: 'assessments' } },
    ],
    [
      'sent, waiting',
      [cycle({ status: 'signed', outcome: outcome('sent', 'Sent, awaiting the NHS outcome') })],
      { renewal: 'awaiting-outcome', next: { kind: 'await-outcome' } },
    ],
    [
      'rejected',
      [cycle({ status: 'signed', outcome: outcome('rejected', 'Rejected — no TLS') })],
      { stage: '2026 · Rejected — no TLS', next: { kind: 'new-cycle' } },
    ],
    [
      'accredited 13 days before expiry: renewal due',
      [accredited2025],
      {
        stage: '2025 · Accredited',
        renewal: 'renewal-due',
        expiresOn: '2026-12-20',
        daysLeft: 13,
        next: { kind: 'start-renewal', label: 'Start the 2026 renewal' },
      },
    ],
    [
      'renewal in draft while last year still runs',
      [cycle({ blockerCount: 3 }), accredited2025],
      { stage: '2026 · Draft', renewal: 'renewal-due', daysLeft: 13, blockers: 3, next: { kind: 'work-checklist', assessmentId: 'a2026' } },
    ],
    ['expired', [{ ...accredited2025, accreditedOn: '2025-11-01', expiresOn: '2026-11-01' }], { renewal: 'expired', daysLeft: -36 }],
  ])('%s', (_l, cycles, expected) => expect(clientStatus(cycles, today)).toMatchObject(expected));
});
