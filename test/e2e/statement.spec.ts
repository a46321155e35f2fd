import { test, expect, screenshot } from './harness';
import { createConsultantCertificate } from '../../electron/documents/seal/seal';
import { attachDeclaredEvidence, prepareAssessment, signOff } from '../support/statement-fixture';
import type { Page } from '@playwright/test';
import { answerEverything, recordPassingDomainRun } from './seed';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Draws a signature-like scribble on the pad with real mouse moves (pointer events in Chromium).
async function drawSignature(page: Page, label: string) {
  const pad = page.getByRole('img', { name: label });
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const y = box.y + box.height * 0.55;
  await page.mouse.move(box.x + 30, y);
  await page.mouse.down();
  for (let i = 1; i <= 24; i++) await page.mouse.move(box.x + 30 + i * 12, y - Math.sin(i / 2) * 28, { steps: 2 });
  await page.mouse.up();
  await page.mouse.move(box.x + 120, y - 40);
  await page.mouse.down();
  await page.mouse.move(box.x + 150, y + 20, { steps: 6 });
  await page.mouse.up();
}

test('statement details, both sign-offs (typed and drawn), preview, export, verify and the submission email', async ({ page, app }) => {
  // The evidence each requirement declares is now attached too; on a shared 2-core machine this runs ~3 min.
  test.setTimeout(240_000);
  await app.backend.call('settings.update', {
    displayName: 'Alex Consultant',
    organisation: 'Northgate IT Ltd',
    email: 'alex@northgate-it.co.uk',
  });
  const client = await app.backend.call('client.create', {
    legalName: 'Riverside Care',
    odsCode: 'RX2',
    domains: ['riverside-care.co.uk'],
    route: 'google',
    contacts: [{ name: 'Dr Priya Shah', role: 'Clinical safety officer', email: 'priya.shah@riverside-care.co.uk' }],
  });
  const created = await app.backend.call('assessment.create', { clientId: client.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });

  // Before anything is answered, the sign-off page says what blocks and refuses to sign.
  await app.open(`/clients/${client.id}/assessments/${created.id}`);
  await page.getByRole('button', { name: 'Sign off & export' }).click();
  await expect(page.getByRole('heading', { name: 'Sign off and export' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'What still blocks the statement' })).toBeVisible();
  const ict = page.getByRole('region', { name: 'ICT expert' });
  const cse = page.getByRole('region', { name: 'Clinical safety expert' });
  await expect(ict.getByRole('button', { name: 'Sign as ICT expert' })).toBeDisabled();

  // Answer everything through the backend and publish passing domain checks (as the checklist spec does).
  await answerEverything(app.backend, created.id);
  await recordPassingDomainRun(app.backend, client.id, 'riverside-care.co.uk');
  await attachDeclaredEvidence(app.backend, client.id, created.id);
  await page.reload();

  // (a) Statement details: inline validation from the contract schema, then save. DSPT, data location, ISO and
  // the pen test are checklist answers, so the form does not ask them again.
  const details = page.getByRole('form', { name: 'Statement details' });
  await expect(details.getByLabel('DSPT status')).toHaveCount(0);
  await expect(details.getByRole('textbox', { name: 'Email service provider', exact: true })).toHaveValue('Google Workspace (Gmail)');
  await details.getByRole('textbox', { name: 'Email service provider', exact: true }).fill(' ');
  await details.getByRole('button', { name: 'Save details' }).click();
  await expect(details.getByText('Email service provider is required')).toBeVisible();
  await details.getByRole('textbox', { name: 'Email service provider', exact: true }).fill('Google Workspace (Gmail)');
  await details.getByRole('textbox', { name: 'Name', exact: true }).fill('Alex Consultant');
  await details.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByText('Statement details saved').first()).toBeVisible();
  await expect(page.getByRole('button', { name: /1\. Details Saved/ })).toBeVisible();

  // (b) Readiness: nothing but the sign-offs left.
  await expect(page.getByText(/Nothing blocks the statement/)).toBeVisible();
  await screenshot(page, 'statement-signoff-before');

  // (c) ICT expert signs with a typed signature (name, organisation, email proposed from Settings).
  await expect(ict.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Alex Consultant');
  await ict.getByRole('textbox', { name: 'Role', exact: true }).fill('IT consultant');
  await ict.getByRole('tab', { name: 'Type instead' }).click();
  await ict.getByRole('textbox', { name: 'Typed signature', exact: true }).fill('Alex Consultant');
  await ict.getByRole('button', { name: 'Sign as ICT expert' }).click();
  await expect(ict.getByText('The signatory must confirm the statement')).toBeVisible();
  await ict.getByRole('checkbox').check();
  await ict.getByRole('button', { name: 'Sign as ICT expert' }).click();
  await expect(ict.getByText(/· typed signature$/)).toBeVisible();
  await expect(ict.getByLabel('Typed signature: Alex Consultant')).toBeVisible();

  // The clinical safety expert draws theirs on the pad; an empty pad is refused first.
  await expect(cse.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Dr Priya Shah');
  await expect(cse.getByRole('textbox', { name: 'Role', exact: true })).toHaveValue('Clinical safety officer');
  await cse.getByRole('checkbox').check();
  await cse.getByRole('button', { name: 'Sign as clinical safety expert' }).click();
  await expect(cse.getByText('Draw the signature in the box, or type it instead')).toBeVisible();
  await drawSignature(page, 'Signature pad for the clinical safety expert');
  await screenshot(page, 'statement-signatories-drawing', page.locator('#step-signatories'));
  await cse.getByRole('button', { name: 'Sign as clinical safety expert' }).click();
  await expect(cse.getByRole('img', { name: 'Signature of Dr Priya Shah' })).toBeVisible();
  await expect(page.getByText(/Both signatories have signed and the assessment is locked/)).toBeVisible();
  // Locked: signatures are read-only and the details cannot change.
  await expect(page.getByRole('button', { name: 'Sign again' })).toHaveCount(0);
  await expect(details.getByRole('textbox', { name: 'Email service provider', exact: true })).toBeDisabled();
  await screenshot(page, 'statement-signatories-signed', page.locator('#step-signatories'));

  // (d) Preview: every page is drawn, and the statement is final (no DRAFT badge).
  const preview = page.getByTestId('statement-preview');
  await preview.scrollIntoViewIfNeeded();
  await expect(page.locator('#step-preview').getByText('Final', { exact: true })).toBeVisible();
  const pages = preview.getByRole('img', { name: /Statement for Riverside Care, 2026, page \d+ of \d+/ });
  await expect(pages.first()).toBeVisible();
  const total = Number((await pages.first().getAttribute('aria-label'))!.match(/of (\d+)/)![1]);
  expect(total).toBeGreaterThan(1);
  await expect(pages).toHaveCount(total);
  await expect(preview.getByRole('button', { name: /Go to page/ })).toHaveCount(total);
  await preview.getByRole('button', { name: `Go to page ${total}` }).click();
  await screenshot(page, 'statement-preview', page.locator('#step-preview'));

  // (e) Export v1 and see it listed.
  const exportStep = page.locator('#step-export');
  await expect(exportStep.getByText('No bundle exported yet')).toBeVisible();
  await exportStep.getByRole('button', { name: 'Export bundle v1' }).click();
  await expect(page.getByText('Bundle v1 exported').first()).toBeVisible({ timeout: 30_000 });
  const v1 = exportStep.getByRole('row', { name: 'Version 1' });
  await expect(v1).toBeVisible();
  await expect(v1.getByText('Not sealed')).toBeVisible();
  await expect(v1.getByText(/^[0-9a-f]{12}…$/)).toBeVisible();
  await screenshot(page, 'statement-bundles', exportStep);

  // Verify passes, with a readable list of checks.
  await v1.getByRole('button', { name: 'Verify v1' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('Verification passed')).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByRole('list', { name: 'Verification checks' }).getByRole('img', { name: 'Passed' }).first()).toBeVisible();
  await expect(dialog.getByRole('img', { name: 'Failed' })).toHaveCount(0);
  await screenshot(page, 'statement-verify');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Download goes through the bridge with the bundle's own name.
  await v1.getByRole('button', { name: 'Download v1' }).click();
  await expect.poll(() => app.downloads.length).toBe(1);
  expect(app.downloads[0]!.fileName).toMatch(/\.zip$/);

  // (f) The submission email names feedback@nhs.net, the bundle file and its hash; the app never sends it.
  const bundles = await app.backend.call('bundle.list', { assessmentId: created.id });
  expect(bundles).toHaveLength(1);
  const email = page.getByRole('group', { name: 'Submission email' });
  await expect(email.getByText('feedback@nhs.net')).toBeVisible();
  await expect(email.getByLabel('Email text')).toContainText(bundles[0]!.fileName);
  await expect(email.getByLabel('Email text')).toContainText(bundles[0]!.sha256);
  await expect(page.getByRole('link', { name: 'Open in your email app' })).toHaveAttribute('href', /^mailto:feedback@nhs\.net\?/);
  await expect(page.getByText('The workbench never sends email itself.', { exact: false })).toBeVisible();
  await screenshot(page, 'statement-submission', page.locator('#step-submit'));

  // "Verify a bundle file…": a copy with one byte changed fails, and the failure is named.
  const original = readFileSync(app.backend.services.bundles.get(bundles[0]!.id).path);
  const tampered = Buffer.from(original);
  tampered[Math.floor(tampered.length / 2)]! ^= 0x01;
  const file = join(mkdtempSync(join(tmpdir(), 'dcb-verify-')), 'tampered.zip');
  writeFileSync(file, tampered);
  await page.locator('input[type="file"][aria-label="Verify a bundle file…"]').setInputFiles(file);
  const failed = page.getByRole('dialog');
  await expect(failed.getByText('Verification failed')).toBeVisible({ timeout: 30_000 });
  await expect(failed.getByRole('img', { name: 'Failed' }).first()).toBeVisible();
  await screenshot(page, 'statement-verify-failed');
  await failed.getByRole('button', { name: 'Close' }).click();

  // Unlocking clears both sign-offs and the statement is a draft again; v1 stays as it was.
  await page.getByRole('button', { name: 'Unlock…' }).click();
  await page.getByRole('dialog').getByRole('textbox', { name: 'Reason' }).fill('Clinical safety officer changed');
  await page.getByRole('dialog').getByRole('button', { name: 'Unlock' }).click();
  await expect(ict.getByRole('button', { name: 'Sign as ICT expert' })).toBeVisible();
  await expect(cse.getByText('Not signed')).toBeVisible();
  await expect(page.locator('#step-preview').getByText('DRAFT', { exact: true })).toBeVisible();
  await expect(exportStep.getByRole('row', { name: 'Version 1' })).toBeVisible();
  // Before both sign-offs again, the next export is a DRAFT review pack (issue 17's review pack), as v2.
  await expect(exportStep.getByRole('button', { name: 'Export DRAFT review pack v2' })).toBeVisible();
});

test('seal the statement with a certificate: a wrong passphrase is refused, the right one gives a sealed bundle that verifies', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  const prepared = await prepareAssessment(app.backend);
  const { clientId, assessmentId } = prepared;
  const state = await app.backend.call('statement.state', { assessmentId });
  await app.backend.call('statement.saveDetails', { assessmentId, details: state.suggested });
  await signOff(app.backend, assessmentId);
  const cert = createConsultantCertificate({
    commonName: 'Alex Consultant (TEST ONLY)',
    organisation: 'Brightwater IT Ltd',
    passphrase: 'right passphrase',
    notBefore: new Date('2026-01-01T00:00:00Z'),
    bits: 2048,
  });
  const p12 = join(mkdtempSync(join(tmpdir(), 'dcb-p12-')), 'alex.p12');
  writeFileSync(p12, cert.p12);

  await app.open(`/clients/${clientId}/assessments`);
  await page.getByRole('button', { name: 'Statement & bundle' }).click();
  await expect(page.getByRole('heading', { name: 'Sign off and export' })).toBeVisible();
  const exportStep = page.locator('#step-export');

  await exportStep.getByRole('switch', { name: /Seal the statement/ }).check();
  await exportStep.getByRole('button', { name: 'Export bundle v1' }).click();
  await expect(exportStep.getByText('Choose the certificate file (.p12 or .pfx), or turn the seal off')).toBeVisible();
  await exportStep.locator('input[type="file"][accept^=".p12"]').setInputFiles(p12);
  await expect(exportStep.getByText('alex.p12')).toBeVisible();
  await exportStep.getByLabel('Certificate passphrase').fill('wrong passphrase');
  await exportStep.getByRole('button', { name: 'Export bundle v1' }).click();
  await expect(exportStep.getByText('No bundle exported', { exact: true })).toBeVisible({ timeout: 30_000 });
  await screenshot(page, 'statement-seal-refused', exportStep);
  expect(await app.backend.call('bundle.list', { assessmentId })).toHaveLength(0);
  // Only the passphrase is asked again: the certificate stays picked.
  await expect(exportStep.getByText('alex.p12')).toBeVisible();

  // An export that fails for another reason (an evidence file altered on disk) keeps the pick too, and the
  // retry with it works once the file is restored (it once failed with "The uploaded file was not found").
  const blob = app.backend.services.blobs.path(createHash('sha256').update(prepared.evidencePdf).digest('hex'));
  const good = readFileSync(blob);
  const bad = Buffer.from(good);
  bad[100]! ^= 0x01;
  writeFileSync(blob, bad);
  await exportStep.getByLabel('Certificate passphrase').fill('right passphrase');
  await exportStep.getByRole('button', { name: 'Export bundle v1' }).click();
  await expect(exportStep.getByText(/evidence file is missing or altered/)).toBeVisible({ timeout: 30_000 });
  await expect(exportStep.getByText('alex.p12')).toBeVisible();
  writeFileSync(blob, good);
  await app.backend.call('evidence.verify', { clientId });
  await exportStep.getByRole('button', { name: 'Export bundle v1' }).click();
  const v1 = exportStep.getByRole('row', { name: 'Version 1' });
  await expect(v1.getByText('Sealed')).toBeVisible({ timeout: 60_000 });
  await expect(exportStep.getByLabel('Certificate passphrase')).toHaveValue('');
  await screenshot(page, 'statement-sealed', exportStep);

  await v1.getByRole('button', { name: 'Verify v1' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('Verification passed')).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByText(/the statement’s seal is valid/)).toBeVisible();
});
