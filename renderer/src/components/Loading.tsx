import { Skeleton, SkeletonItem, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({ rows: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

export function LoadingRows({ rows = 5, label = 'Loading' }: { rows?: number; label?: string }) {
  const s = useStyles();
  return (
    <Skeleton aria-label={label} className={s.rows}>
      {Array.from({ length: rows }, (_, i) => (
        <SkeletonItem key={i} size={24} />
      ))}
    </Skeleton>
  );
}
