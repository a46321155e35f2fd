import type { ReactNode } from 'react';
import { makeStyles, tokens, Subtitle1, Body1 } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    textAlign: 'center',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalXXL}`,
    border: `1px dashed ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusXLarge,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  icon: { fontSize: '40px', color: tokens.colorBrandForeground1, display: 'flex' },
  body: { color: tokens.colorNeutralForeground2, maxWidth: '52ch' },
});

export function EmptyState(props: { icon: ReactNode; title: string; children?: ReactNode; action?: ReactNode }) {
  const s = useStyles();
  return (
    <div className={s.root} role="status">
      <div className={s.icon} aria-hidden>
        {props.icon}
      </div>
      <Subtitle1 as="h2">{props.title}</Subtitle1>
      {props.children && <Body1 className={s.body}>{props.children}</Body1>}
      {props.action}
    </div>
  );
}
