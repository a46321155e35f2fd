import { makeStyles, tokens, Text, Caption1, Badge, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { ShieldCheckmark16Regular, ShieldError16Regular } from '@fluentui/react-icons';
import type { Client } from '../../../../shared/contract/clients';
import { useApiQuery } from '../../api/client';
import { Section } from '../../components/Section';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { formatDateTime } from '../../format';

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
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

const show = (v: unknown) =>
  v === null || v === undefined || v === ''
    ? '—'
    : Array.isArray(v)
      ? v.join(', ') || '—'
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v);

export function ClientActivity({ client }: { client: Client }) {
  const s = useStyles();
  const log = useApiQuery('audit.list', { clientId: client.id, limit: 200 });
  const verify = useApiQuery('audit.verify', { clientId: client.id });
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
        <ol className={s.list} aria-label="Audit trail">
          {log.data.map((e) => (
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
                          {ch.field}: <span className={s.mono}>{show(ch.from)}</span> → <span className={s.mono}>{show(ch.to)}</span>
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
