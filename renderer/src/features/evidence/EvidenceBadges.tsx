import { Badge, Tooltip, makeStyles, type BadgeProps } from '@fluentui/react-components';
import {
  CheckmarkCircle16Filled,
  Warning16Filled,
  DismissCircle16Filled,
  ShieldError16Filled,
  DocumentPdf16Regular,
  DocumentText16Regular,
  Image16Regular,
  Document16Regular,
  Table16Regular,
  Mail16Regular,
  Code16Regular,
  FolderZip16Regular,
  ErrorCircle16Regular,
} from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import type { FreshnessView, SniffedType } from '../../../../shared/contract/evidence';
import { SNIFFED_TYPE_LABELS } from '../../../../shared/contract/evidence';
import { FRESHNESS_LABELS, type Freshness } from '../../../../shared/domain/freshness';
import { formatDate } from '../../format';
import { readableDates } from './evidence-format';

const FRESHNESS: Record<Freshness, { color: BadgeProps['color']; icon: ReactElement }> = {
  current: { color: 'success', icon: <CheckmarkCircle16Filled /> },
  expiring: { color: 'warning', icon: <Warning16Filled /> },
  expired: { color: 'danger', icon: <DismissCircle16Filled /> },
  missing: { color: 'danger', icon: <ShieldError16Filled /> },
};

// A badge has a fixed height: wrapped text would spill out of it.
const useStyles = makeStyles({ badge: { whiteSpace: 'nowrap', flexShrink: 0 } });

// The badge text says when, the tooltip says why (the rule applied, at which date).
function freshnessText(f: FreshnessView): string {
  switch (f.freshness) {
    case 'current':
      return f.validUntil ? `Current · until ${formatDate(f.validUntil)}` : 'Current · no expiry';
    case 'expiring':
      return `Expires ${formatDate(f.validUntil)}`;
    case 'expired':
      return f.limitedBy === 'max-age' ? `Too old · lapsed ${formatDate(f.validUntil)}` : `Expired ${formatDate(f.validUntil)}`;
    case 'missing':
      return FRESHNESS_LABELS.missing;
  }
}

export function FreshnessBadge({ freshness, context }: { freshness: FreshnessView; context?: string }) {
  const s = useStyles();
  const f = FRESHNESS[freshness.freshness];
  const at = context ?? `on ${formatDate(freshness.referenceDate)}`;
  return (
    <Tooltip content={`${FRESHNESS_LABELS[freshness.freshness]} ${at}. ${readableDates(freshness.reason)}`} relationship="description">
      <Badge
        appearance={freshness.freshness === 'current' ? 'tint' : 'filled'}
        color={f.color}
        icon={f.icon}
        shape="rounded"
        className={s.badge}
        data-freshness={freshness.freshness}
      >
        {freshnessText(freshness)}
      </Badge>
    </Tooltip>
  );
}

const TYPE_ICONS: Partial<Record<SniffedType, ReactElement>> = {
  pdf: <DocumentPdf16Regular />,
  docx: <DocumentText16Regular />,
  txt: <DocumentText16Regular />,
  png: <Image16Regular />,
  jpeg: <Image16Regular />,
  gif: <Image16Regular />,
  xlsx: <Table16Regular />,
  csv: <Table16Regular />,
  eml: <Mail16Regular />,
  json: <Code16Regular />,
  zip: <FolderZip16Regular />,
};

export function FileTypeIcon({ type }: { type: SniffedType }) {
  return (
    <span role="img" aria-label={SNIFFED_TYPE_LABELS[type]} style={{ display: 'inline-flex' }}>
      {TYPE_ICONS[type] ?? <Document16Regular />}
    </span>
  );
}

export function MismatchBadge({ originalName, type }: { originalName: string; type: SniffedType }) {
  return (
    <Tooltip
      content={`“${originalName}” is named like another kind of file, but its content is a ${SNIFFED_TYPE_LABELS[type]}. Check it is the document you meant to add.`}
      relationship="description"
    >
      <Badge appearance="outline" color="warning" icon={<ErrorCircle16Regular />} shape="rounded" size="small">
        Type mismatch
      </Badge>
    </Tooltip>
  );
}
