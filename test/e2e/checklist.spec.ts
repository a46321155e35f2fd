import { test, expect, screenshot } from './harness';
import type { Page } from '@playwright/test';
import { FULL_DOCUMENT, answerEverything, recordPassingDomainRun } from './seed';
import { attachDeclaredEvidence, TEST_DETAILS } from '../support/statement-fixture';

async function blockerCount(page: Page): Promise<number> {
  const text = await page
    .getByRole('button', { name: /blocker|Nothing blocks/ })
    .first()
    .innerText();
  return /Nothing/.test(text) ? 0 : Number(text.match(/(\d+)/)![1]);
}

test('answer requirements, fill document details, watch readiness, lock and see edits refused', async ({ page, app }) => {
  // A long journey (every requirement answered, evidence attached, both sign-offs): more than the default minute
  // when the machine is busy.
  test.setTimeout(150_000);
  await app.backend.call('settings.update', { displayName: 'Alex Consultant' });
  const client = await app.backend.call('client.create', {
    legalName: 'Riverside Care',
    odsCode: 'RX2',
    domains: ['riverside-care.co.uk'],
    route: 'google',
    // The statement names a contact for the secure email team (a blocker without one).
    contacts: [{ name: 'Dr Priya Shah', role: 'Registered manager', email: 'priya.shah@riverside-care.co.uk' }],
  });

  await app.open(`/clients/${client.id}/assessments`);
  await page.getByRole('button', { name: 'Start an assessment' }).click();
  await page.getByRole('dialog').getByLabel('Planned submission date').fill('2026-12-15');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /Start \d{4} assessment/ })
    .click();
  await expect(page.getByRole('heading', { name: /\d{4} assessment/ })).toBeVisible();
  const start = await blockerCount(page);
  expect(start).toBeGreaterThan(5);

  // ELIG-01: met. Provenance and guidance are shown with the requirement.
  await page.getByRole('button', { name: /ELIG-01 Active ODS code/ }).click();
  await expect(page.getByText('Confirmed (NHS)').first()).toBeVisible();
  await page.getByRole('radio', { name: 'Met', exact: true }).check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.poll(() => blockerCount(page)).toBe(start - 1);

  // ORG-04: N/A needs a justification — refused inline, nothing saved.
  await page.getByRole('button', { name: /ORG-04/ }).click();
  await page.getByRole('radio', { name: 'Not applicable' }).check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Explain why this does not apply')).toBeVisible();
  await page.getByRole('button', { name: 'Discard' }).click();

  // ORG-01: met, but the document fields are missing → a blocker names them; fill them → it clears.
  await page.getByRole('button', { name: /ORG-01 Breach notification/ }).click();
  await page.getByRole('radio', { name: 'Met', exact: true }).check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(
    page.getByText('ORG-01 document details missing: document title, version, document date, approved by (role), approval date'),
  ).toBeVisible();
  await page.getByLabel('Document title').fill(FULL_DOCUMENT.title);
  await page.getByLabel('Version').fill(FULL_DOCUMENT.version);
  await page.getByLabel('Document date').fill(FULL_DOCUMENT.date);
  await page.getByLabel('Approved by (role)').fill(FULL_DOCUMENT.approvedBy);
  await page.getByLabel('Approval date').fill(FULL_DOCUMENT.approvalDate);
  await page.getByLabel('Owner', { exact: true }).fill('Registered manager');
  await screenshot(page, 'checklist-requirement');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('ORG-01 document details missing')).toHaveCount(0);
  // ORG-01 is a SHOULD item (catalogue 2026.12.0, after the care-sector guide's wording): its gaps warn, so
  // completing it leaves the number of blockers where ELIG-01 left it.
  await expect.poll(() => blockerCount(page)).toBe(start - 1);

  // Keyboard: j moves to the next requirement.
  await page.getByRole('button', { name: /ORG-01 Breach notification/ }).focus();
  await page.keyboard.press('j');
  await expect(page.getByRole('heading', { name: 'Mobile device policy, enforced by the email service' })).toBeVisible();

  // The readiness drawer lists what still blocks, and takes you to it.
  await page
    .getByRole('button', { name: /blocker/ })
    .first()
    .click();
  await expect(page.getByRole('dialog').getByText('Blocks submission')).toBeVisible();
  await screenshot(page, 'checklist-readiness');
  await page
    .getByRole('dialog')
    .getByText(/ORG-04 .* has no answer yet/)
    .click();
  await expect(page.getByRole('heading', { name: 'Staff policy, including email to insecure recipients' })).toBeVisible();

  // Answer the rest through the backend and publish passing checks, then mark ready in the UI.
  const assessmentId = page.url().split('/assessments/')[1]!.split('/')[0]!;
  await answerEverything(app.backend, assessmentId);
  await recordPassingDomainRun(app.backend, client.id, 'riverside-care.co.uk');
  // The evidence each requirement declares, and the statement's own details: the same readiness model
  // decides the checklist and the statement.
  await attachDeclaredEvidence(app.backend, client.id, assessmentId);
  await app.backend.call('statement.saveDetails', { assessmentId, details: TEST_DETAILS });
  await page.reload();
  await expect.poll(() => blockerCount(page)).toBe(2); // only the two sign-offs
  await page.getByRole('button', { name: 'Mark ready for sign-off' }).click();
  await expect(page.getByText('Ready for sign-off').first()).toBeVisible();

  for (const [role, name] of [
    ['ict-expert', 'Alex Consultant'],
    ['clinical-safety-expert', 'Dr Priya Shah'],
  ] as const) {
    await app.backend.call('assessment.signoff', {
      assessmentId,
      role,
      name,
      roleTitle: 'r',
      organisation: 'Riverside Care',
      email: 'x@riverside-care.co.uk',
      signature: { method: 'typed', text: name },
      confirm: true,
    });
  }
  await page.reload();
  await expect(page.getByText(/Signed by both signatories/)).toBeVisible();
  await page.getByRole('button', { name: /ORG-04/ }).click();
  await expect(page.getByRole('region', { name: 'Response to ORG-04 (read-only)' })).toContainText(FULL_DOCUMENT.title);
  await expect(page.getByRole('radio', { name: 'Not met' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toHaveCount(0);
  await screenshot(page, 'checklist-locked');
  const refused = await app.backend.dispatch('assessment.saveResponse', {
    assessmentId,
    requirementId: 'ORG-04',
    result: 'not-met',
  });
  expect(refused).toMatchObject({ ok: false, error: { code: 'locked' } });

  // Unlocking is explicit and audited.
  await page.getByRole('button', { name: 'Unlock…' }).click();
  await page.getByRole('dialog').getByLabel('Reason').fill('Corrected the incident procedure version');
  await page.getByRole('dialog').getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('radio', { name: 'Not met' })).toBeEnabled();
  const audit = await app.backend.call('audit.list', { clientId: client.id, limit: 1 });
  expect(audit[0]!.summary).toContain('Corrected the incident procedure version');
});
