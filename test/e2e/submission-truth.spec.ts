import { test, expect, screenshot } from './harness';
import { attachDeclaredEvidence, signOff, TEST_DETAILS } from '../support/statement-fixture';
import { answerEverything, recordPassingDomainRun } from './seed';

// Issue 13, end to end: a self-managed client with no evidence, a DSPT at "Standards Not Met" and an ISO 27001
// audit more than 12 months before submission cannot be signed. Each blocker is shown once, with its fix; the
// backend refuses sign-off and export with the same reasons; fixing them (here in an order unlike the list's)
// makes sign-off and export agree.

test('self-managed blockers: shown once with their fix, refused alike by sign-off and export, until fixed', async ({ page, app }) => {
  test.setTimeout(150_000);
  const b = app.backend;
  await b.call('settings.update', {
    displayName: 'Alex Consultant',
    organisation: 'Brightwater IT Ltd',
    email: 'alex@brightwater.example',
  });
  const client = await b.call('client.create', {
    legalName: 'Northgate Nursing Ltd',
    odsCode: 'VN4K2',
    domains: ['northgate-nursing.co.uk'],
    route: 'self-managed',
    contacts: [{ name: 'Dr Priya Shah', role: 'Clinical safety officer', email: 'priya.shah@northgate-nursing.co.uk' }],
  });
  const a = await b.call('assessment.create', { clientId: client.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });
  await answerEverything(b, a.id);
  const iso = {
    certificationBody: 'BSI',
    certificateNumber: 'IS 700123',
    scopeIncludesEmail: 'yes',
    certificateScope: 'Hosted email and filtering',
    issueDate: '2024-01-15',
    expiryDate: '2027-01-14',
  };
  await b.call('assessment.saveResponse', {
    assessmentId: a.id,
    requirementId: 'ELIG-03',
    result: 'met',
    fields: { dsptStatus: 'Standards Not Met', dsptPublishedAt: '2026-07-01' },
  });
  await b.call('assessment.saveResponse', {
    assessmentId: a.id,
    requirementId: 'ICT-01',
    result: 'met',
    fields: { ...iso, lastAuditDate: '2025-11-01' },
  });
  await recordPassingDomainRun(b, client.id, 'northgate-nursing.co.uk');
  await b.call('statement.saveDetails', {
    assessmentId: a.id,
    details: {
      ...TEST_DETAILS,
      emailServiceProvider: 'Northgate Hosting (hosted Exchange)',
      ictProvider: {
        legalName: 'Northgate Hosting Ltd',
        serviceDescription: 'Hosted Exchange 2019',
        hostingLocations: ['London (UK)'],
        signatory: { name: 'Raj Patel', role: 'Service director', organisation: 'Northgate Hosting Ltd', date: '2026-11-20' },
      },
    },
  });

  await app.open(`/clients/${client.id}/assessments/${a.id}`);
  await page.getByRole('button', { name: 'Sign off & export' }).click();
  await expect(page.getByRole('heading', { name: 'Sign off and export' })).toBeVisible();
  const list = page.getByRole('list', { name: 'What still blocks the statement' });
  await expect(list).toBeVisible();

  // Each blocker once, naming the requirement, what is missing and the fix.
  const once = async (text: RegExp) => expect(list.getByRole('listitem').filter({ hasText: text })).toHaveCount(1);
  await once(/ELIG-03: the DSPT is published at “Standards Not Met”.*cannot be Met.*Publish the DSPT at Approaching Standards or better/);
  await once(
    /ICT-01: The last ISO 27001 audit \(2025-11-01\) is more than 12 calendar months before the planned submission on 2026-12-15.*surveillance audit/,
  );
  await once(/ELIG-03 .* has no evidence file: it needs the DSPT publication.*Add the DSPT publication/);
  // ORG-04 is a MUST document item (ORG-01 became SHOULD in catalogue 2026.12.0: its missing file only warns).
  await once(/ORG-04 .* has no evidence file.*Evidence tab/);
  await once(/ICT-02 .* has no evidence file: it needs the penetration test \/ ITHC summary/);
  const items = await list.getByRole('listitem').allInnerTexts();
  expect(new Set(items).size).toBe(items.length);
  await screenshot(page, 'submission-truth-blocked');

  // Sign-off is closed in the UI and refused by the backend with the same reasons; export too.
  const ict = page.getByRole('region', { name: 'ICT expert' });
  await expect(ict.getByRole('button', { name: 'Sign as ICT expert' })).toBeDisabled();
  const refusedSignoff = await b.dispatch('assessment.setStatus', { id: a.id, status: 'ready' });
  const refusedExport = await b.dispatch('bundle.export', { assessmentId: a.id });
  expect(refusedSignoff.ok || refusedExport.ok).toBe(false);
  if (refusedSignoff.ok || refusedExport.ok) return;
  const reasons = (e: typeof refusedSignoff) => (e.ok ? [] : (e.error.issues ?? []).map((i) => i.message));
  // Export adds only the two missing sign-offs to what sign-off refuses.
  expect(reasons(refusedExport).filter((m) => !/sign-off is missing/.test(m))).toEqual(reasons(refusedSignoff));
  for (const m of reasons(refusedSignoff)) await expect(list.getByText(m, { exact: true })).toHaveCount(1);

  // Fix them in another order: the ISO audit, then the evidence, then the DSPT.
  await b.call('assessment.saveResponse', {
    assessmentId: a.id,
    requirementId: 'ICT-01',
    result: 'met',
    fields: { ...iso, lastAuditDate: '2026-01-20' },
  });
  await page.reload();
  await expect(list.getByText(/ICT-01: The last ISO 27001 audit/)).toHaveCount(0);
  await attachDeclaredEvidence(b, client.id, a.id);
  await page.reload();
  await expect(list.getByText(/has no evidence file/)).toHaveCount(0);
  await once(/ELIG-03: the DSPT is published at “Standards Not Met”/);
  await b.call('assessment.saveResponse', {
    assessmentId: a.id,
    requirementId: 'ELIG-03',
    result: 'met',
    fields: { dsptStatus: 'Approaching Standards', dsptPublishedAt: '2026-07-01' },
  });
  await page.reload();
  await expect(page.getByText(/Nothing blocks the statement/)).toBeVisible();
  await expect(ict.getByRole('button', { name: 'Sign as ICT expert' })).toBeEnabled();
  await screenshot(page, 'submission-truth-ready');

  // Now sign-off and export agree: both sign, the statement is final, and the export is final too.
  await signOff(b, a.id);
  await page.reload();
  // The preview renders the whole statement first: give it time on a busy 2-core machine.
  await expect(page.locator('#step-preview').getByText('Final', { exact: true })).toBeVisible({ timeout: 30_000 });
  const bundle = await b.call('bundle.export', { assessmentId: a.id });
  expect(bundle).toMatchObject({ version: 1, sample: false });
  const state = await b.call('statement.state', { assessmentId: a.id });
  expect(state).toMatchObject({ final: true, issues: [] });
});
