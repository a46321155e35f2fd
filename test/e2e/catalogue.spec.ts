import { readFileSync } from 'node:fs';
import { test, expect, screenshot } from './harness';

const builtIn = JSON.parse(readFileSync('resources/catalogue/dcb1596.json', 'utf8'));

test('load an updated catalogue file; a bad one is refused naming the item and the current one stays', async ({ page, app }) => {
  await app.open('/settings');
  await expect(page.getByRole('table', { name: 'Catalogue versions' })).toContainText(builtIn.version);

  const bad = structuredClone(builtIn);
  bad.version = '2027.1.0';
  bad.requirements[0].colour = 'red';
  bad.requirements[5].checks = ['dns.dmark'];
  await page
    .getByLabel('Load catalogue file…')
    .setInputFiles({ name: 'dcb1596-2027.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await expect(page.getByText('Catalogue not loaded')).toBeVisible();
  await expect(page.getByText('requirements[0] (ELIG-01): Unknown field "colour"')).toBeVisible();
  await expect(page.getByText(/requirements\[5\] \(ELIG-06\) › checks\.0: Unknown check ID/)).toBeVisible();
  await screenshot(
    page,
    'catalogue-refused',
    page.locator('section', { has: page.getByRole('heading', { name: 'Requirement catalogue' }) }),
  );
  expect((await app.backend.call('catalogue.get', {})).version).toBe(builtIn.version);

  const good = structuredClone(builtIn);
  good.version = '2027.1.0';
  await page
    .getByLabel('Load catalogue file…')
    .setInputFiles({ name: 'dcb1596-2027.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
  await expect(page.getByText('Catalogue 2027.1.0 loaded').first()).toBeVisible();
  await expect(page.getByRole('row', { name: /2027\.1\.0/ })).toContainText('In use');
  expect((await app.backend.call('catalogue.get', {})).version).toBe('2027.1.0');
});
