import { useState } from 'react';
import {
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DatabaseArrowDown20Regular, DatabaseArrowUp20Regular } from '@fluentui/react-icons';
import type { BackupResult } from '../../../../shared/contract/workspace';
import { ApiError, errorMessage, useApiQuery } from '../../api/client';
import { bridge } from '../../api/bridge';
import { Section } from '../../components/Section';
import { FilePickButton } from '../../components/FilePickButton';
import { useNotify } from '../../components/notify';
import { plural } from '../../format';
import { formatBytes } from '../../../../shared/domain/bytes';
import { RestoreDialog } from './RestoreDialog';
import { useOperation } from '../../api/useOperation';

const useStyles = makeStyles({
  columns: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))', gap: tokens.spacingHorizontalXL },
  panel: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  heading: { fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  wide: { alignSelf: 'stretch' },
});

// Settings › Backup and move: one file with the whole workspace (database and evidence), and restoring such a
// file into an empty workspace on another computer.
export function BackupSection() {
  const s = useStyles();
  const notify = useNotify();
  // Whether the workspace is empty changes with every client added anywhere: ask afresh each time.
  const status = useApiQuery('workspace.status', {}, { staleTime: 0, refetchOnMount: 'always' });
  const backup = useOperation('workspace.backup');
  const [last, setLast] = useState<BackupResult>();
  const [saveError, setSaveError] = useState<string>();
  const [upload, setUpload] = useState<{ fileName: string; sent: number; size: number }>();
  const [uploadError, setUploadError] = useState<string>();
  const [picked, setPicked] = useState<{ uploadId: string; fileName: string }>();

  const runBackup = async () => {
    setSaveError(undefined);
    setLast(undefined);
    const b = await backup.run({});
    if (!b.ok) return;
    const r = b.value;
    setLast(r);
    try {
      const saved = await bridge().saveDownload({ downloadId: r.downloadId, fileName: r.fileName });
      if (saved.ok && saved.value.saved) notify('Backup saved', { body: `${r.fileName} · ${formatBytes(r.size)}` });
    } catch (err) {
      setSaveError(errorMessage(err));
    }
  };

  const onFile = async ([file]: File[]) => {
    if (!file) return;
    setUploadError(undefined);
    setUpload({ fileName: file.name, sent: 0, size: file.size });
    const r = await bridge().uploadFile(file, (sent, size) => setUpload({ fileName: file.name, sent, size: size || file.size }));
    setUpload(undefined);
    if (!r.ok) return setUploadError(new ApiError(r.error).message);
    setPicked({ uploadId: r.value.uploadId, fileName: r.value.fileName });
  };

  const st = status.data;
  const backingUp = backup.running;
  const backupError = backup.error ?? saveError;
  return (
    <Section
      id="backup"
      title="Backup and move"
      description="Keep a copy of this workspace, or move it to another computer. Sign-ins are not part of a backup: they are encrypted for this computer, so you sign in to each Microsoft 365 tenant again on the new one."
    >
      <div className={s.columns}>
        <div className={s.panel}>
          <Text className={s.heading}>Back up this workspace</Text>
          <Caption1 className={s.muted}>
            One .zip file with every client, assessment, audit entry and evidence file, each with a SHA-256 hash so the copy can be checked.
          </Caption1>
          {st && (
            <Caption1>
              Now: {plural(st.clients, 'client')}, {plural(st.assessments, 'assessment')}
            </Caption1>
          )}
          <Button appearance="primary" icon={<DatabaseArrowDown20Regular />} onClick={() => void runBackup()} disabled={backingUp}>
            {backingUp ? 'Backing up…' : 'Back up workspace'}
          </Button>
          {backingUp && (
            <Field
              className={s.wide}
              label={backup.progress?.message ?? 'Taking a snapshot of the database'}
              hint={backup.progress?.total ? `${formatBytes(backup.progress.done)} of ${formatBytes(backup.progress.total)}` : undefined}
              validationState="none"
            >
              <ProgressBar value={backup.fraction} max={1} thickness="large" aria-label="Backup progress" />
            </Field>
          )}
          {last && (
            <MessageBar intent={last.warnings.length ? 'warning' : 'success'} layout="multiline" className={s.wide}>
              <MessageBarBody>
                <MessageBarTitle>Backup ready</MessageBarTitle>
                {last.fileName} · {formatBytes(last.size)} · {plural(last.clients, 'client')}, {plural(last.assessments, 'assessment')},{' '}
                {plural(last.evidenceFiles, 'evidence file')}
                {last.warnings.map((w) => (
                  <div key={w}>{w}</div>
                ))}
              </MessageBarBody>
            </MessageBar>
          )}
          {last && (
            <Button
              size="small"
              appearance="subtle"
              onClick={() => void bridge().saveDownload({ downloadId: last.downloadId, fileName: last.fileName })}
            >
              Save it again
            </Button>
          )}
          {backupError && (
            <MessageBar intent="error" layout="multiline" className={s.wide}>
              <MessageBarBody>
                <MessageBarTitle>No backup made</MessageBarTitle>
                {backupError}
              </MessageBarBody>
            </MessageBar>
          )}
        </div>

        <div className={s.panel}>
          <Text className={s.heading}>Restore a backup</Text>
          <Caption1 className={s.muted}>
            On a new computer, restore a backup into this workspace while it is still empty. Every file is checked against the backup’s
            hashes first; if anything is wrong, nothing changes.
          </Caption1>
          {st && !st.empty && (
            <MessageBar intent="info" layout="multiline" className={s.wide}>
              <MessageBarBody>
                This workspace already has work in it ({plural(st.clients, 'client')}
                {st.loadedCatalogues ? `, ${plural(st.loadedCatalogues, 'loaded catalogue')}` : ''}), so a backup cannot be restored here: a
                restore never merges into or overwrites existing work. Restore into a new data folder instead (
                <code>npx dcb1596 workspace restore &lt;file&gt; --data-dir &lt;folder&gt;</code>).
              </MessageBarBody>
            </MessageBar>
          )}
          <FilePickButton
            accept=".zip,application/zip"
            icon={<DatabaseArrowUp20Regular />}
            onFiles={(f) => void onFile(f)}
            disabled={!st?.empty || Boolean(upload)}
          >
            Restore from a backup…
          </FilePickButton>
          {upload && (
            <Field
              className={s.wide}
              label={`Uploading ${upload.fileName}`}
              hint={`${formatBytes(upload.sent)} of ${formatBytes(upload.size)}`}
              validationState="none"
            >
              <ProgressBar
                value={upload.size ? upload.sent / upload.size : undefined}
                max={1}
                thickness="large"
                aria-label="Upload progress"
              />
            </Field>
          )}
          {uploadError && (
            <MessageBar intent="error" layout="multiline" className={s.wide}>
              <MessageBarBody>
                <MessageBarTitle>Not uploaded</MessageBarTitle>
                {uploadError}
              </MessageBarBody>
            </MessageBar>
          )}
        </div>
      </div>
      {picked && <RestoreDialog uploadId={picked.uploadId} fileName={picked.fileName} onClose={() => setPicked(undefined)} />}
    </Section>
  );
}
