import { Badge, Tooltip, makeStyles } from '@fluentui/react-components';
import { ROUTE_LABELS, type Route } from '../../../shared/contract/clients';

// A badge keeps its own width: squeezed by a narrow table cell, its text ran past its border.
const useStyles = makeStyles({ badge: { flexShrink: 0, minWidth: 'max-content', whiteSpace: 'nowrap' } });

const SHORT: Record<Route, string> = { o365: 'Microsoft 365', google: 'Google Workspace', 'self-managed': 'Self-managed' };
const COLOR: Record<Route, 'brand' | 'informative' | 'important'> = { o365: 'brand', google: 'informative', 'self-managed': 'important' };

export function RouteBadge({ route }: { route: Route }) {
  const s = useStyles();
  return (
    <Tooltip content={ROUTE_LABELS[route]} relationship="description">
      <Badge appearance="tint" color={COLOR[route]} shape="rounded" className={s.badge}>
        {SHORT[route]}
      </Badge>
    </Tooltip>
  );
}

export function SampleBadge() {
  const s = useStyles();
  return (
    <Tooltip content="Fictional data from the demo workspace — not for submission" relationship="description">
      <Badge appearance="filled" color="warning" shape="rounded" className={s.badge}>
        Sample
      </Badge>
    </Tooltip>
  );
}
