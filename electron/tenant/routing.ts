import type { INetworkModule } from '@azure/msal-node';
import type { RetryOptions, Sleep } from '../probes/graph/retry';

// Where the tenant probe sends its traffic when the host says otherwise than Microsoft's clouds. A host
// port (backend/ports.ts, `probeRouting.tenant`), never reachable from a channel.

// A token supplied by the host instead of an interactive sign-in: the CLI's --token-env (automation,
// national clouds) and the test harnesses, optionally pointed at another Graph/Exchange base URL (a lab or
// the fake Microsoft 365).
export interface SuppliedToken {
  token: string;
  exchangeToken?: string;
  graphBaseUrl?: string;
  exchangeBaseUrl?: string;
  // Tests: a faster clock for retries.
  sleep?: Sleep;
  retry?: RetryOptions;
}

// Keep the real sign-in (MSAL and its tokens) but send Graph and Exchange requests elsewhere: the Playwright
// harness and integration tests aim them at the fake Microsoft 365 on loopback.
interface LabEndpoints {
  graphBaseUrl: string;
  exchangeBaseUrl: string;
  sleep?: Sleep;
  retry?: RetryOptions;
}

export interface TenantRouting {
  suppliedToken?: SuppliedToken;
  endpoints?: LabEndpoints;
  // The fake identity provider's network module, in place of MSAL's own HTTP client.
  identityNetwork?: INetworkModule;
}
