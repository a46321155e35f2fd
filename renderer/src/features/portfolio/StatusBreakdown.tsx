import { makeStyles, tokens, Text, mergeClasses } from '@fluentui/react-components';
import { RENEWAL_STATUSES, type RenewalStatus } from '../../../../shared/domain/renewal-status';

const useStyles = makeStyles({
  root: { display: 'grid', gridTemplateColumns: 'repeat(6, minmax(0, 1fr))', gap: tokens.spacingHorizontalM },
  card: {
    display: 'flex',
    flexDirection: 'row',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    borderTopWidth: '4px',
    cursor: 'pointer',
    fontFamily: 'inherit',
    textAlign: 'left',
    boxShadow: tokens.shadow2,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  active: { outline: `2px solid ${tokens.colorBrandStroke1}` },
  count: { fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600, fontWeight: tokens.fontWeightSemibold },
  label: { color: tokens.colorNeutralForeground2 },
});

export const STATUS_COLOURS: Record<RenewalStatus, string> = {
  expired: tokens.colorPaletteRedBorderActive,
  'renewal-due': tokens.colorPaletteDarkOrangeBorderActive,
  'in-progress': tokens.colorBrandStroke1,
  'not-started': tokens.colorNeutralStroke1,
  'awaiting-outcome': tokens.colorPaletteBerryBorderActive,
  accredited: tokens.colorPaletteGreenBorderActive,
};

const ORDER: RenewalStatus[] = ['expired', 'renewal-due', 'in-progress', 'awaiting-outcome', 'accredited', 'not-started'];

export function StatusBreakdown(props: {
  counts: Record<RenewalStatus, number>;
  active: RenewalStatus | 'all';
  onSelect: (s: RenewalStatus | 'all') => void;
}) {
  const s = useStyles();
  return (
    <div className={s.root} role="group" aria-label="Clients by status">
      {ORDER.map((status) => (
        <button
          key={status}
          type="button"
          className={mergeClasses(s.card, props.active === status && s.active)}
          style={{ borderTopColor: STATUS_COLOURS[status] }}
          aria-pressed={props.active === status}
          onClick={() => props.onSelect(props.active === status ? 'all' : status)}
        >
          <span className={s.count}>{props.counts[status]}</span>
          <Text size={200} className={s.label}>
            {RENEWAL_STATUSES[status]}
          </Text>
        </button>
      ))}
    </div>
  );
}
