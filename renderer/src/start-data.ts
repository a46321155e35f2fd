import type { RpcResult } from '../../shared/contract';

// The start page's rows are asked for before anything else runs: index.html loads this module ahead of
// the app's entry, so the portfolio's data request travels while the entry script (and then the page's
// chunk) is still being evaluated, instead of after it. Only where the host installed window.api (the
// desktop app; the test harness): in web mode the bridge is built by the entry, which asks at once.
// Nothing is imported at run time, so this module stays a few hundred bytes.

declare global {
  interface Window {
    __dcbStartData?: { overview: Promise<RpcResult> };
  }
}

const route = window.location.hash.replace(/^#/, '') || '/';
if (route === '/' && window.api) window.__dcbStartData = { overview: window.api.invoke('portfolio.overview', {}) };
