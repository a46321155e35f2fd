import { useState } from 'react';
import {
  Badge,
  Button,
  Caption1,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useFactStyles } from '../../components/facts';
import { ArrowDownload20Regular } from '@fluentui/react-icons';
import type { TenantEvidence } from '../../../../shared/contract/tenant';
import { errorMessage, saveDownload, invoke, useApiQuery } from '../../api/client';
import { CodeBlock } from '../../components/CodeBlock';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { useNotify } from '../../components/notify';
import { formatDateTime } from '../../format';
import { formatBytes } from '../../../../shared/domain/bytes';
import { describeSource } from './tenant-view';
import { SideDrawer } from '../../components/SideDrawer';

const useStyles = makeStyles({
  drawer: { width: 'min(1100px, 92vw)' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  url: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    textAlign: 'left',
    overflowWrap: 'anywhere',
    minWidth: 0,
    justifyContent: 'flex-start',
    fontWeight: tokens.fontWeightRegular,
    paddingLeft: tokens.spacingHorizontalS,
    paddingRight: 0,
    minHeight: 0,
    height: 'auto',
    paddingTop: tokens.spacingVerticalXXS,
    paddingBottom: tokens.spacingVerticalXXS,
  },
  requestCell: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    paddingTop: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalXS,
  },
  purpose: { color: tokens.colorNeutralForeground3, paddingLeft: tokens.spacingHorizontalS },
  selected: { backgroundColor: tokens.colorBrandBackground2 },
  table: { tableLayout: 'fixed' },
  head: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

async function downloadSnapshot(runId: string) {
  const ref = await invoke('tenant.snapshot.download', { runId });
  return saveDownload(ref);
}

function statusColor(status: number | undefined): 'success' | 'warning' | 'danger' | 'subtle' {
  if (status === undefined) return 'subtle';
  if (status < 300) return 'success';
  if (status === 429 || status === 503 || status < 400) return 'warning';
  return 'danger';
}

// The run's evidence as stored: every request the probe sent, its status and the response body (tokens
// stripped before it was saved), and the snapshot file itself with its SHA-256.
export function EvidenceDrawer({ runId, open, onClose }: { runId: string; open: boolean; onClose: () => void }) {
  const s = useStyles();
  const q = useApiQuery('tenant.evidence', { runId }, { enabled: open });
  return (
    <SideDrawer open={open} onClose={onClose} className={s.drawer} label="Raw evidence of the tenant probe" title="Raw evidence">
      {q.isPending && <LoadingRows rows={8} label="Loading the evidence" />}
      {q.isError && <ErrorMessage error={q.error} title="The evidence of this run cannot be read" onRetry={() => q.refetch()} />}
      {q.data && <EvidenceContent e={q.data} />}
    </SideDrawer>
  );
}

function EvidenceContent({ e }: { e: TenantEvidence }) {
  const s = useStyles();
  const fact = useFactStyles();
  const notify = useNotify();
  const [seq, setSeq] = useState<number | undefined>(e.exchanges[0]?.seq);
  const save = async () => {
    try {
      if (await downloadSnapshot(e.runId)) notify('Snapshot saved', { body: e.fileName });
    } catch (err) {
      notify('Could not save the snapshot', { body: errorMessage(err), intent: 'error' });
    }
  };
  return (
    <>
      <dl className={fact.dl}>
        <dt className={fact.dt}>Tenant</dt>
        <dd className={`${fact.dd} ${s.mono}`}>{e.tenantId}</dd>
        <dt className={fact.dt}>Collected</dt>
        <dd className={fact.dd}>
          {formatDateTime(e.collectedAt)} <span className={s.muted}>({e.collectedAt})</span>
        </dd>
        <dt className={fact.dt}>Exchange Online</dt>
        <dd className={fact.dd}>
          {e.exchangeSource === 'none'
            ? 'Not collected'
            : e.exchangeSource === 'rest'
              ? describeSource('exchange-rest')
              : `From the customer's script output${e.scriptCollectedAt ? `, run ${formatDateTime(e.scriptCollectedAt)}` : ''}`}
        </dd>
        <dt className={fact.dt}>App version</dt>
        <dd className={fact.dd}>{e.appVersion}</dd>
        <dt className={fact.dt}>Snapshot</dt>
        <dd className={fact.dd}>
          {e.fileName}
          <br />
          <span className={s.mono}>SHA-256 {e.sha256}</span>
        </dd>
      </dl>
      <div>
        <Button icon={<ArrowDownload20Regular />} onClick={() => void save()}>
          Download the snapshot
        </Button>
      </div>
      <section aria-label="Requests sent">
        <Subtitle2 as="h3">Requests ({e.exchanges.length})</Subtitle2>
        {e.exchanges.length === 0 ? (
          <Caption1 className={s.muted}>This run sent no requests: it evaluated an imported Exchange script output on its own.</Caption1>
        ) : (
          <Table size="small" className={s.table} aria-label="Requests sent to Microsoft 365">
            <TableHeader>
              <TableRow>
                <TableHeaderCell style={{ width: '44px' }}>#</TableHeaderCell>
                <TableHeaderCell>Request</TableHeaderCell>
                <TableHeaderCell style={{ width: '72px' }}>Status</TableHeaderCell>
                <TableHeaderCell style={{ width: '80px' }}>Time</TableHeaderCell>
                <TableHeaderCell style={{ width: '88px' }}>Size</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {e.exchanges.map((x) => (
                <TableRow key={x.seq} className={x.seq === seq ? s.selected : undefined} aria-selected={x.seq === seq}>
                  <TableCell>{x.seq}</TableCell>
                  <TableCell>
                    <div className={s.requestCell}>
                      <Button
                        appearance="transparent"
                        className={s.url}
                        onClick={() => setSeq(x.seq)}
                        aria-label={`Show response ${x.seq}: ${x.method} ${x.url}`}
                        aria-pressed={x.seq === seq}
                      >
                        {x.method} {x.url}
                      </Button>
                      {x.purpose && <Caption1 className={s.purpose}>{x.purpose}</Caption1>}
                    </div>
                  </TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={statusColor(x.status)} shape="rounded">
                      {x.status ?? (x.error ? 'error' : '—')}
                    </Badge>
                  </TableCell>
                  <TableCell>{Math.round(x.ms)} ms</TableCell>
                  <TableCell>{formatBytes(x.size)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
      {seq !== undefined && <ResponseBody runId={e.runId} exchange={e.exchanges.find((x) => x.seq === seq)!} />}
    </>
  );
}

function ResponseBody({ runId, exchange: x }: { runId: string; exchange: TenantEvidence['exchanges'][number] }) {
  const s = useStyles();
  const q = useApiQuery('tenant.evidence.body', { runId, seq: x.seq });
  return (
    <section aria-label={`Response ${x.seq}`}>
      <div className={s.head}>
        <Subtitle2 as="h3">Response {x.seq}</Subtitle2>
        <Caption1 className={s.muted}>
          {x.status !== undefined ? `HTTP ${x.status}` : 'no response'} · {q.data?.contentType ?? 'no content type'} · collected{' '}
          {formatDateTime(x.startedAt)}
        </Caption1>
      </div>
      <Text as="p" className={s.mono} style={{ margin: `${tokens.spacingVerticalXS} 0`, overflowWrap: 'anywhere' }}>
        {x.method} {x.url}
      </Text>
      {x.error && <Caption1>Error: {x.error}</Caption1>}
      {q.isPending && <LoadingRows rows={4} label="Loading the response" />}
      {q.isError && <ErrorMessage error={q.error} onRetry={() => q.refetch()} />}
      {q.data && (
        <>
          <CodeBlock maxHeight={480} label={`Response body ${x.seq}`}>
            {q.data.body || '(empty body)'}
          </CodeBlock>
          <Caption1 className={s.muted}>
            Stored as received, with access tokens and secrets removed.{q.data.truncated ? ' Shortened here; the snapshot has it all.' : ''}
          </Caption1>
        </>
      )}
    </section>
  );
}
