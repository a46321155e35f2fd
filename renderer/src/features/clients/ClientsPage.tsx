import { useDeferredValue, useState, type KeyboardEvent } from 'react';
import {
  Button,
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  SearchBox,
  Switch,
  Text,
  createTableColumn,
  makeStyles,
  tokens,
  Caption1,
  Badge,
  type TableColumnDefinition,
} from '@fluentui/react-components';
import { Add24Regular, ArrowImport24Regular, PeopleTeam24Regular, SearchInfo24Regular } from '@fluentui/react-icons';
import { Link, useLocation } from 'wouter';
import type { ClientSummary } from '../../../../shared/contract/clients';
import { displayDomain } from '../../../../shared/domain/email-domain';
import { useApiQuery } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { RouteBadge, SampleBadge } from '../../components/RouteBadge';
import { formatRelative } from '../../format';
import { ImportClientsDialog } from '../workspace/ImportClientsDialog';

const useStyles = makeStyles({
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'center', flexWrap: 'wrap' },
  search: { width: '360px', maxWidth: '100%' },
  grid: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    boxShadow: tokens.shadow2,
    overflow: 'hidden',
  },
  row: { cursor: 'pointer' },
  nameCell: { display: 'flex', flexDirection: 'column', paddingBlock: tokens.spacingVerticalS, minWidth: 0 },
  name: {
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1,
    textDecorationLine: 'none',
    ':hover': { textDecorationLine: 'underline' },
  },
  muted: { color: tokens.colorNeutralForeground3 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  count: { color: tokens.colorNeutralForeground3, marginLeft: 'auto' },
});

export function ClientsPage() {
  const s = useStyles();
  const [, navigate] = useLocation();
  const [search, setSearch] = useState('');
  const [includeArchived, setIncludeArchived] = useState(false);
  const [importing, setImporting] = useState(false);
  const deferred = useDeferredValue(search);
  const clients = useApiQuery('client.list', { search: deferred || undefined, includeArchived }, { placeholderData: (prev) => prev });

  const columns: TableColumnDefinition<ClientSummary>[] = [
    createTableColumn<ClientSummary>({
      columnId: 'name',
      renderHeaderCell: () => 'Organisation',
      renderCell: (c) => (
        <div className={s.nameCell}>
          <Link href={`/clients/${c.id}`} className={s.name} onClick={(e) => e.stopPropagation()}>
            {c.legalName}
          </Link>
          {c.tradingName && <Caption1 className={s.muted}>trading as {c.tradingName}</Caption1>}
        </div>
      ),
    }),
    createTableColumn<ClientSummary>({
      columnId: 'ods',
      renderHeaderCell: () => 'ODS code',
      renderCell: (c) => <span className={s.mono}>{c.odsCode}</span>,
    }),
    createTableColumn<ClientSummary>({
      columnId: 'route',
      renderHeaderCell: () => 'Route',
      renderCell: (c) => (
        <span style={{ display: 'flex', gap: 6 }}>
          <RouteBadge route={c.route} />
          {c.sample && <SampleBadge />}
          {c.archived && (
            <Badge appearance="outline" color="informative">
              Archived
            </Badge>
          )}
        </span>
      ),
    }),
    createTableColumn<ClientSummary>({
      columnId: 'domains',
      renderHeaderCell: () => 'Email domains',
      renderCell: (c) => (
        <span>
          {displayDomain(c.domains[0] ?? '')}
          {c.domains.length > 1 && <span className={s.muted}> +{c.domains.length - 1} more</span>}
        </span>
      ),
    }),
    createTableColumn<ClientSummary>({ columnId: 'sites', renderHeaderCell: () => 'Sites', renderCell: (c) => c.siteCount || '—' }),
    createTableColumn<ClientSummary>({
      columnId: 'updated',
      renderHeaderCell: () => 'Last change',
      renderCell: (c) => <span className={s.muted}>{formatRelative(c.updatedAt)}</span>,
    }),
  ];

  const list = clients.data ?? [];
  const filtering = Boolean(deferred) || includeArchived;

  return (
    <>
      <PageHeader
        title="Clients"
        subtitle="The care providers you accredit. Each has its own checklist, evidence and renewal date."
        actions={
          <>
            <Button icon={<ArrowImport24Regular />} onClick={() => setImporting(true)}>
              Import…
            </Button>
            <Link href="/clients/new" asChild>
              <Button appearance="primary" icon={<Add24Regular />}>
                Add client
              </Button>
            </Link>
          </>
        }
      />
      <ImportClientsDialog open={importing} onClose={() => setImporting(false)} />
      <div className={s.toolbar}>
        <SearchBox
          className={s.search}
          placeholder="Search by name, ODS code or domain"
          aria-label="Search clients"
          value={search}
          onChange={(_, d) => setSearch(d.value)}
        />
        <Switch label="Show archived" checked={includeArchived} onChange={(_, d) => setIncludeArchived(d.checked)} />
        {clients.data && (
          <Text className={s.count} aria-live="polite">
            {list.length} {list.length === 1 ? 'client' : 'clients'}
          </Text>
        )}
      </div>
      {clients.isPending && <LoadingRows label="Loading clients" />}
      {clients.isError && <ErrorMessage error={clients.error} onRetry={() => clients.refetch()} />}
      {clients.data && list.length === 0 && !filtering && (
        <EmptyState
          icon={<PeopleTeam24Regular />}
          title="No clients yet"
          action={
            <Link href="/clients/new" asChild>
              <Button appearance="primary" icon={<Add24Regular />}>
                Add your first client
              </Button>
            </Link>
          }
        >
          Add a care provider with its ODS code, email domains and accreditation route. You can also import a list from the command line
          with <code>npx dcb1596 clients add</code>.
        </EmptyState>
      )}
      {clients.data && list.length === 0 && filtering && (
        <EmptyState icon={<SearchInfo24Regular />} title="No matching clients">
          Nothing matches “{deferred}”. Try part of the name, the ODS code or a domain
          {includeArchived ? '' : ', or include archived clients'}.
        </EmptyState>
      )}
      {list.length > 0 && (
        <DataGrid items={list} columns={columns} getRowId={(c) => c.id} className={s.grid} aria-label="Clients" focusMode="row_unstable">
          <DataGridHeader>
            <DataGridRow>{({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}</DataGridRow>
          </DataGridHeader>
          <DataGridBody<ClientSummary>>
            {({ item, rowId }) => (
              <DataGridRow<ClientSummary>
                key={rowId}
                className={s.row}
                onClick={() => navigate(`/clients/${item.id}`)}
                onKeyDown={(e: KeyboardEvent<HTMLDivElement>) => {
                  if (e.key === 'Enter' && e.target === e.currentTarget) navigate(`/clients/${item.id}`);
                }}
                data-testid={`client-row-${item.odsCode}`}
              >
                {({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}
              </DataGridRow>
            )}
          </DataGridBody>
        </DataGrid>
      )}
    </>
  );
}
