import { useState } from 'react';
import { useForm } from 'react-hook-form';
import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { errorMessage, useApiMutation } from '../../api/client';
import { useNotify } from '../../components/notify';
import { plural } from '../../format';
import { OwnerCombobox } from '../people/OwnerCombobox';
import type { RequirementRow } from './checklist-model';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: tokens.spacingHorizontalS,
    border: `1px solid ${tokens.colorBrandStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorBrandBackground2,
  },
  count: { marginRight: 'auto' },
});

type Dialogs = 'na' | 'owner' | undefined;

// The checklist's bulk actions on the selected requirements (opt-in: "Select several"). Each is one call to
// assessment.bulkUpdate, one transaction on the backend: all of the selection changes, or none of it.
export function BulkActions(props: {
  assessmentId: string;
  rows: RequirementRow[];
  selected: ReadonlySet<string>;
  onSelect: (ids: string[]) => void;
  onDone: () => void;
}) {
  const s = useStyles();
  const notify = useNotify();
  const bulk = useApiMutation('assessment.bulkUpdate');
  const [dialog, setDialog] = useState<Dialogs>();
  const answerable = props.rows.filter((r) => r.requirement.obligation !== 'INFO');
  const ids = answerable.map((r) => r.requirement.id).filter((id) => props.selected.has(id));
  const proposed = answerable.filter((r) => r.proposal).map((r) => r.requirement.id);
  const toAccept = ids.filter((id) => proposed.includes(id));

  const run = async (
    requirementIds: string[],
    action: { kind: 'accept-proposals' } | { kind: 'not-applicable'; reason: string } | { kind: 'owner'; owner: string },
    done: string,
  ) => {
    try {
      const r = await bulk.mutateAsync({ assessmentId: props.assessmentId, requirementIds, action });
      notify(`${done}: ${plural(r.updated.length, 'requirement')}`);
      setDialog(undefined);
      props.onDone();
      return true;
    } catch (err) {
      notify('Nothing was changed', { body: errorMessage(err), intent: 'error' });
      return false;
    }
  };

  return (
    <div className={s.bar} role="toolbar" aria-label="Bulk actions">
      <Caption1 className={s.count} aria-live="polite">
        {plural(ids.length, 'requirement')} selected
      </Caption1>
      <Button size="small" disabled={proposed.length === 0} onClick={() => props.onSelect(proposed)}>
        Select proposed ({proposed.length})
      </Button>
      <Button
        size="small"
        appearance="primary"
        disabledFocusable={toAccept.length === 0 || bulk.isPending}
        onClick={() => void run(toAccept, { kind: 'accept-proposals' }, 'Accepted the proposed answers')}
      >
        Accept proposed ({toAccept.length})
      </Button>
      <Button size="small" disabledFocusable={ids.length === 0} onClick={() => setDialog('na')}>
        Mark not applicable…
      </Button>
      <Button size="small" disabledFocusable={ids.length === 0} onClick={() => setDialog('owner')}>
        Assign owner…
      </Button>
      <NotApplicableDialog
        open={dialog === 'na'}
        count={ids.length}
        busy={bulk.isPending}
        onClose={() => setDialog(undefined)}
        onSubmit={(reason) => run(ids, { kind: 'not-applicable', reason }, 'Marked not applicable')}
      />
      <OwnerDialog
        open={dialog === 'owner'}
        count={ids.length}
        busy={bulk.isPending}
        onClose={() => setDialog(undefined)}
        onSubmit={(owner) => run(ids, { kind: 'owner', owner }, owner ? `Assigned to ${owner}` : 'Owner cleared')}
      />
    </div>
  );
}

function NotApplicableDialog(props: {
  open: boolean;
  count: number;
  busy: boolean;
  onClose: () => void;
  onSubmit: (reason: string) => Promise<boolean>;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const submit = async () => {
    if (!reason.trim()) return setError('Say why these do not apply: reviewers read the reason in the statement.');
    if (await props.onSubmit(reason.trim())) setReason('');
  };
  return (
    <Dialog open={props.open} onOpenChange={(_, d) => !d.open && props.onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Mark {plural(props.count, 'requirement')} not applicable</DialogTitle>
          <DialogContent>
            <Field label="Why they do not apply" required validationMessage={error}>
              <Textarea
                value={reason}
                rows={3}
                onChange={(_, d) => {
                  setReason(d.value);
                  setError(undefined);
                }}
              />
            </Field>
          </DialogContent>
          <DialogActions>
            <Button onClick={props.onClose}>Cancel</Button>
            <Button appearance="primary" disabledFocusable={props.busy} onClick={() => void submit()}>
              Mark not applicable
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function OwnerDialog(props: {
  open: boolean;
  count: number;
  busy: boolean;
  onClose: () => void;
  onSubmit: (owner: string) => Promise<boolean>;
}) {
  const form = useForm<{ owner: string }>({ defaultValues: { owner: '' } });
  return (
    <Dialog open={props.open} onOpenChange={(_, d) => !d.open && props.onClose()}>
      <DialogSurface>
        <form onSubmit={form.handleSubmit(async (v) => void (await props.onSubmit(v.owner.trim())))}>
          <DialogBody>
            <DialogTitle>Assign an owner to {plural(props.count, 'requirement')}</DialogTitle>
            <DialogContent>
              <Field label="Owner" hint="Leave empty to clear the owner.">
                <OwnerCombobox control={form.control} name="owner" label="Owner" />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button onClick={props.onClose}>Cancel</Button>
              <Button appearance="primary" type="submit" disabledFocusable={props.busy}>
                Assign
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
