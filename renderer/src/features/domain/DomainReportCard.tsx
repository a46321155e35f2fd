import { useMemo } from 'react';
import {
  Accordion,
  Badge,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle1,
  Subtitle2,
  Tooltip,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwise16Regular, Mail20Regular, Server20Regular } from '@fluentui/react-icons';
import type { DomainStatus } from '../../../../shared/contract/domain-checks';
import { groupFindings, worstStatus } from '../../../../shared/domain/mail-report';
import { FindingStatusBadge } from '../../components/badges';
import { formatDateTime, formatRelative } from '../../format';
import { FindingItem } from './FindingItem';
import { TransportTable } from './TransportTable';

const useStyles = makeStyles({
  card: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow2,
    display: 'flex',
    flexDirection: 'column',
  },
  head: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'flex-start',
    gap: tokens.spacingHorizontalL,
    flexWrap: 'wrap',
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  titles: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  titleRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  domain: { overflowWrap: 'anywhere' },
  counts: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap', alignItems: 'center' },
  muted: { color: tokens.colorNeutralForeground3 },
  body: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL} ${tokens.spacingVerticalL}`,
  },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  groupHead: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, color: tokens.colorNeutralForeground2 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  footer: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
  listFields: { margin: `${tokens.spacingVerticalXS} 0 0`, display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  empty: { color: tokens.colorNeutralForeground3, padding: `${tokens.spacingVerticalL} 0` },
});

const PROVIDER: Record<string, string> = { 'microsoft-365': 'Microsoft 365', google: 'Google Workspace', other: '' };

function AccreditedBadge({ a }: { a: DomainStatus['accredited'] }) {
  if (!a.listAvailable) return null;
  if (a.listed)
    return (
      <Badge appearance="filled" color="success" shape="rounded">
        On the NHS accredited list
      </Badge>
    );
  return (
    <Tooltip
      content={
        a.entries.length
          ? `The list names the parent domain ${a.entries[0]!.listedDomain}, not this domain`
          : 'Not in the imported NHS list'
      }
      relationship="description"
    >
      <Badge appearance="tint" color={a.entries.length ? 'warning' : 'subtle'} shape="rounded">
        {a.entries.length ? 'Parent domain listed' : 'Not on the NHS list'}
      </Badge>
    </Tooltip>
  );
}

export function DomainReportCard({ status, onRecheck, running }: { status: DomainStatus; onRecheck: () => void; running: boolean }) {
  const s = useStyles();
  const report = status.report;
  const grouped = useMemo(() => (report ? groupFindings(report.findings) : undefined), [report]);
  const worst = report ? worstStatus(report.findings) : undefined;
  const headingId = `domain-${status.domain.replace(/[^a-z0-9]/g, '-')}`;
  // Problems open by default, so the fix is one glance away.
  const openFailures = (list: { status: string }[], prefix: string) =>
    list.flatMap((f, i) => (f.status === 'fail' ? [`${prefix}-${i}`] : []));
  const listed = status.accredited.entries.find((e) => e.match === 'exact');

  return (
    <article className={s.card} aria-labelledby={headingId} data-testid={`domain-card-${status.domain}`}>
      <header className={s.head}>
        <div className={s.titles}>
          <div className={s.titleRow}>
            <Subtitle1 as="h3" id={headingId} className={s.domain}>
              {status.displayDomain}
            </Subtitle1>
            {worst && <FindingStatusBadge status={worst} />}
            <AccreditedBadge a={status.accredited} />
            {report && PROVIDER[report.provider] && (
              <Badge appearance="tint" color="informative" shape="rounded">
                {PROVIDER[report.provider]}
              </Badge>
            )}
          </div>
          {status.run ? (
            <div className={s.counts} aria-label="Summary of the latest checks">
              <Caption1 className={s.muted}>
                Checked {formatDateTime(status.run.finishedAt)} ({formatRelative(status.run.finishedAt)}) ·
              </Caption1>
              <Caption1>
                {status.run.counts.fail} failing · {status.run.counts.warn} to improve · {status.run.counts.pass} passing
                {status.run.counts.notAssessable ? ` · ${status.run.counts.notAssessable} not assessed` : ''}
              </Caption1>
            </div>
          ) : (
            <Caption1 className={s.muted}>Not checked yet</Caption1>
          )}
        </div>
        <Button
          icon={<ArrowClockwise16Regular />}
          onClick={onRecheck}
          disabled={running}
          aria-label={`${status.run ? 'Check again' : 'Check'}: ${status.displayDomain}`}
        >
          {status.run ? 'Check again' : 'Check'}
        </Button>
      </header>
      <div className={s.body}>
        {listed && (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Listed by NHS England</MessageBarTitle>
              as {listed.organisation || 'an organisation with no name given'} (row {listed.rowNumber} of the imported list).
              <span className={s.listFields}>
                {Object.entries(listed.fields)
                  .filter(([k]) => !/organi[sz]ation|domain/i.test(k))
                  .slice(0, 8)
                  .map(([k, v]) => (
                    <Caption1 key={k}>
                      {k}: <strong>{v}</strong>
                    </Caption1>
                  ))}
              </span>
            </MessageBarBody>
          </MessageBar>
        )}
        {!report && status.run && (
          <Caption1 className={s.empty}>The stored result of this run cannot be read; check the domain again.</Caption1>
        )}
        {!report && !status.run && (
          <Caption1 className={s.empty}>Run the checks to see this domain's DNS records and mail servers.</Caption1>
        )}
        {report && grouped && (
          <>
            <section className={s.group} aria-label={`DNS records of ${status.displayDomain}`}>
              <div className={s.groupHead}>
                <Mail20Regular />
                <Subtitle2 as="h4">DNS records</Subtitle2>
              </div>
              <Accordion multiple collapsible defaultOpenItems={openFailures(grouped.records, 'r')}>
                {grouped.records.map((f, i) => (
                  <FindingItem key={`r-${i}`} value={`r-${i}`} finding={f} />
                ))}
              </Accordion>
            </section>
            {grouped.servers.map((g, gi) => (
              <section key={g.host} className={s.group} aria-label={`Mail server ${g.host}`}>
                <div className={s.groupHead}>
                  <Server20Regular />
                  <Subtitle2 as="h4">
                    Mail server <span className={s.mono}>{g.host}</span>
                  </Subtitle2>
                </div>
                <TransportTable host={g.host} entries={report.transport.filter((t) => t.mx === g.host)} />
                <Accordion multiple collapsible defaultOpenItems={openFailures(g.findings, `s${gi}`)}>
                  {g.findings.map((f, i) => (
                    <FindingItem key={`s${gi}-${i}`} value={`s${gi}-${i}`} finding={f} />
                  ))}
                </Accordion>
              </section>
            ))}
            <Caption1 className={s.footer}>
              DNS answers from {report.resolver.answeredBy.join(', ') || report.resolver.servers.join(', ')} · SMTP port {report.smtpPort} ·
              took {(report.durationMs / 1000).toFixed(1)} s · {report.rulesetVersion}
              {status.run?.snapshot ? ` · kept as evidence (${status.run.snapshot.fileName})` : ''}
            </Caption1>
          </>
        )}
      </div>
    </article>
  );
}
