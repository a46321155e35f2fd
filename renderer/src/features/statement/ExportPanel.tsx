import { useState } from 'react';
import {
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Switch,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArchiveArrowBack20Regular, Certificate20Regular, Dismiss16Regular } from '@fluentui/react-icons';
import type { BundleSummary } from '../../../../shared/contract/statement';
import { ApiError } from '../../api/client';
import { bridge } from '../../api/bridge';
import { FilePickButton } from '../../components/FilePickButton';
import { useNotify } from '../../components/notify';
import { formatBytes } from '../../../../shared/domain/bytes';
import { useOperation } from '../../api/useOperation';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  seal: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  sealRow: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: tokens.spacingHorizontalL, alignItems: 'end' },
  picked: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minHeight: '32px' },
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
});

// Export: an optional certificate seal (the PKCS#12 file goes up as an upload; the passphrase is sent with this
// one call and never kept), then a new bundle version with a progress bar.
export function ExportPanel(props: {
  assessmentId: string;
  nextVersion: number;
  hasBundles: boolean;
  final: boolean;
  onExported: (b: BundleSummary) => void;
}) {
  const s = useStyles();
  const notify = useNotify();
  const exportBundle = useOperation('bundle.export');
  const [sealOn, setSealOn] = useState(false);
  const [p12, setP12] = useState<{ uploadId: string; fileName: string }>();
  const [uploading, setUploading] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [errors, setErrors] = useState<{ p12?: string; passphrase?: string }>({});

  const pick = async ([file]: File[]) => {
    if (!file) return;
    setErrors((e) => ({ ...e, p12: undefined }));
    setUploading(true);
    const r = await bridge().uploadFile(file);
    setUploading(false);
    if (!r.ok) return setErrors((e) => ({ ...e, p12: new ApiError(r.error).message }));
    setP12({ uploadId: r.value.uploadId, fileName: r.value.fileName });
  };

  const run = async () => {
    exportBundle.clearError();
    if (props.final && sealOn && !p12) return setErrors({ p12: 'Choose the certificate file (.p12 or .pfx), or turn the seal off' });
    // Before both sign-offs the export is a DRAFT review pack (never sealed).
    const r = await exportBundle.run({
      assessmentId: props.assessmentId,
      seal: props.final && sealOn && p12 ? { p12UploadId: p12.uploadId, passphrase } : undefined,
      ...(props.final ? {} : { draft: true }),
    });
    if (!r.ok) {
      const issues = r.error instanceof ApiError ? r.error.issues : [];
      const passIssue = issues.find((i) => /passphrase/i.test(i.path));
      const fileIssue = issues.find((i) => /p12/i.test(i.path));
      if (passIssue || fileIssue) setErrors({ passphrase: passIssue?.message, p12: fileIssue?.message });
      if (fileIssue) setP12(undefined);
      return;
    }
    const b = r.value;
    notify(props.final ? `Bundle v${b.version} exported` : `DRAFT review pack v${b.version} exported`, {
      body: `${b.fileName} · ${formatBytes(b.size)}${b.sealed ? ' · sealed' : ''}`,
    });
    // The certificate upload is used up; the passphrase is not kept beyond this call.
    setP12(undefined);
    setPassphrase('');
    props.onExported(b);
  };

  const running = exportBundle.running;
  const fraction = exportBundle.fraction;
  const error = exportBundle.error;
  return (
    <div className={s.root}>
      {!props.final && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Not final yet</MessageBarTitle>
            Exporting now gives a DRAFT review pack to send to the client or a reviewer: every PDF, the file name and the manifest say
            DRAFT, and it is never sealed. Finish the items above and both sign-offs for the bundle you submit.
          </MessageBarBody>
        </MessageBar>
      )}
      {props.final && (
        <div className={s.seal}>
          <Switch
            checked={sealOn}
            onChange={(_, d) => {
              setSealOn(d.checked);
              setErrors({});
            }}
            label="Seal the statement with my certificate (optional)"
            disabled={running}
          />
          <Caption1 className={s.muted}>
            A digital signature over the statement PDF from your PKCS#12 certificate, which any PDF reader (or poppler’s pdfsig) can check.
            The passphrase is used for this export only and never stored.
          </Caption1>
          {sealOn && (
            <div className={s.sealRow}>
              <Field label="Certificate file" required validationMessage={errors.p12}>
                <div className={s.picked}>
                  {p12 ? (
                    <>
                      <Certificate20Regular aria-hidden />
                      <Text truncate wrap={false}>
                        {p12.fileName}
                      </Text>
                      <Button
                        size="small"
                        appearance="subtle"
                        icon={<Dismiss16Regular />}
                        aria-label={`Remove ${p12.fileName}`}
                        onClick={() => setP12(undefined)}
                      />
                    </>
                  ) : (
                    <FilePickButton
                      accept=".p12,.pfx,application/x-pkcs12"
                      icon={<Certificate20Regular />}
                      onFiles={(f) => void pick(f)}
                      disabled={uploading || running}
                    >
                      {uploading ? 'Uploading…' : 'Choose .p12 or .pfx…'}
                    </FilePickButton>
                  )}
                </div>
              </Field>
              <Field label="Certificate passphrase" validationMessage={errors.passphrase}>
                <Input
                  type="password"
                  value={passphrase}
                  autoComplete="off"
                  onChange={(_, d) => {
                    setPassphrase(d.value);
                    setErrors((e) => ({ ...e, passphrase: undefined }));
                  }}
                  disabled={running}
                />
              </Field>
            </div>
          )}
        </div>
      )}
      <div className={s.actions}>
        <Button
          appearance={props.hasBundles ? 'secondary' : 'primary'}
          icon={<ArchiveArrowBack20Regular />}
          onClick={() => void run()}
          disabled={running || uploading}
        >
          {running ? 'Exporting…' : props.final ? `Export bundle v${props.nextVersion}` : `Export DRAFT review pack v${props.nextVersion}`}
        </Button>
        {props.nextVersion > 1 && !running && (
          <Caption1 className={s.muted}>Earlier versions are kept as they are; a new export never overwrites one.</Caption1>
        )}
      </div>
      {running && (
        <Field
          label={exportBundle.progress?.message ?? exportBundle.progress?.label ?? 'Preparing the statement and the evidence'}
          hint={exportBundle.progress?.total ? `${Math.round((fraction ?? 0) * 100)}%` : undefined}
          validationState="none"
        >
          <ProgressBar value={fraction} max={1} thickness="large" aria-label="Export progress" />
        </Field>
      )}
      {error && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>No bundle exported</MessageBarTitle>
            {error}
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
