import { useState } from 'react';
import {
  Badge,
  Button,
  Caption1,
  Checkbox,
  Link as FluentLink,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  Copy16Regular,
  Globe20Regular,
  Key20Regular,
  LockClosed16Regular,
  LockOpen16Regular,
  PersonAccounts20Regular,
  SignOut20Regular,
} from '@fluentui/react-icons';
import { Link } from 'wouter';
import type { Client } from '../../../../shared/contract/clients';
import type { TenantStatus } from '../../../../shared/contract/tenant';
import { errorMessage, useApiMutation } from '../../api/client';
import { bridge } from '../../api/bridge';
import { Section } from '../../components/Section';
import { useNotify } from '../../components/notify';
import { useCopy } from '../../components/useCopy';
import { formatDateTime } from '../../format';
import { CopyField } from './CopyField';
import { AppRegistrationGuide } from './AppRegistrationGuide';

const useStyles = makeStyles({
  account: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  accountRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  storage: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, color: tokens.colorNeutralForeground2 },
  pending: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorBrandStroke2}`,
    backgroundColor: tokens.colorBrandBackground2,
  },
  pendingHead: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  code: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeHero700,
    lineHeight: tokens.lineHeightHero700,
    fontWeight: tokens.fontWeightSemibold,
    letterSpacing: '0.12em',
    color: tokens.colorNeutralForeground1,
  },
  codeRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  steps: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  field: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, maxWidth: '640px' },
});

const STATE: Record<TenantStatus['state'], { label: string; color: 'success' | 'informative' | 'brand' }> = {
  'signed-in': { label: 'Signed in', color: 'success' },
  'signing-in': { label: 'Signing in', color: 'brand' },
  'signed-out': { label: 'Not signed in', color: 'informative' },
  lab: { label: 'Access token supplied', color: 'informative' },
};

// Signing in to the customer's tenant: browser (loopback redirect, PKCE) or a device code, both handled by
// the backend. The renderer only ever sees who is signed in, never a token.
export function ConnectionSection({ client, status }: { client: Client; status: TenantStatus }) {
  const s = useStyles();
  const notify = useNotify();
  const [includeExchange, setIncludeExchange] = useState(true);
  const start = useApiMutation('tenant.signIn.start');
  const cancel = useApiMutation('tenant.signIn.cancel');
  const signOut = useApiMutation('tenant.signOut');
  const busy = start.isPending || cancel.isPending || signOut.isPending;

  const begin = async (method: 'browser' | 'device-code') => {
    try {
      await start.mutateAsync({ clientId: client.id, method, includeExchange });
    } catch (err) {
      notify('Could not start the sign-in', { body: errorMessage(err), intent: 'error' });
    }
  };
  const leave = async () => {
    try {
      await signOut.mutateAsync({ clientId: client.id });
      notify('Signed out of the tenant');
    } catch (err) {
      notify('Could not sign out', { body: errorMessage(err), intent: 'error' });
    }
  };

  const st = STATE[status.state];
  const storage = status.tokenStorage;
  return (
    <Section
      id="tenant-connection"
      title="Connect the tenant"
      description="Sign in with an account in the customer's tenant (Global Reader is enough once the app has consent). Only read access is requested; nothing in the tenant is changed."
      actions={
        status.state === 'signed-in' ? (
          <Button icon={<SignOut20Regular />} onClick={() => void leave()} disabled={busy}>
            Sign out
          </Button>
        ) : undefined
      }
    >
      <div className={s.account} aria-live="polite">
        <div className={s.accountRow}>
          <Badge appearance={status.state === 'signed-out' ? 'outline' : 'filled'} color={st.color} shape="rounded">
            {st.label}
          </Badge>
          {status.account && (
            <Text weight="semibold">
              <PersonAccounts20Regular aria-hidden style={{ verticalAlign: 'text-bottom' }} /> {status.account.username}
            </Text>
          )}
          {status.account && (
            <Caption1 className={s.muted}>
              tenant <span className={s.mono}>{status.account.tenantId}</span>
              {status.state === 'signed-in' &&
                ` · ${status.account.method === 'device-code' ? 'device code' : 'browser'} sign-in ${formatDateTime(status.account.signedInAt)}`}
              {status.state === 'signed-in' && !status.account.exchangeConsented && ' · Exchange Online not included'}
            </Caption1>
          )}
          {!status.account && (
            <Caption1 className={s.muted}>
              {client.tenant ? (
                <>
                  Tenant on the client record: <span className={s.mono}>{client.tenant}</span>
                </>
              ) : (
                'No tenant on the client record yet'
              )}
            </Caption1>
          )}
        </div>
        {status.state === 'lab' ? (
          <Caption1 className={s.muted}>
            This session was given an access token by the host (automation or a test lab), so no sign-in is needed.
          </Caption1>
        ) : (
          <Caption1 className={s.storage}>
            {storage.persistent ? <LockClosed16Regular aria-hidden /> : <LockOpen16Regular aria-hidden />}
            <span>
              <strong>{storage.persistent ? 'Sign-in saved securely.' : 'Sign-in kept in memory only.'}</strong> {storage.description}
            </span>
          </Caption1>
        )}
      </div>

      {!client.tenant && status.state !== 'lab' && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Add the tenant to the client first</MessageBarTitle>
            With the tenant ID or its contoso.onmicrosoft.com domain on the client record, sign-in goes to the right tenant and the probe
            refuses any other.{' '}
            <Link href={`/clients/${client.id}/edit`} asChild>
              <FluentLink inline>Edit the client</FluentLink>
            </Link>
          </MessageBarBody>
        </MessageBar>
      )}

      {status.app.isPlaceholder && status.state !== 'lab' && <AppRegistrationGuide where="tenant" cloud={status.app.cloud} />}

      {status.lastError && status.state === 'signed-out' && (
        <MessageBar intent={/cancelled/i.test(status.lastError) ? 'info' : 'error'} layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{/cancelled/i.test(status.lastError) ? 'Not signed in' : 'Sign-in did not finish'}</MessageBarTitle>
            {status.lastError}
          </MessageBarBody>
        </MessageBar>
      )}

      {status.state === 'signing-in' && status.pending && (
        <PendingSignIn pending={status.pending} onCancel={() => void cancel.mutateAsync({ clientId: client.id })} busy={busy} />
      )}

      {status.state === 'signed-out' && (
        <div className={s.actions}>
          <Button
            appearance="primary"
            icon={<Globe20Regular />}
            onClick={() => void begin('browser')}
            disabled={busy || client.archived || status.app.isPlaceholder}
          >
            Sign in with the browser
          </Button>
          <Button
            icon={<Key20Regular />}
            onClick={() => void begin('device-code')}
            disabled={busy || client.archived || status.app.isPlaceholder}
          >
            Use a device code instead
          </Button>
          <Checkbox
            checked={includeExchange}
            onChange={(_, d) => setIncludeExchange(!!d.checked)}
            label="Include Exchange Online (Exchange.Manage, used only for read-only Get-* cmdlets)"
          />
          {start.isPending && <Spinner size="tiny" label="Starting the sign-in" />}
        </div>
      )}
    </Section>
  );
}

function PendingSignIn({
  pending,
  onCancel,
  busy,
}: {
  pending: NonNullable<TenantStatus['pending']>;
  onCancel: () => void;
  busy: boolean;
}) {
  const s = useStyles();
  const copyText = useCopy();
  const code = pending.deviceCode;
  const copy = (value: string, what: string) => copyText(value, `the ${what}`);
  return (
    <div className={s.pending} role="region" aria-label="Sign-in in progress">
      <div className={s.pendingHead}>
        <Spinner size="tiny" aria-hidden />
        <Text weight="semibold">
          {pending.method === 'device-code' ? 'Enter this code on the Microsoft sign-in page' : 'Finish signing in in your browser'}
        </Text>
      </div>
      {pending.method === 'device-code' && code && (
        <>
          <ol className={s.steps}>
            <li>
              <Text>Open the page below on any device, signed in as someone in the customer&apos;s tenant.</Text>
            </li>
            <li>
              <Text>Enter the code, then approve the sign-in. This page updates by itself.</Text>
            </li>
          </ol>
          <div className={s.codeRow}>
            <span className={s.code} data-testid="device-code">
              {code.userCode}
            </span>
            <Button icon={<Copy16Regular />} onClick={() => void copy(code.userCode, 'device code')} aria-label="Copy the device code">
              Copy code
            </Button>
            <Caption1 className={s.storage}>Expires {formatDateTime(code.expiresAt)}</Caption1>
          </div>
          <div className={s.field}>
            <CopyField value={code.verificationUri} label="Sign-in page for the device code" what="sign-in page link" openable />
          </div>
        </>
      )}
      {pending.method === 'device-code' && !code && <Caption1>Asking Microsoft for a code…</Caption1>}
      {pending.method === 'browser' && (
        <>
          <Caption1>
            {pending.openedByHost
              ? 'The Microsoft sign-in page opened in your system browser. Sign in there; this page updates by itself.'
              : 'Open the Microsoft sign-in page and sign in there; this page updates by itself.'}
          </Caption1>
          {pending.browserUrl && !pending.openedByHost && (
            <div>
              <Button appearance="primary" onClick={() => void bridge().openExternal(pending.browserUrl!)}>
                Open the sign-in page
              </Button>
            </div>
          )}
        </>
      )}
      <div>
        <Button onClick={onCancel} disabled={busy}>
          Cancel sign-in
        </Button>
      </div>
    </div>
  );
}
