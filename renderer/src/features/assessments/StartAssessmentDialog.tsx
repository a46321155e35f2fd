import { useLocation } from 'wouter';
import { addDays } from '../../../../shared/domain/dates';
import { useApiMutation } from '../../api/client';
import { CycleDialog } from './CycleDialog';

const today = () => new Date().toISOString().slice(0, 10);

export function StartAssessmentDialog(props: { clientId: string; existingCycles: number[]; trigger: React.ReactElement }) {
  const [, navigate] = useLocation();
  const thisYear = new Date().getFullYear();
  const firstFree = [thisYear, thisYear + 1, thisYear + 2].find((y) => !props.existingCycles.includes(y)) ?? thisYear + 3;
  const create = useApiMutation('assessment.create');

  return (
    <CycleDialog
      title="Start an assessment"
      intro="One assessment covers one accreditation year. It uses the active requirement catalogue and the client’s route."
      trigger={props.trigger}
      initialCycle={firstFree}
      initialPlanned={() => addDays(today(), 30)}
      cycleProblem={(cycle) => (props.existingCycles.includes(cycle) ? `There is already a ${cycle} assessment` : undefined)}
      actionLabel={(cycle) => `Start ${cycle} assessment`}
      pending={create.isPending}
      onSubmit={async (choice) => {
        const a = await create.mutateAsync({ clientId: props.clientId, ...choice });
        navigate(`/clients/${props.clientId}/assessments/${a.id}`);
      }}
    />
  );
}
