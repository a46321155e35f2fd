import {
  Badge,
  Button,
  Caption1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Tooltip,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownload16Regular, Copy16Regular, ShieldCheckmark16Regular, ShieldCheckmark20Regular } from '@fluentui/react-icons';
import type { BundleSummary } from '../../../../shared/contract/statement';
import { errorMessage, saveDownload, useApiMutation } from '../../api/client';
import { useNotify } from '../../components/notify';
import { formatDateTime, plural } from '../../format';
import { formatBytes } from '../../../../shared/domain/bytes';
import { useCopy } from '../../components/useCopy';

const useStyles = makeStyles({
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  hash: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXXS },
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, justifyContent: 'flex-end' },
  version: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
});

// Every exported version, newest first, with its hash, seal, and Download / Verify.
export function BundleTable(props: { bundles: BundleSummary[]; onVerify: (b: BundleSummary) => void }) {
  const s = useStyles();
  const notify = useNotify();
  const copy = useCopy();
  const download = useApiMutation('bundle.download');

  const save = async (b: BundleSummary) => {
    try {
      const ref = await download.mutateAsync({ bundleId: b.id });
      if (await saveDownload(ref)) notify(`Saved ${ref.fileName}`);
    } catch (err) {
      notify('Could not save the bundle', { body: errorMessage(err), intent: 'error' });
    }
  };

  const rows = [...props.bundles].sort((a, b) => b.version - a.version);
  return (
    <Table aria-label="Bundle versions" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell style={{ width: '128px' }}>Version</TableHeaderCell>
          <TableHeaderCell>Exported</TableHeaderCell>
          <TableHeaderCell style={{ width: '120px' }}>Size</TableHeaderCell>
          <TableHeaderCell style={{ width: '190px' }}>SHA-256</TableHeaderCell>
          <TableHeaderCell style={{ width: '110px' }}>Seal</TableHeaderCell>
          <TableHeaderCell style={{ width: '210px' }} aria-label="Actions" />
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((b) => (
          <TableRow key={b.id} aria-label={`Version ${b.version}`}>
            <TableCell>
              <div className={s.version}>
                <Text weight="semibold">v{b.version}</Text>
                {b.sample && (
                  <Badge size="small" color="warning" appearance="tint">
                    Sample
                  </Badge>
                )}
                {!b.present && (
                  <Badge size="small" color="danger" appearance="tint">
                    File missing
                  </Badge>
                )}
              </div>
            </TableCell>
            <TableCell>
              <div>
                <Text>{formatDateTime(b.createdAt)}</Text>
                <Caption1 block className={s.muted}>
                  by {b.createdBy}
                </Caption1>
              </div>
            </TableCell>
            <TableCell>
              <div>
                <Text>{formatBytes(b.size)}</Text>
                <Caption1 block className={s.muted}>
                  {plural(b.fileCount, 'file')}
                </Caption1>
              </div>
            </TableCell>
            <TableCell>
              <div className={s.hash}>
                <Tooltip content={b.sha256} relationship="description">
                  <span className={s.mono} tabIndex={0}>
                    {b.sha256.slice(0, 12)}…
                  </span>
                </Tooltip>
                <Button
                  size="small"
                  appearance="subtle"
                  icon={<Copy16Regular />}
                  aria-label={`Copy the SHA-256 of v${b.version}`}
                  onClick={() => void copy(b.sha256, `the SHA-256 of v${b.version}`)}
                />
              </div>
            </TableCell>
            <TableCell>
              {b.sealed ? (
                <Tooltip content={b.sealSubject ? `Sealed by ${b.sealSubject}` : 'Sealed with a certificate'} relationship="description">
                  <Badge color="success" appearance="tint" icon={<ShieldCheckmark16Regular />} tabIndex={0}>
                    Sealed
                  </Badge>
                </Tooltip>
              ) : (
                <Caption1 className={s.muted}>Not sealed</Caption1>
              )}
            </TableCell>
            <TableCell>
              <div className={s.actions}>
                <Button
                  size="small"
                  icon={<ArrowDownload16Regular />}
                  disabled={!b.present || download.isPending}
                  onClick={() => void save(b)}
                  aria-label={`Download v${b.version}`}
                >
                  Download
                </Button>
                <Button
                  size="small"
                  icon={<ShieldCheckmark20Regular />}
                  disabled={!b.present}
                  onClick={() => props.onVerify(b)}
                  aria-label={`Verify v${b.version}`}
                >
                  Verify
                </Button>
              </div>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
