import { makeStyles, tokens, Subtitle2, Caption1 } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    padding: tokens.spacingHorizontalL,
    boxShadow: tokens.shadow2,
  },
  head: { display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' },
  muted: { color: tokens.colorNeutralForeground3 },
  svg: { width: '100%', height: '150px', display: 'block' },
  table: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)' },
});

// Twelve monthly bars of accreditation expiries. The SVG is decorative for screen readers; the same
// numbers are in a visually hidden table.
export function RenewalTimeline({ months }: { months: { month: string; label: string; count: number; clients: string[] }[] }) {
  const s = useStyles();
  const max = Math.max(1, ...months.map((m) => m.count));
  const W = 720;
  const H = 150;
  const bar = W / months.length;
  const total = months.reduce((n, m) => n + m.count, 0);
  return (
    <section className={s.root} aria-labelledby="timeline-title">
      <div className={s.head}>
        <Subtitle2 as="h2" id="timeline-title">
          Renewals in the next 12 months
        </Subtitle2>
        <Caption1 className={s.muted}>
          {total} accreditation{total === 1 ? '' : 's'} expire
        </Caption1>
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} className={s.svg} aria-hidden preserveAspectRatio="none">
        {months.map((m, i) => {
          const h = m.count ? Math.max(6, ((H - 40) * m.count) / max) : 2;
          const x = i * bar + bar * 0.18;
          const y = H - 22 - h;
          return (
            <g key={m.month}>
              <title>{`${m.label}: ${m.count}${m.clients.length ? ` — ${m.clients.slice(0, 5).join(', ')}${m.clients.length > 5 ? '…' : ''}` : ''}`}</title>
              <rect
                x={x}
                y={y}
                width={bar * 0.64}
                height={h}
                rx={3}
                fill={i < 2 ? tokens.colorPaletteDarkOrangeBackground3 : tokens.colorBrandBackground}
                opacity={m.count ? 1 : 0.25}
              />
              {m.count > 0 && (
                <text x={x + bar * 0.32} y={y - 5} textAnchor="middle" fontSize="12" fill={tokens.colorNeutralForeground1}>
                  {m.count}
                </text>
              )}
              <text x={x + bar * 0.32} y={H - 6} textAnchor="middle" fontSize="12" fill={tokens.colorNeutralForeground3}>
                {m.label}
              </text>
            </g>
          );
        })}
      </svg>
      <table className={s.table}>
        <caption>Accreditation expiries by month</caption>
        <tbody>
          {months.map((m) => (
            <tr key={m.month}>
              <th scope="row">{m.month}</th>
              <td>{m.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
