import { describe, expect, it } from 'vitest';
import { EVIDENCE_KIND_IDS, type EvidenceKind } from './evidence-kinds';
import { EXPIRING_WITHIN_DAYS, FRESHNESS_RULES, assessFreshness, suggestedExpiry, type FreshnessInput } from './freshness';

type Row = [
  description: string,
  input: Partial<FreshnessInput> & { kind: EvidenceKind },
  referenceDate: string,
  expected: { freshness: string; validUntil?: string; daysLeft?: number; limitedBy?: string },
];

// Reference 2026-12-15 is a planned submission date; 12-month rules count from the issue date.
const ROWS: Row[] = [
  // Pen test / ITHC: within 12 months at the reference date.
  [
    'pen test exactly 12 months old still counts',
    { kind: 'pen-test', issueDate: '2025-12-15' },
    '2026-12-15',
    { freshness: 'expiring', validUntil: '2026-12-15', daysLeft: 0, limitedBy: 'max-age' },
  ],
  [
    'pen test 12 months and a day old has expired',
    { kind: 'pen-test', issueDate: '2025-12-14' },
    '2026-12-15',
    { freshness: 'expired', validUntil: '2026-12-14', daysLeft: -1 },
  ],
  [
    'pen test lapsing 60 days after submission warns',
    { kind: 'pen-test', issueDate: '2026-02-13' },
    '2026-12-15',
    { freshness: 'expiring', validUntil: '2027-02-13', daysLeft: 60 },
  ],
  [
    'pen test lapsing 61 days after submission is current',
    { kind: 'pen-test', issueDate: '2026-02-14' },
    '2026-12-15',
    { freshness: 'current', validUntil: '2027-02-14', daysLeft: 61 },
  ],
  [
    'pen test without an issue date ages from when it was collected',
    { kind: 'pen-test', collectedAt: '2025-11-01' },
    '2026-12-15',
    { freshness: 'expired', validUntil: '2026-11-01' },
  ],
  [
    'collected date-time is read as its date',
    { kind: 'pen-test', collectedAt: '2026-06-01T23:30:00Z' },
    '2026-12-15',
    { freshness: 'current', validUntil: '2027-06-01' },
  ],
  // ISO 27001: the 12-month rule and the certificate's own expiry, whichever comes first.
  // A 3-year ISO certificate stays current until it expires: the issue date is not the audit date (the
  // audit is judged on ICT-01's last-audit date by the readiness model).
  [
    'ISO certificate issued 2024-01-15 for three years is still current in June 2026',
    { kind: 'iso27001-certificate', issueDate: '2024-01-15', expiryDate: '2027-01-14' },
    '2026-06-01',
    { freshness: 'current', validUntil: '2027-01-14', limitedBy: 'expiry-date' },
  ],
  [
    'ISO certificate past its expiry date has expired',
    { kind: 'iso27001-certificate', issueDate: '2023-06-01', expiryDate: '2026-05-31' },
    '2026-12-15',
    { freshness: 'expired', validUntil: '2026-05-31', limitedBy: 'expiry-date' },
  ],
  [
    'ISO certificate whose expiry date comes first',
    { kind: 'iso27001-certificate', issueDate: '2026-06-01', expiryDate: '2026-12-31' },
    '2026-12-15',
    { freshness: 'expiring', validUntil: '2026-12-31', daysLeft: 16, limitedBy: 'expiry-date' },
  ],
  // Explicit expiry dates on any kind: the expiry date is the last day it counts.
  [
    'policy expiring on the reference date still counts',
    { kind: 'policy', expiryDate: '2026-12-15' },
    '2026-12-15',
    { freshness: 'expiring', daysLeft: 0 },
  ],
  [
    'policy that expired the day before',
    { kind: 'policy', expiryDate: '2026-12-14' },
    '2026-12-15',
    { freshness: 'expired', daysLeft: -1, limitedBy: 'expiry-date' },
  ],
  [
    'policy expiring 45 days after submission warns',
    { kind: 'policy', expiryDate: '2027-01-29' },
    '2026-12-15',
    { freshness: 'expiring', daysLeft: 45 },
  ],
  ['policy without an expiry never lapses', { kind: 'policy', issueDate: '2019-01-01' }, '2026-12-15', { freshness: 'current' }],
  ['contract without an end date never lapses', { kind: 'contract' }, '2026-12-15', { freshness: 'current' }],
  // Snapshots of settings: a year after they were taken.
  [
    'screenshot taken 11 months before is current but expiring',
    { kind: 'screenshot', collectedAt: '2026-01-20' },
    '2026-12-15',
    { freshness: 'expiring', validUntil: '2027-01-20', daysLeft: 36 },
  ],
  [
    'screenshot ages from collection, not from an issue date',
    { kind: 'screenshot', collectedAt: '2025-10-01', issueDate: '2026-10-01' },
    '2026-12-15',
    { freshness: 'expired', validUntil: '2026-10-01' },
  ],
  [
    'probe snapshot from last week',
    { kind: 'probe-snapshot', collectedAt: '2026-12-08T09:00:00Z' },
    '2026-12-15',
    { freshness: 'current', validUntil: '2027-12-08' },
  ],
  ['DSPT publication older than a year', { kind: 'dspt-publication', issueDate: '2025-06-30' }, '2026-12-15', { freshness: 'expired' }],
  [
    'training record from October',
    { kind: 'training-record', issueDate: '2026-10-01' },
    '2026-12-15',
    { freshness: 'current', validUntil: '2027-10-01' },
  ],
  // Month ends: 29 February plus 12 months is 28 February.
  [
    'leap day plus 12 months',
    { kind: 'pen-test', issueDate: '2024-02-29' },
    '2025-02-28',
    { freshness: 'expiring', validUntil: '2025-02-28', daysLeft: 0 },
  ],
  // Integrity trumps dates.
  ['an altered file is missing whatever its dates', { kind: 'policy', integrity: 'altered' }, '2026-12-15', { freshness: 'missing' }],
  [
    'a deleted file is missing',
    { kind: 'pen-test', issueDate: '2026-10-01', integrity: 'missing' },
    '2026-12-15',
    { freshness: 'missing' },
  ],
  [
    'an unchecked file is judged on its dates',
    { kind: 'policy', expiryDate: '2027-06-01', integrity: 'unchecked' },
    '2026-12-15',
    { freshness: 'current' },
  ],
];

describe('assessFreshness', () => {
  it.each(ROWS)('%s', (_d, input, ref, expected) => {
    const r = assessFreshness({ collectedAt: '2026-12-01', ...input }, ref);
    expect(r).toMatchObject({ ...expected, referenceDate: ref });
    expect(r.reason.length).toBeGreaterThan(10);
  });

  it('explains the binding rule in words', () => {
    expect(assessFreshness({ kind: 'pen-test', collectedAt: '2025-12-01', issueDate: '2025-12-01' }, '2026-12-15').reason).toBe(
      'Penetration test / IT Health Check report dated 2025-12-01 is more than 12 months old on 2026-12-15 (it counted until 2026-12-01).',
    );
    expect(assessFreshness({ kind: 'policy', collectedAt: '2026-01-01', expiryDate: '2027-01-29' }, '2026-12-15').reason).toBe(
      'Expires on 2027-01-29, 45 days after 2026-12-15.',
    );
  });

  it('has a rule for every evidence kind, and the pen test and ISO 27001 rules are the sourced 12 months', () => {
    expect(Object.keys(FRESHNESS_RULES).sort()).toEqual([...EVIDENCE_KIND_IDS].sort());
    expect(FRESHNESS_RULES['pen-test']).toMatchObject({ maxAgeMonths: 12, provenance: 'official' });
    expect(FRESHNESS_RULES['iso27001-certificate']).toMatchObject({ provenance: 'official' });
    expect(FRESHNESS_RULES['iso27001-certificate'].maxAgeMonths).toBeUndefined();
    expect(EXPIRING_WITHIN_DAYS).toBe(60);
  });

  it('proposes the anniversary as the expiry of yearly-reviewed documents only', () => {
    expect(suggestedExpiry('policy', '2026-03-01')).toBe('2027-03-01');
    expect(suggestedExpiry('procedure', '2024-02-29')).toBe('2025-02-28');
    expect(suggestedExpiry('pen-test', '2026-03-01')).toBeUndefined();
    expect(suggestedExpiry('policy', '')).toBeUndefined();
  });
});
