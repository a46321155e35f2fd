import { useEffect, useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useFactStyles } from '../../components/facts';
import { CheckmarkCircle20Filled } from '@fluentui/react-icons';
import { useLocation } from 'wouter';
import type { BackupDescription, RestoreResult } from '../../../../shared/contract/workspace';
import { errorMessage, invoke } from '../../api/client';
import { useNotify } from '../../components/notify';
import { formatDateTime, plural } from '../../format';
import { formatBytes } from '../../../../shared/domain/bytes';
import { useOperation } from '../../api/useOperation';

const useStyles = makeStyles({
  surface: { maxWidth: '600px', width: 'calc(100vw - 48px)' },
  // Refusal messages quote file names and SHA-256 hashes: long unbroken words.
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, overflowWrap: 'anywhere' },
  done: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, color: tokens.colorPaletteGreenForeground1 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

type Phase =
  | { step: 'checking' }
  | { step: 'confirm'; backup: BackupDescription }
  | { step: 'restoring'; backup: BackupDescription }
  | { step: 'done'; result: RestoreResult }
  | { step: 'failed'; message: string; backup?: BackupDescription };

// Restoring an uploaded backup: what the file holds, an explicit confirmation, progress while every file is
// checked, and what was restored (or why nothing changed).
export function RestoreDialog(props: { uploadId: string; fileName: string; onClose: () => void }) {
  const s = useStyles();
  const notify = useNotify();
  const [, navigate] = useLocation();
  const restore = useOperation('workspace.restore');
  const [phase, setPhase] = useState<Phase>({ step: 'checking' });

  useEffect(() => {
    let live = true;
    invoke('workspace.describeBackup', { uploadId: props.uploadId }).then(
      (backup) => live && setPhase({ step: 'confirm', backup }),
      (err: unknown) => live && setPhase({ step: 'failed', message: errorMessage(err) }),
    );
    return () => {
      live = false;
    };
  }, [props.uploadId]);

  const run = async (backup: BackupDescription) => {
    setPhase({ step: 'restoring', backup });
    const r = await restore.run({ uploadId: props.uploadId });
    if (!r.ok) return setPhase({ step: 'failed', message: r.message, backup });
    setPhase({ step: 'done', result: r.value });
    notify('Workspace restored', { body: `${plural(r.value.clients, 'client')} and ${plural(r.value.evidenceFiles, 'evidence file')}` });
  };

  const busy = phase.step === 'restoring';
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !busy && props.onClose()} modalType={busy ? 'alert' : 'modal'}>
      <DialogSurface className={s.surface}>
        <DialogBody>
          <DialogTitle>{phase.step === 'done' ? 'Workspace restored' : 'Restore workspace from a backup'}</DialogTitle>
          <DialogContent className={s.content}>
            {phase.step === 'checking' && <Spinner size="small" label={`Reading ${props.fileName}…`} labelPosition="after" />}

            {(phase.step === 'confirm' || phase.step === 'restoring' || (phase.step === 'failed' && phase.backup)) && (
              <BackupFacts backup={phase.step === 'failed' ? phase.backup! : phase.backup} />
            )}

            {phase.step === 'confirm' && phase.backup.problem && (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>Cannot restore this backup here</MessageBarTitle>
                  {phase.backup.problem}
                </MessageBarBody>
              </MessageBar>
            )}
            {phase.step === 'confirm' && !phase.backup.problem && (
              <MessageBar intent="warning" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>This replaces the empty workspace on this computer</MessageBarTitle>
                  Every file is checked against the backup’s SHA-256 hashes first; if anything does not match, nothing changes. Settings
                  come from the backup too. Sign-ins are not in it: sign in to each Microsoft 365 tenant again before its next probe.
                </MessageBarBody>
              </MessageBar>
            )}

            {phase.step === 'restoring' && (
              <Field
                label={restore.progress?.message ?? 'Checking the backup'}
                hint={
                  restore.progress?.total
                    ? `${formatBytes(restore.progress.done)} of ${formatBytes(restore.progress.total)} checked`
                    : undefined
                }
                validationState="none"
              >
                <ProgressBar value={restore.fraction} max={1} thickness="large" aria-label="Restore progress" />
              </Field>
            )}

            {phase.step === 'failed' && (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>Not restored</MessageBarTitle>
                  {phase.message}
                </MessageBarBody>
              </MessageBar>
            )}

            {phase.step === 'done' && <RestoreSummary result={phase.result} />}
          </DialogContent>
          <DialogActions>
            {phase.step === 'done' ? (
              <>
                <Button onClick={props.onClose}>Close</Button>
                <Button
                  appearance="primary"
                  onClick={() => {
                    props.onClose();
                    navigate('/clients');
                  }}
                >
                  Go to clients
                </Button>
              </>
            ) : (
              <>
                <Button onClick={props.onClose} disabled={busy}>
                  {phase.step === 'failed' ? 'Close' : 'Cancel'}
                </Button>
                {(phase.step === 'confirm' || phase.step === 'restoring') && (
                  <Button
                    appearance="primary"
                    disabled={busy || Boolean(phase.backup.problem)}
                    icon={busy ? <Spinner size="tiny" /> : undefined}
                    onClick={() => void run(phase.backup)}
                  >
                    {busy ? 'Restoring…' : 'Restore workspace'}
                  </Button>
                )}
              </>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function BackupFacts({ backup }: { backup: BackupDescription }) {
  const fact = useFactStyles();
  return (
    <dl className={fact.dl} aria-label="Backup contents">
      <dt className={fact.dt}>File</dt>
      <dd className={fact.dd}>
        {backup.fileName} · {formatBytes(backup.size)}
      </dd>
      <dt className={fact.dt}>Made</dt>
      <dd className={fact.dd}>
        {formatDateTime(backup.createdAt)} by version {backup.appVersion}
      </dd>
      <dt className={fact.dt}>Holds</dt>
      <dd className={fact.dd}>
        {plural(backup.clients, 'client')}, {plural(backup.assessments, 'assessment')}, {plural(backup.evidenceFiles, 'evidence file')} (
        {formatBytes(backup.contentBytes)})
      </dd>
    </dl>
  );
}

function RestoreSummary({ result }: { result: RestoreResult }) {
  const s = useStyles();
  const fact = useFactStyles();
  return (
    <>
      <div className={s.done} role="status">
        <CheckmarkCircle20Filled />
        <span>
          {plural(result.clients, 'client')}, {plural(result.assessments, 'assessment')} and {plural(result.evidenceFiles, 'evidence file')}{' '}
          restored.
        </span>
      </div>
      <dl className={fact.dl} aria-label="Restore checks">
        <dt className={fact.dt}>Files checked</dt>
        <dd className={fact.dd}>
          {plural(result.filesVerified, 'file')} ({formatBytes(result.bytesVerified)}) matched the backup’s SHA-256 manifest
        </dd>
        <dt className={fact.dt}>Audit trail</dt>
        <dd className={fact.dd}>
          {result.audit.ok
            ? `${plural(result.audit.entriesChecked, 'entry', 'entries')} verified, chain intact`
            : plural(result.audit.problems, 'problem')}
        </dd>
        <dt className={fact.dt}>Database</dt>
        <dd className={fact.dd}>
          {result.schemaVersion === result.backupSchemaVersion
            ? `Schema ${result.schemaVersion}`
            : `Upgraded from schema ${result.backupSchemaVersion} to ${result.schemaVersion}`}
        </dd>
      </dl>
      {result.warnings.length > 0 && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Worth knowing</MessageBarTitle>
            <ul className={s.list}>
              {result.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      <MessageBar intent="info">
        <MessageBarBody>
          Sign in to each Microsoft 365 tenant again before its next probe: sign-ins do not travel with a backup.
        </MessageBarBody>
      </MessageBar>
    </>
  );
}
