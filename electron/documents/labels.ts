import type { CheckStatus, NotAssessableReason } from '../../shared/contract/findings';
import { CHECKS, isKnownCheck } from '../../shared/domain/checks';
import type { Provenance } from '../../shared/domain/catalogue/schema';
import type { DsptStatus, Obligation, RequirementResult, SignOffMethod } from '../statement/statement-model';
import { formatDate, toIsoDate } from '../../shared/domain/dates';

// Words printed in the documents. One table each, so the statement, the reports and the CLI agree.

export const RESULT_LABELS: Record<RequirementResult, string> = {
  met: 'Met',
  'partially-met': 'Partly met',
  'not-met': 'Not met',
  'not-applicable': 'Not applicable',
  'not-assessed': 'Not assessed',
};

export const OBLIGATION_LABELS: Record<Obligation, string> = {
  must: 'MUST',
  should: 'SHOULD',
  required: 'Required',
  expected: 'Expected',
  recommended: 'Recommended',
  optional: 'Optional',
  info: 'Information',
  legacy: 'Legacy',
};

export const PROVENANCE_LABELS: Record<Provenance, string> = {
  nhs: 'Confirmed (NHS)',
  'nhs-legacy': 'Historic NHS wording',
  official: 'Confirmed (non-NHS)',
  'third-party': 'Unconfirmed',
  inferred: 'Inferred — not mandatory',
};

export const DSPT_LABELS: Record<DsptStatus, string> = {
  'standards-exceeded': 'Standards Exceeded',
  'standards-met': 'Standards Met',
  'approaching-standards': 'Approaching Standards',
  'standards-not-met': 'Standards Not Met',
  'not-published': 'Not published',
};

export const STATUS_LABELS: Record<CheckStatus, string> = {
  pass: 'Pass',
  warn: 'Warning',
  fail: 'Fail',
  'not-assessable': 'Not assessable',
};

export const REASON_LABELS: Record<NotAssessableReason, string> = {
  'not-licensed': 'not licensed',
  'no-permission': 'no permission to read it',
  unreachable: 'unreachable',
  'malformed-response': 'unreadable response',
  'not-applicable': 'not applicable',
  intercepted: 'connection intercepted on this network',
  'client-cannot-test': 'this computer cannot test it',
  refused: 'refused by the server',
  'not-collected': 'not collected in this run',
};

export const METHOD_LABELS: Record<SignOffMethod, string> = {
  'drawn-in-app': 'Signature drawn in DCB1596 Workbench',
  'typed-in-app': 'Name typed as signature in DCB1596 Workbench',
  'uploaded-image': 'Signature image supplied by the signatory',
};

export function checkTitle(id: string): string {
  return isKnownCheck(id) ? CHECKS[id].title : id;
}

// The one long UK date form ("2 March 2026"), shared with the plain-text lists the app builds.
export { formatDate };

// "2 March 2026, 14:05 UTC": the UK long date every document uses, with the time in UTC so it is
// unambiguous for a reviewer in any time zone.
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${formatDate(d.toISOString())}, ${d.toISOString().slice(11, 16)} UTC`;
}

// "1 March 2026, 10:20:00–10:20:41 UTC" for a probe run (seconds matter when runs are minutes apart).
export function formatTimeRange(startIso: string, endIso: string): string {
  const a = new Date(startIso);
  const b = new Date(endIso);
  if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime())) return `${startIso} – ${endIso}`;
  const [ad, at] = [toIsoDate(a), a.toISOString().slice(11, 19)];
  const [bd, bt] = [toIsoDate(b), b.toISOString().slice(11, 19)];
  if (ad === bd && at === bt) return `${formatDate(ad)}, ${at} UTC`;
  return ad === bd ? `${formatDate(ad)}, ${at}–${bt} UTC` : `${formatDate(ad)}, ${at} UTC – ${formatDate(bd)}, ${bt} UTC`;
}
