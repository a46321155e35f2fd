import { test, expect, screenshot } from './harness';
import { prepareAssessment } from '../support/statement-fixture';
import { overflowing } from './screens';

// Issue 17, item 6: the cross-client task view, with owners as people picked from a combobox.

test('tasks across clients: owners as people, filters by owner and kind, empty state, keyboard', async ({ page, app }) => {
  test.setTimeout(150_000);
  const b = app.backend;
  const p = await prepareAssessment(b);
  await b.call('people.save', { name: 'Sam Patel', role: 'client', email: 'sam.patel@meadowbank-care.co.uk' });
  await b.call('people.save', { name: 'Alex Consultant', role: 'consultant' });
  await b.call('assessment.saveResponse', {
    assessmentId: p.assessmentId,
    requirementId: 'ORG-04',
    result: 'not-met',
    owner: 'Alex Consultant',
  });

  // Pick the owner on the checklist from the people list.
  await app.open(`/clients/${p.clientId}/assessments/${p.assessmentId}/ORG-01`);
  const owner = page.getByRole('combobox', { name: /Owner/ });
  await owner.click();
  await owner.fill('Sam');
  await page.getByRole('option', { name: /Sam Patel · Client staff/ }).click();
  await expect(owner).toHaveValue('Sam Patel');
  await page.getByRole('radio', { name: 'Not met' }).check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(/Saved|ORG-01 saved/).first()).toBeVisible();

  // The nav opens the task view; focus lands on its heading.
  await page.getByRole('link', { name: 'Tasks' }).click();
  await expect(page.getByRole('heading', { name: 'Tasks', level: 1 })).toBeFocused({ timeout: 30_000 });
  const table = page.getByRole('table', { name: 'Tasks' });
  await expect(table.getByRole('row', { name: /ORG-01 .*Waiting on the client.*Sam Patel/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /ORG-04 .*Owned items.*Alex Consultant/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /Planned submission of the 2026 statement.*15 Dec 2026/ })).toBeVisible();
  for (const [w, h] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await expect(table.getByRole('row').nth(1)).toBeInViewport();
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, `tasks-${w}`);
  }

  // Filter by owner from the keyboard.
  const ownerFilter = page.getByRole('combobox', { name: 'Owner' });
  await ownerFilter.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('option', { name: 'Sam Patel' }).click();
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText('ORG-01');

  // Owner and kind that match nothing: the empty state says why.
  await page.getByRole('combobox', { name: 'Kind' }).click();
  await page.getByRole('option', { name: 'Due dates' }).click();
  await expect(page.getByText('No task matches these filters')).toBeVisible();
  await page.getByRole('combobox', { name: 'Owner' }).click();
  await page.getByRole('option', { name: 'Anyone' }).click();
  await expect(table.getByRole('row', { name: /Planned submission/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /ORG-0/ })).toHaveCount(0);

  // A task opens where the work is.
  await table.getByRole('link', { name: /Planned submission of the 2026 statement/ }).click();
  await expect(page.getByRole('heading', { name: '2026 assessment', level: 1 })).toBeVisible();
});

test('tasks: a fresh workspace shows the empty state and the people form validates', async ({ page, app }) => {
  await app.open('/tasks');
  await expect(page.getByRole('heading', { name: 'Tasks', level: 1 })).toBeVisible();
  await expect(page.getByText('Nothing to do')).toBeVisible();
  await page.getByLabel('Email (optional)').fill('not-an-email');
  await page.getByRole('textbox', { name: /^Name/ }).fill('Priya Shah');
  await page.getByRole('button', { name: 'Add person' }).click();
  await expect(page.getByText('Enter an email address like name@example.org')).toBeVisible();
  await page.getByLabel('Email (optional)').fill('priya@riverside-care.co.uk');
  await page.getByRole('button', { name: 'Add person' }).click();
  await expect(page.getByRole('region', { name: 'People' })).toContainText('Priya Shah');
  await expect(page.getByRole('region', { name: 'People' })).toContainText('Client staff · priya@riverside-care.co.uk');
  await screenshot(page, 'tasks-empty');

  // Edit: the form fills with the person; saving renames them.
  const people = page.getByRole('list', { name: 'People' });
  await people.getByRole('button', { name: 'Edit Priya Shah' }).click();
  const form = page.getByRole('group', { name: 'Edit Priya Shah' });
  await expect(form.getByRole('textbox', { name: /^Name/ })).toHaveValue('Priya Shah');
  await form.getByRole('textbox', { name: /^Name/ }).fill('Priya Shah-Khan');
  await form.getByRole('radio', { name: 'Our team' }).check();
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(people).toContainText('Priya Shah-Khan');
  await expect(people).toContainText('Our team · priya@riverside-care.co.uk');
  await expect(page.getByRole('group', { name: 'Add a person' })).toBeVisible();

  // Remove, after a confirmation.
  await people.getByRole('button', { name: 'Remove Priya Shah-Khan' }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove Priya Shah-Khan?' });
  await screenshot(page, 'people-remove');
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText('No people yet.')).toBeVisible();
});
