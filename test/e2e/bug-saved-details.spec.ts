import { test, expect } from './harness';
import { createDemoWorkspace } from '../../electron/demo/demo-workspace';
import { FULL_DOCUMENT, clientWithAssessment } from './seed';

// Issue 17, bug 1: after Save, the document details and owner went blank (they were saved, but Fluent's
// always-controlled Input overwrote the values react-hook-form wrote into the DOM).

test('saved document details and owner stay on screen after Save and after a reload', async ({ page, app }) => {
  const { client, a } = await clientWithAssessment(app.backend);
  await app.open(`/clients/${client.id}/assessments/${a.id}/ORG-01`);
  await expect(page.getByRole('heading', { name: /Breach notification/ })).toBeVisible();
  await page.getByRole('radio', { name: 'Met', exact: true }).check();
  await page.getByLabel('Document title').fill(FULL_DOCUMENT.title);
  await page.getByLabel('Version').fill(FULL_DOCUMENT.version);
  await page.getByLabel('Document date').fill(FULL_DOCUMENT.date);
  await page.getByLabel('Approved by (role)').fill(FULL_DOCUMENT.approvedBy);
  await page.getByLabel('Approval date').fill(FULL_DOCUMENT.approvalDate);
  await page.getByLabel('Owner', { exact: true }).fill('Registered manager');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(/Last saved by/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toHaveAttribute('aria-disabled', 'true');

  const expectShown = async () => {
    await expect(page.getByLabel('Document title')).toHaveValue(FULL_DOCUMENT.title);
    await expect(page.getByLabel('Version')).toHaveValue(FULL_DOCUMENT.version);
    await expect(page.getByLabel('Document date')).toHaveValue(FULL_DOCUMENT.date);
    await expect(page.getByLabel('Approved by (role)')).toHaveValue(FULL_DOCUMENT.approvedBy);
    await expect(page.getByLabel('Approval date')).toHaveValue(FULL_DOCUMENT.approvalDate);
    await expect(page.getByLabel('Owner', { exact: true })).toHaveValue('Registered manager');
  };
  await expectShown();
  // Focus stays on the Save button rather than dropping to <body>.
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeFocused();
  await page.reload();
  await expect(page.getByRole('heading', { name: /Breach notification/ })).toBeVisible();
  await expectShown();
});

test('the sample workspace shows each saved owner in its box', async ({ page, app }) => {
  await createDemoWorkspace(app.backend);
  for (const c of await app.backend.call('client.list', {})) {
    for (const a of await app.backend.call('assessment.list', { clientId: c.id })) {
      const detail = await app.backend.call('assessment.get', { id: a.id });
      const owned = detail.requirements
        .map((r) => ({ r, resp: detail.responses.find((x) => x.requirementId === r.id) }))
        .find((x) => x.resp?.owner && detail.assessment.status !== 'signed');
      if (!owned) continue;
      await app.open(`/clients/${c.id}/assessments/${a.id}/${owned.r.id}`);
      await expect(page.getByLabel('Owner', { exact: true })).toHaveValue(owned.resp!.owner!);
      return;
    }
  }
  throw new Error('the sample workspace has no unsigned answer with an owner');
});
