import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Button,
  Caption1,
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  SearchBox,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Badge,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { Add20Regular, ShieldCheckmark20Regular, DocumentMultiple24Regular, FilterDismiss20Regular } from '@fluentui/react-icons';
import type { Client } from '../../../../shared/contract/clients';
import type { ExpiryFilter, IntegrityReport } from '../../../../shared/contract/evidence';
import { SOURCE_LABELS } from '../../../../shared/contract/evidence';
import { EVIDENCE_KINDS, EVIDENCE_KIND_IDS, type EvidenceKind } from '../../../../shared/domain/evidence-kinds';
import { FRESHNESS_LABELS, FRESHNESS_STATES, type Freshness } from '../../../../shared/domain/freshness';
import { useApiQuery } from '../../api/client';
import { useOperation } from '../../api/useOperation';
import { Section } from '../../components/Section';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { formatDate, formatDateTime, plural } from '../../format';
import { AddEvidenceDialog } from './AddEvidenceDialog';
import { EvidenceDetailDrawer } from './EvidenceDetailDrawer';
import { FileDrop } from './FileDrop';
import { FileTypeIcon, FreshnessBadge, MismatchBadge } from './EvidenceBadges';
import { formatCollected, kindLabel } from './evidence-format';
import { formatBytes } from '../../../../shared/domain/bytes';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  dropTarget: { outline: `2px dashed ${tokens.colorBrandStroke1}`, outlineOffset: '4px', borderRadius: tokens.borderRadiusLarge },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  filters: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'flex-end' },
  filter: { minWidth: '180px' },
  summary: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  muted: { color: tokens.colorNeutralForeground3 },
  titleCell: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS, paddingBlock: tokens.spacingVerticalS },
  titleText: { display: 'flex', flexDirection: 'column', minWidth: 0, gap: tokens.spacingVerticalXXS },
  titleLink: { textAlign: 'left', fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  // File names often have no spaces to break at.
  meta: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
  icon: { paddingTop: '2px', color: tokens.colorNeutralForeground2 },
  row: { cursor: 'pointer' },
  linked: { backgroundColor: tokens.colorBrandBackground2, boxShadow: `inset 3px 0 0 ${tokens.colorBrandStroke1}` },
  problems: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalXL },
  progress: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

const EXPIRY_LABELS: Record<ExpiryFilter, string> = {
  expired: 'Lapsed',
  'next-60-days': 'Lapses within 60 days',
  'next-12-months': 'Lapses within 12 months',
  'no-expiry': 'No expiry',
};

// The client's evidence library: every document, screenshot, export and probe snapshot, with its freshness
// today, where it is used, and an integrity check that re-hashes every stored file.
export function EvidenceTab({ client, item }: { client: Client; item?: string }) {
  const s = useStyles();
  const [kind, setKind] = useState<EvidenceKind | ''>('');
  const [freshness, setFreshness] = useState<Freshness | ''>('');
  const [expiry, setExpiry] = useState<ExpiryFilter | ''>('');
  const [search, setSearch] = useState('');
  const [adding, setAdding] = useState<{ file?: File } | undefined>();
  const [openItem, setOpenItem] = useState<string>();
  // A link can point at one item (/clients/:id/evidence/:item, from global search): its row is marked and
  // focused, and Enter opens it. (Opening the drawer straight away would race the search dialog's closing focus
  // trap, which hides whatever opens meanwhile from assistive technology.)
  const linked = useRef<HTMLButtonElement | null>(null);
  const [dragging, setDragging] = useState(false);
  const filtered = kind !== '' || freshness !== '' || expiry !== '' || search.trim() !== '';
  const list = useApiQuery('evidence.list', {
    clientId: client.id,
    kind: kind || undefined,
    freshness: freshness || undefined,
    expiry: expiry || undefined,
    search: search.trim() || undefined,
  });
  useEffect(() => {
    linked.current?.scrollIntoView({ block: 'center' });
    linked.current?.focus();
  }, [item, list.data]);
  const all = useApiQuery('evidence.list', { clientId: client.id });
  const settings = useApiQuery('settings.get', {});
  const maxBytes = (settings.data?.evidence.maxFileMegabytes ?? 200) * 1024 * 1024;

  const counts = useMemo(() => {
    const c: Record<Freshness, number> = { current: 0, expiring: 0, expired: 0, missing: 0 };
    for (const e of all.data ?? []) c[e.freshness.freshness]++;
    return c;
  }, [all.data]);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const f = e.dataTransfer.files[0];
    if (f && !client.archived) setAdding({ file: f });
  };

  const clearFilters = () => {
    setKind('');
    setFreshness('');
    setExpiry('');
    setSearch('');
  };

  return (
    <div
      className={mergeClasses(s.root, dragging && s.dropTarget)}
      onDragOver={(e) => {
        if (client.archived || !e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <Section
        id="evidence-library"
        title="Evidence library"
        description="Policies, certificates, reports, screenshots and probe snapshots for this client. Files are stored by their SHA-256 fingerprint, so any change on disk is detectable. Drop a file anywhere here to add it."
        actions={
          <Button appearance="primary" icon={<Add20Regular />} onClick={() => setAdding({})} disabled={client.archived}>
            Add evidence
          </Button>
        }
      >
        {all.data && all.data.length > 0 && (
          <div className={s.summary} aria-label="Freshness summary">
            <Text>{plural(all.data.length, 'item')}</Text>
            {FRESHNESS_STATES.filter((f) => f !== 'current' && counts[f] > 0).map((f) => (
              <Badge key={f} appearance="tint" color={f === 'expiring' ? 'warning' : 'danger'} shape="rounded">
                {counts[f]} {FRESHNESS_LABELS[f].toLowerCase()}
              </Badge>
            ))}
            {counts.expired + counts.expiring + counts.missing === 0 && (
              <Badge appearance="tint" color="success" shape="rounded">
                All current
              </Badge>
            )}
          </div>
        )}
        {all.data && all.data.length > 0 && (
          <div className={s.filters} role="search" aria-label="Filter evidence">
            <Field label="Search" className={s.filter}>
              <SearchBox value={search} onChange={(_, d) => setSearch(d.value)} placeholder="Title, file name, owner" />
            </Field>
            <Field label="Kind" className={s.filter}>
              <Select value={kind} onChange={(_, d) => setKind(d.value as EvidenceKind | '')}>
                <option value="">All kinds</option>
                {EVIDENCE_KIND_IDS.map((k) => (
                  <option key={k} value={k}>
                    {EVIDENCE_KINDS[k]}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Status" className={s.filter}>
              <Select value={freshness} onChange={(_, d) => setFreshness(d.value as Freshness | '')}>
                <option value="">Any status</option>
                {FRESHNESS_STATES.map((f) => (
                  <option key={f} value={f}>
                    {FRESHNESS_LABELS[f]}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Expiry" className={s.filter}>
              <Select value={expiry} onChange={(_, d) => setExpiry(d.value as ExpiryFilter | '')}>
                <option value="">Any expiry</option>
                {(Object.keys(EXPIRY_LABELS) as ExpiryFilter[]).map((x) => (
                  <option key={x} value={x}>
                    {EXPIRY_LABELS[x]}
                  </option>
                ))}
              </Select>
            </Field>
            {filtered && (
              <Button appearance="subtle" icon={<FilterDismiss20Regular />} onClick={clearFilters}>
                Clear filters
              </Button>
            )}
          </div>
        )}
        {list.isPending && <LoadingRows rows={5} label="Loading evidence" />}
        {list.isError && <ErrorMessage error={list.error} onRetry={() => list.refetch()} />}
        {list.data && list.data.length === 0 && !filtered && (
          <EmptyState icon={<DocumentMultiple24Regular />} title="No evidence yet">
            Add the documents reviewers ask for — policies, the breach procedure, the DSPT publication, a pen test report or ISO 27001
            certificate, screenshots. Mail-domain checks and tenant probes add their snapshots here automatically.
            {!client.archived && (
              <div style={{ marginTop: tokens.spacingVerticalL }}>
                <FileDrop onFile={(file) => setAdding({ file })} maxBytes={maxBytes} label="Add evidence" />
              </div>
            )}
          </EmptyState>
        )}
        {list.data && list.data.length === 0 && filtered && (
          <Text className={s.muted} role="status">
            No evidence matches these filters.{' '}
            <Link as="button" onClick={clearFilters}>
              Clear filters
            </Link>
          </Text>
        )}
        {list.data && list.data.length > 0 && (
          <Table aria-label="Evidence" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell style={{ width: '36%' }}>Title</TableHeaderCell>
                <TableHeaderCell>Kind</TableHeaderCell>
                <TableHeaderCell>Dated</TableHeaderCell>
                <TableHeaderCell style={{ width: '220px' }}>Freshness today</TableHeaderCell>
                <TableHeaderCell>Supports</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.data.map((e) => {
                const requirements = [...new Set(e.links.map((l) => l.requirementId))];
                return (
                  <TableRow
                    key={e.id}
                    className={`${s.row} ${e.id === item ? s.linked : ''}`}
                    aria-current={e.id === item ? 'true' : undefined}
                    onClick={() => setOpenItem(e.id)}
                    data-testid="evidence-row"
                  >
                    <TableCell>
                      <div className={s.titleCell}>
                        <span className={s.icon}>
                          <FileTypeIcon type={e.current.sniffedType} />
                        </span>
                        <div className={s.titleText}>
                          <Link
                            as="button"
                            ref={e.id === item ? linked : undefined}
                            className={s.titleLink}
                            onClick={(ev) => {
                              ev.stopPropagation();
                              setOpenItem(e.id);
                            }}
                          >
                            {e.title}
                          </Link>
                          <Caption1 className={s.meta}>
                            {e.current.originalName} · {formatBytes(e.current.size)} · v{e.current.version}
                            {e.versionCount > 1 ? ` of ${e.versionCount}` : ''} · {SOURCE_LABELS[e.source]}
                          </Caption1>
                          {e.current.extensionMismatch && (
                            <MismatchBadge originalName={e.current.originalName} type={e.current.sniffedType} />
                          )}
                        </div>
                      </div>
                    </TableCell>
                    <TableCell>{kindLabel(e.kind)}</TableCell>
                    <TableCell>{e.current.issueDate ? formatDate(e.current.issueDate) : formatCollected(e.current.collectedAt)}</TableCell>
                    <TableCell>
                      <FreshnessBadge freshness={e.freshness} context="today" />
                    </TableCell>
                    <TableCell>
                      {requirements.length ? (
                        <Caption1>
                          {requirements.slice(0, 4).join(', ') + (requirements.length > 4 ? ` +${requirements.length - 4}` : '')}
                        </Caption1>
                      ) : (
                        <Caption1 className={s.muted}>Not attached</Caption1>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </Section>
      {all.data && all.data.length > 0 && <IntegrityCheck clientId={client.id} fileCount={all.data.length} />}
      <AddEvidenceDialog
        open={adding !== undefined}
        onClose={() => setAdding(undefined)}
        clientId={client.id}
        mode="new"
        initialFile={adding?.file}
        onDone={(e) => setOpenItem(e.id)}
      />
      {openItem && <EvidenceDetailDrawer evidenceId={openItem} open onClose={() => setOpenItem(undefined)} />}
    </div>
  );
}

function IntegrityCheck({ clientId, fileCount }: { clientId: string; fileCount: number }) {
  const s = useStyles();
  const verify = useOperation('evidence.verify');
  const [report, setReport] = useState<IntegrityReport>();
  const { error, progress } = verify;

  const run = async () => {
    setReport(undefined);
    const r = await verify.run({ clientId });
    if (r.ok) setReport(r.value);
  };

  return (
    <Section
      id="evidence-integrity"
      title="Integrity"
      description="Re-reads every stored file, every version, and compares it with the SHA-256 recorded when it was added. Exports run the same check first."
      actions={
        <Button icon={<ShieldCheckmark20Regular />} onClick={run} disabled={verify.running || fileCount === 0}>
          {verify.running ? 'Checking…' : 'Check integrity'}
        </Button>
      }
    >
      {verify.running && (
        <div className={s.progress}>
          <ProgressBar value={verify.fraction} max={1} aria-label="Integrity check progress" />
          <Caption1 className={s.muted}>
            {progress?.total ? `${formatBytes(progress.done)} of ${formatBytes(progress.total)}` : 'Starting…'}
            {progress?.message ? ` · ${progress.message}` : ''}
          </Caption1>
        </div>
      )}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {report?.ok && (
        <MessageBar intent="success" data-testid="integrity-result">
          <MessageBarBody>
            <MessageBarTitle>All files intact</MessageBarTitle>
            {plural(report.checkedFiles, 'stored file')} ({formatBytes(report.checkedBytes)}) match their fingerprints · checked{' '}
            {formatDateTime(report.verifiedAt)}
          </MessageBarBody>
        </MessageBar>
      )}
      {report && !report.ok && (
        <MessageBar intent="error" layout="multiline" data-testid="integrity-result">
          <MessageBarBody>
            <MessageBarTitle>{plural(report.problems.length, 'file')} missing or altered</MessageBarTitle>
            These block readiness and export until the file is restored or added again as a new version.
            <ul className={s.problems}>
              {report.problems.map((p) => (
                <li key={p.versionId}>
                  {p.message}
                  {p.requirementIds.length ? ` Supports ${p.requirementIds.join(', ')}.` : ''}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      {!report && !verify.running && !error && (
        <Caption1 className={s.muted}>{fileCount === 0 ? 'Nothing stored yet.' : 'Not checked in this session.'}</Caption1>
      )}
    </Section>
  );
}
