import { Button, Caption1, ProgressBar, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircle16Filled, Circle16Regular, Dismiss16Regular } from '@fluentui/react-icons';
import type { ProbeProgress } from '../../../../shared/contract/tenant';
import { plural } from '../../format';
import type { OperationProgress } from '../../api/useOperation';
import { checkTitle } from './tenant-view';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  head: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  checks: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXXS,
  },
  check: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  title: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  icon: { display: 'inline-flex', flexShrink: 0, width: '16px', justifyContent: 'center' },
  queued: { color: tokens.colorNeutralForeground4 },
  done: { color: tokens.colorPaletteGreenForeground1 },
});

const PHASE: Record<ProbeProgress['phase'], string> = {
  'signing-in': 'Getting a token',
  collecting: 'Reading the tenant',
  evaluating: 'Evaluating',
  saving: 'Saving the evidence',
  done: 'Done',
  failed: 'Stopped',
};

const STATE_LABEL = { queued: 'queued', running: 'running', done: 'done' } as const;

// The probe's progress: one bar for the whole run and, per check, whether it waits, runs or is done.
export function ProbeProgressPanel(props: { board?: ProbeProgress; event?: OperationProgress; running: boolean; onDismiss: () => void }) {
  const s = useStyles();
  const b = props.board;
  const total = b?.checks.length ?? props.event?.total ?? 0;
  const done = b ? b.checks.filter((c) => c.state === 'done').length : (props.event?.done ?? 0);
  const phase = b?.phase ?? (props.running ? 'signing-in' : 'done');
  const finished = phase === 'done' || phase === 'failed';
  const seconds = b?.finishedAt ? (new Date(b.finishedAt).getTime() - new Date(b.startedAt).getTime()) / 1000 : undefined;
  return (
    <div className={s.root} role="region" aria-label="Tenant probe progress" data-phase={phase}>
      <div className={s.head}>
        <Text weight="semibold" role="status" aria-live="polite">
          {PHASE[phase]}
          {total ? ` — ${done} of ${plural(total, 'check')}` : ''}
        </Text>
        <Caption1 className={s.muted}>
          {b ? plural(b.requests, 'request') + ' to Microsoft 365' : ''}
          {seconds !== undefined ? ` · ${seconds.toFixed(1)} s` : ''}
        </Caption1>
        {finished && !props.running && (
          <Button size="small" appearance="subtle" icon={<Dismiss16Regular />} onClick={props.onDismiss} aria-label="Hide the progress">
            Hide
          </Button>
        )}
      </div>
      <ProgressBar
        value={total ? done / total : undefined}
        max={1}
        thickness="large"
        color={phase === 'failed' ? 'error' : finished ? 'success' : 'brand'}
        aria-label="Tenant probe progress"
        aria-valuetext={`${done} of ${total} checks done`}
      />
      {b && (
        <ul className={s.checks} aria-label="Checks">
          {b.checks.map((c) => (
            <li key={c.check} className={s.check} data-state={c.state} aria-label={`${checkTitle(c.check)}: ${STATE_LABEL[c.state]}`}>
              <span className={s.icon} aria-hidden>
                {c.state === 'queued' && <Circle16Regular className={s.queued} />}
                {c.state === 'running' && <Spinner size="extra-tiny" />}
                {c.state === 'done' && <CheckmarkCircle16Filled className={s.done} />}
              </span>
              <Caption1 className={`${s.title} ${c.state === 'queued' ? s.queued : ''}`}>{checkTitle(c.check)}</Caption1>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
