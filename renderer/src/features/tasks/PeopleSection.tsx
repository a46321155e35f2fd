import { useState } from 'react';
import { Button, Caption1, Field, Input, Radio, RadioGroup, makeStyles, tokens } from '@fluentui/react-components';
import { PersonAdd20Regular } from '@fluentui/react-icons';
import { PERSON_ROLES } from '../../../../shared/contract/people';
import { ApiError, useApiMutation, useApiQuery } from '../../api/client';
import { useNotify } from '../../components/notify';
import { Section } from '../../components/Section';

const useStyles = makeStyles({
  form: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', alignItems: 'flex-start' },
  list: { margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXL },
  muted: { color: tokens.colorNeutralForeground3 },
  add: { marginTop: '26px' },
});

// The workspace's people, picked as owners on answers. "Client staff" owners make an item "waiting on the client".
export function PeopleSection() {
  const s = useStyles();
  const notify = useNotify();
  const people = useApiQuery('people.list', {});
  const save = useApiMutation('people.save');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'consultant' | 'client'>('client');
  const [error, setError] = useState<ApiError>();
  const issue = (p: string) => error?.issues.find((i) => i.path === p)?.message;
  const add = async () => {
    setError(undefined);
    try {
      const p = await save.mutateAsync({ name, email, role });
      notify(`${p.name} added`);
      setName('');
      setEmail('');
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    }
  };
  return (
    <Section title="People" id="people" description="Owners you can pick on an answer">
      {people.data && people.data.length > 0 ? (
        <ul className={s.list}>
          {people.data.map((p) => (
            <li key={p.id}>
              {p.name}{' '}
              <Caption1 className={s.muted}>
                {[p.role && PERSON_ROLES[p.role], p.email].filter(Boolean).join(' · ') || 'role not set'}
              </Caption1>
            </li>
          ))}
        </ul>
      ) : (
        <Caption1 className={s.muted}>No people yet. Add one here, or type a name as an answer’s owner.</Caption1>
      )}
      <div className={s.form}>
        <Field label="Name" required validationMessage={issue('name') ?? (!error?.issues.length ? error?.message : undefined)}>
          <Input value={name} onChange={(_, d) => setName(d.value)} />
        </Field>
        <Field label="Email (optional)" validationMessage={issue('email')}>
          <Input type="email" value={email} onChange={(_, d) => setEmail(d.value)} />
        </Field>
        <Field label="Role">
          <RadioGroup layout="horizontal" value={role} onChange={(_, d) => setRole(d.value as 'consultant' | 'client')}>
            <Radio value="client" label={PERSON_ROLES.client} />
            <Radio value="consultant" label={PERSON_ROLES.consultant} />
          </RadioGroup>
        </Field>
        <Button className={s.add} icon={<PersonAdd20Regular />} onClick={add} disabled={save.isPending || !name.trim()}>
          Add person
        </Button>
      </div>
    </Section>
  );
}
