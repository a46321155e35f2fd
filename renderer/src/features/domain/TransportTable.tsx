import {
  Badge,
  Caption1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Tooltip,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { StarttlsState, TransportEntry } from '../../../../shared/contract/domain-checks';
import { formatDate } from '../../format';

const useStyles = makeStyles({
  table: { tableLayout: 'auto' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  // Addresses, protocol and cipher names read wrong when broken mid-word; the certificate column wraps instead.
  nowrap: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  cell: { paddingBlock: tokens.spacingVerticalS, verticalAlign: 'top' },
  versions: { display: 'flex', gap: tokens.spacingHorizontalXXS, flexWrap: 'nowrap' },
  refused: { textDecorationLine: 'line-through' },
});

const STARTTLS: Record<StarttlsState, { label: string; color: 'success' | 'danger' | 'warning' | 'subtle' }> = {
  offered: { label: 'Offered', color: 'success' },
  'handshake-failed': { label: 'Handshake fails', color: 'danger' },
  'not-offered': { label: 'Not offered', color: 'danger' },
  refused: { label: 'Refused us', color: 'subtle' },
  unreachable: { label: 'Unreachable', color: 'subtle' },
  timeout: { label: 'No answer', color: 'subtle' },
  intercepted: { label: 'Intercepted', color: 'warning' },
  malformed: { label: 'Not SMTP', color: 'subtle' },
};

const VERSION_SHORT: Record<string, string> = { 'TLSv1.3': '1.3', 'TLSv1.2': '1.2', 'TLSv1.1': '1.1', TLSv1: '1.0' };
const VERSION_STATE: Record<string, { color: 'success' | 'danger' | 'subtle' | 'informative'; word: string }> = {
  accepted: { color: 'success', word: 'accepted' },
  rejected: { color: 'subtle', word: 'refused' },
  'client-cannot-test': { color: 'informative', word: 'cannot be tested by this computer' },
  'not-tested': { color: 'subtle', word: 'not tested' },
  inconclusive: { color: 'subtle', word: 'inconclusive' },
};

function VersionBadges({ versions }: { versions?: Record<string, string> }) {
  const s = useStyles();
  if (!versions) return null;
  return (
    <span className={s.versions}>
      {['TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1'].map((v) => {
        const state = versions[v] ?? 'not-tested';
        const legacy = v === 'TLSv1' || v === 'TLSv1.1';
        const look =
          state === 'accepted' && legacy
            ? { color: 'danger' as const, word: 'accepted' }
            : (VERSION_STATE[state] ?? VERSION_STATE['not-tested']!);
        return (
          // Tint, not outline: Fluent draws an outline "subtle" badge in white, for dark backgrounds.
          <Tooltip key={v} content={`TLS ${VERSION_SHORT[v]}: ${look.word}`} relationship="label">
            <Badge
              size="small"
              shape="rounded"
              appearance={state === 'accepted' ? 'filled' : 'tint'}
              color={look.color}
              className={state === 'rejected' ? s.refused : undefined}
            >
              {VERSION_SHORT[v]}
            </Badge>
          </Tooltip>
        );
      })}
    </span>
  );
}

export function TransportTable({ entries, host }: { entries: TransportEntry[]; host: string }) {
  const s = useStyles();
  if (!entries.length) return null;
  return (
    <Table size="small" className={s.table} aria-label={`Mail server addresses of ${host}`}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Address</TableHeaderCell>
          <TableHeaderCell>STARTTLS</TableHeaderCell>
          <TableHeaderCell>TLS versions</TableHeaderCell>
          <TableHeaderCell>Negotiated</TableHeaderCell>
          <TableHeaderCell>Certificate</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map((t) => {
          const st = STARTTLS[t.starttls];
          const c = t.certificate;
          return (
            <TableRow key={`${t.ip}:${t.port}`}>
              <TableCell className={s.cell}>
                <span className={s.nowrap}>
                  {t.ip}:{t.port}
                </span>
              </TableCell>
              <TableCell className={s.cell}>
                <Badge appearance="tint" shape="rounded" color={st.color}>
                  {st.label}
                </Badge>
                {t.note && t.starttls !== 'offered' && (
                  <div>
                    <Caption1 className={s.muted}>{t.note}</Caption1>
                  </div>
                )}
              </TableCell>
              <TableCell className={s.cell}>
                <VersionBadges versions={t.versions} />
              </TableCell>
              <TableCell className={s.cell}>
                {t.protocol ? (
                  <>
                    <div className={s.nowrap}>{t.protocol}</div>
                    <div className={s.nowrap}>{t.cipher}</div>
                    {t.keyExchange && <Caption1 className={s.muted}>Key exchange {t.keyExchange}</Caption1>}
                  </>
                ) : (
                  <Caption1 className={s.muted}>—</Caption1>
                )}
              </TableCell>
              <TableCell className={s.cell}>
                {c ? (
                  <>
                    <div className={s.mono}>{c.sans.slice(0, 3).join(', ') || c.subject}</div>
                    <Caption1 className={s.muted}>
                      {c.hostnameMatch ? 'Valid for this host' : 'Not valid for this host'} · {c.trusted ? 'trusted' : 'not trusted'} ·
                      until {formatDate(c.notAfter)} · {c.keyType.toUpperCase()} {c.keyBits ?? c.curve ?? ''}
                    </Caption1>
                  </>
                ) : (
                  <Caption1 className={s.muted}>—</Caption1>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
