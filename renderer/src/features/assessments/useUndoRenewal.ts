import { useCallback } from 'react';
import { useLocation } from 'wouter';
import type { AssessmentSummary } from '../../../../shared/contract/assessments';
import { errorMessage, useApiMutation } from '../../api/client';
import { useNotify } from '../../components/notify';

// Undo a renewal (toast action and the cycle's "Undo renewal" button): the backend refuses, with the reason,
// once anything was entered in the cycle.
export function useUndoRenewal() {
  const [, navigate] = useLocation();
  const notify = useNotify();
  const undo = useApiMutation('assessment.undoRenewal');
  return useCallback(
    async (a: Pick<AssessmentSummary, 'id' | 'clientId' | 'cycle'>) => {
      try {
        await undo.mutateAsync({ id: a.id });
        notify(`${a.cycle} renewal undone`, { body: 'The previous cycle is unchanged.' });
        navigate(`/clients/${a.clientId}/assessments`);
      } catch (err) {
        notify('Could not undo the renewal', { body: errorMessage(err), intent: 'error' });
      }
    },
    [undo, notify, navigate],
  );
}
