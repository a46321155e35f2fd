import { Suspense, lazy, type ComponentType } from 'react';
import { LoadingRows } from '../components/Loading';

// Every feature page is its own chunk, fetched when its route is first shown, so the first paint loads only
// the shell and the page in front of the user (a skeleton shows while a page's chunk arrives). The start
// page (the portfolio) is fetched at boot together with its rows: see startPagePreload in App.tsx.
function page<M, K extends keyof M>(load: () => Promise<M>, name: K): M[K] {
  const Lazy = lazy(async () => ({ default: (await load())[name] as unknown as ComponentType<object> }));
  const Page = (props: object) => (
    <Suspense fallback={<LoadingRows label="Loading the page" />}>
      <Lazy {...props} />
    </Suspense>
  );
  return Page as unknown as M[K];
}

export const loadPortfolioPage = () => import('../features/portfolio/PortfolioPage');
export const PortfolioPage = page(loadPortfolioPage, 'PortfolioPage');
export const ClientsPage = page(() => import('../features/clients/ClientsPage'), 'ClientsPage');
export const ClientDetailPage = page(() => import('../features/clients/ClientDetailPage'), 'ClientDetailPage');
export const ClientEditorPage = page(() => import('../features/clients/ClientEditorPage'), 'ClientEditorPage');
export const SettingsPage = page(() => import('../features/settings/SettingsPage'), 'SettingsPage');
export const ChecklistPage = page(() => import('../features/assessments/ChecklistPage'), 'ChecklistPage');
export const CompareView = page(() => import('../features/assessments/CompareView'), 'CompareView');
export const SignOffPage = page(() => import('../features/statement/SignOffPage'), 'SignOffPage');
