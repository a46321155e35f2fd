import { test, expect } from './harness';
import { clientWithAssessment } from './seed';

// Issue 17, bug 2: edits were lost without warning — another requirement, the Portfolio link, Back on the
// client editor, closing the window. Each now asks Save / Discard changes / Stay.

test('the requirement panel asks before leaving unsaved changes: Stay, Discard, Save', async ({ page, app }) => {
  const { client, a } = await clientWithAssessment(app.backend);
  await app.open(`/clients/${client.id}/assessments/${a.id}/ORG-01`);
  const owner = page.getByLabel('Owner', { exact: true });
  await owner.fill('Registered manager');
  const ask = page.getByRole('alertdialog', { name: 'Save your changes?' });

  // Another requirement: Stay keeps the edit on screen.
  await page.getByRole('button', { name: /ELIG-01 Active ODS code/ }).click();
  await expect(ask).toBeVisible();
  await expect(ask).toContainText('Your answer to ORG-01 has changes that are not saved');
  await ask.getByRole('button', { name: 'Stay' }).click();
  await expect(ask).toBeHidden();
  await expect(page.getByRole('heading', { name: /Breach notification/ })).toBeVisible();
  await expect(owner).toHaveValue('Registered manager');

  // Discard: moves on, nothing saved.
  await page.getByRole('button', { name: /ELIG-01 Active ODS code/ }).click();
  await ask.getByRole('button', { name: 'Discard changes' }).click();
  await expect(page.getByRole('heading', { name: 'Active ODS code' })).toBeVisible();
  let detail = await app.backend.call('assessment.get', { id: a.id });
  expect(detail.responses.find((r) => r.requirementId === 'ORG-01')).toBeUndefined();

  // The Portfolio link with an edit pending: Save keeps it and then goes.
  await page.getByLabel('Owner', { exact: true }).fill('IT lead');
  await page.getByRole('link', { name: 'Portfolio' }).click();
  await ask.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'Portfolio', level: 1 })).toBeVisible();
  detail = await app.backend.call('assessment.get', { id: a.id });
  expect(detail.responses.find((r) => r.requirementId === 'ELIG-01')?.owner).toBe('IT lead');
});

test('the client editor asks before Back loses a typed trading name, and before the window closes', async ({ page, app }) => {
  const { client } = await clientWithAssessment(app.backend);
  await app.open(`/clients/${client.id}/edit`);
  await page.getByLabel('Trading name').fill('Riverside');
  const ask = page.getByRole('alertdialog', { name: 'Save your changes?' });
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Riverside Care' }).click();
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Stay' }).click();
  await expect(page.getByLabel('Trading name')).toHaveValue('Riverside');

  // Closing the window: the browser's own prompt is dismissed (stay), and the app asks the same question.
  page.once('dialog', (d) => void d.dismiss());
  await page.close({ runBeforeUnload: true }).catch(() => {});
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Stay' }).click();

  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Riverside Care' }).click();
  await ask.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'Riverside Care', level: 1 })).toBeVisible();
  expect((await app.backend.call('client.get', { id: client.id })).tradingName).toBe('Riverside');
});
