import { Button, Caption1, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowRight20Regular } from '@fluentui/react-icons';
import { useLocation } from 'wouter';
import type { Client } from '../../../../shared/contract/clients';
import { ROUTE_LABELS } from '../../../../shared/contract/clients';
import type { ClientStatusView } from '../../../../shared/contract/assessments';
import { useApiQuery } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { formatDate, plural } from '../../format';
import { ClientNeedsButton } from '../assessments/ClientNeedsDialog';

const useStyles = makeStyles({
  root: {
    display: 'grid',
    gridTemplateColumns: 'repeat(4, minmax(0, 1fr)) auto',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXL,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    '@media (max-width: 1100px)': { gridTemplateColumns: 'repeat(2, minmax(0, 1fr))' },
  },
  fact: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  label: { color: tokens.colorNeutralForeground3 },
  bad: { color: tokens.colorPaletteRedForeground1 },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1 },
  good: { color: tokens.colorPaletteGreenForeground1 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, justifyContent: 'flex-end' },
});

function hrefOf(clientId: string, n: ClientStatusView['next']): string {
  if (n.target === 'checklist' && n.assessmentId) return `/clients/${clientId}/assessments/${n.assessmentId}`;
  if (n.target === 'sign-off' && n.assessmentId) return `/clients/${clientId}/assessments/${n.assessmentId}/sign-off`;
  return `/clients/${clientId}/assessments`;
}

function expiryText(daysLeft: number | undefined): string {
  if (daysLeft === undefined) return 'Not accredited yet';
  if (daysLeft < 0) return `Expired ${plural(-daysLeft, 'day')} ago`;
  if (daysLeft === 0) return 'Expires today';
  return `${plural(daysLeft, 'day')} left`;
}

// Where the client stands and the one next step (shared/domain/client-status.ts), above the overview.
export function ClientStatusHeader({ client }: { client: Client }) {
  const s = useStyles();
  const [, navigate] = useLocation();
  const status = useApiQuery('assessment.clientStatus', { clientId: client.id });
  if (status.isPending) return <LoadingRows rows={1} label="Loading the client's status" />;
  if (status.isError) return <ErrorMessage error={status.error} onRetry={() => status.refetch()} />;
  const st = status.data;
  const tone = st.renewal === 'expired' ? s.bad : st.renewal === 'renewal-due' ? s.warn : undefined;
  return (
    <section className={s.root} aria-label="Client status">
      <div className={s.fact}>
        <Caption1 className={s.label}>Route</Caption1>
        <Text weight="semibold">{ROUTE_LABELS[client.route]}</Text>
      </div>
      <div className={s.fact}>
        <Caption1 className={s.label}>Cycle stage</Caption1>
        <Text weight="semibold">{st.stage}</Text>
      </div>
      <div className={s.fact}>
        <Caption1 className={s.label}>Accreditation</Caption1>
        <Text weight="semibold" className={tone}>
          {expiryText(st.daysLeft)}
        </Text>
        <Caption1 className={s.label}>
          {st.renewalLabel}
          {st.expiresOn && ` · expires ${formatDate(st.expiresOn)}`}
        </Caption1>
      </div>
      <div className={s.fact}>
        <Caption1 className={s.label}>Blockers</Caption1>
        {st.blockers === undefined ? (
          <Text weight="semibold">—</Text>
        ) : (
          <Text weight="semibold" className={st.blockers > 0 ? s.bad : s.good}>
            {st.blockers > 0 ? plural(st.blockers, 'blocker') : 'Nothing blocks submission'}
          </Text>
        )}
      </div>
      <div className={s.actions}>
        {st.blockers !== undefined && <ClientNeedsButton clientId={client.id} />}
        <Button
          appearance="primary"
          icon={<ArrowRight20Regular />}
          iconPosition="after"
          disabled={client.archived}
          onClick={() => navigate(hrefOf(client.id, st.next))}
        >
          {st.next.label}
        </Button>
      </div>
    </section>
  );
}
