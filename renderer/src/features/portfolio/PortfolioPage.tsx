import { useMemo, useState } from 'react';
import {
  Button,
  Dropdown,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  MessageBarActions,
  Option,
  SearchBox,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CalendarArrowDown20Regular, Add24Regular, DataTrending24Regular, Dismiss16Regular } from '@fluentui/react-icons';
import { Link } from 'wouter';
import { ROUTE_LABELS, type Route } from '../../../../shared/contract/clients';
import { RENEWAL_STATUSES, RENEWAL_LEAD_DAYS, type RenewalStatus } from '../../../../shared/domain/renewal-status';
import { ApiError, errorMessage, invoke, useApiQuery } from '../../api/client';
import { bridge } from '../../api/bridge';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { useNotify } from '../../components/notify';
import { plural } from '../../format';
import { StatusBreakdown } from './StatusBreakdown';
import { RenewalTimeline } from './RenewalTimeline';
import { PortfolioTable } from './PortfolioTable';
import { expiriesByMonth, filterRows, sortRows, type PortfolioFilter, type SortKey } from './portfolio-view';

const useStyles = makeStyles({
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  search: { width: '300px' },
  count: { marginLeft: 'auto', color: tokens.colorNeutralForeground3 },
  reminders: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

const REMINDERS_KEY = 'dcb1596.reminders-dismissed';
function readDismissed(): string | null {
  try {
    return sessionStorage.getItem(REMINDERS_KEY);
  } catch {
    return null;
  }
}
function rememberDismissed(key: string) {
  try {
    sessionStorage.setItem(REMINDERS_KEY, key);
  } catch {
    // Storage refused: hidden for this view only.
  }
}

export function PortfolioPage() {
  const s = useStyles();
  const notify = useNotify();
  const overview = useApiQuery('portfolio.overview', {});
  const [filter, setFilter] = useState<PortfolioFilter>({ search: '', status: 'all', route: 'all' });
  const [sort, setSort] = useState<{ key: SortKey; dir: 'asc' | 'desc' }>({ key: 'status', dir: 'asc' });
  const rows = overview.data?.rows ?? [];
  const visible = useMemo(() => sortRows(filterRows(rows, filter), sort.key, sort.dir), [rows, filter, sort]);
  const counts = useMemo(() => {
    const c = Object.fromEntries(Object.keys(RENEWAL_STATUSES).map((k) => [k, 0])) as Record<RenewalStatus, number>;
    for (const r of rows) c[r.status]++;
    return c;
  }, [rows]);
  const [dismissedReminders, setDismissedReminders] = useState(readDismissed);
  const months = useMemo(() => (overview.data ? expiriesByMonth(rows, overview.data.today) : []), [rows, overview.data]);

  const exportCalendar = async () => {
    try {
      const cal = await invoke('portfolio.calendar', {});
      const r = await bridge().saveDownload(cal);
      if (!r.ok) throw new ApiError(r.error);
      notify('Calendar exported', { body: `${plural(cal.events, 'event')} in ${cal.fileName}` });
    } catch (err) {
      notify('Could not export the calendar', { body: errorMessage(err), intent: 'error' });
    }
  };

  if (overview.isPending) return <LoadingRows rows={8} label="Loading portfolio" />;
  if (overview.isError) return <ErrorMessage error={overview.error} onRetry={() => overview.refetch()} />;
  const overdue = rows.filter((r) => r.status === 'expired');
  const due = rows.filter((r) => r.status === 'renewal-due');
  const evidence = rows.reduce((n, r) => n + r.evidenceExpiring, 0);
  // Hidden for this session only; new reminders (a count that changes) show again.
  const remindersKey = `${overview.data.today}:${overdue.length}:${due.length}:${evidence}`;
  const hide = (
    <MessageBarActions>
      <Button
        appearance="transparent"
        size="small"
        icon={<Dismiss16Regular />}
        onClick={() => {
          rememberDismissed(remindersKey);
          setDismissedReminders(remindersKey);
        }}
      >
        Hide until next start
      </Button>
    </MessageBarActions>
  );

  return (
    <>
      <PageHeader
        title="Portfolio"
        subtitle="Every client's place in the yearly accreditation cycle."
        actions={
          <>
            <Button icon={<CalendarArrowDown20Regular />} onClick={exportCalendar} disabled={rows.length === 0}>
              Export calendar (.ics)
            </Button>
            <Link href="/clients/new" asChild>
              <Button appearance="primary" icon={<Add24Regular />}>
                Add client
              </Button>
            </Link>
          </>
        }
      />
      {overview.data.clockWarning && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Check this computer’s date</MessageBarTitle>
            {overview.data.clockWarning}
          </MessageBarBody>
        </MessageBar>
      )}
      {overview.data.dateWarnings && overview.data.dateWarnings.length > 0 && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Some accreditation dates need checking</MessageBarTitle>
            <ul className={s.list}>
              {overview.data.dateWarnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      {(overdue.length > 0 || due.length > 0 || evidence > 0) && remindersKey !== dismissedReminders && (
        <div className={s.reminders} role="region" aria-label="Reminders">
          {overdue.length > 0 && (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>{plural(overdue.length, 'accreditation')} expired</MessageBarTitle>
                {overdue
                  .slice(0, 4)
                  .map((r) => r.legalName)
                  .join(', ')}
                {overdue.length > 4 ? ` and ${overdue.length - 4} more` : ''}. Start the renewal now: an expired accreditation can be
                removed from the NHS accredited-domains list.
              </MessageBarBody>
              {hide}
            </MessageBar>
          )}
          {due.length > 0 && (
            <MessageBar intent="warning">
              <MessageBarBody>
                <MessageBarTitle>
                  {plural(due.length, 'renewal')} due within {RENEWAL_LEAD_DAYS} days
                </MessageBarTitle>
                {due
                  .slice()
                  .sort((a, b) => (a.daysLeft ?? 0) - (b.daysLeft ?? 0))
                  .slice(0, 4)
                  .map((r) => `${r.legalName} (${r.daysLeft} days)`)
                  .join(', ')}
                {due.length > 4 ? ` and ${due.length - 4} more` : ''}.
              </MessageBarBody>
              {overdue.length === 0 && hide}
            </MessageBar>
          )}
          {evidence > 0 && (
            <MessageBar intent="info">
              <MessageBarBody>
                <MessageBarTitle>{plural(evidence, 'evidence item')} expiring</MessageBarTitle>
                Pen tests, certificates and other dated evidence expire within {RENEWAL_LEAD_DAYS} days of the planned submissions, or have
                expired.
              </MessageBarBody>
              {overdue.length === 0 && due.length === 0 && hide}
            </MessageBar>
          )}
        </div>
      )}

      {rows.length === 0 ? (
        <EmptyState
          icon={<DataTrending24Regular />}
          title="Your portfolio is empty"
          action={
            <Link href="/clients/new" asChild>
              <Button appearance="primary" icon={<Add24Regular />}>
                Add your first client
              </Button>
            </Link>
          }
        >
          Add the care providers you accredit. Each one shows here with its accreditation date, days left, readiness and failing checks, so
          the annual renewals never creep up on you. Exploring first? Run <code>npm run demo</code> for a sample workspace.
        </EmptyState>
      ) : (
        <>
          <StatusBreakdown counts={counts} active={filter.status} onSelect={(status) => setFilter({ ...filter, status })} />
          <div className={s.toolbar}>
            <SearchBox
              className={s.search}
              placeholder="Search by name or ODS code"
              aria-label="Search portfolio"
              value={filter.search}
              onChange={(_, d) => setFilter({ ...filter, search: d.value })}
            />
            <Dropdown
              aria-label="Filter by status"
              value={filter.status === 'all' ? 'Any status' : RENEWAL_STATUSES[filter.status]}
              selectedOptions={[filter.status]}
              onOptionSelect={(_, d) => setFilter({ ...filter, status: d.optionValue as RenewalStatus | 'all' })}
            >
              <Option value="all">Any status</Option>
              {Object.entries(RENEWAL_STATUSES).map(([k, v]) => (
                <Option key={k} value={k}>
                  {v}
                </Option>
              ))}
            </Dropdown>
            <Dropdown
              aria-label="Filter by route"
              value={filter.route === 'all' ? 'Any route' : ROUTE_LABELS[filter.route]}
              selectedOptions={[filter.route]}
              onOptionSelect={(_, d) => setFilter({ ...filter, route: d.optionValue as Route | 'all' })}
            >
              <Option value="all">Any route</Option>
              {Object.entries(ROUTE_LABELS).map(([k, v]) => (
                <Option key={k} value={k}>
                  {v}
                </Option>
              ))}
            </Dropdown>
            <Text className={s.count} aria-live="polite">
              {visible.length === rows.length ? plural(rows.length, 'client') : `${visible.length} of ${rows.length} clients`}
            </Text>
          </div>
          <PortfolioTable
            rows={visible}
            sort={sort.key}
            dir={sort.dir}
            onSort={(key) => setSort((p) => ({ key, dir: p.key === key && p.dir === 'asc' ? 'desc' : 'asc' }))}
          />
          <RenewalTimeline months={months} />
        </>
      )}
    </>
  );
}
