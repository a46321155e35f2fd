import { test, expect, screenshot } from './harness';
import { clientWithAssessment, recordPassingDomainRun } from './seed';
import { overflowing } from './screens';

// Issue 17, item 4: the checklist proposes answers from the latest probe run and names it; the consultant
// accepts one, or many in a bulk action (audited as accepted from the run); bulk N/A with a reason and bulk
// owner; selection is opt-in and works from the keyboard.

test('accept proposed answers one and many, bulk not applicable with a reason, bulk owner', async ({ page, app }) => {
  test.setTimeout(150_000);
  const b = app.backend;
  const { client, a } = await clientWithAssessment(b);
  await recordPassingDomainRun(b, client.id, 'riverside-care.co.uk');
  const [run] = await b.services.findings.latestRuns(client.id, {});
  const proposed = (await b.call('assessment.get', { id: a.id })).proposals.map((p) => p.requirementId);
  expect(proposed).toContain('TECH-01');

  // One: the panel names the run and accepts it.
  await app.open(`/clients/${client.id}/assessments/${a.id}/TECH-01`);
  await expect(page.getByText(/Proposed from the mail-domain check of 22 November 2026: Met\./)).toBeVisible();
  await page.getByRole('button', { name: 'Accept Met' }).click();
  await expect(page.getByText('TECH-01: accepted Met').first()).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Met', exact: true })).toBeChecked();
  await expect(page.getByText(/Proposed from the mail-domain check/)).toHaveCount(0);

  // Many: opt in to selection from the keyboard, select the proposed ones, accept them in one action.
  const toggle = page.getByRole('button', { name: 'Select several' });
  await toggle.focus();
  await page.keyboard.press('Space');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const bar = page.getByRole('toolbar', { name: 'Bulk actions' });
  const rest = proposed.length - 1;
  await bar.getByRole('button', { name: `Select proposed (${rest})` }).click();
  await expect(bar).toContainText(`${rest} requirements selected`);
  for (const [w, h] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await expect(bar).toBeInViewport();
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, `checklist-bulk-${w}`);
  }
  await bar.getByRole('button', { name: `Accept proposed (${rest})` }).click();
  await expect(page.getByText(`Accepted the proposed answers: ${rest} requirements`).first()).toBeVisible();
  const after = await b.call('assessment.get', { id: a.id });
  expect(after.proposals).toEqual([]);
  const audit = await b.call('audit.list', { clientId: client.id });
  expect(audit.filter((e) => e.summary.includes(`from run ${run!.id}`))).toHaveLength(proposed.length);

  // Not applicable: the reason is required, said inline.
  await page.getByRole('checkbox', { name: 'Select ORG-07' }).check();
  await page.getByRole('checkbox', { name: 'Select ORG-08' }).check();
  await bar.getByRole('button', { name: 'Mark not applicable…' }).click();
  const na = page.getByRole('dialog', { name: 'Mark 2 requirements not applicable' });
  await na.getByRole('button', { name: 'Mark not applicable' }).click();
  await expect(na.getByText('Say why these do not apply')).toBeVisible();
  await screenshot(page, 'checklist-bulk-na-1920');
  await na.getByRole('textbox', { name: /Why they do not apply/ }).fill('A single home; no partner organisations exchange email with it');
  await na.getByRole('button', { name: 'Mark not applicable' }).click();
  await expect(na).toBeHidden();
  await expect(page.getByText('Marked not applicable: 2 requirements').first()).toBeVisible();

  // Owner: a person picked from the people list (typed here), on two at once.
  await page.getByRole('checkbox', { name: 'Select ORG-01' }).check();
  await page.getByRole('checkbox', { name: 'Select ORG-04' }).check();
  await bar.getByRole('button', { name: 'Assign owner…' }).click();
  const owner = page.getByRole('dialog', { name: 'Assign an owner to 2 requirements' });
  await owner.getByRole('combobox', { name: 'Owner' }).fill('Sam Patel');
  await owner.getByRole('button', { name: 'Assign' }).click();
  await expect(owner).toBeHidden();
  await expect(page.getByRole('button', { name: /ORG-01 .*Sam Patel/ })).toBeVisible();
  const final = await b.call('assessment.get', { id: a.id });
  const res = Object.fromEntries(final.responses.map((x) => [x.requirementId, x]));
  expect(res['ORG-07']).toMatchObject({ result: 'not-applicable', naJustification: expect.stringContaining('single home') });
  expect(res['ORG-04']).toMatchObject({ owner: 'Sam Patel' });

  // Switching selection off gives the list back its plain keyboard behaviour.
  await toggle.click();
  await expect(page.getByRole('checkbox', { name: 'Select ORG-01' })).toHaveCount(0);
});
