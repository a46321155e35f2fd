import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { makeStyles, tokens, Text, Caption1, ProgressBar, Badge, mergeClasses } from '@fluentui/react-components';
import { ArrowSortUp16Regular, ArrowSortDown16Regular } from '@fluentui/react-icons';
import { useLocation } from 'wouter';
import type { PortfolioRow } from '../../../../shared/contract/portfolio';
import { RENEWAL_STATUSES } from '../../../../shared/domain/renewal-status';
import { RouteBadge, SampleBadge } from '../../components/RouteBadge';
import { formatDate, formatRelative } from '../../format';
import { STATUS_COLOURS } from './StatusBreakdown';
import type { SortKey } from './portfolio-view';

const ROW_HEIGHT = 60;
const COLUMNS = 'minmax(180px, 2fr) 150px 150px 100px minmax(140px, 1.3fr) 64px 84px 104px';

const useStyles = makeStyles({
  root: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow2,
    overflow: 'hidden',
  },
  head: {
    display: 'grid',
    gridTemplateColumns: COLUMNS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  th: {
    display: 'flex',
    alignItems: 'center',
    gap: '4px',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    border: 'none',
    background: 'none',
    fontFamily: 'inherit',
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground2,
    textAlign: 'left',
    width: '100%',
    height: '100%',
    boxSizing: 'border-box',
    cursor: 'pointer',
    ':hover': { color: tokens.colorNeutralForeground1 },
  },
  body: { height: '560px', overflowY: 'auto', position: 'relative' },
  row: {
    position: 'absolute',
    left: 0,
    right: 0,
    display: 'grid',
    gridTemplateColumns: COLUMNS,
    alignItems: 'center',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  cell: { padding: `0 ${tokens.spacingHorizontalM}`, minWidth: 0, display: 'flex', flexDirection: 'column', gap: '2px' },
  name: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  status: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  dot: { width: '10px', height: '10px', borderRadius: '50%', flexShrink: 0 },
  bad: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1, fontWeight: tokens.fontWeightSemibold },
  empty: { padding: tokens.spacingHorizontalXL, color: tokens.colorNeutralForeground3 },
});

const HEADERS: { key?: SortKey; label: string }[] = [
  { key: 'name', label: 'Client' },
  { label: 'Route' },
  { key: 'status', label: 'Status' },
  { key: 'daysLeft', label: 'Expires' },
  { key: 'percent', label: 'Current cycle' },
  { key: 'failing', label: 'Failing' },
  { key: 'evidence', label: 'Evidence' },
  { label: 'Last checked' },
];

function daysText(r: PortfolioRow): string {
  if (r.daysLeft === undefined) return '';
  if (r.daysLeft < 0) return `expired ${-r.daysLeft} day${r.daysLeft === -1 ? '' : 's'} ago`;
  if (r.daysLeft === 0) return 'expires today';
  return `${r.daysLeft} day${r.daysLeft === 1 ? '' : 's'} left`;
}

// Virtualised: only the rows in view are in the DOM, so a firm with hundreds of clients scrolls smoothly.
export function PortfolioTable(props: { rows: PortfolioRow[]; sort: SortKey; dir: 'asc' | 'desc'; onSort: (k: SortKey) => void }) {
  const s = useStyles();
  const [, navigate] = useLocation();
  const parent = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: props.rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const open = (r: PortfolioRow) =>
    navigate(r.current ? `/clients/${r.clientId}/assessments/${r.current.assessmentId}` : `/clients/${r.clientId}`);

  return (
    <div className={s.root} role="table" aria-label="Portfolio" aria-rowcount={props.rows.length + 1}>
      <div className={s.head} role="row" aria-rowindex={1}>
        {HEADERS.map((h) => (
          <div
            key={h.label}
            role="columnheader"
            aria-sort={h.key && h.key === props.sort ? (props.dir === 'asc' ? 'ascending' : 'descending') : undefined}
          >
            {h.key ? (
              <button type="button" className={s.th} onClick={() => props.onSort(h.key!)}>
                {h.label}
                {h.key === props.sort && (props.dir === 'asc' ? <ArrowSortUp16Regular /> : <ArrowSortDown16Regular />)}
              </button>
            ) : (
              <span className={s.th} style={{ cursor: 'default' }}>
                {h.label}
              </span>
            )}
          </div>
        ))}
      </div>
      <div ref={parent} className={s.body} role="rowgroup">
        {props.rows.length === 0 && <Text className={s.empty}>No clients match these filters.</Text>}
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((item) => {
            const r = props.rows[item.index]!;
            return (
              <div
                key={r.clientId}
                role="row"
                aria-rowindex={item.index + 2}
                tabIndex={0}
                className={s.row}
                style={{ top: item.start, height: ROW_HEIGHT }}
                onClick={() => open(r)}
                onKeyDown={(e) => e.key === 'Enter' && open(r)}
                data-testid={`portfolio-row-${r.odsCode}`}
              >
                <div role="cell" className={s.cell}>
                  <span className={s.name}>{r.legalName}</span>
                  <Caption1 className={mergeClasses(s.muted, s.mono)}>
                    {r.odsCode} · {r.domainCount} domain{r.domainCount === 1 ? '' : 's'} {r.sample && <SampleBadge />}
                  </Caption1>
                </div>
                <div role="cell" className={s.cell}>
                  <span>
                    <RouteBadge route={r.route} />
                  </span>
                </div>
                <div role="cell" className={s.cell}>
                  <span className={s.status}>
                    <span className={s.dot} style={{ backgroundColor: STATUS_COLOURS[r.status] }} aria-hidden />
                    {RENEWAL_STATUSES[r.status]}
                  </span>
                  <Caption1 className={r.status === 'expired' ? s.bad : r.status === 'renewal-due' ? s.warn : s.muted}>
                    {daysText(r)}
                  </Caption1>
                  {r.current?.outcome && <Caption1>{r.current.outcome}</Caption1>}
                </div>
                <div role="cell" className={s.cell}>
                  <Text size={200}>{r.expiresOn ? formatDate(r.expiresOn) : '—'}</Text>
                </div>
                <div role="cell" className={s.cell}>
                  {r.current ? (
                    <>
                      <Caption1>
                        {r.current.cycle} ·{' '}
                        {r.current.status === 'draft' ? 'draft' : r.current.status === 'ready' ? 'ready for sign-off' : 'signed'} ·{' '}
                        {r.current.percent}%
                      </Caption1>
                      <ProgressBar
                        value={r.current.percent / 100}
                        thickness="medium"
                        color={r.current.blockers === 0 ? 'success' : 'brand'}
                        aria-label={`${r.legalName} ${r.current.percent}% answered`}
                      />
                    </>
                  ) : (
                    <Caption1 className={s.muted}>No assessment</Caption1>
                  )}
                </div>
                <div role="cell" className={s.cell}>
                  {r.failingChecks > 0 ? (
                    <Badge appearance="tint" color="danger">
                      {r.failingChecks}
                    </Badge>
                  ) : (
                    <Caption1 className={s.muted}>0</Caption1>
                  )}
                </div>
                <div role="cell" className={s.cell}>
                  {r.evidenceExpiring > 0 ? (
                    <Badge appearance="tint" color="warning">
                      {r.evidenceExpiring} expiring
                    </Badge>
                  ) : (
                    <Caption1 className={s.muted}>—</Caption1>
                  )}
                </div>
                <div role="cell" className={s.cell}>
                  <Caption1 className={s.muted}>{r.lastCheckedAt ? formatRelative(r.lastCheckedAt) : 'never'}</Caption1>
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
