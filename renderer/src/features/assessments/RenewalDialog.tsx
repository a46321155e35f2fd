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
  SpinButton,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useLocation } from 'wouter';
import type { AssessmentSummary } from '../../../../shared/contract/assessments';
import { addDays } from '../../../../shared/domain/dates';
import { ApiError, useApiMutation } from '../../api/client';
import { useNotify } from '../../components/notify';
import { useReturnFocus } from '../../components/useReturnFocus';
import { useUndoRenewal } from './useUndoRenewal';

const useStyles = makeStyles({ body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

const today = () => new Date().toISOString().slice(0, 10);

// A month before last year's accreditation runs out, or a month from today if that has passed.
function defaultPlanned(prev: AssessmentSummary): string {
  const t = today();
  const before = prev.expiresOn ? addDays(prev.expiresOn, -30) : undefined;
  return before && before > t ? before : addDays(t, 30);
}

// Start the next cycle from a signed one: choose the year and the planned submission date. The toast
// offers Undo while nothing has been entered in the new cycle.
export function RenewalDialog(props: { from: AssessmentSummary; existingCycles: number[]; trigger: React.ReactElement }) {
  const s = useStyles();
  const [, navigate] = useLocation();
  const notify = useNotify();
  const undo = useUndoRenewal();
  const [open, setOpen] = useState(false);
  useReturnFocus(open);
  const [cycle, setCycle] = useState(props.from.cycle + 1);
  const [planned, setPlanned] = useState(() => defaultPlanned(props.from));
  const [error, setError] = useState<ApiError>();
  const renew = useApiMutation('assessment.startRenewal');
  const clash = props.existingCycles.includes(cycle);
  const tooEarly = cycle <= props.from.cycle;
  const cycleError = clash
    ? `There is already a ${cycle} assessment`
    : tooEarly
      ? `Must be after ${props.from.cycle}`
      : error?.issues.find((i) => i.path === 'cycle')?.message;

  const submit = async () => {
    setError(undefined);
    try {
      const next = await renew.mutateAsync({ fromAssessmentId: props.from.id, cycle, plannedSubmissionDate: planned });
      setOpen(false);
      notify(`${next.cycle} renewal started`, {
        body: 'Answers marked “re-confirm” and last year’s evidence links were carried over.',
        action: { label: 'Undo', onClick: () => void undo(next) },
      });
      navigate(`/clients/${next.clientId}/assessments/${next.id}`);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    }
  };

  return (
    <Dialog open={open} onOpenChange={(_, d) => setOpen(d.open)}>
      <DialogTrigger disableButtonEnhancement>{props.trigger}</DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Start the renewal</DialogTitle>
          <DialogContent className={s.body}>
            The new cycle starts from the {props.from.cycle} assessment, which stays signed and unchanged. You can undo the renewal until
            something is entered in it.
            <Field label="Accreditation year" validationMessage={cycleError} validationState={cycleError ? 'error' : 'none'}>
              <SpinButton value={cycle} min={2015} max={2100} onChange={(_, d) => setCycle(d.value ?? (Number(d.displayValue) || cycle))} />
            </Field>
            <Field
              label="Planned submission date"
              hint="Evidence freshness (pen tests, certificates) is judged against this date"
              validationMessage={
                error?.issues.find((i) => i.path === 'plannedSubmissionDate')?.message ??
                (!error?.issues.length ? error?.message : undefined)
              }
            >
              <Input type="date" value={planned} onChange={(_, d) => setPlanned(d.value)} />
            </Field>
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button>Cancel</Button>
            </DialogTrigger>
            <Button appearance="primary" onClick={submit} disabled={Boolean(cycleError) || !planned || renew.isPending}>
              Start {cycle} renewal
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
