import {
  makeStyles,
  tokens,
  Subtitle2,
  Text,
  Caption1,
  Accordion,
  AccordionItem,
  AccordionHeader,
  AccordionPanel,
  Link as FluentLink,
} from '@fluentui/react-components';
import { Link } from 'wouter';
import type { AssessmentFinding } from '../../../../shared/contract/assessments';
import { CHECKS, isKnownCheck } from '../../../../shared/domain/checks';
import { FindingStatusBadge } from '../../components/badges';
import { formatDateTime } from '../../format';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  text: { display: 'flex', flexDirection: 'column', minWidth: 0, flex: 1 },
  muted: { color: tokens.colorNeutralForeground3 },
  pre: { whiteSpace: 'pre-wrap', margin: 0, fontFamily: tokens.fontFamilyBase, color: tokens.colorNeutralForeground2 },
  remediation: {
    whiteSpace: 'pre-wrap',
    margin: 0,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground3,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
  },
  missing: { color: tokens.colorNeutralForeground3 },
});

export function RequirementFindings(props: { clientId: string; checks: string[]; findings: AssessmentFinding[] }) {
  const s = useStyles();
  const notRun = props.checks.filter((c) => !props.findings.some((f) => f.check === c));
  return (
    <section className={s.root} aria-label="Automated findings">
      <Subtitle2 as="h3">Automated checks</Subtitle2>
      {props.findings.length > 0 && (
        <Accordion multiple collapsible>
          {props.findings.map((f, i) => (
            <AccordionItem key={`${f.runId}-${i}`} value={`${f.runId}-${i}`}>
              <AccordionHeader expandIconPosition="end">
                <div className={s.row}>
                  <FindingStatusBadge status={f.status} />
                  <span className={s.text}>
                    <Text>
                      {CHECKS[f.check].title}
                      {f.target ? ` — ${f.target}` : ''}
                    </Text>
                    <Caption1 className={s.muted}>
                      {f.summary} · {formatDateTime(f.observedAt)}
                    </Caption1>
                  </span>
                </div>
              </AccordionHeader>
              <AccordionPanel>
                {f.detail && <p className={s.pre}>{f.detail}</p>}
                {f.remediation && (
                  <>
                    <Caption1 className={s.muted}>How to fix</Caption1>
                    <pre className={s.remediation}>{f.remediation}</pre>
                  </>
                )}
                {!f.detail && !f.remediation && <Caption1 className={s.muted}>No further detail.</Caption1>}
              </AccordionPanel>
            </AccordionItem>
          ))}
        </Accordion>
      )}
      {notRun.length > 0 && (
        <Caption1 className={s.missing}>
          Not checked yet: {notRun.map((c) => (isKnownCheck(c) ? CHECKS[c].title : c)).join(', ')}.{' '}
          <Link href={`/clients/${props.clientId}`} asChild>
            <FluentLink inline>Run the checks from the client page</FluentLink>
          </Link>
          .
        </Caption1>
      )}
    </section>
  );
}
