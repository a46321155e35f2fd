import { TENANT_CHECKS } from '../../shared/contract/tenant';
import { test, expect, screenshot } from './harness';
import { startFakeM365, type FakeM365 } from '../fixtures/m365/fake-m365';
import { FakeIdentity, type FakeUser } from '../fixtures/m365/fake-identity';
import { FAKE_ACCESS_TOKEN, FIXTURE_TENANTS } from '../fixtures/m365/tenants';
import { scriptOutputFor } from '../fixtures/m365/script-output';

// The Microsoft 365 tab driven from the UI against the fake Microsoft 365 on loopback. The backend keeps its
// real sign-in (msal-node, with the fake identity provider as its network module) and only its Graph and
// Exchange base URLs point at the fake — the host's probe routing (app.routing), which no channel can reach.

const APP = '4f1d7c2a-9e3b-4c8d-a1f0-6b2e8d9c0a11';

let server: FakeM365 | undefined;
test.afterEach(async () => {
  await server?.close();
  server = undefined;
});

test('connect with a device code, probe a compliant E3 tenant, read the evidence and see the findings in the checklist', async ({
  page,
  app,
}) => {
  test.setTimeout(90_000);
  const b = app.backend;
  await b.call('settings.update', { displayName: 'Alex Consultant', tenant: { clientId: APP, cloud: 'global' } });
  const tenant = FIXTURE_TENANTS.e3Compliant({ now: b.clock.now() });
  const idp = new FakeIdentity(undefined, APP);
  // Latency so the progress is visible: each answer takes a moment, as Microsoft's do.
  server = await startFakeM365({ tenant, token: (t) => idp.issuedAccessTokens.includes(t), latencyMs: 250 });
  app.routing.tenant = { identityNetwork: idp, endpoints: { graphBaseUrl: server.graphUrl, exchangeBaseUrl: server.exchangeUrl } };
  const client = await b.call('client.create', {
    legalName: 'Meadowbank Care Ltd',
    odsCode: 'VN3K7',
    domains: ['meadowbank-care.co.uk'],
    route: 'o365',
    tenant: tenant.tenantId,
  });
  const assessment = await b.call('assessment.create', { clientId: client.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });

  await app.open(`/clients/${client.id}`);
  await page.getByRole('tab', { name: 'Microsoft 365' }).click();
  const connection = page.getByRole('region', { name: 'Connect the tenant' });
  await expect(connection.getByText('Not signed in')).toBeVisible();
  await expect(connection.getByText(/Sign-in kept in memory only\./)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'No tenant probe yet' })).toBeVisible();

  // What the customer's admin must grant, and who can run the probe.
  const access = page.getByRole('region', { name: 'Access the customer grants' });
  await expect(access.getByRole('textbox', { name: 'Admin consent link' })).toHaveValue(
    new RegExp(`/${tenant.tenantId}/v2\\.0/adminconsent\\?client_id=${APP}`),
  );
  await expect(access.getByRole('region', { name: 'Who can run the probe' })).toContainText('Global Reader');
  await expect(access.getByRole('region', { name: /Microsoft Graph permissions/ })).toContainText('Policy.Read.All');
  await expect(access.getByRole('button', { name: 'Copy the admin consent link' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run the probe' })).toBeDisabled();
  await screenshot(page, 'tenant-connect');

  // Device code sign-in: the code and the page to enter it on, then the consultant approves.
  await connection.getByLabel('Include Exchange Online (Exchange.Manage, used only for read-only Get-* cmdlets)').check();
  await connection.getByRole('button', { name: 'Use a device code instead' }).click();
  const pending = page.getByRole('region', { name: 'Sign-in in progress' });
  await expect(pending.getByTestId('device-code')).toHaveText('FAKE-CODE');
  await expect(pending.getByRole('textbox', { name: 'Sign-in page for the device code' })).toHaveValue('https://microsoft.com/devicelogin');
  await pending.getByRole('button', { name: 'Open the sign-in page link' }).click();
  expect(app.externalLinks).toContain('https://microsoft.com/devicelogin');
  await screenshot(page, 'tenant-device-code', connection);
  const reader: FakeUser = {
    oid: 'c0ffee00-0000-4000-8000-000000000001',
    homeTenant: tenant.tenantId,
    username: 'reader@meadowbankcare.onmicrosoft.com',
    name: 'Reader',
    tenants: [],
  };
  idp.deviceCodeUser = reader;
  await expect(connection.getByText('Signed in', { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(connection.getByText('reader@meadowbankcare.onmicrosoft.com')).toBeVisible();

  // Run the probe: Exchange Online is read on the same sign-in by default; per-check progress until done.
  await expect(page.getByLabel('Read Exchange Online settings (read-only Get-* cmdlets on this sign-in)')).toBeChecked();
  // The probe takes four round trips, so the fake holds its answers until the running state has been seen.
  server.pause();
  await page.getByRole('button', { name: 'Run the probe' }).click();
  const progress = page.getByRole('region', { name: 'Tenant probe progress' });
  await expect(progress).toBeVisible();
  await expect(progress.locator('li[data-state="running"]').first()).toBeVisible();
  await screenshot(page, 'tenant-progress', progress);
  server.resume();
  await expect(progress.getByRole('status')).toHaveText(`Done — ${TENANT_CHECKS.length} of ${TENANT_CHECKS.length} checks`, {
    timeout: 30_000,
  });
  await expect(progress.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '1');
  await expect(progress.locator('li[data-state="done"]')).toHaveCount(TENANT_CHECKS.length);
  expect(server.log.some((r) => r.path === '/v1.0/$batch')).toBe(true);

  // Findings by requirement: everything E3 licenses passes; Defender and Entra ID P2 checks say what is missing,
  // and Audit Standard keeps 180 days.
  const results = page.getByRole('region', { name: 'Findings' });
  await expect(results.getByLabel('Summary of this run')).toHaveText(
    `0 failing · 1 to improve · ${TENANT_CHECKS.length - 6} passing · 5 not assessed (not licensed (5))`,
  );
  const o36503 = results.getByTestId('tenant-group-O365-03');
  await expect(o36503.getByText('MFA enforced for all users')).toBeVisible();
  await expect(o36503.getByText(/Conditional Access requires MFA for all users/)).toBeVisible();
  await results.getByRole('tab', { name: 'By area' }).click();
  const mail = results.getByTestId('tenant-group-mail');
  await expect(mail.getByText('DKIM signing enabled in Exchange Online')).toBeVisible();
  await mail.getByRole('button', { name: /DKIM signing enabled in Exchange Online/ }).click();
  await expect(mail.getByText(/DKIM signing is on for 1 mail domain/)).toBeVisible();
  await screenshot(page, 'tenant-results');

  // The raw evidence: every request, its response body, the snapshot file.
  await results.getByRole('button', { name: 'Raw evidence' }).click();
  const drawer = page.getByRole('dialog', { name: 'Raw evidence of the tenant probe' });
  await expect(drawer.getByText(tenant.tenantId, { exact: true })).toBeVisible();
  const rows = drawer.getByRole('table', { name: 'Requests sent to Microsoft 365' }).getByRole('row');
  expect(await rows.count()).toBeGreaterThan(3);
  await expect(drawer.getByLabel('Response body 0')).toContainText('"responses"');
  await drawer
    .getByRole('button', { name: /Show response \d+: POST .*InvokeCommand/ })
    .first()
    .click();
  await expect(drawer.getByLabel(/Response body \d+/)).toContainText('@odata.context');
  await expect(drawer.getByText(/SHA-256 [0-9a-f]{64}/)).toBeVisible();
  await screenshot(page, 'tenant-evidence');
  await drawer.getByRole('button', { name: 'Download the snapshot' }).click();
  await expect.poll(() => app.downloads.map((d) => d.fileName)).toContainEqual(expect.stringMatching(/\.json$/));
  const snapshot = app.downloads.at(-1)!;
  expect(snapshot.fileName).toContain(tenant.tenantId.slice(0, 8));
  await drawer.getByRole('button', { name: 'Close' }).click();

  // Re-evaluate offline: a new run from the same evidence, no request sent.
  const sent = server.log.length;
  b.clock.advance(60_000);
  await results.getByRole('button', { name: 'Re-evaluate offline' }).click();
  await expect(page.getByText('Re-evaluated offline', { exact: true })).toBeVisible();
  await expect(results.getByText(/Evaluated .* from Microsoft Graph \+ Exchange Online, re-evaluated offline/)).toBeVisible();
  await expect(results.getByText(/evidence collected 23 Nov 2026, 09:00/)).toBeVisible();
  expect(server.log.length).toBe(sent);
  const runs = await b.call('probe.runs', { clientId: client.id, kind: 'tenant' });
  expect(runs).toHaveLength(2);
  expect(runs[0]!.snapshot!.sha256).toBe(runs[1]!.snapshot!.sha256);

  // The checklist picks the findings up under the requirement.
  await app.open(`/clients/${client.id}/assessments/${assessment.id}/O365-03`);
  const automated = page.getByRole('region', { name: 'Automated findings' });
  await expect(automated.getByText('MFA enforced for all users')).toBeVisible();
  await expect(automated.getByText('MFA registration coverage')).toBeVisible();
  await expect(automated.getByText('Pass').first()).toBeVisible();
  await automated.getByRole('button', { name: /MFA enforced for all users/ }).click();
  await screenshot(page, 'tenant-checklist', automated);

  // Sign out.
  await app.open(`/clients/${client.id}/microsoft-365`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(connection.getByText('Not signed in')).toBeVisible();
});

test('a Business Basic tenant: what is not licensed says so, and the Exchange script output fills the gaps', async ({ page, app }) => {
  const b = app.backend;
  const tenant = FIXTURE_TENANTS.businessBasicSecurityDefaults({ now: b.clock.now() });
  server = await startFakeM365({ tenant, token: FAKE_ACCESS_TOKEN });
  app.routing.tenant = { suppliedToken: { token: FAKE_ACCESS_TOKEN, graphBaseUrl: server.graphUrl, exchangeBaseUrl: server.exchangeUrl } };
  const client = await b.call('client.create', {
    legalName: 'Oakwood Homes',
    odsCode: 'OAK12',
    domains: ['oakwood-homes.org.uk'],
    route: 'o365',
    tenant: tenant.initialDomain,
  });
  await app.open(`/clients/${client.id}/microsoft-365`);
  await expect(page.getByRole('region', { name: 'Connect the tenant' }).getByText('Access token supplied')).toBeVisible();
  await page.getByRole('button', { name: 'Run the probe' }).click();
  const progress = page.getByRole('region', { name: 'Tenant probe progress' });
  await expect(progress.getByRole('status')).toHaveText(`Done — ${TENANT_CHECKS.length} of ${TENANT_CHECKS.length} checks`, {
    timeout: 30_000,
  });

  const results = page.getByRole('region', { name: 'Findings' });
  // Exchange is read without asking; what Business Basic does not license says so.
  await expect(results.getByLabel('Summary of this run')).toContainText(/13 not assessed \(not licensed \(12\), not applicable \(1\)\)/);
  const registration = results.getByTestId('tenant-group-O365-03').getByTestId('finding-mfa.registration-');
  await expect(registration.getByText('Not assessed')).toBeVisible();
  await expect(registration.getByText('Not licensed: Not licensed: needs Microsoft Entra ID P1')).toHaveCount(0);
  await expect(registration.getByText(/^Not licensed: needs Microsoft Entra ID P1/)).toBeVisible();
  await registration.getByRole('button').first().click();
  await expect(registration.getByText('Why it was not assessed')).toBeVisible();
  await expect(results.getByTestId('tenant-group-O365-03').getByText(/^Security defaults are on:/)).toBeVisible();
  await screenshot(page, 'tenant-business-basic');

  // The customer's admin ran the script; import what they sent back (a little later: the test clock stands still).
  b.clock.advance(60_000);
  const exchange = page.getByRole('region', { name: 'Exchange Online settings' });
  await exchange.getByRole('button', { name: 'Download the PowerShell script' }).click();
  await expect.poll(() => app.downloads.map((d) => d.fileName)).toContain('Collect-DCB1596ExchangeFacts.ps1');
  await exchange.getByLabel('Import the script output…').setInputFiles({
    name: 'DCB1596-Exchange-oakwood.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(scriptOutputFor(tenant))),
  });
  await expect(page.getByText('Exchange settings imported', { exact: true })).toBeVisible();
  await expect(results.getByTestId('tenant-group-O365-06').getByText(/DKIM signing is off for oakwood-homes\.org\.uk/)).toBeVisible();
  await expect(results.getByText(/from Microsoft Graph \+ Exchange script output/)).toBeVisible();
  await expect(exchange.getByText(/include Exchange Online settings \(from the script output\)/)).toBeVisible();
  await screenshot(page, 'tenant-script-import');
});
