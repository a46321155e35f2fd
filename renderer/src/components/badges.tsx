import { Badge, Tooltip, type BadgeProps } from '@fluentui/react-components';
import {
  CheckmarkCircle16Filled,
  DismissCircle16Filled,
  Warning16Filled,
  QuestionCircle16Regular,
  ShieldCheckmark16Regular,
  Info16Regular,
  Lightbulb16Regular,
  History16Regular,
  CircleHalfFill16Regular,
  SubtractCircle16Regular,
  Circle16Regular,
} from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { PROVENANCE_LABELS, type Obligation, type Provenance } from '../../../shared/domain/catalogue/schema';
import type { CheckStatus } from '../../../shared/contract/findings';
import { RESULT_LABELS, STATUS_LABELS, type AssessmentStatus } from '../../../shared/contract/assessments';

type Color = BadgeProps['color'];

const PROVENANCE: Record<Provenance, { color: Color; icon: ReactElement; explain: string }> = {
  nhs: { color: 'success', icon: <ShieldCheckmark16Regular />, explain: 'Stated on a current NHS England / NHS Digital page.' },
  official: {
    color: 'brand',
    icon: <ShieldCheckmark16Regular />,
    explain: 'Stated by another official or sector source (GOV.UK, NCSC, UK Parliament, Digital Social Care).',
  },
  'nhs-legacy': { color: 'informative', icon: <History16Regular />, explain: 'Stated in 2013–2016 ISB 1596 material; may be superseded.' },
  'third-party': {
    color: 'warning',
    icon: <QuestionCircle16Regular />,
    explain: 'Found only in a vendor blog, wiki or another organisation’s notes.',
  },
  inferred: { color: 'subtle', icon: <Lightbulb16Regular />, explain: 'Our reasoning, not an NHS requirement. Never mandatory.' },
};

export function ProvenanceBadge({ provenance, sources }: { provenance: Provenance; sources?: string }) {
  const p = PROVENANCE[provenance];
  return (
    <Tooltip content={`${p.explain}${sources ? ` Sources: ${sources}.` : ''}`} relationship="description">
      <Badge appearance="tint" color={p.color} icon={p.icon} shape="rounded">
        {PROVENANCE_LABELS[provenance]}
      </Badge>
    </Tooltip>
  );
}

const OBLIGATION: Record<Obligation, { color: Color; label: string }> = {
  MUST: { color: 'danger', label: 'Must' },
  SHOULD: { color: 'warning', label: 'Should' },
  RECOMMENDED: { color: 'informative', label: 'Recommended' },
  // Fluent's 'subtle' draws white text (for dark surfaces); 'informative' is its neutral grey.
  INFO: { color: 'informative', label: 'Information' },
};

export function ObligationBadge({ obligation, mandatory }: { obligation: Obligation; mandatory?: boolean }) {
  const o = OBLIGATION[obligation];
  return (
    <Tooltip
      content={
        mandatory
          ? 'Mandatory: blocks submission until met'
          : obligation === 'INFO'
            ? 'For information: no answer needed'
            : 'Not mandatory: a gap is a warning, not a blocker'
      }
      relationship="description"
    >
      <Badge appearance="outline" color={o.color} shape="rounded" size="small">
        {o.label}
      </Badge>
    </Tooltip>
  );
}

type Result = keyof typeof RESULT_LABELS;
const RESULT: Record<Result, { color: Color; icon: ReactElement }> = {
  'not-assessed': { color: 'informative', icon: <Circle16Regular /> },
  met: { color: 'success', icon: <CheckmarkCircle16Filled /> },
  'partially-met': { color: 'warning', icon: <CircleHalfFill16Regular /> },
  'not-met': { color: 'danger', icon: <DismissCircle16Filled /> },
  'not-applicable': { color: 'informative', icon: <SubtractCircle16Regular /> },
};

export function ResultBadge({ result, size = 'medium' }: { result: Result; size?: BadgeProps['size'] }) {
  const r = RESULT[result];
  return (
    <Badge appearance={result === 'not-assessed' ? 'outline' : 'tint'} color={r.color} icon={r.icon} shape="rounded" size={size}>
      {RESULT_LABELS[result]}
    </Badge>
  );
}

export function ResultIcon({ result }: { result: Result }) {
  const r = RESULT[result];
  const color =
    { success: '#107c10', warning: '#bc4b09', danger: '#c50f1f', informative: '#0f6cbd', subtle: '#8a8886' }[r.color as string] ??
    'inherit';
  return (
    <span style={{ color, display: 'inline-flex' }} aria-label={RESULT_LABELS[result]} role="img">
      {r.icon}
    </span>
  );
}

const FINDING: Record<CheckStatus, { color: Color; icon: ReactElement; label: string }> = {
  pass: { color: 'success', icon: <CheckmarkCircle16Filled />, label: 'Pass' },
  warn: { color: 'warning', icon: <Warning16Filled />, label: 'Warning' },
  fail: { color: 'danger', icon: <DismissCircle16Filled />, label: 'Fail' },
  'not-assessable': { color: 'subtle', icon: <Info16Regular />, label: 'Not assessed' },
};

export function FindingStatusBadge({ status }: { status: CheckStatus }) {
  const f = FINDING[status];
  return (
    <Badge appearance="tint" color={f.color} icon={f.icon} shape="rounded">
      {f.label}
    </Badge>
  );
}

const STATUS: Record<AssessmentStatus, Color> = { draft: 'informative', ready: 'brand', signed: 'success' };

export function AssessmentStatusBadge({ status }: { status: AssessmentStatus }) {
  return (
    <Badge appearance="filled" color={STATUS[status]} shape="rounded">
      {STATUS_LABELS[status]}
    </Badge>
  );
}
