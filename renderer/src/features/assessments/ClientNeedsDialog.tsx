import { useState } from 'react';
import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Spinner,
  makeStyles,
  tokens,
  type ButtonProps,
} from '@fluentui/react-components';
import { ArrowDownload20Regular, ClipboardTextLtr20Regular, Copy20Regular } from '@fluentui/react-icons';
import { errorMessage, saveDownload, useApiMutation, useApiQuery } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useNotify } from '../../components/notify';
import { useCopy } from '../../components/useCopy';
import { plural } from '../../format';

const useStyles = makeStyles({
  surface: { maxWidth: 'min(820px, calc(100vw - 48px))', width: '100%' },
  body: {
    margin: 0,
    padding: tokens.spacingHorizontalL,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    maxHeight: 'min(52vh, 560px)',
    overflowY: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  actions: { whiteSpace: 'nowrap' },
  summary: { display: 'block', marginBottom: tokens.spacingVerticalS, color: tokens.colorNeutralForeground2 },
});

// "What we still need from you" (shared/domain/client-needs.ts): the list for the care provider, as text to
// paste into an email or as a PDF to attach. The trigger button and its dialog, used on the checklist and the
// client overview; Fluent's Dialog gives focus back to the button on close.
export function ClientNeedsButton(props: { clientId: string; assessmentId?: string; appearance?: ButtonProps['appearance'] }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={(_, d) => setOpen(d.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button appearance={props.appearance} icon={<ClipboardTextLtr20Regular />}>
          What we need from the client
        </Button>
      </DialogTrigger>
      <ClientNeedsSurface clientId={props.clientId} assessmentId={props.assessmentId} open={open} />
    </Dialog>
  );
}

function ClientNeedsSurface(props: { clientId: string; assessmentId?: string; open: boolean }) {
  const s = useStyles();
  const copy = useCopy();
  const notify = useNotify();
  const needs = useApiQuery(
    'assessment.clientNeeds',
    { clientId: props.clientId, assessmentId: props.assessmentId },
    { enabled: props.open },
  );
  const pdf = useApiMutation('assessment.clientNeedsPdf');
  const download = async () => {
    try {
      const ref = await pdf.mutateAsync({ clientId: props.clientId, assessmentId: props.assessmentId });
      if (await saveDownload(ref)) notify(`Saved ${ref.fileName}`);
    } catch (err) {
      notify('Could not make the PDF', { body: errorMessage(err), intent: 'error' });
    }
  };
  const v = needs.data;
  return (
    <DialogSurface className={s.surface} aria-describedby={undefined}>
      <DialogBody>
        <DialogTitle>What we still need from {v?.clientName ?? 'the client'}</DialogTitle>
        <DialogContent>
          {needs.isPending && <Spinner size="small" label="Gathering what is missing" />}
          {needs.isError && <ErrorMessage error={needs.error} onRetry={() => needs.refetch()} />}
          {v && (
            <>
              <Caption1 className={s.summary}>
                {v.items.length === 0
                  ? 'Nothing is outstanding from the client.'
                  : `${plural(v.counts.required, 'item')} needed before submission, ${v.counts.recommended} recommended. Taken from the checklist, in words for the client.`}
              </Caption1>
              <pre className={s.body} tabIndex={0} aria-label="Text to send to the client">
                {v.text}
              </pre>
            </>
          )}
        </DialogContent>
        <DialogActions className={s.actions}>
          <Button appearance="primary" icon={<Copy20Regular />} disabled={!v} onClick={() => v && void copy(v.text, 'the list')}>
            Copy text
          </Button>
          <Button icon={<ArrowDownload20Regular />} disabledFocusable={!v || pdf.isPending} onClick={() => void download()}>
            Download PDF
          </Button>
          <DialogTrigger disableButtonEnhancement>
            <Button>Close</Button>
          </DialogTrigger>
        </DialogActions>
      </DialogBody>
    </DialogSurface>
  );
}
