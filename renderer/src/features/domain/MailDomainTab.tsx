import { useEffect, useState } from 'react';
import {
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Play20Regular } from '@fluentui/react-icons';
import { Link } from 'wouter';
import type { Client } from '../../../../shared/contract/clients';
import { DkimSelector, type NetworkProblem } from '../../../../shared/contract/domain-checks';
import { useApiQuery } from '../../api/client';
import { Section } from '../../components/Section';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { useNotify } from '../../components/notify';
import { checkNotice } from '../../../../shared/domain/mail-report';
import { AccreditedListBar } from './AccreditedListBar';
import { DomainReportCard } from './DomainReportCard';
import { useOperation } from '../../api/useOperation';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  controls: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  selectors: { minWidth: '260px', flex: '0 1 340px' },
  setup: {
    color: tokens.colorNeutralForeground3,
    display: 'flex',
    gap: tokens.spacingHorizontalXS,
    flexWrap: 'wrap',
    alignItems: 'baseline',
  },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  progress: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  progressText: { display: 'flex', justifyContent: 'space-between', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  cards: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL },
});

function parseSelectors(raw: string): { ok: true; value: string[] } | { ok: false; error: string } {
  const parts = raw.split(/[\s,;]+/).filter(Boolean);
  if (parts.length > 10) return { ok: false, error: 'At most 10 selectors' };
  const out: string[] = [];
  for (const p of parts) {
    const r = DkimSelector.safeParse(p);
    if (!r.success) return { ok: false, error: `"${p}": ${r.error.issues[0]?.message ?? 'not a selector'}` };
    out.push(r.data);
  }
  return { ok: true, value: out };
}

function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return <>{Math.max(0, Math.round((now - since) / 1000))} s</>;
}

// The client's mail domains checked from outside: DNS records and STARTTLS on every MX, each run kept as
// evidence. The NHS accredited-domains list shows whether a domain is already accredited.
export function MailDomainTab({ client }: { client: Client }) {
  const s = useStyles();
  const notify = useNotify();
  const latest = useApiQuery('domain.latest', { clientId: client.id });
  const settings = useApiQuery('settings.get', {});
  const check = useOperation('domain.check');
  const [selectorText, setSelectorText] = useState('');
  const [network, setNetwork] = useState<NetworkProblem>();
  const selectors = parseSelectors(selectorText);

  const start = async (domains?: string[]) => {
    if (!selectors.ok) return;
    const r = await check.run({ clientId: client.id, domains, dkimSelectors: selectors.value.length ? selectors.value : undefined });
    if (r.ok) {
      const out = r.value;
      const notice = checkNotice(out.results);
      notify(notice.title, { body: notice.body, intent: notice.intent });
      // A run this computer's DNS spoiled is not stored, so its explanation stays on screen here.
      setNetwork(out.results.find((r) => r.network)?.network);
    }
  };

  const anyRun = latest.data?.some((d) => d.run);
  const p = check.progress;
  return (
    <div className={s.root}>
      <Section
        id="mail-domain"
        title="Mail domain checks"
        description="SPF, DKIM, DMARC, MTA-STS, TLS-RPT and DNSSEC from DNS, and STARTTLS on every mail server — checked from this computer, as NCSC Mail Check did for NHS England until March 2026. Every run that could be graded is kept as evidence."
        actions={
          <Button
            appearance="primary"
            icon={<Play20Regular />}
            onClick={() => void start()}
            disabled={check.running || !selectors.ok || client.archived}
          >
            {anyRun ? 'Run checks again' : 'Run checks'}
          </Button>
        }
      >
        <div className={s.controls}>
          <Field
            className={s.selectors}
            label="Extra DKIM selectors (optional)"
            hint="We try selector1, selector2, google and other common ones. Add yours if you use another (s= in a DKIM-Signature header)."
            validationMessage={selectors.ok ? undefined : selectors.error}
            validationState={selectors.ok ? 'none' : 'error'}
          >
            <Input
              value={selectorText}
              onChange={(_, d) => setSelectorText(d.value)}
              placeholder="e.g. s2048, mailchimp"
              disabled={check.running}
            />
          </Field>
        </div>
        {settings.data && (
          <Caption1 className={s.setup}>
            DNS servers <span className={s.mono}>{settings.data.dns.servers.join(', ')}</span> · SMTP port{' '}
            <span className={s.mono}>{settings.data.smtp.port}</span> ·{' '}
            <Link href="/settings" className={s.muted}>
              change in Settings
            </Link>
          </Caption1>
        )}
        {check.running && (
          <div className={s.progress} role="status" aria-live="polite" aria-label="Mail domain check progress">
            <ProgressBar
              value={p?.total ? (p.done + 0.5) / p.total : undefined}
              max={1}
              thickness="large"
              aria-label="Mail domain check progress"
            />
            <div className={s.progressText}>
              <Text size={300}>{p?.message ?? 'Starting'}</Text>
              <Caption1 className={s.muted}>
                {p?.total ? `Domain ${Math.min(p.done + 1, p.total)} of ${p.total} · ` : ''}
                {check.startedAt !== undefined && <Elapsed since={check.startedAt} />}
              </Caption1>
            </div>
          </div>
        )}
        {check.error && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>The checks did not run</MessageBarTitle>
              {check.error}
            </MessageBarBody>
          </MessageBar>
        )}
        {network && !check.running && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{network.summary}</MessageBarTitle>
              {network.explanation.map((line) => (
                <Text as="p" block key={line}>
                  {line}
                </Text>
              ))}
            </MessageBarBody>
          </MessageBar>
        )}
        <AccreditedListBar />
      </Section>

      {latest.isPending && <LoadingRows rows={6} label="Loading the latest checks" />}
      {latest.isError && <ErrorMessage error={latest.error} onRetry={() => latest.refetch()} />}
      {latest.data && (
        <div className={s.cards}>
          {latest.data.map((d) => (
            <DomainReportCard
              key={d.domain}
              status={d}
              running={check.running || !selectors.ok || client.archived}
              onRecheck={() => void start([d.domain])}
            />
          ))}
        </div>
      )}
    </div>
  );
}
