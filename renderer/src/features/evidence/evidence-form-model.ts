import type { Resolver } from 'react-hook-form';
import { EvidenceMetadata, VersionMetadata, type EvidenceDetail } from '../../../../shared/contract/evidence';
import type { FieldIssue } from '../../../../shared/contract';
import { addDays, toIsoDate } from '../../../../shared/domain/dates';
import type { EvidenceKind } from '../../../../shared/domain/evidence-kinds';

// The metadata form edits strings; the contract wants optional fields absent (or '' for a cleared date).
export interface EvidenceFormValues {
  title: string;
  kind: EvidenceKind;
  owner: string;
  notes: string;
  collectedAt: string;
  issueDate: string;
  expiryDate: string;
  documentVersion: string;
  approvedBy: string;
  approvalDate: string;
  note: string;
}

export type EvidenceFormMode = 'new' | 'version' | 'edit';

export const todayIso = () => toIsoDate(new Date());

export function emptyEvidenceForm(kind: EvidenceKind, title = ''): EvidenceFormValues {
  return {
    title,
    kind,
    owner: '',
    notes: '',
    collectedAt: todayIso(),
    issueDate: '',
    expiryDate: '',
    documentVersion: '',
    approvedBy: '',
    approvalDate: '',
    note: '',
  };
}

export function formFromEvidence(e: EvidenceDetail): EvidenceFormValues {
  const v = e.current;
  return {
    title: e.title,
    kind: e.kind,
    owner: e.owner ?? '',
    notes: e.notes ?? '',
    collectedAt: v.collectedAt,
    issueDate: v.issueDate ?? '',
    expiryDate: v.expiryDate ?? '',
    documentVersion: v.documentVersion ?? '',
    approvedBy: v.approvedBy ?? '',
    approvalDate: v.approvalDate ?? '',
    note: v.note ?? '',
  };
}

const text = (v: string) => (v.trim() === '' ? undefined : v.trim());

export function versionInput(v: EvidenceFormValues) {
  return {
    collectedAt: text(v.collectedAt),
    issueDate: v.issueDate,
    expiryDate: v.expiryDate,
    documentVersion: text(v.documentVersion),
    approvedBy: text(v.approvedBy),
    approvalDate: v.approvalDate,
    note: text(v.note),
  };
}

export function metadataInput(v: EvidenceFormValues) {
  return { title: v.title.trim(), kind: v.kind, owner: text(v.owner), notes: text(v.notes), ...versionInput(v) };
}

// The contract's own schema, plus the rule the backend applies with its clock: no dates in the future.
function validateEvidenceForm(values: EvidenceFormValues, mode: EvidenceFormMode): FieldIssue[] {
  const r = mode === 'version' ? VersionMetadata.safeParse(versionInput(values)) : EvidenceMetadata.safeParse(metadataInput(values));
  const issues: FieldIssue[] = r.success ? [] : r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  if (mode === 'version' && values.issueDate && values.expiryDate && values.expiryDate < values.issueDate)
    issues.push({ path: 'expiryDate', message: 'The expiry date is before the issue date' });
  const latest = addDays(todayIso(), 1);
  for (const [key, label] of [
    ['collectedAt', 'The collection date'],
    ['issueDate', 'The issue date'],
    ['approvalDate', 'The approval date'],
  ] as const) {
    if (values[key] && values[key].slice(0, 10) > latest) issues.push({ path: key, message: `${label} cannot be in the future` });
  }
  return issues;
}

export const evidenceResolver =
  (mode: EvidenceFormMode): Resolver<EvidenceFormValues> =>
  async (values) => {
    const issues = validateEvidenceForm(values, mode);
    if (issues.length === 0) return { values, errors: {} };
    const errors: Record<string, { type: string; message: string }> = {};
    for (const i of issues) errors[i.path || 'root'] ??= { type: 'validate', message: i.message };
    return { values: {}, errors: errors as never };
  };
