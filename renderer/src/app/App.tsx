import { useEffect } from 'react';
import { FluentProvider, Toaster, makeStaticStyles, tokens } from '@fluentui/react-components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Router } from 'wouter';
import type { OutputOf } from '../../../shared/contract';
import { ApiError, invoke } from '../api/client';
import { loadPortfolioPage, prefetchPagesWhenIdle } from './pages';
import { Shell } from './Shell';
import { useSystemTheme } from './theme';
import { TOASTER_ID } from '../components/notify';
import { UnsavedChangesDialog, useGuardedHashLocation } from './unsaved';
import { RouteFocus } from './RouteFocus';

// A small reset: Fluent's typography components render real headings, whose browser margins we do not want.
const useGlobalStyles = makeStaticStyles({
  'html, body, #root': { height: '100%', margin: 0 },
  body: { fontFamily: tokens.fontFamilyBase, backgroundColor: tokens.colorNeutralBackground2 },
  'h1, h2, h3, h4, h5, h6, p, dl, dd, figure': { margin: 0 },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: '0.95em' },
  '*, *::before, *::after': { boxSizing: 'border-box' },
  // Headings take focus after navigation (RouteFocus) for screen readers; they are not controls to outline.
  'h1[tabindex="-1"]:focus': { outline: 'none' },
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Validation and not-found answers will not change by asking again.
      retry: (count, err) => count < 2 && !(err instanceof ApiError && ['invalid-input', 'not-found', 'forbidden'].includes(err.code)),
    },
  },
});

// The start page arrives with the shell: when the app opens on the portfolio, its chunk and its rows are
// requested at once, in parallel with the first render, instead of one after the other. The rows were
// usually asked for already, before this script ran (start-data.ts): that answer is used once.
function startPagePreload() {
  const route = window.location.hash.replace(/^#/, '') || '/';
  if (route !== '/') return;
  void loadPortfolioPage();
  const early = window.__dcbStartData?.overview;
  delete window.__dcbStartData;
  void queryClient.prefetchQuery({
    queryKey: ['portfolio.overview', {}],
    queryFn: () =>
      early
        ? early.then((r) => {
            if (!r.ok) throw new ApiError(r.error);
            return r.value as OutputOf<'portfolio.overview'>;
          })
        : invoke('portfolio.overview', {}),
  });
}
startPagePreload();

export function App() {
  useGlobalStyles();
  const theme = useSystemTheme();
  useEffect(prefetchPagesWhenIdle, []);
  return (
    <FluentProvider theme={theme} style={{ height: '100%' }}>
      <QueryClientProvider client={queryClient}>
        <Router hook={useGuardedHashLocation}>
          <Shell />
          <RouteFocus />
          <UnsavedChangesDialog />
        </Router>
        <Toaster toasterId={TOASTER_ID} position="bottom-end" pauseOnHover />
      </QueryClientProvider>
    </FluentProvider>
  );
}
