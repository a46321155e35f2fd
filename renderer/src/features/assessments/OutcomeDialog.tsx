import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Input,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { AssessmentSummary } from '../../../../shared/contract/assessments';
import { ApiError, useApiMutation } from '../../api/client';
import { useNotify } from '../../components/notify';

const useStyles = makeStyles({ body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

// After sign-off: record when the bundle went to feedback@nhs.net and when accreditation was granted.
export function OutcomeDialog({ assessment: a, trigger }: { assessment: AssessmentSummary; trigger: React.ReactElement }) {
  const s = useStyles();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const [submitted, setSubmitted] = useState(a.submittedOn ?? '');
  const [accredited, setAccredited] = useState(a.accreditedOn ?? '');
  const [error, setError] = useState<ApiError>();
  const save = useApiMutation('assessment.recordOutcome');
  const submit = async () => {
    setError(undefined);
    try {
      const r = await save.mutateAsync({ id: a.id, submittedOn: submitted || null, accreditedOn: accredited || null });
      notify('Outcome recorded', { body: r.expiresOn ? `Accreditation valid until ${r.expiresOn}` : undefined });
      setOpen(false);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    }
  };
  const issue = (path: string) => error?.issues.find((i) => i.path === path)?.message;
  return (
    <Dialog open={open} onOpenChange={(_, d) => setOpen(d.open)}>
      <DialogTrigger disableButtonEnhancement>{trigger}</DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Record the {a.cycle} outcome</DialogTitle>
          <DialogContent className={s.body}>
            Accreditation lasts one year from the date it is granted; the portfolio reminds you 60 days before it expires.
            <Field label="Sent to the NHS secure email team on" validationMessage={issue('submittedOn')}>
              <Input type="date" value={submitted} onChange={(_, d) => setSubmitted(d.value)} />
            </Field>
            <Field
              label="Accredited on"
              hint="The date NHS England confirmed the accreditation"
              validationMessage={issue('accreditedOn') ?? (!error?.issues.length ? error?.message : undefined)}
            >
              <Input type="date" value={accredited} onChange={(_, d) => setAccredited(d.value)} />
            </Field>
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button>Cancel</Button>
            </DialogTrigger>
            <Button appearance="primary" onClick={submit} disabled={save.isPending}>
              Save
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
