import { useMemo, useState } from 'react';
import {
  makeStyles,
  tokens,
  Text,
  Caption1,
  Badge,
  MessageBar,
  MessageBarBody,
  Dropdown,
  Option,
  Field,
  Input,
} from '@fluentui/react-components';
import { ShieldCheckmark16Regular, ShieldError16Regular } from '@fluentui/react-icons';
import type { Client } from '../../../../shared/contract/clients';
import { useApiQuery } from '../../api/client';
import { Section } from '../../components/Section';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { formatDateTime } from '../../format';
import { fieldLabel, fieldValue } from '../../../../shared/domain/field-labels';

const useStyles = makeStyles({
  list: { margin: 0, padding: 0, listStyle: 'none' },
  entry: {
    display: 'grid',
    gridTemplateColumns: '180px 1fr',
    gap: tokens.spacingHorizontalL,
    paddingBlock: tokens.spacingVerticalM,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  when: { color: tokens.colorNeutralForeground3 },
  changes: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalL, color: tokens.colorNeutralForeground2 },
  filters: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'flex-end' },
});

// The kinds of change people filter the trail by, from the recorded action's prefix.
const KINDS: [string, string, (action: string) => boolean][] = [
  ['answers', 'Answers', (a) => a.startsWith('response.')],
  ['evidence', 'Evidence', (a) => a.startsWith('evidence.')],
  ['checks', 'Checks and tenant', (a) => a.startsWith('probe.') || a.startsWith('tenant.') || a.startsWith('accredited-list.')],
  [
    'signoff',
    'Sign-off and outcome',
    (a) => ['assessment.signoff', 'assessment.unlock', 'assessment.outcome', 'bundle.export'].includes(a),
  ],
  ['statement', 'Statement details', (a) => a.startsWith('statement.')],
  [
    'cycle',
    'Cycles',
    (a) => ['assessment.create', 'assessment.renewal', 'assessment.status', 'assessment.update', 'assessment.route'].includes(a),
  ],
  ['client', 'Client details', (a) => a.startsWith('client.')],
];
const kindOf = (action: string) => KINDS.find(([, , m]) => m(action))?.[0] ?? 'other';

export function ClientActivity({ client }: { client: Client }) {
  const s = useStyles();
  const log = useApiQuery('audit.list', { clientId: client.id, limit: 200 });
  const verify = useApiQuery('audit.verify', { clientId: client.id });
  const catalogue = useApiQuery('catalogue.get', {});
  const detailLabels = useMemo(
    () => Object.fromEntries((catalogue.data?.requirements ?? []).flatMap((r) => r.fields.map((f) => [f.key, f.label]))),
    [catalogue.data],
  );
  const [actor, setActor] = useState('');
  const [kind, setKind] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const actors = useMemo(() => [...new Set((log.data ?? []).map((e) => e.actor))].sort(), [log.data]);
  const shown = (log.data ?? []).filter(
    (e) =>
      (!actor || e.actor === actor) &&
      (!kind || kindOf(e.action) === kind) &&
      (!from || e.at.slice(0, 10) >= from) &&
      (!to || e.at.slice(0, 10) <= to),
  );
  return (
    <Section
      title="Activity"
      description="Every change to this client and its assessments: who, when, and what changed. The trail is hash-chained, so edits to it are detectable."
      actions={
        verify.data &&
        (verify.data.ok ? (
          <Badge appearance="tint" color="success" icon={<ShieldCheckmark16Regular />}>
            Trail intact · {verify.data.entriesChecked} entries
          </Badge>
        ) : (
          <Badge appearance="filled" color="danger" icon={<ShieldError16Regular />}>
            Trail altered
          </Badge>
        ))
      }
    >
      {verify.data && !verify.data.ok && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            The audit trail does not verify:{' '}
            {verify.data.problems
              .slice(0, 3)
              .map((p) => `entry ${p.n ?? '?'} ${p.problem}`)
              .join('; ')}
            .
          </MessageBarBody>
        </MessageBar>
      )}
      {log.isPending && <LoadingRows rows={4} label="Loading activity" />}
      {log.isError && <ErrorMessage error={log.error} />}
      {log.data && (
        <div className={s.filters} role="group" aria-label="Filter the activity">
          <Field label="Who">
            <Dropdown value={actor || 'Anyone'} selectedOptions={[actor]} onOptionSelect={(_, d) => setActor(d.optionValue ?? '')}>
              <Option value="">Anyone</Option>
              {actors.map((a) => (
                <Option key={a} value={a}>
                  {a}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field label="What">
            <Dropdown
              value={KINDS.find(([k]) => k === kind)?.[1] ?? 'Any change'}
              selectedOptions={[kind]}
              onOptionSelect={(_, d) => setKind(d.optionValue ?? '')}
            >
              <Option value="">Any change</Option>
              {KINDS.map(([k, label]) => (
                <Option key={k} value={k}>
                  {label}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field label="From">
            <Input type="date" value={from} onChange={(_, d) => setFrom(d.value)} />
          </Field>
          <Field label="To">
            <Input type="date" value={to} onChange={(_, d) => setTo(d.value)} />
          </Field>
          <Caption1 className={s.when}>
            {shown.length} of {log.data.length} entries
          </Caption1>
        </div>
      )}
      {log.data && (
        <ol className={s.list} aria-label="Audit trail">
          {shown.map((e) => (
            <li key={e.seq} className={s.entry}>
              <div>
                <Text block>{formatDateTime(e.at)}</Text>
                <Caption1 className={s.when}>{e.actor}</Caption1>
              </div>
              <div>
                <Text weight="semibold">{e.summary}</Text>
                {e.changes.length > 0 && e.action !== 'client.create' && (
                  <ul className={s.changes}>
                    {e.changes.slice(0, 12).map((ch, i) => (
                      <li key={i}>
                        <Caption1>
                          {fieldLabel(ch.field, detailLabels)}: {fieldValue(ch.field, ch.from)} → {fieldValue(ch.field, ch.to)}
                        </Caption1>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
