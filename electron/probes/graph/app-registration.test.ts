import { describe, expect, it } from 'vitest';
import { appRegistrationGuide } from './app-registration';
import { CLOUDS, GRAPH_PERMISSIONS, exchangeScope, graphScopes } from './clouds';
import { adminConsentUrl } from './sign-in';

// The guide and the sign-in ask for the same permissions and redirect URIs: one source (clouds.ts).
describe('the app-registration guide', () => {
  it.each(Object.keys(CLOUDS) as (keyof typeof CLOUDS)[])('%s: lists exactly what sign-in asks for, each with why', (cloud) => {
    const g = appRegistrationGuide(cloud);
    const asked = [...graphScopes(cloud), exchangeScope(cloud)].map((s) => s.slice(s.lastIndexOf('/') + 1));
    expect(g.permissions.map((p) => p.name)).toEqual(asked);
    for (const p of g.permissions) expect(p.why.length).toBeGreaterThan(20);
    for (const name of GRAPH_PERMISSIONS) expect(g.script).toContain(`'${name}'`);
    expect(g.script).toContain("$_.Value -eq 'Exchange.Manage'");
    // The admin-consent link lands on a redirect URI the script registers.
    const consentRedirect = new URL(adminConsentUrl({ cloud, appClientId: 'x' })).searchParams.get('redirect_uri')!;
    expect(g.redirectUris.map((r) => r.uri)).toEqual(['http://localhost', consentRedirect]);
    for (const r of g.redirectUris) expect(g.script).toContain(`'${r.uri}'`);
    expect(g.script).toMatch(/-IsFallbackPublicClient/);
    expect(g.script).not.toMatch(/0000dcb15960/);
  });
});
