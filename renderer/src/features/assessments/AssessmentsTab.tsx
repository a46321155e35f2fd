import { Button, ProgressBar, Text, Caption1, makeStyles, tokens, Card, Badge } from '@fluentui/react-components';
import {
  ClipboardTaskListLtr24Regular,
  Add24Regular,
  ChevronRight20Regular,
  LockClosed16Regular,
  ArrowRepeatAll20Regular,
  ArrowSwap20Regular,
  CalendarCheckmark20Regular,
  DocumentPdf20Regular,
  ArrowUndo20Regular,
} from '@fluentui/react-icons';
import { Link } from 'wouter';
import type { Client } from '../../../../shared/contract/clients';
import { useApiQuery } from '../../api/client';
import { OutcomeDialog } from './OutcomeDialog';
import { OutcomeFindings } from './OutcomeFindings';
import { RenewalDialog } from './RenewalDialog';
import { useUndoRenewal } from './useUndoRenewal';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { AssessmentStatusBadge } from '../../components/badges';
import { formatDate, plural } from '../../format';
import { StartAssessmentDialog } from './StartAssessmentDialog';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  head: { display: 'flex', justifyContent: 'space-between', alignItems: 'center' },
  card: { padding: tokens.spacingHorizontalXL },
  row: { display: 'grid', gridTemplateColumns: '140px 1fr 220px auto', gap: tokens.spacingHorizontalXL, alignItems: 'center' },
  actions: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    justifyContent: 'flex-end',
    flexWrap: 'wrap',
    marginTop: tokens.spacingVerticalM,
    borderTop: `1px solid ${tokens.colorNeutralStroke3}`,
    paddingTop: tokens.spacingVerticalM,
  },
  cycle: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  progress: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground3 },
  counts: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

export function AssessmentsTab({ client }: { client: Client }) {
  const s = useStyles();
  const list = useApiQuery('assessment.list', { clientId: client.id });
  const undoRenewal = useUndoRenewal();
  if (list.isPending) return <LoadingRows rows={3} label="Loading assessments" />;
  if (list.isError) return <ErrorMessage error={list.error} onRetry={() => list.refetch()} />;
  const cycles = list.data.map((a) => a.cycle);
  const start = (label: string, primary = false) => (
    <StartAssessmentDialog
      clientId={client.id}
      existingCycles={cycles}
      trigger={
        <Button appearance={primary ? 'primary' : 'secondary'} icon={<Add24Regular />} disabled={client.archived}>
          {label}
        </Button>
      }
    />
  );

  if (list.data.length === 0) {
    return (
      <EmptyState icon={<ClipboardTaskListLtr24Regular />} title="No assessment yet" action={start('Start an assessment', true)}>
        An assessment is the checklist for one accreditation year: every DCB1596 requirement for the{' '}
        {client.route === 'o365' ? 'Microsoft 365' : client.route === 'google' ? 'Google Workspace' : 'self-managed'} route, with your
        answers, document details, automated findings and evidence.
      </EmptyState>
    );
  }

  return (
    <div className={s.list}>
      <div className={s.head}>
        <Text>{plural(list.data.length, 'assessment')}</Text>
        {start('New assessment')}
      </div>
      {list.data.map((a) => (
        <Card key={a.id} className={s.card} aria-label={`${a.cycle} assessment`}>
          <div className={s.row}>
            <div className={s.cycle}>
              <Text size={500} weight="semibold">
                {a.cycle}
              </Text>
              <span>
                <AssessmentStatusBadge status={a.status} />
              </span>
            </div>
            <div className={s.counts}>
              {a.blockerCount > 0 ? (
                <Badge appearance="tint" color="danger" shape="rounded">
                  {plural(a.blockerCount, 'blocker')}
                </Badge>
              ) : (
                <Badge appearance="tint" color="success" shape="rounded">
                  Nothing blocks submission
                </Badge>
              )}
              {a.warningCount > 0 && (
                <Badge appearance="tint" color="warning" shape="rounded">
                  {plural(a.warningCount, 'warning')}
                </Badge>
              )}
              {a.lockedAt && (
                <Badge appearance="outline" icon={<LockClosed16Regular />} shape="rounded">
                  Locked {formatDate(a.lockedAt)}
                </Badge>
              )}
              <Caption1 className={s.muted}>
                Planned submission {formatDate(a.plannedSubmissionDate)} · catalogue {a.catalogueVersion}
              </Caption1>
            </div>
            <div className={s.progress}>
              <Caption1 className={s.muted}>{a.percent}% answered</Caption1>
              <ProgressBar
                value={a.percent / 100}
                thickness="large"
                color={a.percent === 100 ? 'success' : 'brand'}
                aria-label={`${a.cycle} progress`}
              />
            </div>
            <Link href={`/clients/${client.id}/assessments/${a.id}`} asChild>
              <Button appearance="primary" icon={<ChevronRight20Regular />} iconPosition="after">
                Open checklist
              </Button>
            </Link>
          </div>
          <OutcomeFindings assessment={a} />
          {(a.status === 'signed' || a.previousAssessmentId) && (
            <div className={s.actions}>
              {a.status === 'signed' && (
                <Caption1 className={s.muted} style={{ marginRight: 'auto' }}>
                  {a.outcome.summary}
                  {a.submittedOn && ` · sent ${formatDate(a.submittedOn)}`}
                  {a.outcome.resubmittedOn && ` · re-submitted ${formatDate(a.outcome.resubmittedOn)}`}
                  {a.accreditedOn && ` · accredited ${formatDate(a.accreditedOn)}`}
                </Caption1>
              )}
              {a.renewalUndoable && (
                <Button icon={<ArrowUndo20Regular />} onClick={() => undoRenewal(a)} disabled={client.archived}>
                  Undo renewal
                </Button>
              )}
              {a.previousAssessmentId && (
                <Link href={`/clients/${client.id}/assessments/${a.id}/compare/${a.previousAssessmentId}`} asChild>
                  <Button icon={<ArrowSwap20Regular />}>Compare with previous year</Button>
                </Link>
              )}
              {a.status === 'signed' && (
                <Link href={`/clients/${client.id}/assessments/${a.id}/sign-off`} asChild>
                  <Button icon={<DocumentPdf20Regular />}>Statement &amp; bundle</Button>
                </Link>
              )}
              {a.status === 'signed' && (
                <OutcomeDialog assessment={a} trigger={<Button icon={<CalendarCheckmark20Regular />}>Record outcome</Button>} />
              )}
              {a.status === 'signed' && a.cycle === Math.max(...cycles) && (
                <RenewalDialog
                  from={a}
                  existingCycles={cycles}
                  trigger={
                    <Button appearance="primary" icon={<ArrowRepeatAll20Regular />} disabled={client.archived}>
                      Start {a.cycle + 1} renewal…
                    </Button>
                  }
                />
              )}
            </div>
          )}
        </Card>
      ))}
    </div>
  );
}
