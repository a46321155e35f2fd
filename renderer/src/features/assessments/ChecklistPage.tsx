import { useCallback, useMemo, useState } from 'react';
import {
  Button,
  Input,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  ProgressBar,
  Text,
  Tooltip,
  makeStyles,
  tokens,
  Badge,
  ToggleButton,
} from '@fluentui/react-components';
import {
  CheckmarkCircle20Regular,
  ArrowUndo20Regular,
  LockOpen20Regular,
  ErrorCircle20Regular,
  Warning20Regular,
  Signature20Regular,
  ArrowSwap20Regular,
  MultiselectLtr20Regular,
} from '@fluentui/react-icons';
import { Link, useLocation } from 'wouter';
import { ROUTE_LABELS } from '../../../../shared/contract/clients';
import type { ReadinessIssue } from '../../../../shared/domain/readiness';
import { errorMessage, useApiMutation, useApiQuery } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { Crumbs } from '../../components/Crumbs';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { AssessmentStatusBadge } from '../../components/badges';
import { useNotify } from '../../components/notify';
import { formatDate, plural } from '../../format';
import { buildRows, matches, NO_FILTERS } from './checklist-model';
import { ChecklistFilters } from './ChecklistFilters';
import { RequirementList } from './RequirementList';
import { RequirementPanel } from './RequirementPanel';
import { ReadinessDrawer } from './ReadinessDrawer';
import { UnlockDialog } from './UnlockDialog';
import { RenewalChecksBanner } from './RenewalChecksBanner';
import { ClientNeedsButton } from './ClientNeedsDialog';
import { BulkActions } from './BulkActions';

const useStyles = makeStyles({
  summary: {
    display: 'grid',
    gridTemplateColumns: 'minmax(220px, 1.2fr) auto auto',
    gap: tokens.spacingHorizontalXXL,
    alignItems: 'center',
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
    boxShadow: tokens.shadow2,
  },
  progress: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  date: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalS },
  readiness: { display: 'flex', gap: tokens.spacingHorizontalS },
  // The list takes a third of the width (it grows on wide screens so titles fit), the panel the rest.
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(300px, 34%) minmax(0, 1fr)',
    gap: tokens.spacingHorizontalXL,
    alignItems: 'start',
  },
  side: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    position: 'sticky',
    top: tokens.spacingVerticalL,
    maxHeight: 'calc(100vh - 48px)',
    overflowY: 'auto',
    paddingRight: tokens.spacingHorizontalXS,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
});

export function ChecklistPage({
  clientId,
  assessmentId,
  requirementId,
}: {
  clientId: string;
  assessmentId: string;
  requirementId?: string;
}) {
  const s = useStyles();
  const [, navigate] = useLocation();
  const notify = useNotify();
  const [showLegacy, setShowLegacy] = useState(false);
  const client = useApiQuery('client.get', { id: clientId });
  const detail = useApiQuery('assessment.get', { id: assessmentId, includeLegacy: showLegacy }, { placeholderData: (p) => p });
  const catalogue = useApiQuery('catalogue.get', { version: detail.data?.assessment.catalogueVersion }, { enabled: Boolean(detail.data) });
  const setStatus = useApiMutation('assessment.setStatus');
  const syncRoute = useApiMutation('assessment.syncRoute');
  const update = useApiMutation('assessment.update');
  const [filters, setFilters] = useState(NO_FILTERS);
  const [drawer, setDrawer] = useState(false);
  const [unlockOpen, setUnlockOpen] = useState(false);
  const [planned, setPlanned] = useState<string>();
  // Bulk selection is opt-in ("Select several"): without it the list is one keyboard-driven group of rows.
  const [selecting, setSelecting] = useState(false);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());

  const rows = useMemo(() => (detail.data ? buildRows(detail.data) : []), [detail.data]);
  const visible = useMemo(() => rows.filter((r) => matches(r, filters)), [rows, filters]);
  const owners = useMemo(() => [...new Set(rows.map((r) => r.response?.owner).filter((o): o is string => Boolean(o)))].sort(), [rows]);
  const selected = rows.find((r) => r.requirement.id === requirementId) ?? visible[0] ?? rows[0];
  const sources = useMemo(
    () => Object.fromEntries((catalogue.data?.sources ?? []).map((x) => [x.id, { title: x.title, url: x.url }])),
    [catalogue.data],
  );

  const select = useCallback(
    (id: string) => {
      navigate(`/clients/${clientId}/assessments/${assessmentId}/${id}`, { replace: true });
    },
    [navigate, clientId, assessmentId],
  );

  if (detail.isPending || client.isPending) return <LoadingRows rows={10} label="Loading checklist" />;
  if (detail.isError) return <ErrorMessage error={detail.error} onRetry={() => detail.refetch()} />;
  if (client.isError) return <ErrorMessage error={client.error} />;
  const d = detail.data;
  const a = d.assessment;
  const locked = a.status === 'signed';
  const r = d.readiness;
  const otherBlockers = (r.blockers as ReadinessIssue[]).filter((b) => b.kind !== 'signoff-missing');

  const next = () => {
    const i = visible.findIndex((v) => v.requirement.id === selected?.requirement.id);
    const n = visible[i + 1];
    if (n) navigate(`/clients/${clientId}/assessments/${assessmentId}/${n.requirement.id}`, { replace: true });
  };

  const changeStatus = async (status: 'draft' | 'ready') => {
    try {
      await setStatus.mutateAsync({ id: a.id, status });
      notify(status === 'ready' ? 'Ready for sign-off' : 'Returned to draft');
    } catch (err) {
      notify('Could not change the status', { body: errorMessage(err), intent: 'error' });
    }
  };

  const savePlanned = async () => {
    if (!planned || planned === a.plannedSubmissionDate) return setPlanned(undefined);
    try {
      await update.mutateAsync({ id: a.id, revision: a.revision, plannedSubmissionDate: planned });
      setPlanned(undefined);
    } catch (err) {
      notify('Could not change the date', { body: errorMessage(err), intent: 'error' });
    }
  };

  return (
    <>
      <PageHeader
        above={
          <Crumbs
            trail={[
              { label: 'Clients', href: '/clients' },
              { label: client.data.legalName, href: `/clients/${clientId}/assessments` },
            ]}
          />
        }
        title={`${a.cycle} assessment`}
        badges={
          <>
            <AssessmentStatusBadge status={a.status} />
            <Badge appearance="outline" shape="rounded">
              {ROUTE_LABELS[a.route]}
            </Badge>
            <Tooltip content="The version of the requirement catalogue this assessment was made against" relationship="description">
              <Badge appearance="outline" shape="rounded" className={s.mono}>
                catalogue {a.catalogueVersion}
              </Badge>
            </Tooltip>
          </>
        }
        actions={
          <>
            {a.status === 'draft' && (
              <Tooltip
                content={
                  r.readyForSignoff
                    ? 'Send to the two signatories'
                    : `${plural(r.counts.blockers, 'blocker')}: ${plural(otherBlockers.length, 'item')} to fix before sign-off`
                }
                relationship="description"
              >
                <Button
                  appearance="primary"
                  icon={<CheckmarkCircle20Regular />}
                  disabled={!r.readyForSignoff || setStatus.isPending}
                  onClick={() => changeStatus('ready')}
                >
                  Mark ready for sign-off
                </Button>
              </Tooltip>
            )}
            <Link href={`/clients/${clientId}/assessments/${assessmentId}/sign-off`} asChild>
              <Button appearance={a.status === 'draft' ? 'secondary' : 'primary'} icon={<Signature20Regular />}>
                Sign off &amp; export
              </Button>
            </Link>
            {a.status === 'ready' && (
              <Button icon={<ArrowUndo20Regular />} onClick={() => changeStatus('draft')} disabled={setStatus.isPending}>
                Return to draft
              </Button>
            )}
            {!locked && <ClientNeedsButton clientId={clientId} assessmentId={a.id} />}
            {a.previousAssessmentId && (
              <Link href={`/clients/${clientId}/assessments/${assessmentId}/compare/${a.previousAssessmentId}`} asChild>
                <Button icon={<ArrowSwap20Regular />}>Compare with last year</Button>
              </Link>
            )}
            {locked && (
              <Button icon={<LockOpen20Regular />} onClick={() => setUnlockOpen(true)}>
                Unlock…
              </Button>
            )}
          </>
        }
      />

      {d.clientRoute !== a.route && !locked && (
        <MessageBar intent="warning">
          <MessageBarBody>
            {client.data.legalName} now uses {ROUTE_LABELS[d.clientRoute]}, but this assessment was started for {ROUTE_LABELS[a.route]}.
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => syncRoute.mutate({ id: a.id })}>Switch to {ROUTE_LABELS[d.clientRoute]}</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {!locked && d.responses.some((x) => x.carriedFromCycle !== undefined) && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            {plural(d.responses.filter((x) => x.carriedFromCycle !== undefined).length, 'answer')} carried over from{' '}
            {d.responses.find((x) => x.carriedFromCycle)?.carriedFromCycle} need re-confirming: open each one, check it still holds (new
            document versions, dates), and save.
          </MessageBarBody>
        </MessageBar>
      )}
      <RenewalChecksBanner client={client.data} assessment={a} />
      {locked && (
        <MessageBar intent="success">
          <MessageBarBody>
            Signed by both signatories on {formatDate(a.lockedAt)}. The assessment is locked; unlocking is recorded in the audit trail.
          </MessageBarBody>
        </MessageBar>
      )}

      <div className={s.summary}>
        <div className={s.progress}>
          {/* Per-section counts are in the list's section headings; here only the total, to keep the list in view. */}
          <Text weight="semibold">{r.percent}% answered</Text>
          <ProgressBar
            value={r.percent / 100}
            thickness="large"
            color={r.percent === 100 ? 'success' : 'brand'}
            aria-label="Overall progress"
          />
        </div>
        <div className={s.date}>
          <Field label="Planned submission" size="small">
            <Input
              type="date"
              size="small"
              value={planned ?? a.plannedSubmissionDate}
              disabled={locked}
              onChange={(_, v) => setPlanned(v.value)}
              onBlur={savePlanned}
              aria-label="Planned submission date"
            />
          </Field>
        </div>
        <div className={s.readiness}>
          <Button
            appearance={r.blockers.length ? 'primary' : 'secondary'}
            icon={r.blockers.length ? <ErrorCircle20Regular /> : <CheckmarkCircle20Regular />}
            onClick={() => setDrawer(true)}
          >
            {r.counts.blockers ? plural(r.counts.blockers, 'blocker') : 'Nothing blocks'}
          </Button>
          {r.warnings.length > 0 && (
            <Button icon={<Warning20Regular />} onClick={() => setDrawer(true)}>
              {plural(r.warnings.length, 'warning')}
            </Button>
          )}
        </div>
      </div>

      <div className={s.layout}>
        <aside className={s.side} aria-label="Checklist">
          <ChecklistFilters
            value={filters}
            owners={owners}
            onChange={setFilters}
            showLegacy={showLegacy}
            onShowLegacy={setShowLegacy}
            extra={
              !locked && (
                <ToggleButton
                  size="small"
                  icon={<MultiselectLtr20Regular />}
                  checked={selecting}
                  onClick={() => {
                    setSelecting(!selecting);
                    setChecked(new Set());
                  }}
                >
                  Select several
                </ToggleButton>
              )
            }
          />
          {selecting && !locked && (
            <BulkActions
              assessmentId={a.id}
              rows={visible}
              selected={checked}
              onSelect={(ids) => setChecked(new Set(ids))}
              onDone={() => setChecked(new Set())}
            />
          )}
          <RequirementList
            rows={visible}
            sections={r.sections}
            selectedId={selected?.requirement.id}
            onSelect={select}
            checked={selecting && !locked ? checked : undefined}
            onCheck={(id, on) =>
              setChecked((prev) => {
                const next = new Set(prev);
                if (on) next.add(id);
                else next.delete(id);
                return next;
              })
            }
          />
        </aside>
        {selected && (
          <RequirementPanel
            key={selected.requirement.id}
            clientId={clientId}
            assessmentId={assessmentId}
            row={selected}
            sourceUrls={sources}
            plannedSubmissionDate={a.plannedSubmissionDate}
            locked={locked}
            onNext={next}
          />
        )}
      </div>

      <ReadinessDrawer
        open={drawer}
        onClose={() => setDrawer(false)}
        blockers={r.blockers as ReadinessIssue[]}
        warnings={r.warnings as ReadinessIssue[]}
        onSelect={(id) => {
          setDrawer(false);
          select(id);
        }}
      />
      <UnlockDialog assessmentId={a.id} cycle={a.cycle} open={unlockOpen} onClose={() => setUnlockOpen(false)} />
    </>
  );
}
