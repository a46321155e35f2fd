import {
  NavDrawer,
  NavDrawerBody,
  NavDrawerHeader,
  NavItem,
  NavSectionHeader,
  makeStyles,
  tokens,
  Text,
  Badge,
  Link as FluentLink,
  MessageBar,
  MessageBarBody,
} from '@fluentui/react-components';
import {
  PeopleTeam24Regular,
  Settings24Regular,
  Mail24Filled,
  Board24Regular,
  Search20Regular,
  TaskListLtr24Regular,
} from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { Button } from '@fluentui/react-components';
import { SearchDialog } from '../features/search/SearchDialog';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { useApiQuery, useDataChangedRefresh } from '../api/client';
// Each page is a lazy chunk (./pages).
import {
  ChecklistPage,
  ClientDetailPage,
  ClientEditorPage,
  ClientsPage,
  CompareView,
  PortfolioPage,
  SettingsPage,
  SignOffPage,
  TasksPage,
} from './pages';

const useStyles = makeStyles({
  root: { display: 'flex', height: '100vh', backgroundColor: tokens.colorNeutralBackground2 },
  nav: { flexShrink: 0, borderRight: `1px solid ${tokens.colorNeutralStroke2}` },
  brand: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, paddingBlock: tokens.spacingVerticalS },
  brandIcon: { color: tokens.colorBrandForeground1, fontSize: '28px', display: 'flex' },
  brandText: { display: 'flex', flexDirection: 'column', lineHeight: tokens.lineHeightBase200 },
  main: { flex: 1, overflow: 'auto', minWidth: 0 },
  content: {
    maxWidth: '1760px',
    marginInline: 'auto',
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXXL}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  skip: {
    position: 'absolute',
    left: '-9999px',
    ':focus': {
      left: tokens.spacingHorizontalM,
      top: tokens.spacingVerticalM,
      zIndex: 10,
      backgroundColor: tokens.colorNeutralBackground1,
      padding: tokens.spacingHorizontalS,
    },
  },
  search: { width: '100%', justifyContent: 'flex-start', marginTop: tokens.spacingVerticalS },
  kbd: { marginLeft: 'auto', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  footer: { marginTop: 'auto', padding: tokens.spacingHorizontalM, color: tokens.colorNeutralForeground3 },
});

function selectedNav(location: string): string {
  if (location.startsWith('/settings')) return 'settings';
  if (location.startsWith('/clients')) return 'clients';
  if (location.startsWith('/tasks')) return 'tasks';
  return 'portfolio';
}

export function Shell() {
  const s = useStyles();
  const [location] = useLocation();
  const info = useApiQuery('app.info', {});
  const settings = useApiQuery('settings.get', {});
  useDataChangedRefresh();
  const [searching, setSearching] = useState(false);
  useEffect(() => {
    // Ctrl+K (Cmd+K on a Mac) opens global search from anywhere, as in most desktop apps.
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setSearching(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className={s.root}>
      <a
        href="#main"
        className={s.skip}
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <NavDrawer open type="inline" selectedValue={selectedNav(location)} className={s.nav} aria-label="Main navigation">
        <NavDrawerHeader>
          <div className={s.brand}>
            <span className={s.brandIcon} aria-hidden>
              <Mail24Filled />
            </span>
            <div className={s.brandText}>
              <Text weight="semibold">DCB1596 Workbench</Text>
              <Text size={200} style={{ color: tokens.colorNeutralForeground3 }}>
                Secure email accreditation
              </Text>
            </div>
          </div>
          <Button className={s.search} icon={<Search20Regular />} onClick={() => setSearching(true)} aria-keyshortcuts="Control+K Meta+K">
            Search <span className={s.kbd}>Ctrl+K</span>
          </Button>
        </NavDrawerHeader>
        <NavDrawerBody>
          <NavSectionHeader>Work</NavSectionHeader>
          <Link href="/" asChild>
            <NavItem value="portfolio" icon={<Board24Regular />} href="#/">
              Portfolio
            </NavItem>
          </Link>
          <Link href="/clients" asChild>
            <NavItem value="clients" icon={<PeopleTeam24Regular />} href="#/clients">
              Clients
            </NavItem>
          </Link>
          <Link href="/tasks" asChild>
            <NavItem value="tasks" icon={<TaskListLtr24Regular />} href="#/tasks">
              Tasks
            </NavItem>
          </Link>
          <NavSectionHeader>Workspace</NavSectionHeader>
          <Link href="/settings" asChild>
            <NavItem value="settings" icon={<Settings24Regular />} href="#/settings">
              Settings
            </NavItem>
          </Link>
        </NavDrawerBody>
        <div className={s.footer}>
          {info.data && (
            <Text size={200}>
              v{info.data.version}
              {info.data.transport === 'web' && ' · web mode'}
              {info.data.sampleWorkspace && (
                <>
                  {' '}
                  <Badge color="warning" size="small">
                    Sample data
                  </Badge>
                </>
              )}
            </Text>
          )}
        </div>
      </NavDrawer>
      <SearchDialog open={searching} onOpenChange={setSearching} />
      <main className={s.main} id="main" tabIndex={-1}>
        <div className={s.content}>
          {info.data?.readOnly && (
            <MessageBar intent="error">
              <MessageBarBody>
                Read-only: {info.data.readOnly}. You can look at everything and make a backup, but nothing can be changed. Restart the app
                once the disk can be written again.
              </MessageBarBody>
            </MessageBar>
          )}
          {info.data?.sampleWorkspace && (
            <MessageBar intent="warning">
              <MessageBarBody>
                Sample workspace: fictional care providers for exploring. Statements and bundles are marked “SAMPLE — NOT FOR SUBMISSION”.
              </MessageBarBody>
            </MessageBar>
          )}
          {settings.data && !settings.data.displayName && !location.startsWith('/settings') && (
            <MessageBar intent="info">
              <MessageBarBody>
                Add your name in{' '}
                <Link href="/settings" asChild>
                  <FluentLink>Settings</FluentLink>
                </Link>{' '}
                — it is recorded with every change in the audit trail and proposed for sign-off.
              </MessageBarBody>
            </MessageBar>
          )}
          <Switch>
            <Route path="/" component={PortfolioPage} />
            <Route path="/clients" component={ClientsPage} />
            <Route path="/clients/new">{() => <ClientEditorPage />}</Route>
            <Route path="/clients/:id/edit">{(p) => <ClientEditorPage clientId={p.id} />}</Route>
            <Route path="/clients/:id/assessments/:aid/compare/:other">
              {(p) => <CompareView clientId={p.id} assessmentId={p.aid} otherId={p.other} />}
            </Route>
            <Route path="/clients/:id/assessments/:aid/sign-off">{(p) => <SignOffPage clientId={p.id} assessmentId={p.aid} />}</Route>
            <Route path="/clients/:id/assessments/:aid/:req?">
              {(p) => <ChecklistPage clientId={p.id} assessmentId={p.aid} requirementId={p.req} />}
            </Route>
            <Route path="/clients/:id/evidence/:item">{(p) => <ClientDetailPage clientId={p.id} tab="evidence" item={p.item} />}</Route>
            <Route path="/clients/:id/:tab?">{(p) => <ClientDetailPage clientId={p.id} tab={p.tab} />}</Route>
            <Route path="/settings" component={SettingsPage} />
            <Route path="/tasks" component={TasksPage} />
            <Route>
              <Redirect to="/clients" replace />
            </Route>
          </Switch>
        </div>
      </main>
    </div>
  );
}
