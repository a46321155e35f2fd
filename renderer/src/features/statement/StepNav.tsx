import { Caption1, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { CheckmarkCircle20Filled, ErrorCircle20Filled, Circle20Regular } from '@fluentui/react-icons';

export interface Step {
  id: string;
  title: string;
  status: 'done' | 'todo' | 'blocked' | 'waiting';
  note: string;
}

const useStyles = makeStyles({
  nav: {
    position: 'sticky',
    top: 0,
    zIndex: 2,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4,
  },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: tokens.spacingHorizontalXS,
    display: 'grid',
    gridTemplateColumns: 'repeat(6, minmax(0, 1fr))',
  },
  step: {
    display: 'grid',
    gridTemplateColumns: '20px 1fr',
    columnGap: tokens.spacingHorizontalS,
    alignItems: 'center',
    width: '100%',
    textAlign: 'left',
    border: 'none',
    background: 'none',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    cursor: 'pointer',
    fontFamily: 'inherit',
    color: tokens.colorNeutralForeground1,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  icon: { display: 'flex', gridRow: '1 / span 2' },
  done: { color: tokens.colorPaletteGreenForeground1 },
  blocked: { color: tokens.colorPaletteRedForeground1 },
  todo: { color: tokens.colorBrandForeground1 },
  waiting: { color: tokens.colorNeutralForeground4 },
  note: { color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
  title: { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
});

// The six steps as a sticky bar: where each stands, and a jump to its section.
export function StepNav({ steps }: { steps: Step[] }) {
  const s = useStyles();
  const go = (id: string) => {
    const el = document.getElementById(`step-${id}`);
    el?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    el?.focus({ preventScroll: true });
  };
  return (
    <nav className={s.nav} aria-label="Sign-off steps">
      <ol className={s.list}>
        {steps.map((step, i) => (
          <li key={step.id}>
            <button type="button" className={s.step} onClick={() => go(step.id)}>
              <span className={mergeClasses(s.icon, s[step.status])} aria-hidden>
                {step.status === 'done' ? (
                  <CheckmarkCircle20Filled />
                ) : step.status === 'blocked' ? (
                  <ErrorCircle20Filled />
                ) : (
                  <Circle20Regular />
                )}
              </span>
              <Text weight="semibold" size={300} className={s.title}>
                {i + 1}. {step.title}
              </Text>
              <Caption1 className={s.note}>{step.note}</Caption1>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
