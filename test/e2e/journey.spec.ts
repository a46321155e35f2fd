import type { Page } from '@playwright/test';
import { test, expect, screenshot, type AppHarness } from './harness';
import { FULL_DOCUMENT, recordPassingDomainRun } from './seed';
import { attachDeclaredEvidence, signOff, TEST_DETAILS } from '../support/statement-fixture';

// Issue 17, "Done when": a fresh workspace from the first client to the final export — add client, domain
// check, answers (accepting the proposed ones), evidence, review pack, both sign-offs, final export — with
// the readiness counts agreeing on the checklist, the sign-off stepper, the bundle box and the portfolio at
// every step. The mail-domain check is recorded as the probe records it (this machine has no DNS).

async function open(page: Page, app: AppHarness, path: string) {
  await app.open(path);
  // A fresh document each time: the backend changed behind the page, as another window would.
  await page.reload();
  await expect(page.locator('#main h1').first()).toBeVisible({ timeout: 30_000 });
}

async function agree(page: Page, app: AppHarness, clientId: string, assessmentId: string, step: string) {
  const b = app.backend;
  const d = await b.call('assessment.get', { id: assessmentId });
  const { blockers, blockersBeforeSignoff } = d.readiness.counts;
  const final = (await b.call('statement.state', { assessmentId })).final;

  // The checklist's readiness button.
  await open(page, app, `/clients/${clientId}/assessments/${assessmentId}`);
  await expect(
    page.getByRole('button', { name: blockers ? new RegExp(`^${blockers} blockers?$`) : 'Nothing blocks' }).first(),
  ).toBeVisible();

  // The sign-off stepper's readiness step and the bundle box.
  await open(page, app, `/clients/${clientId}/assessments/${assessmentId}/sign-off`);
  const steps = page.getByRole('navigation', { name: 'Sign-off steps' });
  const note =
    blockers === 0 ? 'Nothing blocks' : blockersBeforeSignoff === 0 ? 'Ready to sign' : `${blockers} blocker${blockers === 1 ? '' : 's'}`;
  await expect(steps).toContainText(note);
  await expect(steps).toContainText(final ? 'Final' : 'Draft');
  const box = page.locator('#step-export');
  await expect(box.getByText('Not final yet')).toHaveCount(final ? 0 : 1);
  expect(final).toBe(blockers === 0);

  // The portfolio: the stored figures, and the row as shown.
  const row = (await b.call('portfolio.overview', {})).rows.find((r) => r.clientId === clientId)!;
  expect(row.current).toMatchObject({ blockers, percent: d.readiness.percent });
  await open(page, app, '/');
  const status = d.assessment.status === 'draft' ? 'draft' : d.assessment.status === 'ready' ? 'ready for sign-off' : 'signed';
  await expect(page.getByText(`2026 · ${status} · ${d.readiness.percent}%`)).toBeVisible();
  await screenshot(page, `journey-${step}-portfolio`);
  return blockers;
}

test('fresh workspace to final export, every screen agreeing at every step', async ({ page, app }) => {
  test.setTimeout(600_000);
  const b = app.backend;
  await b.call('settings.update', {
    displayName: 'Alex Consultant',
    organisation: 'Brightwater IT Ltd',
    email: 'alex@brightwater.example',
  });

  // 1. Add the client in the UI.
  await app.open('/clients');
  await page.getByRole('button', { name: 'Add your first client' }).click();
  await page.getByLabel('Legal name').fill('Meadowbank Care Ltd');
  await page.getByLabel('ODS code').fill('VN3K7');
  await page.getByTestId('domain-input').fill('meadowbank-care.co.uk');
  await page.getByTestId('domain-input').press('Enter');
  await page.getByLabel('Google Workspace').check();
  await page.getByRole('button', { name: 'Add contact' }).click();
  await page.getByLabel('Contact 1 name').fill('Sam Patel');
  await page.getByLabel('Contact 1 role').fill('Registered manager');
  await page.getByLabel('Contact 1 email').fill('sam.patel@meadowbank-care.co.uk');
  await page.getByRole('button', { name: 'Add client' }).click();
  await expect(page.getByRole('heading', { name: 'Meadowbank Care Ltd' })).toBeVisible();
  const client = (await b.call('client.list', {}))[0]!;
  const a = await b.call('assessment.create', { clientId: client.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });
  const counts: number[] = [await agree(page, app, client.id, a.id, 'start')];

  // 2. The mail-domain check.
  await recordPassingDomainRun(b, client.id, 'meadowbank-care.co.uk');
  counts.push(await agree(page, app, client.id, a.id, 'domain-checked'));

  // 3. Answers: the organisation's by hand (here through the backend), the technical ones accepted in the UI.
  const d = await b.call('assessment.get', { id: a.id });
  const proposed = new Set(d.proposals.map((p) => p.requirementId));
  expect(proposed.size).toBeGreaterThan(3);
  for (const r of d.requirements.filter((q) => q.obligation !== 'INFO' && !proposed.has(q.id))) {
    const fields = Object.fromEntries(
      r.fields.map((f) => [
        f.key,
        f.key === 'dsptStatus'
          ? 'Standards Met'
          : f.type === 'date'
            ? '2026-10-01'
            : f.type === 'yes-no'
              ? 'no'
              : f.type === 'choice'
                ? f.options![0]!
                : 'As set out in the policy',
      ]),
    );
    await b.call('assessment.saveResponse', {
      assessmentId: a.id,
      requirementId: r.id,
      result: 'met',
      document: r.documentReference ? FULL_DOCUMENT : undefined,
      fields,
    });
  }
  await open(page, app, `/clients/${client.id}/assessments/${a.id}`);
  await page.getByRole('button', { name: 'Select several' }).click();
  const bar = page.getByRole('toolbar', { name: 'Bulk actions' });
  await bar.getByRole('button', { name: `Select proposed (${proposed.size})` }).click();
  await bar.getByRole('button', { name: `Accept proposed (${proposed.size})` }).click();
  await expect(page.getByText(`Accepted the proposed answers: ${proposed.size} requirements`).first()).toBeVisible();
  await screenshot(page, 'journey-accepted');
  counts.push(await agree(page, app, client.id, a.id, 'answered'));

  // What the client still owes is exactly the evidence now.
  const needs = await b.call('assessment.clientNeeds', { clientId: client.id });
  expect(needs.items.flatMap((i) => i.asks.map((x) => x.kind)).every((k) => k === 'evidence')).toBe(true);

  // 4. Evidence, and the statement details.
  await attachDeclaredEvidence(b, client.id, a.id);
  await b.call('statement.saveDetails', { assessmentId: a.id, details: TEST_DETAILS });
  counts.push(await agree(page, app, client.id, a.id, 'evidenced'));
  expect((await b.call('assessment.clientNeeds', { clientId: client.id })).counts.required).toBe(0);

  // 5. A DRAFT review pack before anyone signs.
  await open(page, app, `/clients/${client.id}/assessments/${a.id}/sign-off`);
  await page.locator('#step-export').getByRole('button', { name: 'Export DRAFT review pack v1' }).click();
  await expect(page.getByText('DRAFT review pack v1 exported').first()).toBeVisible({ timeout: 60_000 });
  expect((await b.call('bundle.list', { assessmentId: a.id }))[0]).toMatchObject({ version: 1 });
  counts.push(await agree(page, app, client.id, a.id, 'review-pack'));

  // 6. Both sign-offs: nothing blocks anywhere.
  await signOff(b, a.id);
  const last = await agree(page, app, client.id, a.id, 'signed');
  expect(last).toBe(0);
  counts.push(last);

  // 7. The final export.
  await open(page, app, `/clients/${client.id}/assessments/${a.id}/sign-off`);
  await expect(page.locator('#step-preview').getByText('Final', { exact: true })).toBeVisible({ timeout: 60_000 });
  await page.locator('#step-export').getByRole('button', { name: 'Export bundle v2' }).click();
  await expect(page.getByText('Bundle v2 exported').first()).toBeVisible({ timeout: 60_000 });
  await screenshot(page, 'journey-final-export');
  const bundles = await b.call('bundle.list', { assessmentId: a.id });
  expect(bundles.map((x) => x.version).sort()).toEqual([1, 2]);
  counts.push(await agree(page, app, client.id, a.id, 'exported'));

  // Blockers only ever went down along the way.
  for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeLessThanOrEqual(counts[i - 1]!);
});
