import { EVIDENCE_KINDS, type EvidenceKind } from '../../../../shared/domain/evidence-kinds';
import type { EvidenceVersion } from '../../../../shared/contract/evidence';
import { formatDate, formatDateTime } from '../../format';

export const kindLabel = (k: EvidenceKind) => EVIDENCE_KINDS[k];

// A collected-at value is a date (picked in a form) or a date-time (a probe run).
export const formatCollected = (v: string) => (v.length > 10 ? formatDateTime(v) : formatDate(v));

export function titleFromFileName(name: string): string {
  const base = name
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/[_]+/g, ' ')
    .trim();
  return base.slice(0, 200) || name;
}

// "v2 · Version 3.1 · issued 1 Jun 2026 · approved by Registered manager"
export function versionFacts(v: EvidenceVersion): string {
  return [
    `v${v.version}`,
    v.documentVersion ? `document version ${v.documentVersion}` : '',
    v.issueDate ? `issued ${formatDate(v.issueDate)}` : `collected ${formatCollected(v.collectedAt)}`,
    v.expiryDate ? `expires ${formatDate(v.expiryDate)}` : '',
    v.approvedBy ? `approved by ${v.approvedBy}${v.approvalDate ? ` on ${formatDate(v.approvalDate)}` : ''}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

// Reasons from the shared rules carry ISO dates; show them the way the rest of the UI does.
export const readableDates = (text: string) => text.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (d) => formatDate(d));
