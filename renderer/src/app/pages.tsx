import { Suspense, lazy, type ComponentType } from 'react';
import { LoadingRows } from '../components/Loading';

// Every feature page is its own chunk, fetched when its route is first shown, so the first paint loads only
// the shell and the page in front of the user (a skeleton shows while a page's chunk arrives). The start
// page (the portfolio) is fetched at boot together with its rows: see startPagePreload in App.tsx.
const loaders: (() => Promise<unknown>)[] = [];

function page<M, K extends keyof M>(load: () => Promise<M>, name: K): M[K] {
  loaders.push(load);
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
export const TasksPage = page(() => import('../features/tasks/TasksPage'), 'TasksPage');

// Once the first page is on screen and the browser is idle, fetch the other pages' chunks too, so moving around
// the app never waits for a download (the first paint still loads only what it shows).
export function prefetchPagesWhenIdle(): () => void {
  const run = () => loaders.forEach((load) => void load().catch(() => {}));
  if ('requestIdleCallback' in window) {
    const id = window.requestIdleCallback(run, { timeout: 3000 });
    return () => window.cancelIdleCallback(id);
  }
  const id = setTimeout(run, 1000);
  return () => clearTimeout(id);
}
