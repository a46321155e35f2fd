import { useState } from 'react';
import { Caption1, Dropdown, Field, Option, Text, makeStyles, tokens, Link as FluentLink } from '@fluentui/react-components';
import { TaskListLtr24Regular } from '@fluentui/react-icons';
import { Link } from 'wouter';
import { TASK_KINDS, type TaskKind } from '../../../../shared/contract/people';
import { useApiQuery } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { formatDate, plural } from '../../format';
import { PeopleSection } from './PeopleSection';

const useStyles = makeStyles({
  filters: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', alignItems: 'flex-end' },
  table: { width: '100%', borderCollapse: 'collapse', backgroundColor: tokens.colorNeutralBackground1 },
  th: {
    textAlign: 'left',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    color: tokens.colorNeutralForeground3,
    fontWeight: tokens.fontWeightRegular,
  },
  td: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    verticalAlign: 'top',
    overflowWrap: 'anywhere',
  },
  muted: { color: tokens.colorNeutralForeground3 },
  nowrap: { whiteSpace: 'nowrap' },
  late: { color: tokens.colorPaletteRedForeground1 },
  cell: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
});

const ANYONE = '*';

// Everything that needs doing across clients, soonest first: owned items, items waiting on the client,
// evidence about to lapse and due dates, filtered by owner and kind.
export function TasksPage() {
  const s = useStyles();
  const tasks = useApiQuery('tasks.list', {});
  const people = useApiQuery('people.list', {});
  const [owner, setOwner] = useState(ANYONE);
  const [kind, setKind] = useState<TaskKind | typeof ANYONE>(ANYONE);
  const rows = (tasks.data?.tasks ?? []).filter((t) => (owner === ANYONE || t.ownerId === owner) && (kind === ANYONE || t.kind === kind));
  const ownerName = owner === ANYONE ? 'Anyone' : (people.data?.find((p) => p.id === owner)?.name ?? 'Anyone');
  return (
    <>
      <PageHeader title="Tasks" subtitle="What needs doing across every client, soonest first" />
      <div className={s.filters}>
        <Field label="Owner">
          <Dropdown value={ownerName} selectedOptions={[owner]} onOptionSelect={(_, d) => setOwner(d.optionValue ?? ANYONE)}>
            <Option value={ANYONE}>Anyone</Option>
            {(people.data ?? []).map((p) => (
              <Option key={p.id} value={p.id}>
                {p.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Kind">
          <Dropdown
            value={kind === ANYONE ? 'All kinds' : TASK_KINDS[kind]}
            selectedOptions={[kind]}
            onOptionSelect={(_, d) => setKind((d.optionValue as TaskKind | undefined) ?? ANYONE)}
          >
            <Option value={ANYONE}>All kinds</Option>
            {(Object.keys(TASK_KINDS) as TaskKind[]).map((k) => (
              <Option key={k} value={k}>
                {TASK_KINDS[k]}
              </Option>
            ))}
          </Dropdown>
        </Field>
        {tasks.data && (
          <Caption1 className={s.muted} role="status">
            {plural(rows.length, 'task')}
          </Caption1>
        )}
      </div>
      {tasks.isPending ? (
        <LoadingRows rows={4} label="Loading tasks" />
      ) : tasks.isError ? (
        <ErrorMessage error={tasks.error} onRetry={() => tasks.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState icon={<TaskListLtr24Regular />} title={tasks.data.tasks.length ? 'No task matches these filters' : 'Nothing to do'}>
          {tasks.data.tasks.length
            ? 'Choose another owner or kind.'
            : 'Tasks appear here when an answer has an owner, evidence is about to expire, or a submission or renewal is due.'}
        </EmptyState>
      ) : (
        <table className={s.table} aria-label="Tasks">
          <thead>
            <tr>
              {['Task', 'Client', 'Owner', 'Due'].map((h) => (
                <th key={h} className={s.th} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((t, i) => (
              <tr key={`${t.kind}-${t.href}-${t.title}-${i}`}>
                <td className={s.td}>
                  <span className={s.cell}>
                    <Link href={t.href} asChild>
                      <FluentLink>{t.title}</FluentLink>
                    </Link>
                    <Caption1 className={s.muted}>
                      {TASK_KINDS[t.kind]} · {t.detail}
                    </Caption1>
                  </span>
                </td>
                <td className={s.td}>{t.clientName}</td>
                <td className={s.td}>{t.ownerName ?? <span className={s.muted}>—</span>}</td>
                <td className={`${s.td} ${s.nowrap}`}>
                  {t.due ? (
                    <Text className={t.due < tasks.data.today ? s.late : undefined}>{formatDate(t.due)}</Text>
                  ) : (
                    <span className={s.muted}>—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <PeopleSection />
    </>
  );
}
