import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { EvidenceDetail } from '../../../../shared/contract/evidence';
import { SNIFFED_TYPE_LABELS } from '../../../../shared/contract/evidence';
import type { EvidenceKind } from '../../../../shared/domain/evidence-kinds';
import { ApiError, errorMessage, useApiMutation } from '../../api/client';
import { useNotify } from '../../components/notify';
import { EvidenceMetadataFields } from './EvidenceMetadataFields';
import { FileDrop, UploadStatus, useEvidenceUpload } from './FileDrop';
import { emptyEvidenceForm, evidenceResolver, metadataInput, versionInput, type EvidenceFormValues } from './evidence-form-model';
import { titleFromFileName } from './evidence-format';

const useStyles = makeStyles({
  surface: { maxWidth: '760px', width: 'calc(100vw - 48px)' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  fileRow: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
});

// Add a file to the library — as a new item (optionally attached straight to a requirement), or as the next
// version of an existing item. The upload runs while the user fills in the details.
export function AddEvidenceDialog(props: {
  open: boolean;
  onClose: () => void;
  clientId: string;
  mode: 'new' | 'version';
  evidence?: EvidenceDetail;
  defaultKind?: EvidenceKind;
  link?: { assessmentId: string; requirementId: string };
  referenceDate?: string;
  referenceLabel?: string;
  // A file dropped before the dialog opened: its upload starts at once.
  initialFile?: File;
  onDone?: (e: EvidenceDetail) => void;
}) {
  const s = useStyles();
  const notify = useNotify();
  const upload = useEvidenceUpload();
  const importMut = useApiMutation('evidence.import');
  const versionMut = useApiMutation('evidence.addVersion');
  const [serverError, setServerError] = useState<string>();
  const [waiting, setWaiting] = useState(false);
  const initial = () =>
    props.mode === 'version' && props.evidence
      ? { ...emptyEvidenceForm(props.evidence.kind, props.evidence.title) }
      : emptyEvidenceForm(props.defaultKind ?? 'policy');
  const form = useForm<EvidenceFormValues>({ defaultValues: initial(), resolver: evidenceResolver(props.mode), mode: 'onTouched' });
  const { reset: resetUpload } = upload;

  useEffect(() => {
    if (!props.open) return;
    form.reset(initial());
    resetUpload();
    setServerError(undefined);
    setWaiting(false);
    if (props.initialFile) onFile(props.initialFile);
    // Reset only when the dialog opens.
  }, [props.open]);

  const onFile = (f: File) => {
    setServerError(undefined);
    if (props.mode === 'new' && !form.getFieldState('title').isDirty)
      form.setValue('title', titleFromFileName(f.name), { shouldValidate: true });
    void upload.start(f);
  };

  const submit = form.handleSubmit(async (values) => {
    setServerError(undefined);
    if (upload.state.status !== 'done') {
      setServerError(upload.state.status === 'uploading' ? undefined : 'Choose the file to add first.');
      if (upload.state.status === 'uploading') setWaiting(true);
      return;
    }
    try {
      const uploadId = upload.state.file.uploadId;
      const saved =
        props.mode === 'version' && props.evidence
          ? await versionMut.mutateAsync({ evidenceId: props.evidence.id, uploadId, ...versionInput(values) })
          : await importMut.mutateAsync({ clientId: props.clientId, uploadId, link: props.link, ...metadataInput(values) });
      const v = saved.current;
      if (v.extensionMismatch)
        notify('Added — check the file type', {
          body: `“${v.originalName}” is actually a ${SNIFFED_TYPE_LABELS[v.sniffedType]}. Make sure it is the document you meant.`,
          intent: 'warning',
        });
      else notify(props.mode === 'version' ? `Version ${v.version} added` : 'Evidence added', { body: saved.title });
      props.onDone?.(saved);
      props.onClose();
    } catch (err) {
      if (err instanceof ApiError && err.issues.length) {
        let placed = false;
        for (const i of err.issues) {
          if (i.path in values) {
            form.setError(i.path as keyof EvidenceFormValues, { message: i.message });
            placed = true;
          }
        }
        if (!placed || err.issues.some((i) => !(i.path in values))) setServerError(err.message);
      } else setServerError(errorMessage(err));
    }
  });

  // Submit once the upload the user was waiting for completes.
  useEffect(() => {
    if (waiting && upload.state.status === 'done') {
      setWaiting(false);
      void submit();
    }
    if (waiting && upload.state.status === 'error') setWaiting(false);
  }, [waiting, upload.state.status, submit]);

  const busy = importMut.isPending || versionMut.isPending || waiting;
  const st = upload.state;
  const title =
    props.mode === 'version'
      ? `New version of “${props.evidence?.title ?? ''}”`
      : props.link
        ? `Add evidence to ${props.link.requirementId}`
        : 'Add evidence';

  return (
    <Dialog open={props.open} onOpenChange={(_, d) => !d.open && !busy && props.onClose()} modalType="modal">
      <DialogSurface className={s.surface}>
        <form onSubmit={submit} noValidate aria-label={title}>
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent className={s.content}>
              {props.mode === 'version' && props.evidence && (
                <MessageBar intent="info">
                  <MessageBarBody>
                    The new file becomes the current version. Version {props.evidence.current.version} is kept in the history
                    {props.evidence.current.pinnedBy.length > 0 &&
                      `, and the signed ${props.evidence.current.pinnedBy.join(' and ')} assessment keeps relying on it`}
                    .
                  </MessageBarBody>
                </MessageBar>
              )}
              {st.status === 'idle' || st.status === 'error' ? (
                <FileDrop onFile={onFile} maxBytes={upload.maxBytes} disabled={busy} />
              ) : (
                <div className={s.fileRow}>
                  <UploadStatus state={st} />
                  {!busy && (
                    <Link as="button" type="button" onClick={() => upload.reset()}>
                      Choose another file
                    </Link>
                  )}
                </div>
              )}
              {st.status === 'error' && (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>
                    <MessageBarTitle>Not uploaded</MessageBarTitle>
                    {st.message}
                  </MessageBarBody>
                </MessageBar>
              )}
              {serverError && (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>
                    <MessageBarTitle>Not added</MessageBarTitle>
                    {serverError}
                  </MessageBarBody>
                </MessageBar>
              )}
              <EvidenceMetadataFields
                form={form}
                mode={props.mode}
                referenceDate={props.referenceDate}
                referenceLabel={props.referenceLabel}
              />
            </DialogContent>
            <DialogActions>
              <Button type="button" onClick={props.onClose} disabled={busy}>
                Cancel
              </Button>
              <Button
                type="submit"
                appearance="primary"
                disabled={busy || st.status === 'idle' || st.status === 'error'}
                icon={busy ? <Spinner size="tiny" /> : undefined}
              >
                {waiting
                  ? 'Finishing upload…'
                  : props.mode === 'version'
                    ? 'Add version'
                    : props.link
                      ? 'Add and attach'
                      : 'Add to library'}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
