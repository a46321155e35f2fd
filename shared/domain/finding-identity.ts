import type { CheckStatus } from '../contract/findings';

// What makes two probe findings "the same finding" across runs and cycles, and how a status moved between
// them. One rule for the year-on-year page of the technical report, the app's Compare view and the batch
// renewal's "changed since the last run".
//
// A finding's identity is its check plus a normalised target. Probes have named targets differently over
// time (DMARC under "_dmarc.example.org" in one run and "example.org" in another; host names in mixed case
// or with a trailing dot), so the record name a check looked up is reduced to the thing it is about: the mail
// domain, the MX host or the tenant.

// Record-name prefixes that only say where in the DNS a check looked (RFC 7489 §6.1, RFC 8461 §3.1,
// RFC 8460 §3, RFC 6376 §3.6.2.1). Longest first so "_smtp._tls." wins over a bare underscore label.
const LOOKUP_PREFIXES = ['_smtp._tls.', '_mta-sts.', '_dmarc.', '_domainkey.', 'mta-sts.'];

export function normaliseTarget(check: string, target: string | undefined, runTarget: string): string {
  const raw = (target ?? runTarget).trim().toLowerCase().replace(/\.+$/, '');
  if (!check.startsWith('dns.')) return raw;
  // "selector._domainkey.example.org" is about example.org's DKIM.
  const dk = raw.indexOf('._domainkey.');
  if (dk >= 0) return raw.slice(dk + '._domainkey.'.length);
  for (const p of LOOKUP_PREFIXES) if (raw.startsWith(p)) return raw.slice(p.length);
  return raw;
}

export function findingKey(check: string, target: string | undefined, runTarget: string): string {
  return `${check}\u0000${normaliseTarget(check, target, runTarget)}`;
}

export type FindingTransition = 'improved' | 'regressed' | 'unchanged' | 'new' | 'removed' | 'not-comparable';

// Higher is better. "Not assessable" has no rank: we could not look, which is neither better nor worse,
// so a move to or from it is "not comparable" — never "unchanged".
const RANK: Partial<Record<CheckStatus, number>> = { fail: 0, warn: 1, pass: 2 };

export function findingTransition(previous: CheckStatus | undefined, current: CheckStatus | undefined): FindingTransition {
  if (previous === undefined && current === undefined) throw new Error('A transition needs at least one status');
  if (previous === undefined) return 'new';
  if (current === undefined) return 'removed';
  if (previous === current) return 'unchanged';
  const rb = RANK[previous];
  const ra = RANK[current];
  if (rb === undefined || ra === undefined) return 'not-comparable';
  return ra > rb ? 'improved' : 'regressed';
}

export const TRANSITION_LABELS: Record<FindingTransition, string> = {
  regressed: 'Regressed',
  'not-comparable': 'Not comparable',
  new: 'New',
  removed: 'No longer checked',
  improved: 'Improved',
  unchanged: 'Unchanged',
};

// The order rows are read in: what got worse first, then what can no longer be judged, then the rest.
export const TRANSITION_ORDER: readonly FindingTransition[] = ['regressed', 'not-comparable', 'new', 'removed', 'improved', 'unchanged'];

// A cycle's own results are its latest runs before it was signed off. The sign-off moment is the lock time,
// but never later than the end of the day the statement was submitted (a statement is signed before it is
// sent; a workspace rebuilt or imported later records its lock time as the day it was rebuilt).
// Unsigned cycles use everything up to now (undefined).
export function cycleCutoff(c: { lockedAt?: string | null; submittedOn?: string | null }): string | undefined {
  const submitted = c.submittedOn && /^\d{4}-\d{2}-\d{2}$/.test(c.submittedOn) ? `${c.submittedOn}T23:59:59.999Z` : undefined;
  const locked = c.lockedAt ?? undefined;
  if (locked && submitted) return locked < submitted ? locked : submitted;
  return locked ?? submitted;
}
