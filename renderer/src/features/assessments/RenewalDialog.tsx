import { useLocation } from 'wouter';
import type { AssessmentSummary } from '../../../../shared/contract/assessments';
import { addDays } from '../../../../shared/domain/dates';
import { useApiMutation } from '../../api/client';
import { useNotify } from '../../components/notify';
import { CycleDialog } from './CycleDialog';
import { useUndoRenewal } from './useUndoRenewal';

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
  const [, navigate] = useLocation();
  const notify = useNotify();
  const undo = useUndoRenewal();
  const renew = useApiMutation('assessment.startRenewal');

  return (
    <CycleDialog
      title="Start the renewal"
      intro={`The new cycle starts from the ${props.from.cycle} assessment, which stays signed and unchanged. You can undo the renewal until something is entered in it.`}
      trigger={props.trigger}
      initialCycle={props.from.cycle + 1}
      initialPlanned={() => defaultPlanned(props.from)}
      cycleProblem={(cycle) =>
        props.existingCycles.includes(cycle)
          ? `There is already a ${cycle} assessment`
          : cycle <= props.from.cycle
            ? `Must be after ${props.from.cycle}`
            : undefined
      }
      actionLabel={(cycle) => `Start ${cycle} renewal`}
      pending={renew.isPending}
      onSubmit={async ({ cycle, plannedSubmissionDate }) => {
        const next = await renew.mutateAsync({ fromAssessmentId: props.from.id, cycle, plannedSubmissionDate });
        notify(`${next.cycle} renewal started`, {
          body: 'Answers marked “re-confirm” and last year’s evidence links were carried over.',
          action: { label: 'Undo', onClick: () => void undo(next) },
        });
        navigate(`/clients/${next.clientId}/assessments/${next.id}`);
      }}
    />
  );
}
