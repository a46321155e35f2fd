import type { ReactNode } from 'react';
import { makeStyles, tokens, Subtitle2, Caption1 } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    padding: tokens.spacingHorizontalXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    boxShadow: tokens.shadow2,
  },
  head: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: tokens.spacingHorizontalM },
  titles: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  description: { color: tokens.colorNeutralForeground3 },
  actions: { flexShrink: 0, display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', whiteSpace: 'nowrap' },
});

export function Section(props: { title: string; description?: ReactNode; actions?: ReactNode; children: ReactNode; id?: string }) {
  const s = useStyles();
  const headingId = props.id ? `${props.id}-title` : undefined;
  return (
    <section className={s.root} aria-labelledby={headingId}>
      <div className={s.head}>
        <div className={s.titles}>
          <Subtitle2 as="h2" id={headingId}>
            {props.title}
          </Subtitle2>
          {props.description && <Caption1 className={s.description}>{props.description}</Caption1>}
        </div>
        {props.actions && <div className={s.actions}>{props.actions}</div>}
      </div>
      {props.children}
    </section>
  );
}
