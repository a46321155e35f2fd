import { test, expect, screenshot } from './harness';
import { createDemoWorkspace } from '../../electron/demo/demo-workspace';

// Issue 17, bug 9: Activity and Compare showed field keys (document.approvalDate, dsptPublishedAt,
// "reconfirm: — → false") and readiness said "policies has not been checked yet".

const RAW = /document\.[a-z]|fields\.|dsptPublished|reconfirm|→ false|→ true|not-assessed|partially-met|dataLocation\.|preparedBy\./;

test('Activity names every field as people read it, and filters by who, what and when', async ({ page, app }) => {
  await createDemoWorkspace(app.backend);
  const client = (await app.backend.call('client.list', {})).find((c) => c.legalName.startsWith('Meadowbank'))!;
  await app.open(`/clients/${client.id}/activity`);
  const trail = page.getByRole('list', { name: 'Audit trail' });
  await expect(trail).toContainText('Approval date', { timeout: 30_000 });
  await expect(trail).toContainText('Carry into next renewal');
  expect(await trail.innerText()).not.toMatch(RAW);
  await screenshot(page, 'activity');

  const filters = page.getByRole('group', { name: 'Filter the activity' });
  const total = await trail
    .getByRole('listitem')
    .filter({ has: page.locator('> div') })
    .count();
  await filters.getByRole('combobox', { name: 'What' }).click();
  await page.getByRole('option', { name: 'Sign-off and outcome' }).click();
  await expect(trail).toContainText('sign-off');
  await expect(trail).not.toContainText('Probed tenant');
  const signoffs = await trail
    .getByRole('listitem')
    .filter({ has: page.locator('> div') })
    .count();
  expect(signoffs).toBeGreaterThan(0);
  expect(signoffs).toBeLessThan(total);
  await filters.getByLabel('To').fill('2000-01-01');
  await expect(filters).toContainText(`0 of ${total} entries`);
});

test('Compare shows labels, not keys, for documents and details', async ({ page, app }) => {
  await createDemoWorkspace(app.backend);
  for (const c of await app.backend.call('client.list', {})) {
    for (const a of await app.backend.call('assessment.list', { clientId: c.id })) {
      if (!a.previousAssessmentId) continue;
      await app.open(`/clients/${c.id}/assessments/${a.id}/compare/${a.previousAssessmentId}`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.locator('#main')).toContainText(/Answers|Documents and details|Findings/);
      expect(await page.locator('#main').innerText()).not.toMatch(RAW);
      await screenshot(page, 'compare');
      return;
    }
  }
  throw new Error('the sample workspace has no renewal to compare');
});
