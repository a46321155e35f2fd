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
  Radio,
  RadioGroup,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { AssessmentSummary } from '../../../../shared/contract/assessments';
import { OUTCOME_EVENT_LABELS, OUTCOME_STAGES, type OutcomeEventKind } from '../../../../shared/domain/outcome';
import { ApiError, useApiMutation } from '../../api/client';
import { useNotify } from '../../components/notify';
import { useReturnFocus } from '../../components/useReturnFocus';

const useStyles = makeStyles({ body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

const today = () => new Date().toISOString().slice(0, 10);

const HINTS: Partial<Record<OutcomeEventKind, string>> = {
  query: 'One finding per line, as the NHS team wrote it. Each becomes an item to fix before re-submitting.',
  accredit: 'Accreditation lasts one year from this date; the portfolio reminds you 60 days before it expires.',
};

// After sign-off: the next step with the NHS secure email team, as the outcome rule allows it
// (shared/domain/outcome.ts decides which steps are offered and checks the dates).
export function OutcomeDialog({ assessment: a, trigger }: { assessment: AssessmentSummary; trigger: React.ReactElement }) {
  const s = useStyles();
  const notify = useNotify();
  const allowed = a.outcome.allowed;
  const [open, setOpen] = useState(false);
  useReturnFocus(open);
  const [kind, setKind] = useState<OutcomeEventKind>(allowed[0] ?? 'send');
  const [on, setOn] = useState(today());
  const [findings, setFindings] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError>();
  const save = useApiMutation('assessment.outcomeEvent');
  const reset = (o: boolean) => {
    setOpen(o);
    if (o) {
      setKind(allowed[0] ?? 'send');
      setOn(today());
      setFindings('');
      setReason('');
      setError(undefined);
    }
  };
  const event = () => {
    switch (kind) {
      case 'clear':
        return { kind } as const;
      case 'query':
        return {
          kind,
          on,
          findings: findings
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean),
        } as const;
      case 'reject':
        return { kind, on, reason } as const;
      default:
        return { kind, on } as const;
    }
  };
  const submit = async () => {
    setError(undefined);
    try {
      const r = await save.mutateAsync({ id: a.id, event: event() });
      notify('Outcome recorded', { body: r.outcome.summary });
      setOpen(false);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    }
  };
  const issue = (path: string) => error?.issues.find((i) => i.path.startsWith(path))?.message;
  // Anything the visible fields do not show (e.g. findings still open when re-submitting) shows under the date.
  const visible = ['event.on', ...(kind === 'query' ? ['event.findings'] : []), ...(kind === 'reject' ? ['event.reason'] : [])];
  const general = error && !visible.some((p) => issue(p)) ? error.message : undefined;
  return (
    <Dialog open={open} onOpenChange={(_, d) => reset(d.open)}>
      <DialogTrigger disableButtonEnhancement>{trigger}</DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Record the {a.cycle} outcome</DialogTitle>
          <DialogContent className={s.body}>
            <span>Now: {a.outcome.summary}.</span>
            <Field label="What happened">
              <RadioGroup value={kind} onChange={(_, d) => setKind(d.value as OutcomeEventKind)}>
                {allowed.map((k) => (
                  <Radio key={k} value={k} label={OUTCOME_EVENT_LABELS[k]} />
                ))}
              </RadioGroup>
            </Field>
            {kind !== 'clear' ? (
              <Field label="On" hint={HINTS[kind]} validationMessage={issue('event.on') ?? general}>
                <Input type="date" value={on} max={today()} onChange={(_, d) => setOn(d.value)} />
              </Field>
            ) : (
              <Field validationMessage={general}>
                Clears every outcome date and the NHS team’s findings ({OUTCOME_STAGES['not-sent'].toLowerCase()}). The activity trail keeps
                what was recorded.
              </Field>
            )}
            {kind === 'query' && (
              <Field label="Findings to fix" required validationMessage={issue('event.findings')}>
                <Textarea value={findings} rows={4} onChange={(_, d) => (setFindings(d.value), setError(undefined))} />
              </Field>
            )}
            {kind === 'reject' && (
              <Field label="Reason given" required validationMessage={issue('event.reason')}>
                <Textarea value={reason} rows={3} onChange={(_, d) => (setReason(d.value), setError(undefined))} />
              </Field>
            )}
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button>Cancel</Button>
            </DialogTrigger>
            <Button appearance="primary" onClick={submit} disabled={save.isPending || allowed.length === 0}>
              Save
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
