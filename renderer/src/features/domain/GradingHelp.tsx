import { Caption1, Text, makeStyles, tokens } from '@fluentui/react-components';
import { gradingRulesOf, type GradeStatus } from '../../../../shared/domain/grading-rules';

const useStyles = makeStyles({
  details: { color: tokens.colorNeutralForeground2 },
  summary: {
    cursor: 'pointer',
    color: tokens.colorBrandForegroundLink,
    fontSize: tokens.fontSizeBase300,
    width: 'fit-content',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  list: { margin: `${tokens.spacingVerticalS} 0 0`, padding: 0, listStyle: 'none', display: 'grid', gap: tokens.spacingVerticalS },
  row: { display: 'grid', gridTemplateColumns: '112px 1fr', columnGap: tokens.spacingHorizontalM },
  status: { fontWeight: tokens.fontWeightSemibold },
  source: { display: 'block', color: tokens.colorNeutralForeground3 },
});

const WORD: Record<GradeStatus, string> = { pass: 'Pass', warn: 'Warning', fail: 'Fail', 'not-assessable': 'Not assessed' };

// A check's grading rules from the one table (shared/domain/grading-rules.ts), with their sources.
export function GradingHelp({ check, title }: { check: string; title: string }) {
  const s = useStyles();
  const rules = gradingRulesOf(check);
  if (!rules.length) return null;
  return (
    <details className={s.details}>
      <summary className={s.summary}>How {title} is graded</summary>
      <ul className={s.list} aria-label={`Grading rules for ${title}`}>
        {rules.map((r) => (
          <li key={`${r.status}-${r.when}`} className={s.row}>
            <Text size={300} className={s.status}>
              {WORD[r.status]}
            </Text>
            <span>
              <Text size={300}>{r.when}</Text>
              <Caption1 className={s.source}>Source: {r.source}</Caption1>
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}
