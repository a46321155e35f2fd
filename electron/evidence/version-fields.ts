import type { z } from 'zod';
import type { VersionMetadata } from '../../shared/contract/evidence';
import { addDays } from '../../shared/domain/dates';
import { invalid } from '../backend/app-error';
import { diffRecords, type AuditChange } from '../store/audit-log';
import type { VersionFields } from './evidence-repo';

// A version's details (dates, document version, approval, note) as the import, a new version and an edit
// write them, and how they are named in the audit trail.

export const blankToNull = (v: string | undefined | null): string | null =>
  v === undefined || v === null || v.trim() === '' ? null : v.trim();

// How version fields are named in the audit trail and the API.
const VERSION_FIELD_NAMES: Record<keyof VersionFields, string> = {
  collected_at: 'collectedAt',
  issue_date: 'issueDate',
  expiry_date: 'expiryDate',
  document_version: 'documentVersion',
  approved_by: 'approvedBy',
  approval_date: 'approvalDate',
  note: 'note',
};

// Normalise a version's dates and texts; dates in the future are refused (a day of slack for time zones).
export function versionFields(input: z.output<typeof VersionMetadata>, today: string, keepCollectedAt?: string): VersionFields {
  const latest = addDays(today, 1);
  const issues: { path: string; message: string }[] = [];
  const future = (path: string, label: string, v: string | null) => {
    if (v && v.slice(0, 10) > latest) issues.push({ path, message: `${label} cannot be in the future` });
  };
  const collected = blankToNull(input.collectedAt) ?? keepCollectedAt ?? today;
  const fields: VersionFields = {
    collected_at: collected,
    issue_date: blankToNull(input.issueDate),
    expiry_date: blankToNull(input.expiryDate),
    document_version: blankToNull(input.documentVersion),
    approved_by: blankToNull(input.approvedBy),
    approval_date: blankToNull(input.approvalDate),
    note: blankToNull(input.note),
  };
  future('collectedAt', 'The collection date', fields.collected_at);
  future('issueDate', 'The issue date', fields.issue_date);
  future('approvalDate', 'The approval date', fields.approval_date);
  if (issues.length) throw invalid(issues.map((i) => i.message).join('; ') + '.', issues);
  return fields;
}

// The audit changes between two versions' details; for a first version (no `before`), the fields set.
export function versionAuditChanges(before: VersionFields | undefined, after: VersionFields): AuditChange[] {
  const rename = (f: VersionFields | undefined) =>
    f ? Object.fromEntries(Object.entries(VERSION_FIELD_NAMES).map(([k, name]) => [name, f[k as keyof VersionFields]])) : undefined;
  return diffRecords(rename(before), rename(after)!).filter((c) => before !== undefined || c.to !== null);
}
