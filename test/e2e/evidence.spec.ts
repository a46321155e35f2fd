import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, screenshot } from './harness';
import { samplePdf, samplePng } from '../fixtures/evidence/samples';
import { settle } from './screens';

// Each screen opened is let settle first (screens.ts: its heading shown, nothing still loading, within the
// same 30 s the screen scans allow), so a first load on a busy machine is not mistaken for a missing element.
// The test backend's clock and the browser both read 2026-11-23 (each test sets the page's clock to the
// backend's, so date checks and freshness previews judge by the same day); the assessment is due on 2026-12-15.

// Screenshots without the toasts of earlier steps over them.
async function quiet(page: Page) {
  if (!process.env.DCB_SCREENSHOTS) return;
  await page.mouse.move(1, 1);
  await expect(page.locator('.fui-Toast')).toHaveCount(0, { timeout: 15_000 });
}

// A screenshot of one part of the page (the requirement panel scrolls inside the checklist).
async function shotOf(part: Locator, name: string) {
  if (!process.env.DCB_SCREENSHOTS) return;
  await quiet(part.page());
  await part.scrollIntoViewIfNeeded();
  await part.screenshot({ path: join(process.env.DCB_SCREENSHOTS, `${name}.png`) });
}

test('upload a pen test in the library, fill its details, attach it to ICT-02 and see its freshness; tampering is detected', async ({
  page,
  app,
}) => {
  await app.backend.call('settings.update', { displayName: 'Alex Consultant' });
  const client = await app.backend.call('client.create', {
    legalName: 'Oakwood Homes',
    odsCode: 'AB1',
    domains: ['oakwood-homes.org.uk'],
    route: 'self-managed',
  });
  const assessment = await app.backend.call('assessment.create', { clientId: client.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });

  await page.clock.install({ time: app.backend.clock.now() });
  await app.open(`/clients/${client.id}/evidence`);
  await settle(page);
  await expect(page.getByRole('heading', { name: 'No evidence yet' })).toBeVisible();
  await screenshot(page, 'evidence-empty');

  await page.getByRole('button', { name: 'Add evidence' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('evidence-file-input').setInputFiles({
    name: 'Pen test 2025.pdf',
    mimeType: 'application/pdf',
    buffer: await samplePdf('Penetration test report'),
  });
  await expect(dialog.getByText(/Pen test 2025\.pdf · \d+ KB uploaded/)).toBeVisible();
  await expect(dialog.getByLabel('Title')).toHaveValue('Pen test 2025');

  await dialog.getByLabel('Title').fill('Penetration test — Example Security');
  await dialog.getByLabel('Kind').selectOption('pen-test');
  // Inline validation: an issue date in the future is refused next to the field.
  await dialog.getByLabel('Issue date').fill('2027-01-10');
  await dialog.getByLabel('Issue date').blur();
  await expect(dialog.getByText('The issue date cannot be in the future')).toBeVisible();
  await dialog.getByLabel('Issue date').fill('2025-12-20');
  await dialog.getByLabel('Issue date').blur();
  await expect(dialog.getByText('The issue date cannot be in the future')).toBeHidden();
  // 12 months from 20 Dec 2025: 27 days left today, so the live preview warns.
  await expect(dialog.locator('[data-freshness="expiring"]')).toHaveText('Expires 20 Dec 2026');
  await dialog.getByLabel('Document version').fill('1.0');
  await dialog.getByLabel('Approved by (role)').fill('Managing director');
  await screenshot(page, 'evidence-add-dialog');
  await dialog.getByRole('button', { name: 'Add to library' }).click();

  // The new item opens: first page of the PDF rendered by PDF.js, then attach it to ICT-02.
  const drawer = page.getByRole('dialog', { name: 'Evidence details' });
  await expect(drawer.getByRole('heading', { name: 'Penetration test — Example Security' })).toBeVisible();
  await expect(drawer.getByRole('img', { name: /First page of Penetration test/ })).toBeVisible();
  await expect(drawer.getByText('Page 1 of 1')).toBeVisible();
  await expect(drawer.getByText('Not attached to any requirement yet.')).toBeVisible();
  await expect(drawer.getByLabel('Requirement')).toHaveValue('ICT-02');
  await screenshot(page, 'evidence-drawer');
  await drawer.getByRole('button', { name: 'Attach', exact: true }).click();
  await expect(drawer.getByRole('button', { name: 'Detach from ICT-02 (2026)' })).toBeVisible();
  await drawer.getByRole('button', { name: 'Close' }).click();

  const row = page.getByTestId('evidence-row').filter({ hasText: 'Penetration test — Example Security' });
  await expect(row.locator('[data-freshness="expiring"]')).toHaveText('Expires 20 Dec 2026');
  await expect(row.getByText('ICT-02')).toBeVisible();
  await quiet(page);
  await screenshot(page, 'evidence-library');

  // The requirement panel shows it judged at the planned submission date (5 days left on 15 Dec).
  await app.open(`/clients/${client.id}/assessments/${assessment.id}/ICT-02`);
  await settle(page);
  const panel = page.getByTestId('requirement-evidence');
  await expect(panel.getByText('Penetration test — Example Security')).toBeVisible();
  await expect(panel.locator('[data-freshness="expiring"]')).toHaveText('Expires 20 Dec 2026');
  await shotOf(panel, 'requirement-evidence');
  const detail = await app.backend.call('assessment.get', { id: assessment.id });
  expect(detail.readiness.warnings.map((w) => w.message)).toContain(
    'Evidence “Penetration test — Example Security” for ICT-02 expires soon (2026-12-20)',
  );

  // Integrity: intact, then one byte changed on disk → reported by name, and the badge turns to "missing".
  await app.open(`/clients/${client.id}/evidence`);
  await settle(page);
  await page.getByRole('button', { name: 'Check integrity' }).click();
  await expect(page.getByTestId('integrity-result')).toContainText('All files intact');
  const [item] = await app.backend.call('evidence.list', { clientId: client.id });
  const stored = app.backend.services.blobs.path(item!.current.sha256);
  const bytes = readFileSync(stored);
  bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
  writeFileSync(stored, bytes);
  await page.getByRole('button', { name: 'Check integrity' }).click();
  await expect(page.getByTestId('integrity-result')).toContainText('1 file missing or altered');
  await expect(page.getByTestId('integrity-result')).toContainText('“Penetration test — Example Security” (v1, Pen test 2025.pdf)');
  await expect(row.locator('[data-freshness="missing"]')).toBeVisible();
  await quiet(page);
  await screenshot(page, 'evidence-integrity-problem');
});

test('the requirement panel: upload new with the expected kind, drag and drop, attach from the library, history, detach', async ({
  page,
  app,
}) => {
  await app.backend.call('settings.update', { displayName: 'Alex Consultant' });
  const client = await app.backend.call('client.create', {
    legalName: 'Riverside Care',
    odsCode: 'RX2',
    domains: ['riverside-care.co.uk'],
    route: 'google',
  });
  const assessment = await app.backend.call('assessment.create', { clientId: client.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });

  await page.clock.install({ time: app.backend.clock.now() });
  await app.open(`/clients/${client.id}/assessments/${assessment.id}/ORG-04`);
  await settle(page);
  const panel = page.getByTestId('requirement-evidence');
  await expect(panel.getByText('No evidence attached yet.')).toBeVisible();
  await expect(panel.getByLabel('Expected evidence')).toContainText('Policy');

  // Upload new: the requirement's first expected kind is pre-selected.
  await panel.getByRole('button', { name: 'Upload new' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add evidence to ORG-04' });
  await expect(dialog.getByLabel('Kind')).toHaveValue('policy');
  // Drag and drop a file onto the drop area.
  const png = samplePng(320, 200);
  const dataTransfer = await page.evaluateHandle((b64) => {
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'email-policy-screenshot.png', { type: 'image/png' }));
    return dt;
  }, png.toString('base64'));
  await dialog.getByTestId('evidence-drop-zone').dispatchEvent('drop', { dataTransfer });
  await expect(dialog.getByText(/email-policy-screenshot\.png · [\d.]+ (bytes|KB) uploaded/)).toBeVisible();
  await dialog.getByLabel('Title').fill('Email and acceptable use policy');
  await dialog.getByLabel('Issue date').fill('2026-03-01');
  // Documents reviewed yearly get their anniversary as the proposed review date.
  await expect(dialog.getByLabel('Expiry or review date')).toHaveValue('2027-03-01');
  await dialog.getByRole('button', { name: 'Add and attach' }).click();
  await expect(dialog).toBeHidden();
  const items = panel.getByTestId('requirement-evidence-item');
  await expect(items).toHaveCount(1);
  await expect(items.first().locator('[data-freshness="current"]')).toHaveText('Current · until 1 Mar 2027');

  // A training record already in the library, with two versions, attached from the library.
  const upload = async (bytes: Buffer, name: string) =>
    (await app.backend.services.transfers.receive((await import('node:stream')).Readable.from([bytes]), name)).uploadId;
  const record = await app.backend.call('evidence.import', {
    clientId: client.id,
    uploadId: await upload(Buffer.from('name,completed\nA. Smith,2025-10-01\n'), 'training-2025.csv'),
    title: 'Data security training record',
    kind: 'training-record',
    issueDate: '2025-10-01',
  });
  await app.backend.call('evidence.addVersion', {
    evidenceId: record.id,
    uploadId: await upload(Buffer.from('name,completed\nA. Smith,2026-10-01\nB. Jones,2026-10-02\n'), 'training-2026.csv'),
    issueDate: '2026-10-02',
    note: 'Annual refresher',
  });
  await panel.getByRole('button', { name: 'Attach from library' }).click();
  const attach = page.getByRole('dialog', { name: 'Attach evidence to ORG-04' });
  await attach.getByRole('checkbox', { name: 'Attach Data security training record' }).check();
  await attach.getByRole('button', { name: 'Attach', exact: true }).click();
  await expect(items).toHaveCount(2);
  const training = items.filter({ hasText: 'Data security training record' });
  await training.getByRole('button', { name: 'History (1 earlier)' }).click();
  await expect(training.getByRole('list', { name: 'Versions of Data security training record' }).getByRole('listitem')).toHaveCount(2);
  await expect(panel.getByLabel('Expected evidence')).toContainText('Training record');
  await shotOf(panel, 'requirement-evidence-history');

  // Detach: it leaves the requirement, not the library.
  await training.getByRole('button', { name: 'Detach Data security training record' }).click();
  await expect(items).toHaveCount(1);
  expect((await app.backend.call('evidence.list', { clientId: client.id })).map((e) => e.title).sort()).toEqual([
    'Data security training record',
    'Email and acceptable use policy',
  ]);
});

test('long titles and file names wrap inside the library, the drawer and the requirement panel', async ({ page, app }) => {
  const client = await app.backend.call('client.create', {
    legalName: 'Hillcrest Residential Care Homes (North West) Ltd',
    odsCode: 'HC3',
    domains: ['hillcrest-residential-care-homes-north-west.co.uk'],
    route: 'o365',
  });
  const assessment = await app.backend.call('assessment.create', { clientId: client.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });
  const name = 'Hillcrest_Residential_Care_Homes_Information_Governance_Email_and_Acceptable_Use_Policy_FINAL_v3.2_signed.txt';
  const up = await app.backend.services.transfers.receive((await import('node:stream')).Readable.from([Buffer.from('policy text')]), name);
  const item = await app.backend.call('evidence.import', {
    clientId: client.id,
    uploadId: up.uploadId,
    title: 'Information governance, email and acceptable use policy for all Hillcrest residential care homes in the North West region',
    kind: 'policy',
    owner: 'Registered manager and Data Protection Officer (shared responsibility, reviewed annually by the board)',
    issueDate: '2026-03-01',
  });
  await app.backend.call('evidence.link', { evidenceId: item.id, assessmentId: assessment.id, requirementId: 'ORG-04' });

  // Nothing sticks out of its box: the part itself, and every table cell, list item and definition in it.
  const fits = (l: Locator) =>
    l.evaluate((root) =>
      [root, ...root.querySelectorAll('td, li, dd, p')]
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .map((el) => el.outerHTML.slice(0, 120)),
    );
  await app.open(`/clients/${client.id}/evidence`);
  await settle(page);
  const row = page.getByTestId('evidence-row');
  await expect(row).toContainText(name);
  expect(await fits(page.getByRole('main'))).toEqual([]);
  await screenshot(page, 'evidence-long-names');

  await row.click();
  const drawer = page.getByRole('dialog', { name: 'Evidence details' });
  await expect(drawer.getByRole('region', { name: 'Stored file' }).getByText(name)).toBeVisible();
  expect(await fits(drawer)).toEqual([]);
  await drawer.getByRole('button', { name: 'Close' }).click();

  await app.open(`/clients/${client.id}/assessments/${assessment.id}/ORG-04`);

  await settle(page);
  const panel = page.getByTestId('requirement-evidence');
  await expect(panel.getByTestId('requirement-evidence-item')).toHaveCount(1);
  expect(await fits(panel)).toEqual([]);
  await shotOf(panel, 'requirement-evidence-long-names');
});
