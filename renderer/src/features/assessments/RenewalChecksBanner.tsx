import { useState } from 'react';
import {
  Button,
  Caption1,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Dismiss20Regular, Play20Regular } from '@fluentui/react-icons';
import { Link } from 'wouter';
import type { AssessmentSummary } from '../../../../shared/contract/assessments';
import type { Client } from '../../../../shared/contract/clients';
import { useApiQuery } from '../../api/client';
import { useNotify } from '../../components/notify';
import { formatDate, plural } from '../../format';
import { CLIENT_TABS } from '../clients/client-tabs';
import { useOperation } from '../../api/useOperation';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  progress: { minWidth: '240px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const dismissKey = (assessmentId: string) => `dcb1596.renewal-checks-dismissed.${assessmentId}`;

function isDismissed(assessmentId: string): boolean {
  try {
    return sessionStorage.getItem(dismissKey(assessmentId)) === '1';
  } catch {
    return false;
  }
}

// A renewal starts from last year's answers, but last year's checks are last year's evidence. Until the mail
// domains (and, for Microsoft 365 clients, the tenant) have been checked again since this cycle began, offer to
// do it. Hidden for the rest of the session once dismissed.
export function RenewalChecksBanner({ client, assessment }: { client: Client; assessment: AssessmentSummary }) {
  const s = useStyles();
  const notify = useNotify();
  const runs = useApiQuery('probe.latest', { clientId: client.id });
  const check = useOperation('domain.check');
  const [dismissed, setDismissed] = useState(() => isDismissed(assessment.id));

  if (!assessment.previousAssessmentId || assessment.status === 'signed' || dismissed || !runs.data) return null;
  const since = assessment.createdAt;
  const domainRuns = runs.data.filter((r) => r.kind === 'domain' && client.domains.includes(r.target));
  const staleDomains = client.domains.filter((d) => !domainRuns.some((r) => r.target === d && r.finishedAt >= since));
  const tenantStale = client.route === 'o365' && !runs.data.some((r) => r.kind === 'tenant' && r.finishedAt >= since);
  if (staleDomains.length === 0 && !tenantStale && !check.running) return null;
  const tenantTab = CLIENT_TABS.find((t) => t.routes?.includes('o365') && !t.routes.includes('google'));

  const runChecks = async () => {
    const r = await check.run({ clientId: client.id, domains: staleDomains });
    if (!r.ok) return;
    const result = r.value;
    const fails = result.results.reduce((n, r) => n + r.counts.fail, 0);
    notify('Domain checks finished', {
      body: `${plural(result.results.length, 'domain')} checked${fails ? `, ${plural(fails, 'failing check')}` : ', nothing failing'}.`,
      intent: fails ? 'warning' : 'success',
    });
  };

  const dismiss = () => {
    try {
      sessionStorage.setItem(dismissKey(assessment.id), '1');
    } catch {
      // Storage refused (private mode): dismiss for this view only.
    }
    setDismissed(true);
  };

  const what = [
    staleDomains.length ? `the mail-domain checks (${staleDomains.join(', ')})` : '',
    tenantStale ? 'the Microsoft 365 tenant probe' : '',
  ]
    .filter(Boolean)
    .join(' and ');

  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody className={s.body}>
        <MessageBarTitle>Re-run the checks for {assessment.cycle}</MessageBarTitle>
        This renewal started on {formatDate(since)}. Last year’s findings do not count as this year’s evidence: run {what} again.
        {tenantStale && !tenantTab && (
          <Caption1 className={s.muted}>
            Run the tenant probe with <code>npx dcb1596 probe tenant {client.odsCode}</code>, or import the customer’s Exchange export.
          </Caption1>
        )}
        {check.running && check.progress && (
          <div className={s.progress}>
            <ProgressBar value={check.fraction} aria-label="Domain check progress" />
            <Caption1 className={s.muted}>{check.progress.message ?? 'Checking'}</Caption1>
          </div>
        )}
        {check.error && <Caption1 role="alert">Could not run the checks: {check.error}</Caption1>}
      </MessageBarBody>
      <MessageBarActions
        containerAction={<Button appearance="transparent" icon={<Dismiss20Regular />} aria-label="Dismiss" onClick={dismiss} />}
      >
        {staleDomains.length > 0 && (
          <Button appearance="primary" icon={<Play20Regular />} onClick={runChecks} disabled={check.running}>
            {check.running ? 'Checking…' : 'Run domain checks'}
          </Button>
        )}
        <Link href={`/clients/${client.id}/mail-domain`} asChild>
          <Button>Open Mail domain</Button>
        </Link>
        {tenantStale && tenantTab && (
          <Link href={`/clients/${client.id}/${tenantTab.id}`} asChild>
            <Button>Open {tenantTab.label}</Button>
          </Link>
        )}
      </MessageBarActions>
    </MessageBar>
  );
}
