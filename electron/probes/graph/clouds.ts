import type { Cloud } from '../../../shared/contract/settings';

// National clouds are configuration, not code paths: each has its own sign-in host, Graph host and
// Exchange Online host, and tokens for one never work on another.
export interface CloudEndpoints {
  readonly authorityHost: string;
  readonly graph: string;
  readonly exchange: string;
  readonly label: string;
}

export const CLOUDS: Record<Cloud, CloudEndpoints> = {
  global: {
    authorityHost: 'https://login.microsoftonline.com',
    graph: 'https://graph.microsoft.com',
    exchange: 'https://outlook.office365.com',
    label: 'Microsoft 365 (worldwide)',
  },
  usgov: {
    authorityHost: 'https://login.microsoftonline.us',
    graph: 'https://graph.microsoft.us',
    exchange: 'https://outlook.office365.us',
    label: 'Microsoft 365 US Government (GCC High)',
  },
  china: {
    authorityHost: 'https://login.chinacloudapi.cn',
    graph: 'https://microsoftgraph.chinacloudapi.cn',
    exchange: 'https://partner.outlook.cn',
    label: 'Microsoft 365 operated by 21Vianet',
  },
};

// Least-privileged delegated Graph permissions for the probe (README › The Microsoft 365 probe). All need admin consent.
export const GRAPH_PERMISSIONS = [
  'Organization.Read.All',
  'Domain.Read.All',
  'Policy.Read.All',
  'Policy.Read.AuthenticationMethod',
  'AuditLog.Read.All',
  // The sign-in log API still asks for Directory.Read.All alongside AuditLog.Read.All (known issue).
  'Directory.Read.All',
  // Who holds which admin role, and (with Entra ID P2) which assignments are standing.
  'RoleManagement.Read.Directory',
  'SecurityEvents.Read.All',
  'DeviceManagementConfiguration.Read.All',
  'DeviceManagementApps.Read.All',
] as const;

// Why the probe asks for each one, in the words the app-registration guide shows the firm's admin (the
// checks named are those in the README's coverage table). Keyed by the list above, so one cannot change alone.
export const GRAPH_PERMISSION_WHY: Record<(typeof GRAPH_PERMISSIONS)[number], string> = {
  'Organization.Read.All': 'The tenant ID, name and licences (which checks apply: Entra ID P1/P2, Intune, Defender, Purview Audit).',
  'Domain.Read.All': 'The tenant’s mail domains, to compare them with the client record and check DKIM per custom domain.',
  'Policy.Read.All': 'Conditional Access, security defaults, authorisation and device-code policies (MFA, legacy authentication).',
  'Policy.Read.AuthenticationMethod': 'Which sign-in methods are allowed (SMS, voice and email one-time codes should be off).',
  'AuditLog.Read.All': 'MFA registration reports and recent legacy-authentication sign-ins.',
  'Directory.Read.All': 'Required alongside AuditLog.Read.All by the sign-in log API; also reads the accounts the answers name.',
  'RoleManagement.Read.Directory': 'Who holds which admin role, and (with Entra ID P2) which assignments are permanent.',
  'SecurityEvents.Read.All': 'The Microsoft Secure Score snapshot (advisory).',
  'DeviceManagementConfiguration.Read.All': 'Intune compliance policies for phones and tablets that read mail.',
  'DeviceManagementApps.Read.All': 'Intune app protection policies for Outlook mobile.',
};

export function graphScopes(cloud: Cloud): string[] {
  return GRAPH_PERMISSIONS.map((p) => `${CLOUDS[cloud].graph}/${p}`);
}

// The delegated Exchange Online permission the InvokeCommand REST path needs. Read-only in effect only
// because the signed-in role is (Global Reader / View-Only Organization Management).
export function exchangeScope(cloud: Cloud): string {
  return `${CLOUDS[cloud].exchange}/Exchange.Manage`;
}

// A URL we may send a bearer token to: https, or plain http on the loopback interface (the fake
// Microsoft 365 in tests and labs). Anything else would put a token on the wire in clear text.
export function isTokenSafeBase(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.username || u.password || u.search || u.hash) return false;
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]');
}
