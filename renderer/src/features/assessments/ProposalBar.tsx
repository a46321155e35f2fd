import { Button, MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-components';
import { Bot20Regular } from '@fluentui/react-icons';
import { RESULT_LABELS, type ProposalView } from '../../../../shared/contract/assessments';
import { errorMessage, useApiMutation } from '../../api/client';
import { useNotify } from '../../components/notify';

// "Proposed from the tenant probe of 3 December 2026: Met" above the answer form, with Accept. Accepting is
// the bulk action on one requirement, so it is audited the same way: accepted from the run.
export function ProposalBar(props: { assessmentId: string; proposal: ProposalView }) {
  const p = props.proposal;
  const accept = useApiMutation('assessment.bulkUpdate');
  const notify = useNotify();
  const run = async () => {
    try {
      await accept.mutateAsync({
        assessmentId: props.assessmentId,
        requirementIds: [p.requirementId],
        action: { kind: 'accept-proposals' },
      });
      notify(`${p.requirementId}: accepted ${RESULT_LABELS[p.result]}`, { body: `From ${p.source}.` });
    } catch (err) {
      notify('Could not accept the proposed answer', { body: errorMessage(err), intent: 'error' });
    }
  };
  return (
    <MessageBar
      intent={p.result === 'met' ? 'success' : p.result === 'not-met' ? 'error' : 'warning'}
      icon={<Bot20Regular />}
      layout="multiline"
    >
      <MessageBarBody>
        Proposed from {p.source}: {RESULT_LABELS[p.result]}. Accepting records it as your answer, noted in the audit trail as accepted from
        that run.
      </MessageBarBody>
      <MessageBarActions>
        <Button appearance="primary" onClick={() => void run()} disabledFocusable={accept.isPending}>
          Accept {RESULT_LABELS[p.result]}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
