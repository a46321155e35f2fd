import { test, expect, screenshot } from './harness';
import { createDemoWorkspace } from '../../electron/demo/demo-workspace';
import { overflowing } from './screens';
import type { Page } from '@playwright/test';

// Issue 17, item 6: global search (Ctrl+K) across clients, requirements and evidence, by keyboard.

test('Ctrl+K finds a client, a requirement and evidence; arrows and Enter open it; focus returns on Esc', async ({ page, app }) => {
  test.setTimeout(120_000);
  await createDemoWorkspace(app.backend);
  const harbour = (await app.backend.call('client.list', { search: 'Harbour' }))[0]!;
  await app.open('/');
  await expect(page.getByRole('heading', { name: 'Portfolio', level: 1 })).toBeVisible();

  // The nav button opens it too; Esc gives focus back to it.
  const trigger = page.getByRole('button', { name: /^Search/ });
  await trigger.click();
  const dialog = page.getByRole('dialog', { name: 'Search' });
  const box = dialog.getByRole('combobox', { name: 'Search clients, requirements and evidence' });
  await expect(box).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();

  // By ODS code, from the keyboard shortcut.
  await page.keyboard.press('Control+k');
  await expect(box).toBeFocused();
  await box.fill(harbour.odsCode.toLowerCase());
  const options = dialog.getByRole('option');
  await expect(options.first()).toContainText('Harbour View Care Home');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: /Harbour View Care Home/, level: 1 })).toBeVisible();

  // A requirement: the second option is reached with the arrow key and opens that checklist at it.
  await page.keyboard.press('Control+k');
  await box.fill('ORG-01');
  await expect(options.first()).toContainText('ORG-01');
  const count = await options.count();
  expect(count).toBeGreaterThan(1);
  expect(count).toBeLessThanOrEqual(8);
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(box).toHaveAttribute('aria-activedescendant', (await options.nth(1).getAttribute('id'))!);
  const second = (await options.nth(1).textContent())!;
  await for1280(page);
  await screenshot(page, 'global-search-1280');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/assessments\/[0-9a-f-]{36}\/ORG-01$/);
  await expect(page.getByRole('heading', { name: /\d{4} assessment/, level: 1 })).toBeVisible();
  expect(second).toMatch(/^ORG-01 /);

  // Evidence by title; nothing found says so.
  await page.keyboard.press('Control+k');
  await box.fill('zzzz-nothing');
  await expect(dialog.getByText('Nothing matches “zzzz-nothing”.')).toBeVisible();
  await box.fill('policy');
  await expect(dialog.getByRole('option').first()).toBeVisible();
  await page.setViewportSize({ width: 1920, height: 1080 });
  expect(await overflowing(page)).toEqual([]);
  await screenshot(page, 'global-search-1920');

  // An evidence hit opens the client's evidence library with that item marked and focused; Enter opens it.
  const evidenceHit = dialog.getByRole('option').last();
  const evidenceTitle = (await evidenceHit.locator('span').first().textContent())!;
  await evidenceHit.click();
  await expect(page).toHaveURL(/\/clients\/[0-9a-f-]{36}\/evidence\/[0-9a-f-]{36}$/);
  const marked = page.locator('[data-testid="evidence-row"][aria-current="true"]');
  await expect(marked).toContainText(evidenceTitle);
  await expect(marked.getByRole('button', { name: evidenceTitle })).toBeFocused();
  await screenshot(page, 'global-search-evidence-item');
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('dialog', { name: 'Evidence details' }).getByRole('heading', { name: evidenceTitle, exact: true }),
  ).toBeVisible();
});

async function for1280(page: Page) {
  await page.setViewportSize({ width: 1280, height: 720 });
  expect(await overflowing(page)).toEqual([]);
}
