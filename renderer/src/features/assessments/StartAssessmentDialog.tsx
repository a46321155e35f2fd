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
import { ApiError, useApiMutation } from '../../api/client';

const useStyles = makeStyles({ body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

function inDays(days: number) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return d.toISOString().slice(0, 10);
}

export function StartAssessmentDialog(props: { clientId: string; existingCycles: number[]; trigger: React.ReactElement }) {
  const s = useStyles();
  const [, navigate] = useLocation();
  const thisYear = new Date().getFullYear();
  const firstFree = [thisYear, thisYear + 1, thisYear + 2].find((y) => !props.existingCycles.includes(y)) ?? thisYear + 3;
  const [open, setOpen] = useState(false);
  const [cycle, setCycle] = useState(firstFree);
  const [planned, setPlanned] = useState(inDays(30));
  const [error, setError] = useState<ApiError>();
  const create = useApiMutation('assessment.create');
  const clash = props.existingCycles.includes(cycle);

  const submit = async () => {
    setError(undefined);
    try {
      const a = await create.mutateAsync({ clientId: props.clientId, cycle, plannedSubmissionDate: planned });
      setOpen(false);
      navigate(`/clients/${props.clientId}/assessments/${a.id}`);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    }
  };

  return (
    <Dialog open={open} onOpenChange={(_, d) => setOpen(d.open)}>
      <DialogTrigger disableButtonEnhancement>{props.trigger}</DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Start an assessment</DialogTitle>
          <DialogContent className={s.body}>
            One assessment covers one accreditation year. It uses the active requirement catalogue and the client’s route.
            <Field
              label="Accreditation year"
              validationMessage={clash ? `There is already a ${cycle} assessment` : error?.issues.find((i) => i.path === 'cycle')?.message}
              validationState={clash ? 'error' : 'none'}
            >
              <SpinButton value={cycle} min={2015} max={2100} onChange={(_, d) => setCycle(d.value ?? (Number(d.displayValue) || cycle))} />
            </Field>
            <Field
              label="Planned submission date"
              hint="Evidence freshness (pen tests, certificates) is judged against this date"
              validationMessage={!error?.issues.length ? error?.message : undefined}
            >
              <Input type="date" value={planned} onChange={(_, d) => setPlanned(d.value)} />
            </Field>
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button>Cancel</Button>
            </DialogTrigger>
            <Button appearance="primary" onClick={submit} disabled={clash || !planned || create.isPending}>
              Start {cycle} assessment
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
