import { Caption1, Checkbox, makeStyles, tokens } from '@fluentui/react-components';
import type { AssessmentSummary } from '../../../../shared/contract/assessments';
import { errorMessage, useApiMutation } from '../../api/client';
import { useNotify } from '../../components/notify';
import { formatDate } from '../../format';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, margin: 0, padding: 0, listStyle: 'none' },
  head: { color: tokens.colorNeutralForeground3 },
});

// The NHS team's query findings: each an item to fix, ticked off here while the statement is queried.
export function OutcomeFindings({ assessment: a }: { assessment: AssessmentSummary }) {
  const s = useStyles();
  const notify = useNotify();
  const resolve = useApiMutation('assessment.resolveOutcomeFinding');
  if (a.outcome.findings.length === 0) return null;
  const editable = a.outcome.stage === 'queried';
  return (
    <section aria-label={`NHS findings for ${a.cycle}`}>
      <Caption1 className={s.head}>
        NHS team findings{a.outcome.queriedOn ? ` (queried ${formatDate(a.outcome.queriedOn)})` : ''}:{' '}
        {a.outcome.openFindings ? `${a.outcome.openFindings} to fix` : 'all fixed'}
      </Caption1>
      <ul className={s.list}>
        {a.outcome.findings.map((f) => (
          <li key={f.id}>
            <Checkbox
              label={f.text}
              checked={f.resolved}
              disabled={!editable || resolve.isPending}
              onChange={(_, d) =>
                resolve
                  .mutateAsync({ id: a.id, findingId: f.id, resolved: Boolean(d.checked) })
                  .catch((err) => notify('Could not update the finding', { body: errorMessage(err), intent: 'error' }))
              }
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
