import type { ReactElement } from 'react';
import {
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  Caption1,
  Text,
  Tooltip,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CheckmarkCircle16Filled, Copy16Regular, DismissCircle16Filled, Info16Regular, Warning16Filled } from '@fluentui/react-icons';
import type { FindingReason } from '../../../../shared/contract/domain-checks';
import type { Finding, NotAssessableReason } from '../../../../shared/contract/findings';
import { CHECKS, isKnownCheck } from '../../../../shared/domain/checks';
import { TECH_REQUIREMENT_OF_CHECK } from '../../../../shared/domain/mail-report';
import { FindingStatusBadge } from '../../components/badges';
import { useCopy } from '../../components/useCopy';
import { CodeBlock } from '../../components/CodeBlock';
import { GradingHelp } from './GradingHelp';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    minWidth: 0,
    flex: 1,
    paddingBlock: tokens.spacingVerticalS,
  },
  // Fluent lets the chevron grow as much as the header content, which halves the room for the summary.
  expandIcon: { flexGrow: 0, flexBasis: 'auto' },
  badge: { flexShrink: 0, minWidth: '112px' },
  titles: { display: 'flex', flexDirection: 'column', minWidth: 0, flex: 1 },
  titleRow: { display: 'flex', alignItems: 'baseline', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  target: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
  summary: { color: tokens.colorNeutralForeground2 },
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    paddingLeft: '124px',
    paddingBottom: tokens.spacingVerticalM,
  },
  label: {
    color: tokens.colorNeutralForeground3,
    fontWeight: tokens.fontWeightSemibold,
    textTransform: 'uppercase',
    letterSpacing: '0.04em',
  },
  detail: { margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', color: tokens.colorNeutralForeground1 },
  reasons: { margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  reason: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  icon: { flexShrink: 0, paddingTop: '2px', display: 'inline-flex' },
  fixHead: { display: 'flex', justifyContent: 'space-between', alignItems: 'center' },
});

const REASON_ICON: Record<FindingReason['severity'], { icon: ReactElement; color: string; label: string }> = {
  fail: { icon: <DismissCircle16Filled />, color: tokens.colorPaletteRedForeground1, label: 'Problem' },
  warn: { icon: <Warning16Filled />, color: tokens.colorPaletteDarkOrangeForeground1, label: 'Warning' },
  note: { icon: <Info16Regular />, color: tokens.colorNeutralForeground3, label: 'Note' },
  pass: { icon: <CheckmarkCircle16Filled />, color: tokens.colorPaletteGreenForeground1, label: 'Passes' },
};

const NA_REASON: Record<NotAssessableReason, string> = {
  'not-licensed': 'Not licensed',
  'no-permission': 'No permission to read it',
  'not-collected': 'Not collected',
  unreachable: 'Could not be reached from this computer',
  'not-applicable': 'Not applicable',
  intercepted: 'Intercepted on this network',
  'client-cannot-test': 'Cannot be tested by this computer',
  refused: 'Refused by the server',
  'malformed-response': 'Unreadable answer',
};

// "Not licensed: …" unless the summary already says so.
function naPrefix(f: Finding): string {
  if (f.status !== 'not-assessable' || !f.reason) return '';
  const label = NA_REASON[f.reason] ?? f.reason;
  return f.summary.toLowerCase().includes(label.toLowerCase()) ? '' : `${label}: `;
}

function findingTitle(check: string): string {
  return isKnownCheck(check) ? CHECKS[check].title : check;
}

// A mail-domain finding carries its records as found and each rule applied; other probes (the tenant)
// give a plain-text detail instead, and may inform several requirements.
export type FindingItemFinding = Finding & { found?: string[]; reasons?: FindingReason[] };

export function FindingItem({ finding: f, value, requirements }: { finding: FindingItemFinding; value: string; requirements?: string[] }) {
  const s = useStyles();
  const copyText = useCopy();
  const found = f.found ?? [];
  const reasons = f.reasons ?? [];
  const tech = TECH_REQUIREMENT_OF_CHECK[f.check];
  const reqs = requirements ?? (tech ? [tech] : []);
  const copy = () => copyText(f.remediation ?? '', 'the fix');
  return (
    <AccordionItem value={value} data-testid={`finding-${f.check}-${f.target ?? ''}`}>
      <AccordionHeader expandIconPosition="end" size="large" expandIcon={{ className: s.expandIcon }}>
        <span className={s.header}>
          <span className={s.badge}>
            <FindingStatusBadge status={f.status} />
          </span>
          <span className={s.titles}>
            <span className={s.titleRow}>
              <Text weight="semibold">{findingTitle(f.check)}</Text>
              {f.target && <span className={s.target}>{f.target}</span>}
              {reqs.map((requirement) => (
                <Tooltip key={requirement} content={`Evidence for DCB1596 requirement ${requirement}`} relationship="description">
                  <Badge appearance="outline" shape="rounded" size="small" color="informative">
                    {requirement}
                  </Badge>
                </Tooltip>
              ))}
            </span>
            <Caption1 className={s.summary}>
              {naPrefix(f)}
              {f.summary}
            </Caption1>
          </span>
        </span>
      </AccordionHeader>
      <AccordionPanel>
        <div className={s.panel}>
          {found.length > 0 && (
            <div>
              <Caption1 className={s.label}>As found</Caption1>
              <CodeBlock maxHeight={320}>{found.join('\n')}</CodeBlock>
            </div>
          )}
          {f.found === undefined && f.reasons === undefined && f.detail && (
            <div>
              <Caption1 className={s.label}>{f.status === 'not-assessable' ? 'Why it was not assessed' : 'Why'}</Caption1>
              <p className={s.detail}>{f.detail}</p>
            </div>
          )}
          {reasons.length > 0 && (
            <div>
              <Caption1 className={s.label}>{f.status === 'not-assessable' ? 'Why it was not assessed' : 'Why'}</Caption1>
              <ul className={s.reasons}>
                {reasons.map((r, i) => (
                  <li key={i} className={s.reason}>
                    <span
                      className={s.icon}
                      style={{ color: REASON_ICON[r.severity].color }}
                      role="img"
                      aria-label={REASON_ICON[r.severity].label}
                    >
                      {REASON_ICON[r.severity].icon}
                    </span>
                    <Text size={300}>{r.text}</Text>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {f.remediation && (
            <div>
              <div className={s.fixHead}>
                <Caption1 className={s.label}>How to fix</Caption1>
                <Button
                  size="small"
                  appearance="subtle"
                  icon={<Copy16Regular />}
                  onClick={copy}
                  aria-label={`Copy the fix for ${findingTitle(f.check)}`}
                >
                  Copy
                </Button>
              </div>
              <CodeBlock highlight>{f.remediation}</CodeBlock>
            </div>
          )}
          <GradingHelp check={f.check} title={findingTitle(f.check)} />
        </div>
      </AccordionPanel>
    </AccordionItem>
  );
}
