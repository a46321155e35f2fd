import { useState } from 'react';
import {
  Button,
  Tab,
  TabList,
  makeStyles,
  tokens,
  Dialog,
  DialogSurface,
  DialogBody,
  DialogTitle,
  DialogContent,
  DialogActions,
  Badge,
  MessageBar,
  MessageBarBody,
} from '@fluentui/react-components';
import { Edit24Regular, Archive24Regular, ArrowUndo24Regular } from '@fluentui/react-icons';
import { Link, useLocation } from 'wouter';
import { useApiMutation, useApiQuery, errorMessage } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { Crumbs } from '../../components/Crumbs';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { RouteBadge, SampleBadge } from '../../components/RouteBadge';
import { useNotify } from '../../components/notify';
import { CLIENT_TABS } from './client-tabs';

const useStyles = makeStyles({
  mono: { fontFamily: tokens.fontFamilyMonospace },
  tabs: { marginBottom: tokens.spacingVerticalL, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
});

// `item` opens one thing inside the tab (global search's evidence hits open that item's details).
export function ClientDetailPage({ clientId, tab, item }: { clientId: string; tab?: string; item?: string }) {
  const s = useStyles();
  const [, navigate] = useLocation();
  const notify = useNotify();
  const client = useApiQuery('client.get', { id: clientId });
  const setArchived = useApiMutation('client.setArchived');
  const [confirmArchive, setConfirmArchive] = useState(false);

  if (client.isPending) return <LoadingRows rows={8} label="Loading client" />;
  if (client.isError) return <ErrorMessage error={client.error} onRetry={() => client.refetch()} />;
  const c = client.data;
  const tabs = CLIENT_TABS.filter((t) => !t.routes || t.routes.includes(c.route));
  const active = tabs.find((t) => t.id === tab) ?? tabs[0]!;
  const Active = active.component;

  const toggleArchive = async () => {
    try {
      await setArchived.mutateAsync({ id: c.id, archived: !c.archived });
      notify(c.archived ? 'Client restored' : 'Client archived', { body: c.legalName });
    } catch (err) {
      notify('Could not change the archive state', { body: errorMessage(err), intent: 'error' });
    } finally {
      setConfirmArchive(false);
    }
  };

  return (
    <>
      <PageHeader
        above={<Crumbs trail={[{ label: 'Clients', href: '/clients' }]} />}
        title={c.legalName}
        badges={
          <>
            <Badge appearance="outline" shape="rounded" className={s.mono} aria-label={`ODS code ${c.odsCode}`}>
              {c.odsCode}
            </Badge>
            <RouteBadge route={c.route} />
            {c.sample && <SampleBadge />}
            {c.archived && (
              <Badge appearance="filled" color="subtle" shape="rounded">
                Archived
              </Badge>
            )}
          </>
        }
        subtitle={c.tradingName ? `Trading as ${c.tradingName}` : undefined}
        actions={
          <>
            <Link href={`/clients/${c.id}/edit`} asChild>
              <Button icon={<Edit24Regular />}>Edit</Button>
            </Link>
            {c.archived ? (
              <Button icon={<ArrowUndo24Regular />} onClick={toggleArchive} disabled={setArchived.isPending}>
                Restore
              </Button>
            ) : (
              <Button icon={<Archive24Regular />} onClick={() => setConfirmArchive(true)}>
                Archive
              </Button>
            )}
          </>
        }
      />
      {c.archived && (
        <MessageBar intent="info">
          <MessageBarBody>
            This client is archived: it is hidden from the client list and renewal reminders. Its history is kept.
          </MessageBarBody>
        </MessageBar>
      )}
      <TabList
        className={s.tabs}
        selectedValue={active.id}
        onTabSelect={(_, d) => navigate(`/clients/${c.id}/${String(d.value)}`, { replace: true })}
        aria-label="Client sections"
      >
        {tabs.map((t) => (
          <Tab key={t.id} value={t.id} icon={t.icon}>
            {t.label}
          </Tab>
        ))}
      </TabList>
      <div role="tabpanel" aria-label={active.label}>
        <Active client={c} item={item} />
      </div>

      <Dialog open={confirmArchive} onOpenChange={(_, d) => setConfirmArchive(d.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Archive {c.legalName}?</DialogTitle>
            <DialogContent>
              Archived clients disappear from the client list and renewal reminders. Nothing is deleted: assessments, evidence and the audit
              trail are kept, and you can restore the client at any time.
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setConfirmArchive(false)}>Cancel</Button>
              <Button appearance="primary" onClick={toggleArchive} disabled={setArchived.isPending}>
                Archive
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}
