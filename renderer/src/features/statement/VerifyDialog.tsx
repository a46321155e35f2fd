import { useEffect, useRef, useState } from 'react';
import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Field,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CheckmarkCircle20Filled, DismissCircle20Filled, Warning20Filled, SubtractCircle20Regular } from '@fluentui/react-icons';
import type { BundleVerifyResult, VerifyCheckResult } from '../../../../shared/contract/statement';
import { plural } from '../../format';
import { useOperation } from '../../api/useOperation';

const useStyles = makeStyles({
  surface: { maxWidth: '720px', width: '100%' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', maxHeight: '52vh', overflowY: 'auto' },
  item: {
    display: 'grid',
    gridTemplateColumns: '20px 1fr',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} 0`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  pass: { color: tokens.colorPaletteGreenForeground1, display: 'flex' },
  fail: { color: tokens.colorPaletteRedForeground1, display: 'flex' },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1, display: 'flex' },
  skip: { color: tokens.colorNeutralForeground3, display: 'flex' },
  muted: { color: tokens.colorNeutralForeground3 },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
});

const STATUS_TEXT: Record<VerifyCheckResult['status'], string> = { pass: 'Passed', fail: 'Failed', warn: 'Warning', skip: 'Not checked' };

function CheckIcon({ status }: { status: VerifyCheckResult['status'] }) {
  const s = useStyles();
  const icon = {
    pass: <CheckmarkCircle20Filled />,
    fail: <DismissCircle20Filled />,
    warn: <Warning20Filled />,
    skip: <SubtractCircle20Regular />,
  }[status];
  return (
    <span className={s[status]} role="img" aria-label={STATUS_TEXT[status]}>
      {icon}
    </span>
  );
}

function VerifyChecks({ result }: { result: BundleVerifyResult }) {
  const s = useStyles();
  // Failures first: they are what the reader is looking for.
  const order = { fail: 0, warn: 1, pass: 2, skip: 3 } as const;
  const checks = [...result.checks].sort((a, b) => order[a.status] - order[b.status]);
  return (
    <ul className={s.list} aria-label="Verification checks">
      {checks.map((c) => (
        <li key={`${c.id}-${c.file ?? ''}`} className={s.item}>
          <CheckIcon status={c.status} />
          <div>
            <Text weight={c.status === 'fail' ? 'semibold' : 'regular'}>{c.title}</Text>
            {c.file && c.file !== c.title && (
              <Caption1 block className={s.mono}>
                {c.file}
              </Caption1>
            )}
            {c.detail && (
              <Caption1 block className={s.muted}>
                {c.detail}
              </Caption1>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}

export type VerifyTarget = { bundleId: string; label: string } | { uploadId: string; label: string };

// Runs bundle.verify once when opened and shows every check: pass, fail (with the file it names), warnings.
export function VerifyDialog(props: { target: VerifyTarget; onClose: () => void }) {
  const s = useStyles();
  const verify = useOperation('bundle.verify');
  const [result, setResult] = useState<BundleVerifyResult>();
  const error = verify.error;
  const started = useRef(false);
  const { run } = verify;

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void run('bundleId' in props.target ? { bundleId: props.target.bundleId } : { uploadId: props.target.uploadId }).then(
      (r) => r.ok && setResult(r.value),
    );
  }, [run, props.target]);

  const failed = result?.checks.filter((c) => c.status === 'fail').length ?? 0;
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && props.onClose()}>
      <DialogSurface className={s.surface}>
        <DialogBody>
          <DialogTitle>Verify {props.target.label}</DialogTitle>
          <DialogContent className={s.content}>
            {!result && !error && (
              <Field
                label={verify.progress?.message ?? 'Re-checking every file, the manifest, the audit chain and the signature'}
                validationState="none"
              >
                <ProgressBar value={verify.fraction} max={1} thickness="large" aria-label="Verification progress" />
              </Field>
            )}
            {error && (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>Could not verify</MessageBarTitle>
                  {error}
                </MessageBarBody>
              </MessageBar>
            )}
            {result && (
              <>
                <MessageBar intent={result.ok ? 'success' : 'error'} layout="multiline">
                  <MessageBarBody>
                    <MessageBarTitle>{result.ok ? 'Verification passed' : 'Verification failed'}</MessageBarTitle>
                    {result.ok
                      ? `${result.fileName}: ${plural(result.filesChecked, 'file')} match the manifest${result.sealed ? ', and the statement’s seal is valid' : ''}.`
                      : `${result.fileName}: ${plural(failed, 'check')} failed. The bundle was changed after it was exported, or is incomplete.`}
                    {(result.draft || result.sample) &&
                      ` This bundle is ${[result.draft ? 'a DRAFT review pack' : '', result.sample ? 'SAMPLE data' : ''].filter(Boolean).join(' of ')}: not for submission.`}
                  </MessageBarBody>
                </MessageBar>
                <VerifyChecks result={result} />
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance={result || error ? 'primary' : 'secondary'} onClick={props.onClose}>
              Close
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
