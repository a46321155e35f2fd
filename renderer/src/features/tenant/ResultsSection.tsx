import { countFindings } from '../../../../shared/domain/mail-report';
import { useMemo, useState } from 'react';
import { Accordion, Button, Caption1, Dropdown, Option, Subtitle2, Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowSync20Regular, DocumentSearch20Regular } from '@fluentui/react-icons';
import type { ProbeRunSummary } from '../../../../shared/contract/findings';
import { checkRequirementMap } from '../../../../shared/domain/catalogue/check-map';
import { errorMessage, useApiMutation, useApiQuery } from '../../api/client';
import { FindingStatusBadge } from '../../components/badges';
import { Section } from '../../components/Section';
import { useNotify } from '../../components/notify';
import { formatDateTime, formatRelative, plural } from '../../format';
import { FindingItem } from '../domain/FindingItem';
import { EvidenceDrawer } from './EvidenceDrawer';
import {
  changedChecks,
  checkTitle,
  describeSource,
  groupTenantFindings,
  notAssessableSummary,
  requirementsOf,
  type GroupBy,
} from './tenant-view';

const useStyles = makeStyles({
  meta: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  counts: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  toolbar: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  runPicker: { minWidth: '320px' },
  groups: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  groupHead: {
    display: 'flex',
    alignItems: 'baseline',
    gap: tokens.spacingHorizontalS,
    paddingBottom: tokens.spacingVerticalXS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
});

function runLabel(r: ProbeRunSummary): string {
  return `${formatDateTime(r.finishedAt)} — ${describeSource(r.source)}`;
}

// The findings of one stored run, by area or by DCB1596 requirement, with the evidence behind them and an
// offline re-evaluation of the same snapshot under today's rules.
export function ResultsSection({ runs }: { runs: ProbeRunSummary[] }) {
  const s = useStyles();
  const notify = useNotify();
  // A run picked from the list, until a newer run arrives (a re-run or a re-evaluation shows itself).
  const [picked, setPicked] = useState<{ id: string; latest: string }>();
  const [groupBy, setGroupBy] = useState<GroupBy>('requirement');
  const [evidenceOpen, setEvidenceOpen] = useState(false);
  const reevaluate = useApiMutation('tenant.reevaluate');
  const runId = picked?.latest === runs[0]?.id ? picked.id : undefined;
  const run = runs.find((r) => r.id === runId) ?? runs[0]!;
  const catalogue = useApiQuery('catalogue.get', {});
  const requirementMap = useMemo(() => (catalogue.data ? checkRequirementMap(catalogue.data, 'o365') : {}), [catalogue.data]);
  const groups = useMemo(() => groupTenantFindings(run.findings, groupBy, requirementMap), [run, groupBy, requirementMap]);
  const requirementTitle = (id: string) => catalogue.data?.requirements.find((r) => r.id === id)?.title;
  const counts = countFindings(run.findings);
  // An import or a re-evaluation is a new run over evidence collected earlier: say when it was collected.
  const evidence = useApiQuery('tenant.evidence', { runId: run.id }, { enabled: !!run.snapshot });
  const why = notAssessableSummary(run.findings);

  const doReevaluate = async () => {
    try {
      const r = await reevaluate.mutateAsync({ runId: run.id, save: true });
      const changed = changedChecks(run.findings, r.findings);
      notify('Re-evaluated offline', {
        body: changed.length
          ? `${plural(changed.length, 'check')} changed under today's rules: ${changed.map(checkTitle).join(', ')}.`
          : 'Today’s rules reach the same verdicts on this evidence. Saved as a new run.',
        intent: changed.length ? 'warning' : 'success',
      });
    } catch (err) {
      notify('Could not re-evaluate', { body: errorMessage(err), intent: 'error' });
    }
  };

  // Problems open by default, so the fix is one glance away.
  const openByDefault = (gid: string, list: { status: string }[]) => list.flatMap((f, i) => (f.status === 'fail' ? [`${gid}-${i}`] : []));

  return (
    <Section
      id="tenant-results"
      title="Findings"
      description="Each finding feeds the DCB1596 requirement shown beside it; the assessment checklist picks up the latest run."
      actions={
        <>
          <Button icon={<DocumentSearch20Regular />} onClick={() => setEvidenceOpen(true)} disabled={!run.snapshot}>
            Raw evidence
          </Button>
          <Button icon={<ArrowSync20Regular />} onClick={() => void doReevaluate()} disabled={reevaluate.isPending || !run.snapshot}>
            Re-evaluate offline
          </Button>
        </>
      }
    >
      <div className={s.meta}>
        <div className={s.counts} aria-label="Summary of this run">
          <Caption1>
            {counts.fail} failing · {counts.warn} to improve · {counts.pass} passing
            {counts.notAssessable ? ` · ${counts.notAssessable} not assessed (${why})` : ''}
          </Caption1>
        </div>
        <Caption1 className={s.muted}>
          Tenant {run.target} · Evaluated {formatDateTime(run.finishedAt)} ({formatRelative(run.finishedAt)}) from{' '}
          {describeSource(run.source)}
          {evidence.data ? ` · evidence collected ${formatDateTime(evidence.data.collectedAt)}` : ''}
        </Caption1>
      </div>
      <div className={s.toolbar}>
        <TabList
          selectedValue={groupBy}
          onTabSelect={(_, d) => setGroupBy(d.value as GroupBy)}
          size="small"
          aria-label="Group the findings"
        >
          <Tab value="requirement">By requirement</Tab>
          <Tab value="area">By area</Tab>
        </TabList>
        {runs.length > 1 && (
          <Dropdown
            className={s.runPicker}
            aria-label="Probe run"
            value={runLabel(run)}
            selectedOptions={[run.id]}
            onOptionSelect={(_, d) => d.optionValue && setPicked({ id: d.optionValue, latest: runs[0]!.id })}
          >
            {runs.map((r, i) => (
              <Option key={r.id} value={r.id} text={runLabel(r)}>
                {runLabel(r)}
                {i === 0 ? ' (latest)' : ''}
              </Option>
            ))}
          </Dropdown>
        )}
      </div>
      <div className={s.groups}>
        {groups.map((g) => (
          <section key={`${groupBy}-${g.id}`} className={s.group} aria-label={g.title} data-testid={`tenant-group-${g.id}`}>
            <div className={s.groupHead}>
              <Subtitle2 as="h3">
                {g.title}
                {groupBy === 'requirement' && requirementTitle(g.id) ? ` ${requirementTitle(g.id)}` : ''}
              </Subtitle2>
              <Caption1 className={s.muted}>{plural(g.findings.length, 'check')}</Caption1>
              {g.findings.some((f) => f.status === 'fail') && <FindingStatusBadge status="fail" />}
            </div>
            <Accordion multiple collapsible defaultOpenItems={openByDefault(g.id, g.findings)}>
              {g.findings.map((f, i) => (
                <FindingItem
                  key={`${g.id}-${f.check}-${i}`}
                  value={`${g.id}-${i}`}
                  finding={f}
                  requirements={requirementsOf(requirementMap, f.check)}
                />
              ))}
            </Accordion>
          </section>
        ))}
      </div>
      {run.snapshot && <EvidenceDrawer runId={run.id} open={evidenceOpen} onClose={() => setEvidenceOpen(false)} />}
    </Section>
  );
}
