import { test, expect, screenshot } from './harness';
import { createDemoWorkspace } from '../../electron/demo/demo-workspace';

test('the dashboard on the demo workspace: statuses, reminders, start a renewal and view the diff', async ({ page, app }) => {
  await createDemoWorkspace(app.backend);
  await app.open('/');
  await expect(page.getByRole('heading', { name: 'Portfolio' })).toBeVisible();
  const statuses = page.getByRole('group', { name: 'Clients by status' });
  await expect(statuses.getByRole('button', { name: /Renewal due/ })).toContainText('1');
  await expect(statuses.getByRole('button', { name: /Expired/ })).toContainText('1');
  await expect(page.getByRole('region', { name: 'Reminders' })).toContainText('Harbour View Care Home');
  await expect(page.getByRole('region', { name: 'Reminders' })).toContainText('Meadowbank Care Ltd (sample) (17 days)');
  await expect(page.getByText('Sample data').first()).toBeVisible();
  await screenshot(page, 'portfolio');
  // Reminders can be hidden for the rest of the session (a reload keeps them hidden).
  await page.getByRole('region', { name: 'Reminders' }).getByRole('button', { name: 'Hide until next start' }).click();
  await expect(page.getByRole('region', { name: 'Reminders' })).toBeHidden();
  await page.reload();
  await expect(page.getByRole('group', { name: 'Clients by status' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Reminders' })).toBeHidden();

  // Filter to the expired client through the breakdown, then open it.
  await statuses.getByRole('button', { name: /Expired/ }).click();
  await expect(page.getByRole('table', { name: 'Portfolio' }).getByRole('row')).toHaveCount(2);
  await page.getByTestId('portfolio-row-ZZ9D4').click();

  // The expired client's last cycle is signed: start the renewal from it.
  await expect(page.getByRole('heading', { name: /\d{4} assessment/ })).toBeVisible();
  await page.getByRole('link', { name: 'Harbour View Care Home (sample)' }).click();
  await page.getByRole('button', { name: /Start \d{4} renewal/ }).click();
  // The renewal asks for the year and the planned submission date before it creates anything.
  await page
    .getByRole('dialog', { name: 'Start the renewal' })
    .getByRole('button', { name: /Start \d{4} renewal/ })
    .click();
  await expect(page.getByText(/answers? carried over from \d{4} need re-confirming/)).toBeVisible();
  // The new cycle offers to re-run last year's checks (none has run since it began).
  const recheck = page.getByRole('group', { name: /^Re-run the checks for \d{4}$/ });
  await expect(recheck).toContainText('run the mail-domain checks (harbourview-care.example) and the Microsoft 365 tenant probe again');
  await expect(recheck.getByRole('button', { name: 'Run domain checks' })).toBeEnabled();
  await expect(recheck.getByRole('button', { name: 'Open Mail domain' })).toBeVisible();
  await screenshot(page, 'renewal-started');
  await recheck.getByRole('button', { name: 'Dismiss' }).click();
  await expect(recheck).toBeHidden();

  // Re-confirm one carried answer with a new document version, record a new domain check, and compare.
  await page.getByRole('button', { name: /ORG-01 Breach notification/ }).click();
  await page.getByLabel('Version').fill('7.0');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const client = (await app.backend.call('client.list', { search: 'Harbour' }))[0]!;
  await app.backend.services.findings.recordRun({
    clientId: client.id,
    kind: 'domain',
    target: 'harbourview-care.example',
    source: 'dns+smtp',
    startedAt: new Date().toISOString(),
    finishedAt: new Date(Date.now() + 1000).toISOString(),
    findings: [{ check: 'dns.dmarc', status: 'fail', summary: 'DMARC record missing', data: { policy: null } }],
  });
  await page.getByRole('button', { name: 'Compare with last year' }).click();
  await expect(page.getByRole('heading', { name: /What changed from \d{4} to \d{4}/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Documents and details that changed' })).toContainText('Document version');
  await expect(page.getByRole('table', { name: 'Documents and details that changed' })).toContainText('7.0');
  await expect(page.getByRole('table', { name: 'Findings that changed' })).toContainText('DMARC policy');
  await expect(page.getByRole('table', { name: 'Findings that changed' })).toContainText('Policy: reject → —');
  await screenshot(page, 'compare');
});
