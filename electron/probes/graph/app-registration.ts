import type { Cloud } from '../../../shared/contract/settings';
import type { AppRegistrationGuide } from '../../../shared/contract/tenant';
import { EXCHANGE_CONSENT_WHY } from '../../tenant/sources';
import { CLOUDS, GRAPH_PERMISSIONS, GRAPH_PERMISSION_WHY } from './clouds';

// The firm's own Microsoft app registration, made once by its admin (issue 17 item 5): the permissions come
// from the same constants the sign-in asks for (clouds.ts), the redirect URIs from how sign-in works
// (sign-in.ts: a loopback redirect with PKCE, device code as a public client, the admin-consent landing
// page). The script resolves every permission's ID by name from Microsoft's own service principals, so no
// GUID is copied by hand.

const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const EXCHANGE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';
const DISPLAY_NAME = 'DCB1596 Workbench';
const PS_ENVIRONMENT: Record<Cloud, string> = { global: 'Global', usgov: 'USGov', china: 'China' };

export function appRegistrationGuide(cloud: Cloud): AppRegistrationGuide {
  const host = CLOUDS[cloud].authorityHost;
  const redirectUris = ['http://localhost', `${host}/common/oauth2/nativeclient`];
  const graph = GRAPH_PERMISSIONS.map((name) => ({ api: 'Microsoft Graph', name, why: GRAPH_PERMISSION_WHY[name] }));
  const permissions = [...graph, { api: 'Office 365 Exchange Online', name: 'Exchange.Manage', why: EXCHANGE_CONSENT_WHY }];
  const quoted = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');
  const script = [
    '# Run once, in PowerShell 7 with the Microsoft.Graph module (Install-Module Microsoft.Graph -Scope CurrentUser),',
    "# signed in to YOUR FIRM'S tenant as an Application Administrator. It prints the application (client) ID.",
    `Connect-MgGraph -Environment ${PS_ENVIRONMENT[cloud]} -Scopes 'Application.ReadWrite.All'`,
    `$graph = Get-MgServicePrincipal -Filter "appId eq '${GRAPH_APP_ID}'"`,
    `$exo = Get-MgServicePrincipal -Filter "appId eq '${EXCHANGE_APP_ID}'"`,
    `$graphScopes = @(${quoted(GRAPH_PERMISSIONS)})`,
    '$access = @(',
    "  @{ ResourceAppId = $graph.AppId; ResourceAccess = @($graph.Oauth2PermissionScopes | Where-Object { $graphScopes -contains $_.Value } | ForEach-Object { @{ Id = $_.Id; Type = 'Scope' } }) },",
    "  @{ ResourceAppId = $exo.AppId; ResourceAccess = @($exo.Oauth2PermissionScopes | Where-Object { $_.Value -eq 'Exchange.Manage' } | ForEach-Object { @{ Id = $_.Id; Type = 'Scope' } }) }",
    ')',
    `$app = New-MgApplication -DisplayName '${DISPLAY_NAME}' -SignInAudience AzureADMultipleOrgs -IsFallbackPublicClient \``,
    `  -PublicClient @{ RedirectUris = @(${quoted(redirectUris)}) } -RequiredResourceAccess $access`,
    'Write-Output "Application (client) ID: $($app.AppId)"',
  ].join('\n');
  return {
    cloud,
    displayName: DISPLAY_NAME,
    signInAudience: 'Accounts in any organisational directory (multitenant): each customer’s admin consents in their own tenant',
    redirectUris: [
      { uri: redirectUris[0]!, why: 'Browser sign-in: the app listens on a free port on this computer and uses PKCE (no secret).' },
      { uri: redirectUris[1]!, why: 'Where the customer’s admin lands after granting consent with the link the workbench builds.' },
    ],
    publicClientFlows:
      'Allow public client flows: Yes — needed for “Use a device code instead”. No client secret or certificate is created.',
    permissions,
    script,
  };
}
