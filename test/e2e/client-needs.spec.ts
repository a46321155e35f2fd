import { test, expect, screenshot } from './harness';
import { clientWithAssessment, FULL_DOCUMENT } from './seed';
import { overflowing } from './screens';

// Issue 17, item 3: "What we still need from you" — the client-facing list from the checklist and the
// overview, as copyable text and a PDF, shrinking as the client's answers arrive.

test('what we still need from the client: dialog from the checklist and the overview, copy, PDF, keyboard', async ({
  page,
  app,
  context,
}) => {
  test.setTimeout(150_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const b = app.backend;
  const { client, a } = await clientWithAssessment(b);
  // ORG-01 claimed with half its document details: the list asks for exactly the rest.
  await b.call('assessment.saveResponse', {
    assessmentId: a.id,
    requirementId: 'ORG-01',
    result: 'met',
    document: { title: FULL_DOCUMENT.title, version: FULL_DOCUMENT.version },
  });

  await app.open(`/clients/${client.id}/assessments/${a.id}`);
  const trigger = page.getByRole('button', { name: 'What we need from the client' });
  await trigger.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'What we still need from Riverside Care' });
  await expect(dialog).toBeVisible();
  const text = dialog.getByRole('region', { name: 'Text to send to the client' }).or(dialog.getByLabel('Text to send to the client'));
  await expect(text).toContainText('Needed before we can submit:');
  await expect(text).toContainText('Breach notification to the NHS.net Connect (formerly NHSmail) team (ref. ORG-01)');
  await expect(text).toContainText('The document’s date, approved by (role) and approval date.');
  await expect(text).not.toContainText('document.');
  const needs = await b.call('assessment.clientNeeds', { clientId: client.id });
  await expect(dialog).toContainText(`${needs.counts.required} items needed before submission, ${needs.counts.recommended} recommended`);

  for (const [w, h] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await expect(dialog.getByRole('button', { name: 'Copy text' })).toBeInViewport();
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, `client-needs-dialog-${w}`);
  }

  await dialog.getByRole('button', { name: 'Copy text' }).click();
  await expect(page.getByText('Copied the list').first()).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(needs.text);

  await dialog.getByRole('button', { name: 'Download PDF' }).click();
  await expect(page.getByText(/Saved what-we-need-Riverside-Care-2026\.pdf/).first()).toBeVisible();
  expect(app.downloads.at(-1)?.fileName).toBe('what-we-need-Riverside-Care-2026.pdf');

  // Esc closes it and focus goes back to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();

  // The client sends the rest of the details: ORG-01's document line disappears from the list.
  await b.call('assessment.saveResponse', { assessmentId: a.id, requirementId: 'ORG-01', result: 'met', document: FULL_DOCUMENT });

  // The same list from the client overview.
  await app.open(`/clients/${client.id}`);
  for (const [w, h] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await expect(page.getByRole('button', { name: 'What we need from the client' })).toBeInViewport();
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, `client-overview-needs-button-${w}`);
  }
  await page.getByRole('button', { name: 'What we need from the client' }).click();
  const again = page.getByRole('dialog', { name: 'What we still need from Riverside Care' });
  await expect(again.getByLabel('Text to send to the client')).toContainText('ref. ELIG-01');
  await expect(again.getByLabel('Text to send to the client')).not.toContainText('Document details: The document’s');
  for (const [w, h] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await screenshot(page, `client-needs-overview-${w}`);
  }
});
