import { test, expect } from './harness';
import { createDemoWorkspace } from '../../electron/demo/demo-workspace';

// Issue 17, bug 8: at 1280×720 the portfolio pushed every client row below the fold and the checklist
// showed three requirements; at 1920 titles were cut with "…"; focus fell to <body> after opening a
// client and after Esc on a drawer.

test('at 1280×720 the first portfolio rows and a useful part of the checklist are above the fold', async ({ page, app }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await createDemoWorkspace(app.backend);
  await app.open('/');
  const rows = page.locator('[data-testid^="portfolio-row-"]');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  expect((await rows.first().boundingBox())!.y + (await rows.first().boundingBox())!.height).toBeLessThanOrEqual(720);

  const client = (await app.backend.call('client.list', {})).find((c) => c.legalName.startsWith('Meadowbank'))!;
  const [a] = await app.backend.call('assessment.list', { clientId: client.id });
  await app.open(`/clients/${client.id}/assessments/${a!.id}`);
  const items = page.getByRole('complementary', { name: 'Checklist' }).getByRole('button', { name: /[A-Z0-9]+-\d\d / });
  await expect(items.first()).toBeVisible({ timeout: 30_000 });
  const inView = await items.evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().bottom <= window.innerHeight).length);
  expect(inView).toBeGreaterThanOrEqual(4);
});

test('at 1920×1080 the checklist uses the width and no requirement title is cut', async ({ page, app }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await createDemoWorkspace(app.backend);
  const client = (await app.backend.call('client.list', {})).find((c) => c.legalName.startsWith('Meadowbank'))!;
  const [a] = await app.backend.call('assessment.list', { clientId: client.id });
  await app.open(`/clients/${client.id}/assessments/${a!.id}`);
  const list = page.getByRole('complementary', { name: 'Checklist' });
  await expect(list.getByRole('button', { name: /ELIG-01/ })).toBeVisible({ timeout: 30_000 });
  const main = (await page.locator('#main').boundingBox())!;
  const panel = (await page.getByRole('article').first().boundingBox())!;
  // Content spans the window less the navigation: no wide empty margin.
  expect(panel.x + panel.width).toBeGreaterThan(main.x + main.width - 80);
  const cut = await list
    .locator('button span')
    .evaluateAll((els) =>
      els.filter((e) => getComputedStyle(e).textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth).map((e) => e.textContent),
    );
  expect(cut).toEqual([]);
});

test('focus lands on the page heading after opening a client and returns to the trigger after Esc on a drawer', async ({ page, app }) => {
  await createDemoWorkspace(app.backend);
  await app.open('/clients');
  await page
    .getByRole('link', { name: /Meadowbank Care Ltd/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: 'Meadowbank Care Ltd (sample)', level: 1 })).toBeFocused();

  const client = (await app.backend.call('client.list', {})).find((c) => c.legalName.startsWith('Meadowbank'))!;
  const [a] = await app.backend.call('assessment.list', { clientId: client.id });
  await app.open(`/clients/${client.id}/assessments/${a!.id}`);
  await expect(page.getByRole('heading', { name: /\d{4} assessment/, level: 1 })).toBeFocused({ timeout: 30_000 });
  const trigger = page.getByRole('button', { name: /blocker|Nothing blocks/ }).first();
  await trigger.click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(trigger).toBeFocused();
});
