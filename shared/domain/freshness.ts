import { EVIDENCE_KINDS, type EvidenceKind } from './evidence-kinds';
import { addMonths, daysBetween, isIsoDate, lastDayWithinMonths, utcDateOf } from './dates';

// When evidence stops counting. The rules are data — one entry per evidence kind — and one pure function
// applies them, so the library, the requirement panel, readiness and the bundle all agree, and the table of
// boundary dates in freshness.test.ts pins the behaviour down.

export type Freshness = 'current' | 'expiring' | 'expired' | 'missing';
export const FRESHNESS_STATES = ['current', 'expiring', 'expired', 'missing'] as const satisfies readonly Freshness[];

export const FRESHNESS_LABELS: Record<Freshness, string> = {
  current: 'Current',
  expiring: 'Expiring soon',
  expired: 'Expired',
  missing: 'File missing or altered',
};

// Warn this many days before evidence lapses (Drata's "upcoming renewal" is two months).
export const EXPIRING_WITHIN_DAYS = 60;

type RuleProvenance = 'official' | 'nhs' | 'inferred';

export interface FreshnessRule {
  // The evidence lapses this many months after `agesFrom` (or after it was collected when that date is blank).
  maxAgeMonths?: number;
  agesFrom: 'issueDate' | 'collectedAt';
  // Pre-fill the expiry date at this many months after the issue date (the "anniversary" default).
  suggestExpiryMonths?: number;
  // Shown beside the badge: why this kind ages the way it does.
  explanation: string;
  provenance: RuleProvenance;
}

const SNAPSHOT_RULE: FreshnessRule = {
  maxAgeMonths: 12,
  agesFrom: 'collectedAt',
  explanation:
    'Accreditation lasts one year and must be renewed with fresh evidence, so a snapshot of settings taken more than 12 months before submission no longer shows this year’s configuration.',
  provenance: 'nhs',
};

const DOCUMENT_RULE: FreshnessRule = {
  agesFrom: 'issueDate',
  suggestExpiryMonths: 12,
  explanation: 'Counts until its expiry or next review date, if one is recorded.',
  provenance: 'inferred',
};

export const FRESHNESS_RULES: Record<EvidenceKind, FreshnessRule> = {
  'pen-test': {
    maxAgeMonths: 12,
    agesFrom: 'issueDate',
    explanation:
      'A penetration test or IT Health Check must be from within the 12 months before submission (care-sector guide to DCB1596 re-accreditation).',
    provenance: 'official',
  },
  // A certificate is issued for three years and kept by yearly surveillance audits: its issue date is not
  // the audit date, so it counts until its expiry. The audit within 12 calendar months of submission is
  // judged on ICT-01's "last audit" date by the readiness model, on the same calendar-month rule.
  'iso27001-certificate': {
    agesFrom: 'issueDate',
    explanation:
      'An ISO 27001 certificate counts until its expiry date; the last certification or surveillance audit, recorded in ICT-01, must be within the 12 calendar months before submission (care-sector guide).',
    provenance: 'official',
  },
  'dspt-publication': {
    maxAgeMonths: 12,
    agesFrom: 'issueDate',
    explanation: 'The Data Security and Protection Toolkit is published every year; last year’s publication does not count.',
    provenance: 'official',
  },
  'training-record': {
    maxAgeMonths: 12,
    agesFrom: 'issueDate',
    explanation: 'Data security training is annual under the DSPT: a record older than 12 months does not show current staff training.',
    provenance: 'official',
  },
  'probe-snapshot': SNAPSHOT_RULE,
  screenshot: SNAPSHOT_RULE,
  'configuration-export': SNAPSHOT_RULE,
  policy: DOCUMENT_RULE,
  procedure: DOCUMENT_RULE,
  'clinical-risk': DOCUMENT_RULE,
  contract: { agesFrom: 'issueDate', explanation: 'Counts until its end date, if one is recorded.', provenance: 'inferred' },
  other: { agesFrom: 'issueDate', explanation: 'Counts until its expiry date, if one is recorded.', provenance: 'inferred' },
};

type IntegrityState = 'ok' | 'missing' | 'altered' | 'unchecked';

export interface FreshnessInput {
  kind: EvidenceKind;
  // ISO date or date-time: when the evidence reflected reality.
  collectedAt: string;
  issueDate?: string;
  expiryDate?: string;
  integrity?: IntegrityState;
}

export interface FreshnessResult {
  freshness: Freshness;
  referenceDate: string;
  // The last day the evidence counts, when it lapses at all.
  validUntil?: string;
  // Days from the reference date to validUntil (negative once lapsed).
  daysLeft?: number;
  limitedBy?: 'expiry-date' | 'max-age';
  // One sentence for the user (dates in ISO form; the UI formats its own badge text).
  reason: string;
}

const dateOf = (s: string | undefined): string | undefined => {
  const d = s === undefined ? undefined : utcDateOf(s);
  return d && isIsoDate(d) ? d : undefined;
};

// Judge one piece of evidence at a reference date: the planned submission date inside an assessment,
// today in the library. Boundaries: a 12-month rule from 2025-12-15 is still current on 2026-12-15 and
// expired on 2026-12-16; an expiry date is the last day that counts; "expiring" is 0–60 days left.
export function assessFreshness(input: FreshnessInput, referenceDate: string): FreshnessResult {
  if (input.integrity === 'missing' || input.integrity === 'altered') {
    return {
      freshness: 'missing',
      referenceDate,
      reason:
        input.integrity === 'missing'
          ? 'The stored file is missing from the evidence folder.'
          : 'The stored file no longer matches the fingerprint (SHA-256) recorded when it was added: it was changed on disk.',
    };
  }
  const rule = FRESHNESS_RULES[input.kind];
  const candidates: { until: string; by: 'expiry-date' | 'max-age'; from?: string }[] = [];
  const expiry = dateOf(input.expiryDate);
  if (expiry) candidates.push({ until: expiry, by: 'expiry-date' });
  if (rule.maxAgeMonths) {
    const from = (rule.agesFrom === 'issueDate' ? dateOf(input.issueDate) : undefined) ?? dateOf(input.collectedAt);
    if (from) candidates.push({ until: lastDayWithinMonths(from, rule.maxAgeMonths), by: 'max-age', from });
  }
  if (candidates.length === 0) return { freshness: 'current', referenceDate, reason: 'No expiry date: it does not lapse.' };

  const binding = candidates.reduce((a, b) => (b.until < a.until ? b : a));
  const daysLeft = daysBetween(referenceDate, binding.until);
  const base = { referenceDate, validUntil: binding.until, daysLeft, limitedBy: binding.by };
  const label = EVIDENCE_KINDS[input.kind];
  const after = daysLeft === 0 ? `the same day as ${referenceDate}` : `${daysLeft} day${daysLeft === 1 ? '' : 's'} after ${referenceDate}`;
  if (daysLeft < 0) {
    return {
      ...base,
      freshness: 'expired',
      reason:
        binding.by === 'expiry-date'
          ? `Expired on ${binding.until}, before ${referenceDate}.`
          : `${label} dated ${binding.from} is more than ${rule.maxAgeMonths} months old on ${referenceDate} (it counted until ${binding.until}).`,
    };
  }
  if (daysLeft <= EXPIRING_WITHIN_DAYS) {
    return {
      ...base,
      freshness: 'expiring',
      reason:
        binding.by === 'expiry-date'
          ? `Expires on ${binding.until}, ${after}.`
          : `${label} dated ${binding.from} stops counting after ${binding.until} (${rule.maxAgeMonths}-month limit), ${after}.`,
    };
  }
  return { ...base, freshness: 'current', reason: `Current until ${binding.until}.` };
}

// The expiry date the form proposes for a freshly added document: the anniversary of its issue date.
export function suggestedExpiry(kind: EvidenceKind, issueDate: string | undefined): string | undefined {
  const months = FRESHNESS_RULES[kind].suggestExpiryMonths;
  const from = dateOf(issueDate);
  return months && from ? addMonths(from, months) : undefined;
}
