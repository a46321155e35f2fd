import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Textarea,
} from '@fluentui/react-components';
import { errorMessage, useApiMutation } from '../../api/client';
import { useNotify } from '../../components/notify';

export function UnlockDialog(props: { assessmentId: string; cycle: number; open: boolean; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const unlock = useApiMutation('assessment.unlock');
  const notify = useNotify();
  const submit = async () => {
    if (!reason.trim()) return setError('Say why the signed assessment must change; it is recorded in the audit trail.');
    try {
      await unlock.mutateAsync({ id: props.assessmentId, reason });
      notify(`${props.cycle} assessment unlocked`, { body: 'Both sign-offs were cleared.', intent: 'warning' });
      props.onClose();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Dialog open={props.open} onOpenChange={(_, d) => !d.open && props.onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Unlock the signed {props.cycle} assessment?</DialogTitle>
          <DialogContent>
            Unlocking lets you change answers again. It is recorded in the audit trail with your reason, clears both sign-offs, and any new
            export becomes a new bundle version — the signed bundle you already have is never overwritten.
            <Field label="Reason" required validationMessage={error} style={{ marginTop: 12 }}>
              <Textarea
                value={reason}
                onChange={(_, d) => {
                  setReason(d.value);
                  setError(undefined);
                }}
                rows={3}
              />
            </Field>
          </DialogContent>
          <DialogActions>
            <Button onClick={props.onClose}>Cancel</Button>
            <Button appearance="primary" onClick={submit} disabled={unlock.isPending}>
              Unlock
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
