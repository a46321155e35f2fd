import { makeStyles, tokens, Text, Caption1, Link as FluentLink } from '@fluentui/react-components';
import type { Client } from '../../../../shared/contract/clients';
import { ROUTE_LABELS } from '../../../../shared/contract/clients';
import { displayDomain } from '../../../../shared/domain/email-domain';
import { Section } from '../../components/Section';
import { ClientStatusHeader } from './ClientStatusHeader';
import { formatDateTime } from '../../format';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(340px, 1fr))', gap: tokens.spacingHorizontalL },
  dl: {
    display: 'grid',
    gridTemplateColumns: 'minmax(120px, max-content) 1fr',
    columnGap: tokens.spacingHorizontalXL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  dt: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0, minWidth: 0, overflowWrap: 'anywhere' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  list: { margin: 0, paddingLeft: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { display: 'flex', flexDirection: 'column' },
  muted: { color: tokens.colorNeutralForeground3 },
  notes: { whiteSpace: 'pre-wrap' },
});

export function ClientOverview({ client: c }: { client: Client }) {
  const s = useStyles();
  return (
    <div className={s.page}>
      <ClientStatusHeader client={c} />
      <div className={s.grid}>
        <Section title="Organisation">
          <dl className={s.dl}>
            <dt className={s.dt}>Legal name</dt>
            <dd className={s.dd}>{c.legalName}</dd>
            {c.tradingName && (
              <>
                <dt className={s.dt}>Trading name</dt>
                <dd className={s.dd}>{c.tradingName}</dd>
              </>
            )}
            <dt className={s.dt}>ODS code</dt>
            <dd className={`${s.dd} ${s.mono}`}>{c.odsCode}</dd>
            <dt className={s.dt}>CQC locations</dt>
            <dd className={`${s.dd} ${s.mono}`}>
              {c.cqcLocationIds.length ? c.cqcLocationIds.join(', ') : <span className={s.muted}>None recorded</span>}
            </dd>
            <dt className={s.dt}>Added</dt>
            <dd className={s.dd}>{formatDateTime(c.createdAt)}</dd>
            <dt className={s.dt}>Last changed</dt>
            <dd className={s.dd}>{formatDateTime(c.updatedAt)}</dd>
          </dl>
        </Section>
        <Section title="Email service">
          <dl className={s.dl}>
            <dt className={s.dt}>Route</dt>
            <dd className={s.dd}>{ROUTE_LABELS[c.route]}</dd>
            <dt className={s.dt}>Domains</dt>
            <dd className={s.dd}>
              <ul className={s.list}>
                {c.domains.map((d) => (
                  <li key={d} className={s.mono}>
                    {displayDomain(d)}
                  </li>
                ))}
              </ul>
            </dd>
            {c.route === 'o365' && (
              <>
                <dt className={s.dt}>Tenant</dt>
                <dd className={`${s.dd} ${s.mono}`}>{c.tenant ?? <span className={s.muted}>Not set</span>}</dd>
              </>
            )}
          </dl>
        </Section>
        <Section title="Sites" description={c.sites.length ? `${c.sites.length} covered by this accreditation` : undefined}>
          {c.sites.length === 0 ? (
            <Caption1 className={s.muted}>No separate sites recorded.</Caption1>
          ) : (
            <ul className={s.list}>
              {c.sites.map((site) => (
                <li key={site.id} className={s.item}>
                  <Text>{site.name}</Text>
                  {site.odsCode && <Caption1 className={`${s.muted} ${s.mono}`}>{site.odsCode}</Caption1>}
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="Contacts">
          {c.contacts.length === 0 ? (
            <Caption1 className={s.muted}>No contacts recorded.</Caption1>
          ) : (
            <ul className={s.list}>
              {c.contacts.map((k, i) => (
                <li key={i} className={s.item}>
                  <Text weight="semibold">{k.name}</Text>
                  <Caption1 className={s.muted}>
                    {[k.role, k.phone].filter(Boolean).join(' · ')}
                    {k.email && (
                      <>
                        {k.role || k.phone ? ' · ' : ''}
                        <FluentLink href={`mailto:${k.email}`}>{k.email}</FluentLink>
                      </>
                    )}
                  </Caption1>
                </li>
              ))}
            </ul>
          )}
        </Section>
        {c.notes && (
          <Section title="Notes">
            <Text className={s.notes}>{c.notes}</Text>
          </Section>
        )}
      </div>
    </div>
  );
}
