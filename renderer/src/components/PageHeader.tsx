import type { ReactNode } from 'react';
import { makeStyles, tokens, Title2, Body1 } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalS,
    flexWrap: 'wrap',
  },
  titles: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  above: { color: tokens.colorNeutralForeground3 },
  titleRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  subtitle: { color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

export function PageHeader(props: { title: ReactNode; above?: ReactNode; badges?: ReactNode; subtitle?: ReactNode; actions?: ReactNode }) {
  const s = useStyles();
  return (
    <header className={s.root}>
      <div className={s.titles}>
        {props.above && <div className={s.above}>{props.above}</div>}
        <div className={s.titleRow}>
          <Title2 as="h1">{props.title}</Title2>
          {props.badges}
        </div>
        {props.subtitle && <Body1 className={s.subtitle}>{props.subtitle}</Body1>}
      </div>
      {props.actions && <div className={s.actions}>{props.actions}</div>}
    </header>
  );
}
