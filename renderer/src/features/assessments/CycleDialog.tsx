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
import { ApiError } from '../../api/client';
import { useReturnFocus } from '../../components/useReturnFocus';

const useStyles = makeStyles({ body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

export interface CycleChoice {
  cycle: number;
  plannedSubmissionDate: string;
}

// The form both ways of starting a cycle share (StartAssessmentDialog, RenewalDialog): the accreditation
// year and the planned submission date, with the dialog's own checks on the year and the backend's errors
// on either field. `onSubmit` throws an ApiError to keep the dialog open with that error shown.
export function CycleDialog(props: {
  title: string;
  intro: React.ReactNode;
  trigger: React.ReactElement;
  initialCycle: number;
  initialPlanned: () => string;
  // A reason the year cannot be used, found before asking the backend.
  cycleProblem: (cycle: number) => string | undefined;
  actionLabel: (cycle: number) => string;
  pending: boolean;
  onSubmit: (choice: CycleChoice) => Promise<void>;
}) {
  const s = useStyles();
  const [open, setOpen] = useState(false);
  useReturnFocus(open);
  const [cycle, setCycle] = useState(props.initialCycle);
  const [planned, setPlanned] = useState(props.initialPlanned);
  const [error, setError] = useState<ApiError>();
  const cycleError = props.cycleProblem(cycle) ?? error?.issues.find((i) => i.path === 'cycle')?.message;

  const submit = async () => {
    setError(undefined);
    try {
      await props.onSubmit({ cycle, plannedSubmissionDate: planned });
      setOpen(false);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
      else throw err;
    }
  };

  return (
    <Dialog open={open} onOpenChange={(_, d) => setOpen(d.open)}>
      <DialogTrigger disableButtonEnhancement>{props.trigger}</DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent className={s.body}>
            {props.intro}
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
            <Button appearance="primary" onClick={submit} disabled={Boolean(props.cycleProblem(cycle)) || !planned || props.pending}>
              {props.actionLabel(cycle)}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
