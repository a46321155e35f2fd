import { makeStyles, tokens, Text, Subtitle2, Caption1 } from '@fluentui/react-components';
import { ErrorCircle16Filled, Warning16Filled, CheckmarkCircle20Filled } from '@fluentui/react-icons';
import type { ReadinessIssue } from '../../../../shared/domain/readiness';
import { SideDrawer } from '../../components/SideDrawer';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '2px' },
  item: {
    display: 'grid',
    gridTemplateColumns: '18px 1fr',
    gap: tokens.spacingHorizontalS,
    textAlign: 'left',
    width: '100%',
    border: 'none',
    background: 'none',
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    cursor: 'pointer',
    fontFamily: 'inherit',
    color: tokens.colorNeutralForeground1,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  blocker: { color: tokens.colorPaletteRedForeground1, paddingTop: '2px' },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1, paddingTop: '2px' },
  ok: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', color: tokens.colorPaletteGreenForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
});

function IssueList(props: { issues: ReadinessIssue[]; blocker: boolean; onSelect: (id: string) => void }) {
  const s = useStyles();
  return (
    <ul className={s.list}>
      {props.issues.map((i, n) => (
        <li key={n}>
          <button
            type="button"
            className={s.item}
            onClick={() => i.requirementIds[0] && props.onSelect(i.requirementIds[0])}
            disabled={!i.requirementIds.length}
          >
            <span className={props.blocker ? s.blocker : s.warning}>{props.blocker ? <ErrorCircle16Filled /> : <Warning16Filled />}</span>
            <span>
              <Text>{i.message}</Text>
              {i.fix && (
                <Caption1 block className={s.muted}>
                  {i.fix}
                </Caption1>
              )}
              {i.requirementIds.length > 1 && (
                <Caption1 block className={s.muted}>
                  Affects {i.requirementIds.join(', ')}
                </Caption1>
              )}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

export function ReadinessDrawer(props: {
  open: boolean;
  onClose: () => void;
  blockers: ReadinessIssue[];
  warnings: ReadinessIssue[];
  onSelect: (id: string) => void;
}) {
  const s = useStyles();
  return (
    <SideDrawer open={props.open} onClose={props.onClose} size="medium" label="Readiness for submission" title="Readiness for submission">
      {props.blockers.length === 0 ? (
        <div className={s.ok}>
          <CheckmarkCircle20Filled />
          <Text weight="semibold">Nothing blocks submission.</Text>
        </div>
      ) : (
        <section>
          <Subtitle2 as="h3">Blocks submission ({props.blockers.length})</Subtitle2>
          <IssueList issues={props.blockers} blocker onSelect={props.onSelect} />
        </section>
      )}
      {props.warnings.length > 0 && (
        <section>
          <Subtitle2 as="h3">Worth fixing ({props.warnings.length})</Subtitle2>
          <Caption1 block className={s.muted}>
            Warnings do not block submission but reviewers may ask about them.
          </Caption1>
          <IssueList issues={props.warnings} blocker={false} onSelect={props.onSelect} />
        </section>
      )}
    </SideDrawer>
  );
}
