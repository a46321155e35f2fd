import { useState } from 'react';
import { Button, Caption1, Text, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircle20Filled, ErrorCircle16Filled, Warning16Filled, ChevronRight16Regular } from '@fluentui/react-icons';
import type { StatementIssue } from '../../../../shared/contract/statement';
import type { ReadinessIssue } from '../../../../shared/domain/readiness';
import { plural } from '../../format';
import { ReadinessDrawer } from '../assessments/ReadinessDrawer';
import { isDetailsPath } from './statement-form-model';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  ok: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, color: tokens.colorPaletteGreenForeground1 },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  item: {
    display: 'grid',
    gridTemplateColumns: '18px 1fr auto',
    alignItems: 'start',
    gap: tokens.spacingHorizontalS,
    width: '100%',
    textAlign: 'left',
    border: 'none',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    background: 'none',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    fontFamily: 'inherit',
    color: tokens.colorNeutralForeground1,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':disabled': { cursor: 'default', backgroundColor: 'transparent' },
  },
  blocker: { color: tokens.colorPaletteRedForeground1, paddingTop: '2px', display: 'flex' },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1, paddingTop: '2px', display: 'flex' },
  go: { color: tokens.colorNeutralForeground3, paddingTop: '2px', display: 'flex' },
  muted: { color: tokens.colorNeutralForeground3 },
  footer: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

const SHOWN = 8;

const requirementOf = (path: string) => /^requirements\.([A-Z0-9]+-\d{2})/.exec(path)?.[1];

interface Row {
  key: string;
  message: string;
  where: string;
  onGo?: () => void;
}

// What still stands between this assessment and a final statement: the checklist's blockers (the same list the
// readiness panel shows) and the statement's own issues.
export function ReadinessSummary(props: {
  blockers: ReadinessIssue[];
  warnings: ReadinessIssue[];
  statementIssues: StatementIssue[];
  onRequirement: (id: string) => void;
  onField: (path: string) => void;
}) {
  const s = useStyles();
  const [drawer, setDrawer] = useState(false);
  // One list: the readiness model's blockers (the same the checklist, sign-off and export use), each with its
  // fix. The statement's own issues are those blockers too; only a problem that keeps the statement from being
  // drawn at all (a malformed stored value) is not among them and is listed first.
  const checklist = props.blockers.filter((b) => b.kind !== 'signoff-missing');
  const known = new Set(props.blockers.map((b) => b.message));
  const drawOnly = props.statementIssues.filter((i) => !/^signOffs/.test(i.path) && ![...known].some((m) => i.message.startsWith(m)));
  const rows: Row[] = [
    ...drawOnly.map((i, n) => ({
      key: `s${n}`,
      message: i.message,
      where: 'Statement',
      onGo: isDetailsPath(i.path)
        ? () => props.onField(i.path)
        : requirementOf(i.path)
          ? () => props.onRequirement(requirementOf(i.path)!)
          : undefined,
    })),
    ...checklist.map((b, n) => ({
      key: `c${n}`,
      message: b.fix ? `${b.message}. ${b.fix}` : b.message,
      where:
        b.kind === 'statement-missing' ? 'Statement' : b.requirementIds.length ? `Checklist · ${b.requirementIds.join(', ')}` : 'Checklist',
      onGo:
        b.kind === 'statement-missing' && b.field && isDetailsPath(b.field)
          ? () => props.onField(b.field!)
          : b.requirementIds[0]
            ? () => props.onRequirement(b.requirementIds[0]!)
            : undefined,
    })),
  ];

  return (
    <div className={s.root}>
      {rows.length === 0 ? (
        <div className={s.ok} role="status">
          <CheckmarkCircle20Filled />
          <Text weight="semibold">Nothing blocks the statement. {props.blockers.length ? 'It needs both sign-offs.' : ''}</Text>
        </div>
      ) : (
        <>
          <Text weight="semibold">{plural(rows.length, 'item')} to finish before the statement is final</Text>
          <ul className={s.list} aria-label="What still blocks the statement">
            {rows.slice(0, SHOWN).map((r) => (
              <li key={r.key}>
                <button type="button" className={s.item} onClick={r.onGo} disabled={!r.onGo}>
                  <span className={s.blocker}>
                    <ErrorCircle16Filled aria-label="Blocks" />
                  </span>
                  <span>
                    <Text>{r.message}</Text>
                    <Caption1 block className={s.muted}>
                      {r.where}
                    </Caption1>
                  </span>
                  {r.onGo && (
                    <span className={s.go} aria-hidden>
                      <ChevronRight16Regular />
                    </span>
                  )}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className={s.footer}>
        {rows.length > SHOWN && <Caption1 className={s.muted}>and {plural(rows.length - SHOWN, 'more item')}.</Caption1>}
        {props.warnings.length > 0 && (
          <Caption1 className={s.muted}>
            <Warning16Filled className={s.warning} style={{ display: 'inline', verticalAlign: 'text-bottom' }} aria-hidden />{' '}
            {plural(props.warnings.length, 'warning')} that reviewers may ask about.
          </Caption1>
        )}
        {(checklist.length > 0 || props.warnings.length > 0) && (
          <Button size="small" onClick={() => setDrawer(true)}>
            Open the readiness panel
          </Button>
        )}
      </div>
      <ReadinessDrawer
        open={drawer}
        onClose={() => setDrawer(false)}
        blockers={props.blockers}
        warnings={props.warnings}
        onSelect={(id) => {
          setDrawer(false);
          props.onRequirement(id);
        }}
      />
    </div>
  );
}
