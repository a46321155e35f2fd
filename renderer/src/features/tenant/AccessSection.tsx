import { Caption1, Label, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { Client } from '../../../../shared/contract/clients';
import { useApiQuery } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { Section } from '../../components/Section';
import { CopyField } from './CopyField';

const useStyles = makeStyles({
  consent: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, maxWidth: '900px' },
  muted: { color: tokens.colorNeutralForeground3 },
  columns: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))', gap: tokens.spacingHorizontalXXL },
  // Permission names such as DeviceManagementConfiguration.Read.All are longer than a narrow column.
  list: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalXL, '& li': { overflowWrap: 'anywhere' } },
  role: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

// What the customer's administrator must grant once (admin consent), and which roles the person signing
// in needs each time.
export function AccessSection({ client }: { client: Client }) {
  const s = useStyles();
  const q = useApiQuery('tenant.consent', { clientId: client.id });
  return (
    <Section
      id="tenant-access"
      title="Access the customer grants"
      description="Once per tenant, the customer's administrator approves the app (admin consent). After that, anyone with Global Reader can run the probe."
    >
      {q.isPending && <LoadingRows rows={3} label="Loading the consent link" />}
      {q.isError && <ErrorMessage error={q.error} onRetry={() => q.refetch()} />}
      {q.data && (
        <>
          <div className={s.consent}>
            <Label weight="semibold" htmlFor="tenant-consent-link">
              Admin consent link to send to the customer&apos;s administrator
            </Label>
            {q.data.url ? (
              <CopyField id="tenant-consent-link" value={q.data.url} label="Admin consent link" what="admin consent link" />
            ) : (
              <Caption1>
                The link is built from your firm’s Microsoft app registration, which is not set up yet: register it once and enter its
                application (client) ID in Settings › Microsoft 365 sign-in.
              </Caption1>
            )}
            <Caption1 className={s.muted}>
              They open it, sign in as {q.data.consentRoles[0] ?? 'an administrator'} and accept the read-only permissions listed below.
            </Caption1>
          </div>
          <div className={s.columns}>
            <RoleList title="Who can grant consent" items={q.data.consentRoles} note="Any one of these roles" />
            <RoleList title="Who can run the probe" items={q.data.runRoles} note="The account that signs in here" />
            <RoleList
              title="For the Exchange Online settings"
              items={q.data.exchangeRoles}
              note="Read on the same sign-in, or by the script the admin runs"
            />
            <section className={s.role} aria-label="Exchange Online permission (delegated)">
              <Subtitle2 as="h3">Exchange Online permission</Subtitle2>
              <Caption1 className={s.muted}>Delegated, used read-only</Caption1>
              <ul className={s.list}>
                <li className={s.mono}>{q.data.exchangeScope}</li>
              </ul>
              <Caption1>{q.data.exchangeWhy}</Caption1>
            </section>
            <section className={s.role} aria-label="Microsoft Graph permissions (delegated, read-only)">
              <Subtitle2 as="h3">Microsoft Graph permissions</Subtitle2>
              <Caption1 className={s.muted}>Delegated, read-only</Caption1>
              <ul className={s.list}>
                {q.data.scopes.map((x) => (
                  <li key={x} className={s.mono}>
                    {x}
                  </li>
                ))}
              </ul>
            </section>
          </div>
        </>
      )}
    </Section>
  );
}

function RoleList({ title, items, note }: { title: string; items: string[]; note: string }) {
  const s = useStyles();
  return (
    <section className={s.role} aria-label={title}>
      <Subtitle2 as="h3">{title}</Subtitle2>
      <Caption1 className={s.muted}>{note}</Caption1>
      <ul className={s.list}>
        {items.map((x) => (
          <li key={x}>
            <Text>{x}</Text>
          </li>
        ))}
      </ul>
    </section>
  );
}
