import { useState } from 'react';
import {
  Badge,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  ProgressBar,
  Spinner,
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
import { ArrowUpload20Regular, CheckmarkCircle20Filled } from '@fluentui/react-icons';
import { ROUTE_LABELS, type Route } from '../../../../shared/contract/clients';
import { IMPORT_FIELDS, type ImportPreview, type ImportResult, type ImportRow } from '../../../../shared/contract/client-import';
import { ApiError, errorMessage, useApiMutation, useApiQuery } from '../../api/client';
import { bridge } from '../../api/bridge';
import { FilePickButton } from '../../components/FilePickButton';
import { useNotify } from '../../components/notify';
import { plural } from '../../format';
import { formatBytes } from '../../../../shared/domain/bytes';

const useStyles = makeStyles({
  surface: { maxWidth: '880px', width: 'calc(100vw - 48px)' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  pick: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  counts: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  tableWrap: {
    maxHeight: '320px',
    overflowY: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  rowCol: { width: '64px' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  reasons: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  done: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, color: tokens.colorPaletteGreenForeground1 },
});

type RouteChoice = Route | 'file';

// Clients › Import…: a firm's client list from a CSV file. The file is checked row by row first (the same rules
// as the client form); the user sees which rows will be imported and why the others will not, then imports the
// valid rows together. Rejected rows stay listed afterwards so they can be fixed in the spreadsheet.
export function ImportClientsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const s = useStyles();
  const notify = useNotify();
  const [upload, setUpload] = useState<{ uploadId: string; fileName: string }>();
  const [sending, setSending] = useState<{ fileName: string; sent: number; size: number }>();
  const [uploadError, setUploadError] = useState<string>();
  const [route, setRoute] = useState<RouteChoice>('file');
  const [result, setResult] = useState<ImportResult>();
  const [importError, setImportError] = useState<string>();
  const defaultRoute = route === 'file' ? undefined : route;
  const preview = useApiQuery(
    'client.importPreview',
    { uploadId: upload?.uploadId ?? '00000000-0000-4000-8000-000000000000', defaultRoute },
    { enabled: Boolean(upload) && !result, retry: false, placeholderData: (p) => p },
  );
  const importRows = useApiMutation('client.import');

  const reset = () => {
    setUpload(undefined);
    setSending(undefined);
    setUploadError(undefined);
    setResult(undefined);
    setImportError(undefined);
    setRoute('file');
  };
  const close = () => {
    if ((importRows.isPending && !result) || sending) return;
    reset();
    onClose();
  };

  const onFile = async ([file]: File[]) => {
    if (!file) return;
    reset();
    setSending({ fileName: file.name, sent: 0, size: file.size });
    const r = await bridge().uploadFile(file, (sent, size) => setSending({ fileName: file.name, sent, size: size || file.size }));
    setSending(undefined);
    if (!r.ok) return setUploadError(new ApiError(r.error).message);
    setUpload({ uploadId: r.value.uploadId, fileName: r.value.fileName });
  };

  const runImport = async (p: ImportPreview) => {
    if (!upload) return;
    setImportError(undefined);
    try {
      const r = await importRows.mutateAsync({
        uploadId: upload.uploadId,
        defaultRoute,
        expectRows: p.rows.filter((x) => x.status === 'accepted').map((x) => x.row),
      });
      setResult(r);
      notify('Clients imported', {
        body: `${plural(r.imported.length, 'client')} added${r.rejected ? `; ${plural(r.rejected, 'row')} not imported` : ''}.`,
      });
    } catch (err) {
      setImportError(errorMessage(err));
    }
  };

  const shown: ImportPreview | undefined = result ?? (upload ? preview.data : undefined);
  const rejected = shown?.rows.filter((r) => r.status === 'rejected') ?? [];
  const accepted = shown?.rows.filter((r) => r.status === 'accepted') ?? [];

  return (
    <Dialog open={open} onOpenChange={(_, d) => !d.open && close()}>
      <DialogSurface className={s.surface}>
        <DialogBody>
          <DialogTitle>{result ? 'Clients imported' : 'Import clients from a CSV file'}</DialogTitle>
          <DialogContent className={s.content}>
            {!result && (
              <>
                <Caption1 className={s.muted}>
                  One row per care provider, with a header row. Recognised columns: {Object.values(IMPORT_FIELDS).join(', ')}. Several
                  domains or CQC location IDs go in one cell, separated by spaces or semicolons. Nothing is imported until you confirm.
                </Caption1>
                <div className={s.pick}>
                  <FilePickButton
                    accept=".csv,.txt,text/csv"
                    icon={<ArrowUpload20Regular />}
                    appearance={upload ? 'secondary' : 'primary'}
                    onFiles={(f) => void onFile(f)}
                    disabled={Boolean(sending) || importRows.isPending}
                  >
                    {upload ? 'Choose another file…' : 'Choose CSV file…'}
                  </FilePickButton>
                  <Field label="Route for rows without one" size="small">
                    <Dropdown
                      size="small"
                      value={route === 'file' ? 'Leave empty routes as errors' : ROUTE_LABELS[route]}
                      selectedOptions={[route]}
                      onOptionSelect={(_, d) => setRoute(d.optionValue as RouteChoice)}
                      disabled={importRows.isPending}
                    >
                      <Option value="file">Leave empty routes as errors</Option>
                      {Object.entries(ROUTE_LABELS).map(([k, v]) => (
                        <Option key={k} value={k}>
                          {v}
                        </Option>
                      ))}
                    </Dropdown>
                  </Field>
                </div>
              </>
            )}

            {sending && (
              <Field
                label={`Uploading ${sending.fileName}`}
                hint={`${formatBytes(sending.sent)} of ${formatBytes(sending.size)}`}
                validationState="none"
              >
                <ProgressBar value={sending.size ? sending.sent / sending.size : undefined} max={1} aria-label="Upload progress" />
              </Field>
            )}
            {uploadError && <Problem title="Not uploaded" message={uploadError} />}
            {upload && !result && preview.isFetching && !preview.data && (
              <Spinner size="small" label={`Checking ${upload.fileName}…`} labelPosition="after" />
            )}
            {upload && !result && preview.isError && (
              <Problem title="Nothing imported: the file cannot be read as a client list" message={errorMessage(preview.error)} />
            )}

            {shown && (
              <>
                {result ? (
                  <div className={s.done} role="status">
                    <CheckmarkCircle20Filled />
                    <Text>
                      {plural(result.imported.length, 'client')} imported from {result.fileName}
                      {rejected.length ? `; ${plural(rejected.length, 'row')} not imported (below)` : ''}.
                    </Text>
                  </div>
                ) : (
                  <div className={s.counts} role="status" aria-label="Import check">
                    <Text weight="semibold">{shown.fileName}</Text>
                    <Badge appearance="tint" color="success">
                      {plural(shown.accepted, 'row')} ready
                    </Badge>
                    {shown.rejected > 0 && (
                      <Badge appearance="tint" color="danger">
                        {plural(shown.rejected, 'row')} rejected
                      </Badge>
                    )}
                    <Caption1 className={s.muted}>
                      {shown.encoding}, “{shown.delimiter === '\t' ? 'tab' : shown.delimiter}” separated, header on row {shown.headerRow}
                      {shown.columns.some((c) => !c.field) &&
                        ` · ignored: ${shown.columns
                          .filter((c) => !c.field)
                          .map((c) => c.header || '(blank)')
                          .join(', ')}`}
                    </Caption1>
                  </div>
                )}
                {rejected.length > 0 && (
                  <RowsTable
                    label="Rejected rows"
                    caption={
                      result
                        ? 'These rows were not imported. Fix them in the spreadsheet and import the file again: rows already imported are reported as duplicates.'
                        : 'These rows will not be imported:'
                    }
                    rows={rejected}
                    reasons
                  />
                )}
                {!result && accepted.length > 0 && <RowsTable label="Rows to import" rows={accepted} />}
                {!result && accepted.length === 0 && (
                  <Problem title="No row can be imported" message="Every row has a problem: see the reasons above." />
                )}
              </>
            )}
            {importError && <Problem title="Nothing imported" message={importError} />}
          </DialogContent>
          <DialogActions>
            <Button onClick={close} disabled={importRows.isPending && !result}>
              {result ? 'Close' : 'Cancel'}
            </Button>
            {!result && shown && (
              <Button
                appearance="primary"
                disabled={shown.accepted === 0 || importRows.isPending || preview.isFetching}
                icon={importRows.isPending ? <Spinner size="tiny" /> : undefined}
                onClick={() => void runImport(shown)}
              >
                {importRows.isPending ? 'Importing…' : `Import ${plural(shown.accepted, 'client')}`}
              </Button>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function Problem({ title, message }: { title: string; message: string }) {
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {message}
      </MessageBarBody>
    </MessageBar>
  );
}

function RowsTable({ label, caption, rows, reasons }: { label: string; caption?: string; rows: ImportRow[]; reasons?: boolean }) {
  const s = useStyles();
  return (
    <div>
      {caption && <Caption1 className={s.muted}>{caption}</Caption1>}
      <div className={s.tableWrap}>
        <Table size="small" aria-label={label}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell className={s.rowCol}>Row</TableHeaderCell>
              <TableHeaderCell>Organisation</TableHeaderCell>
              <TableHeaderCell>ODS code</TableHeaderCell>
              {reasons ? <TableHeaderCell>Why</TableHeaderCell> : <TableHeaderCell>Route · domains</TableHeaderCell>}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.row}>
                <TableCell className={s.rowCol}>{r.row}</TableCell>
                <TableCell>{r.legalName || '—'}</TableCell>
                <TableCell className={s.mono}>{r.odsCode || '—'}</TableCell>
                <TableCell>
                  {reasons ? (
                    <ul className={s.reasons}>
                      {r.reasons.map((x) => (
                        <li key={x}>{x}</li>
                      ))}
                    </ul>
                  ) : (
                    `${r.route ? ROUTE_LABELS[r.route] : '—'} · ${r.domains.join(', ')}`
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
