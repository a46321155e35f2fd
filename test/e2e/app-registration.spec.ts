import { test, expect, screenshot } from './harness';
import { overflowing } from './screens';

// Issue 17, item 5: with no app registration set, Settings and the Microsoft 365 tab show the same guide
// (one component): the script, each permission with why, the redirect URIs, where to paste the ID. No
// sign-in button that cannot work is enabled; once the ID is saved, the guide goes and sign-in is offered.

test('the guided path to the firm’s Microsoft app registration, in Settings and on the tenant tab', async ({ page, app, context }) => {
  test.setTimeout(150_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const b = app.backend;
  const client = await b.call('client.create', {
    legalName: 'Riverside Care',
    odsCode: 'RX2',
    domains: ['riverside-care.co.uk'],
    route: 'o365',
    tenant: 'riverside.onmicrosoft.com',
  });
  const guide = await b.call('tenant.appRegistrationGuide', {});

  await app.open('/settings');
  const settingsGuide = page.getByText('Set up your firm’s Microsoft app registration (once)').locator('..');
  await expect(page.getByText('Set up your firm’s Microsoft app registration (once)')).toBeVisible();
  await expect(page.getByRole('region', { name: 'App registration script' }).or(page.getByLabel('App registration script'))).toContainText(
    'New-MgApplication',
  );
  await page.getByRole('button', { name: /delegated permissions the probe uses/ }).click();
  const table = page.getByRole('table', { name: 'Delegated permissions' });
  await expect(table.getByRole('row')).toHaveCount(guide.permissions.length + 1);
  await expect(table).toContainText('DeviceManagementConfiguration.Read.All');
  await expect(table).toContainText('Exchange.Manage');
  await page.getByRole('button', { name: /Redirect URIs/ }).click();
  await expect(page.getByText('http://localhost', { exact: true })).toBeVisible();
  await expect(page.getByText('Into “Application (client) ID” below, then save.')).toBeVisible();
  await page.getByRole('button', { name: 'Copy the script' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(guide.script);
  for (const [w, h] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await settingsGuide.scrollIntoViewIfNeeded();
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, `settings-app-registration-${w}`);
  }

  // The tenant tab: the same guide, the sign-in buttons disabled, no consent link built.
  await app.open(`/clients/${client.id}/microsoft-365`);
  await expect(page.getByText('Set up your firm’s Microsoft app registration (once)')).toBeVisible();
  await expect(page.getByLabel('App registration script')).toContainText('New-MgApplication');
  await expect(page.getByRole('link', { name: 'Settings › Microsoft 365 sign-in' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in with the browser' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Use a device code instead' })).toBeDisabled();
  expect((await b.call('tenant.consent', { clientId: client.id })).url).toBeUndefined();
  for (const [w, h] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, `tenant-app-registration-${w}`);
  }

  // Once the ID is set, the guide goes and sign-in is offered.
  const settings = await b.call('settings.get', {});
  await b.call('settings.update', { tenant: { ...settings.tenant, clientId: '3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b' } });
  // Set behind the page's back (as another window would): reload so the page reads it.
  await app.open(`/clients/${client.id}/microsoft-365`);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign in with the browser' })).toBeEnabled();
  await expect(page.getByText('Set up your firm’s Microsoft app registration (once)')).toHaveCount(0);
  await app.open('/settings');
  await expect(page.getByRole('heading', { name: 'Microsoft 365 sign-in' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Application (client) ID' })).toHaveValue('3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b');
  await expect(page.getByText('Set up your firm’s Microsoft app registration (once)')).toHaveCount(0);
});
