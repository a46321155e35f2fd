import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
  Text,
  Caption1,
} from '@fluentui/react-components';
import { ArrowRight16Regular, CheckmarkCircle24Regular } from '@fluentui/react-icons';
import type { CycleDiffView } from '../../../../shared/contract/assessments';
import { CHECKS, isKnownCheck } from '../../../../shared/domain/checks';
import { useApiQuery } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { Crumbs } from '../../components/Crumbs';
import { Section } from '../../components/Section';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { FindingStatusBadge, ResultBadge } from '../../components/badges';
import { formatValue } from './diff-format';
import { fieldValue, humanise } from '../../../../shared/domain/field-labels';

const useStyles = makeStyles({
  grid: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  arrow: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  muted: { color: tokens.colorNeutralForeground3 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

const isEmpty = (d: CycleDiffView) =>
  [
    d.answers,
    d.documents,
    d.details,
    d.findings,
    d.evidenceAdded,
    d.evidenceRemoved,
    d.evidenceExpired,
    d.requirementsAdded,
    d.requirementsRemoved,
  ].every((x) => x.length === 0);

export function CompareView({ clientId, assessmentId, otherId }: { clientId: string; assessmentId: string; otherId: string }) {
  const s = useStyles();
  const client = useApiQuery('client.get', { id: clientId });
  const diff = useApiQuery('assessment.diff', { fromId: otherId, toId: assessmentId });
  if (diff.isPending || client.isPending) return <LoadingRows rows={8} label="Comparing cycles" />;
  if (diff.isError) return <ErrorMessage error={diff.error} />;
  if (client.isError) return <ErrorMessage error={client.error} />;
  const d = diff.data;
  const checkTitle = (c: string) => (isKnownCheck(c) ? CHECKS[c].title : c);

  return (
    <div className={s.grid}>
      <PageHeader
        above={
          <Crumbs
            trail={[
              { label: client.data.legalName, href: `/clients/${clientId}/assessments` },
              { label: `${d.to} assessment`, href: `/clients/${clientId}/assessments/${assessmentId}` },
            ]}
          />
        }
        title={`What changed from ${d.from} to ${d.to}`}
        subtitle="Answers, document versions, automated findings and evidence between the two accreditation cycles."
      />
      {isEmpty(d) && (
        <EmptyState icon={<CheckmarkCircle24Regular />} title="Nothing changed">
          The answers, documents, automated findings and evidence are the same in both cycles.
        </EmptyState>
      )}
      {d.findings.length > 0 && (
        <Section
          title="Automated checks"
          description={`Domain checks and tenant probe results that changed status or values (${d.from} as signed; ${d.to} as last checked).`}
        >
          <Table aria-label="Findings that changed" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Check</TableHeaderCell>
                <TableHeaderCell>{d.from}</TableHeaderCell>
                <TableHeaderCell>{d.to}</TableHeaderCell>
                <TableHeaderCell>What moved</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {d.findings.map((f, i) => (
                <TableRow key={i}>
                  <TableCell>
                    <Text block>{checkTitle(f.check)}</Text>
                    {f.target && <Caption1 className={s.mono}>{f.target}</Caption1>}
                  </TableCell>
                  <TableCell>
                    {f.from ? <FindingStatusBadge status={f.from} /> : <Caption1 className={s.muted}>not checked</Caption1>}
                  </TableCell>
                  <TableCell>
                    {f.to ? <FindingStatusBadge status={f.to} /> : <Caption1 className={s.muted}>not checked</Caption1>}
                  </TableCell>
                  <TableCell>
                    {f.data.length > 0 ? (
                      <>
                        {f.data.map((x) => (
                          <Caption1 key={x.key} block>
                            {humanise(x.key)}: {formatValue(x.key, x.from)} → {formatValue(x.key, x.to)}
                          </Caption1>
                        ))}
                        {f.from !== f.to && f.toSummary && (
                          <Caption1 block className={s.muted}>
                            {f.toSummary}
                          </Caption1>
                        )}
                      </>
                    ) : !f.to ? (
                      <Caption1 className={s.muted}>
                        Not run for {d.to} yet. Last cycle: {f.fromSummary}
                      </Caption1>
                    ) : (
                      <Caption1>{f.toSummary}</Caption1>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Section>
      )}
      {d.answers.length > 0 && (
        <Section title="Answers">
          <Table aria-label="Answers that changed" size="small">
            <TableBody>
              {d.answers.map((a) => (
                <TableRow key={a.requirementId}>
                  <TableCell className={s.mono}>{a.requirementId}</TableCell>
                  <TableCell>{a.title}</TableCell>
                  <TableCell>
                    <span className={s.arrow}>
                      <ResultBadge result={a.from} size="small" /> <ArrowRight16Regular /> <ResultBadge result={a.to} size="small" />
                    </span>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Section>
      )}
      {(d.documents.length > 0 || d.details.length > 0) && (
        <Section title="Documents and details">
          <Table aria-label="Documents and details that changed" size="small">
            <TableBody>
              {[...d.documents, ...d.details].map((x, i) => (
                <TableRow key={i}>
                  <TableCell className={s.mono}>{x.requirementId}</TableCell>
                  <TableCell>{x.field}</TableCell>
                  <TableCell>
                    {fieldValue(x.field, x.from)} → <strong>{fieldValue(x.field, x.to)}</strong>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Section>
      )}
      {(d.evidenceAdded.length > 0 || d.evidenceRemoved.length > 0 || d.evidenceExpired.length > 0) && (
        <Section title="Evidence">
          {d.evidenceAdded.length > 0 && (
            <>
              <Text weight="semibold">Added in {d.to}</Text>
              <ul className={s.list}>
                {d.evidenceAdded.map((e) => (
                  <li key={e.evidenceId}>{e.title}</li>
                ))}
              </ul>
            </>
          )}
          {d.evidenceExpired.length > 0 && (
            <>
              <Text weight="semibold">Expired</Text>
              <ul className={s.list}>
                {d.evidenceExpired.map((e) => (
                  <li key={e.evidenceId}>
                    {e.title}
                    {e.expiresAt ? ` (${e.expiresAt})` : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
          {d.evidenceRemoved.length > 0 && (
            <>
              <Text weight="semibold">No longer linked</Text>
              <ul className={s.list}>
                {d.evidenceRemoved.map((e) => (
                  <li key={e.evidenceId}>{e.title}</li>
                ))}
              </ul>
            </>
          )}
        </Section>
      )}
      {(d.requirementsAdded.length > 0 || d.requirementsRemoved.length > 0) && (
        <Section title="Requirements" description="The catalogue or the route changed between the cycles.">
          {d.requirementsAdded.map((r) => (
            <Text key={r.id} block>
              New: <span className={s.mono}>{r.id}</span> {r.title}
            </Text>
          ))}
          {d.requirementsRemoved.map((r) => (
            <Text key={r.id} block>
              No longer asked: <span className={s.mono}>{r.id}</span> {r.title}
            </Text>
          ))}
        </Section>
      )}
    </div>
  );
}
