import { useState } from 'react';
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
  Input,
  Radio,
  RadioGroup,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Delete20Regular, Edit20Regular, PersonAdd20Regular, Save20Regular } from '@fluentui/react-icons';
import { PERSON_ROLES, type Person } from '../../../../shared/contract/people';
import { ApiError, errorMessage, useApiMutation, useApiQuery } from '../../api/client';
import { useNotify } from '../../components/notify';
import { Section } from '../../components/Section';

const useStyles = makeStyles({
  form: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', alignItems: 'flex-start' },
  list: { margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  buttons: { marginTop: '26px', display: 'flex', gap: tokens.spacingHorizontalS },
});

type Role = 'consultant' | 'client';

// The workspace's people, picked as owners on answers. "Client staff" owners make an item "waiting on the client".
export function PeopleSection() {
  const s = useStyles();
  const notify = useNotify();
  const people = useApiQuery('people.list', {});
  const save = useApiMutation('people.save');
  const remove = useApiMutation('people.remove');
  const [editing, setEditing] = useState<Person>();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('client');
  const [error, setError] = useState<ApiError>();
  const [removing, setRemoving] = useState<Person>();
  const [removeError, setRemoveError] = useState<string>();
  const issue = (p: string) => error?.issues.find((i) => i.path === p)?.message;

  const fill = (p?: Person) => {
    setEditing(p);
    setName(p?.name ?? '');
    setEmail(p?.email ?? '');
    setRole(p?.role ?? 'client');
    setError(undefined);
  };
  const submit = async () => {
    setError(undefined);
    try {
      const p = await save.mutateAsync({ id: editing?.id, name, email, role });
      notify(editing ? `${p.name} saved` : `${p.name} added`);
      fill(undefined);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    }
  };
  const confirmRemove = async () => {
    if (!removing) return;
    try {
      const r = await remove.mutateAsync({ id: removing.id });
      notify(`${r.name} removed`);
      if (editing?.id === removing.id) fill(undefined);
      setRemoving(undefined);
    } catch (err) {
      setRemoveError(errorMessage(err));
    }
  };

  return (
    <Section title="People" id="people" description="Owners you can pick on an answer">
      {people.data && people.data.length > 0 ? (
        <ul className={s.list} aria-label="People">
          {people.data.map((p) => (
            <li key={p.id} className={s.row}>
              <span>{p.name}</span>
              <Caption1 className={s.muted}>
                {[p.role && PERSON_ROLES[p.role], p.email].filter(Boolean).join(' · ') || 'role not set'}
              </Caption1>
              <Button size="small" appearance="subtle" icon={<Edit20Regular />} aria-label={`Edit ${p.name}`} onClick={() => fill(p)} />
              <Button
                size="small"
                appearance="subtle"
                icon={<Delete20Regular />}
                aria-label={`Remove ${p.name}`}
                onClick={() => {
                  setRemoveError(undefined);
                  setRemoving(p);
                }}
              />
            </li>
          ))}
        </ul>
      ) : (
        <Caption1 className={s.muted}>No people yet. Add one here, or type a name as an answer’s owner.</Caption1>
      )}
      <div className={s.form} role="group" aria-label={editing ? `Edit ${editing.name}` : 'Add a person'}>
        <Field label="Name" required validationMessage={issue('name') ?? (!error?.issues.length ? error?.message : undefined)}>
          <Input value={name} onChange={(_, d) => setName(d.value)} />
        </Field>
        <Field label="Email (optional)" validationMessage={issue('email')}>
          <Input type="email" value={email} onChange={(_, d) => setEmail(d.value)} />
        </Field>
        <Field label="Role">
          <RadioGroup layout="horizontal" value={role} onChange={(_, d) => setRole(d.value as Role)}>
            <Radio value="client" label={PERSON_ROLES.client} />
            <Radio value="consultant" label={PERSON_ROLES.consultant} />
          </RadioGroup>
        </Field>
        <div className={s.buttons}>
          <Button
            appearance={editing ? 'primary' : 'secondary'}
            icon={editing ? <Save20Regular /> : <PersonAdd20Regular />}
            onClick={submit}
            disabled={save.isPending || !name.trim()}
          >
            {editing ? 'Save changes' : 'Add person'}
          </Button>
          {editing && <Button onClick={() => fill(undefined)}>Cancel</Button>}
        </div>
      </div>
      <Dialog open={!!removing} onOpenChange={(_, d) => !d.open && setRemoving(undefined)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Remove {removing?.name}?</DialogTitle>
            <DialogContent>
              {removing?.name} will no longer be offered as an owner. Signed assessments keep the name as it was signed. Someone who still
              owns answers in an assessment not yet signed cannot be removed until those answers have another owner.
              {removeError && (
                <Caption1 role="alert" as="p">
                  {removeError}
                </Caption1>
              )}
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setRemoving(undefined)}>Cancel</Button>
              <Button appearance="primary" onClick={confirmRemove} disabled={remove.isPending}>
                Remove
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </Section>
  );
}
