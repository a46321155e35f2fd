import { Badge, Tooltip } from '@fluentui/react-components';
import { ROUTE_LABELS, type Route } from '../../../shared/contract/clients';

const SHORT: Record<Route, string> = { o365: 'Microsoft 365', google: 'Google Workspace', 'self-managed': 'Self-managed' };
const COLOR: Record<Route, 'brand' | 'informative' | 'important'> = { o365: 'brand', google: 'informative', 'self-managed': 'important' };

export function RouteBadge({ route }: { route: Route }) {
  return (
    <Tooltip content={ROUTE_LABELS[route]} relationship="description">
      <Badge appearance="tint" color={COLOR[route]} shape="rounded">
        {SHORT[route]}
      </Badge>
    </Tooltip>
  );
}

export function SampleBadge() {
  return (
    <Tooltip content="Fictional data from the demo workspace — not for submission" relationship="description">
      <Badge appearance="filled" color="warning" shape="rounded">
        Sample
      </Badge>
    </Tooltip>
  );
}
