import { useState } from 'react';
import { Button, Checkbox, MessageBar, MessageBarBody, MessageBarTitle, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { CloudCheckmark24Regular, Play20Regular } from '@fluentui/react-icons';
import type { Client } from '../../../../shared/contract/clients';
import { useApiQuery } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { Section } from '../../components/Section';
import { useNotify } from '../../components/notify';
import { plural } from '../../format';
import { AccessSection } from './AccessSection';
import { ConnectionSection } from './ConnectionSection';
import { ExchangeSection } from './ExchangeSection';
import { ProbeProgressPanel } from './ProbeProgressPanel';
import { ResultsSection } from './ResultsSection';
import { useTenantProbe } from './useTenantProbe';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  options: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
});

// The Microsoft 365 tab: connect to the customer's tenant, run the probe (Graph, and Exchange Online where it
// can be reached), read the findings by requirement with the raw evidence behind them.
export function TenantTab({ client }: { client: Client }) {
  const s = useStyles();
  const notify = useNotify();
  const status = useApiQuery('tenant.status', { clientId: client.id });
  const runs = useApiQuery('probe.runs', { clientId: client.id, kind: 'tenant', limit: 20 });
  const probe = useTenantProbe(client.id);
  const [exchangeRest, setExchangeRest] = useState(true);

  if (status.isPending) return <LoadingRows rows={6} label="Loading the tenant connection" />;
  if (status.isError) return <ErrorMessage error={status.error} onRetry={() => status.refetch()} />;
  const st = status.data;
  const connected = st.state === 'signed-in' || st.state === 'lab';
  const exchangeAllowed = st.state === 'lab' || !!st.account?.exchangeConsented;

  const start = async () => {
    const r = await probe.run(exchangeRest ? 'rest' : 'none');
    if (r) {
      const f = r.run.findings;
      const fails = f.filter((x) => x.status === 'fail').length;
      notify('Tenant probed', {
        body: `${plural(f.length, 'check')}: ${fails} failing, ${f.filter((x) => x.status === 'not-assessable').length} not assessed.`,
        intent: fails ? 'warning' : 'success',
      });
    }
  };

  const latest = runs.data?.[0];
  const runButton = (
    <Button
      appearance="primary"
      icon={<Play20Regular />}
      onClick={() => void start()}
      disabled={!connected || probe.running || client.archived}
    >
      {latest ? 'Run the probe again' : 'Run the probe'}
    </Button>
  );
  return (
    <div className={s.root}>
      <ConnectionSection client={client} status={st} />
      {!connected && <AccessSection client={client} />}
      <Section
        id="tenant-probe"
        title="Tenant probe"
        description="Reads licences, MFA and Conditional Access, legacy sign-ins, Intune, Secure Score and Exchange Online in a few batched requests. The raw responses are kept as timestamped evidence."
        actions={
          connected ? (
            runButton
          ) : (
            <Tooltip content="Connect the tenant first" relationship="description">
              {runButton}
            </Tooltip>
          )
        }
      >
        <div className={s.options}>
          <Checkbox
            checked={exchangeRest}
            disabled={probe.running}
            onChange={(_, d) => setExchangeRest(!!d.checked)}
            label={
              exchangeAllowed
                ? 'Read Exchange Online settings (read-only Get-* cmdlets on this sign-in)'
                : 'Read Exchange Online settings — Exchange consent was not granted on this sign-in, so its checks will point to the PowerShell script'
            }
          />
        </div>
        {(probe.running || probe.board) && (
          <ProbeProgressPanel board={probe.board} event={probe.event} running={probe.running} onDismiss={probe.dismiss} />
        )}
        {probe.error && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>The probe did not finish</MessageBarTitle>
              {probe.error}
            </MessageBarBody>
          </MessageBar>
        )}
      </Section>
      {runs.isPending && <LoadingRows rows={6} label="Loading the probe results" />}
      {runs.isError && <ErrorMessage error={runs.error} onRetry={() => runs.refetch()} />}
      {runs.data && runs.data.length === 0 && !probe.running && (
        <EmptyState icon={<CloudCheckmark24Regular />} title="No tenant probe yet">
          {connected
            ? 'Run the probe to read the tenant’s settings. Findings appear here and in the assessment checklist.'
            : 'Connect the tenant, then run the probe. Findings appear here and in the assessment checklist.'}
        </EmptyState>
      )}
      {runs.data && runs.data.length > 0 && <ResultsSection runs={runs.data} />}
      <ExchangeSection client={client} latest={latest} />
      {connected && <AccessSection client={client} />}
    </div>
  );
}
