import { test, expect, screenshot } from './harness';
import { TEST_DETAILS, prepareAssessment, signOff } from '../support/statement-fixture';
import { overflowing } from './screens';

// Issue 17, item 7 and the overview header of item 6: the outcome rule (sent, queried with findings, fixed,
// re-submitted, accredited), a renewal started through a dialog and undone, and the client's status header.

test('record the NHS outcome step by step, then start a renewal and undo it', async ({ page, app }) => {
  test.setTimeout(180_000);
  const b = app.backend;
  const p = await prepareAssessment(b);
  await b.call('statement.saveDetails', { assessmentId: p.assessmentId, details: TEST_DETAILS });
  await signOff(b, p.assessmentId);

  // The overview header: signed but not sent, so the next step is to send it.
  await app.open(`/clients/${p.clientId}`);
  const header = page.getByRole('region', { name: 'Client status' });
  await expect(header).toContainText('2026 · Not sent yet');
  await expect(header).toContainText('Not accredited yet');
  await expect(header.getByRole('button', { name: 'Send the statement and record it' })).toBeVisible();

  await app.open(`/clients/${p.clientId}/assessments`);
  const card = page.getByLabel('2026 assessment');
  const record = card.getByRole('button', { name: 'Record outcome' });
  const dialog = page.getByRole('dialog', { name: 'Record the 2026 outcome' });
  // Opens the dialog, picks what happened and its date, and saves.
  const step = async (what: string | undefined, on: string) => {
    await record.click();
    if (what) await dialog.getByRole('radio', { name: what }).check();
    else await expect(dialog.getByRole('radio')).toHaveCount(1);
    await dialog.getByLabel('On').fill(on);
    await dialog.getByRole('button', { name: 'Save' }).click();
  };
  await step(undefined, '2026-11-01');
  await expect(dialog).toBeHidden();
  await expect(record).toBeFocused();
  await expect(card).toContainText('Sent, awaiting the NHS outcome');

  // Queried: the findings become items to fix.
  await step('Queried by the NHS team', '2026-11-05');
  await expect(dialog.getByText('List at least one finding from the NHS team')).toBeVisible();
  await dialog.getByLabel('Findings to fix').fill('DMARC policy is p=none\nIncident procedure is unsigned');
  await screenshot(page, 'outcome-dialog-query');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(card).toContainText('Queried — 2 findings to fix');

  // Re-submitting with findings open is refused with the reason; fix them, then re-submit.
  await step('Re-submitted', '2026-11-10');
  await expect(dialog).toContainText('2 findings from the NHS team still to fix before re-submitting');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const findings = page.getByRole('region', { name: 'NHS findings for 2026' });
  for (const name of ['DMARC policy is p=none', 'Incident procedure is unsigned']) {
    await findings.getByRole('checkbox', { name }).click();
    await expect(findings.getByRole('checkbox', { name })).toBeChecked();
  }
  await expect(card).toContainText('Queried — all findings fixed, ready to re-submit');
  await app.open('/');
  await expect(page.getByTestId(/portfolio-row-/).first()).toContainText('Queried — all findings fixed');

  await app.open(`/clients/${p.clientId}/assessments`);
  await step('Re-submitted', '2026-11-10');
  await expect(card).toContainText('Re-submitted, awaiting the NHS outcome');
  await step('Accredited', '2026-11-20');
  await expect(card).toContainText('Accredited, valid until 20 Nov 2027');
  await screenshot(page, 'assessment-card-accredited', card);

  // The header counts down to the expiry and offers the renewal.
  await app.open(`/clients/${p.clientId}`);
  await expect(header).toContainText('362 days left');
  for (const [w, h] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await expect(header).toBeInViewport();
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, `client-status-header-${w}`);
  }
  await header.getByRole('button', { name: 'Start the 2027 renewal' }).click();
  await expect(page.getByRole('heading', { name: /Assessments|Meadowbank/, level: 1 }).first()).toBeVisible();

  // The renewal dialog: year and planned date; then Undo in the toast.
  const start = page.getByRole('button', { name: 'Start 2027 renewal…' });
  await start.click();
  const rd = page.getByRole('dialog', { name: 'Start the renewal' });
  await expect(rd.getByRole('spinbutton', { name: 'Accreditation year' })).toHaveValue('2027');
  await rd.getByRole('spinbutton', { name: 'Accreditation year' }).fill('2026');
  await rd.getByRole('spinbutton', { name: 'Accreditation year' }).blur();
  await expect(rd).toContainText('There is already a 2026 assessment');
  await rd.getByRole('spinbutton', { name: 'Accreditation year' }).fill('2027');
  await rd.getByRole('spinbutton', { name: 'Accreditation year' }).blur();
  await rd.getByLabel('Planned submission date').fill('2027-10-15');
  await screenshot(page, 'renewal-dialog');
  await rd.getByRole('button', { name: 'Start 2027 renewal' }).click();
  await expect(page.getByRole('heading', { name: '2027 assessment', level: 1 })).toBeVisible();
  const list = await b.call('assessment.list', { clientId: p.clientId });
  expect(list.map((a) => [a.cycle, a.plannedSubmissionDate])).toEqual([
    [2027, '2027-10-15'],
    [2026, '2026-12-15'],
  ]);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('2027 renewal undone')).toBeVisible();
  expect((await b.call('assessment.list', { clientId: p.clientId })).map((a) => a.cycle)).toEqual([2026]);

  // Started again, an answer entered: "Undo renewal" is gone and the backend refuses with the reason.
  const again = await b.call('assessment.startRenewal', { fromAssessmentId: p.assessmentId });
  await page.reload();
  await expect(page.getByRole('button', { name: 'Undo renewal' })).toBeVisible();
  await b.call('assessment.saveResponse', { assessmentId: again.id, requirementId: 'ORG-01', result: 'met' });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Undo renewal' })).toHaveCount(0);
  await expect(b.call('assessment.undoRenewal', { id: again.id })).rejects.toThrow(
    /cannot be undone: work has been entered in it \(1 answer\)/,
  );
});
