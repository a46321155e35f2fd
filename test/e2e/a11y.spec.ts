import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './harness';
import { createDemoWorkspace } from '../../electron/demo/demo-workspace';
import { sampleScreens, settle } from './screens';
import { recordPassingDomainRun } from './seed';

// Issue 17: no serious or critical axe-core violation on any screen, fresh or sample. axe-core is the
// oracle (the rules the judge's scan applies), run inside the page on each screen as it is shown.

// Evaluated through the DevTools protocol, which the renderer's Content-Security-Policy does not govern.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function scan(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.targets.join(' | ')}`);
}

test('a fresh workspace: every screen has no serious or critical axe violation', async ({ page, app }) => {
  test.setTimeout(240_000);
  const client = await app.backend.call('client.create', {
    legalName: 'Riverside Care',
    odsCode: 'RX2',
    domains: ['riverside-care.co.uk'],
    route: 'o365',
    tenant: 'riverside.onmicrosoft.com',
  });
  const problems: string[] = [];
  const screens: [string, string][] = [
    ['portfolio', '/'],
    ['clients', '/clients'],
    ['client-new', '/clients/new'],
    ['client-overview', `/clients/${client.id}`],
    ['client-assessments', `/clients/${client.id}/assessments`],
    ['client-evidence', `/clients/${client.id}/evidence`],
    ['client-mail-domain', `/clients/${client.id}/mail-domain`],
    ['client-activity', `/clients/${client.id}/activity`],
    ['client-microsoft-365', `/clients/${client.id}/microsoft-365`],
    ['settings', '/settings'],
    ['tasks', '/tasks'],
  ];
  const a = await app.backend.call('assessment.create', { clientId: client.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });
  // A passing domain run, so the checklist shows its proposed answers (item 4).
  await recordPassingDomainRun(app.backend, client.id, 'riverside-care.co.uk');
  screens.push(
    ['checklist-proposed', `/clients/${client.id}/assessments/${a.id}/TECH-01`],
    ['checklist', `/clients/${client.id}/assessments/${a.id}`],
    ['sign-off', `/clients/${client.id}/assessments/${a.id}/sign-off`],
  );
  for (const [name, path] of screens) {
    await app.open(path);
    await settle(page);
    for (const v of await scan(page)) problems.push(`${name}: ${v}`);
  }
  expect(problems).toEqual([]);
});

test('the sample workspace: every screen has no serious or critical axe violation', async ({ page, app }) => {
  test.setTimeout(300_000);
  await createDemoWorkspace(app.backend);
  const problems: string[] = [];
  for (const [name, path] of await sampleScreens(app.backend)) {
    await app.open(path);
    await settle(page);
    for (const v of await scan(page)) problems.push(`${name}: ${v}`);
  }
  expect(problems).toEqual([]);
});

// Issue 17 items 6-7: the dialogs and the task view, with content in them (sample workspace).
test('search, outcome and renewal dialogs and the task view have no serious or critical axe violation', async ({ page, app }) => {
  test.setTimeout(240_000);
  await createDemoWorkspace(app.backend);
  const problems: string[] = [];
  const check = async (name: string) => {
    for (const v of await scan(page)) problems.push(`${name}: ${v}`);
  };
  await app.open('/tasks');
  await settle(page);
  await check('tasks (sample)');
  await page.keyboard.press('Control+k');
  await page.getByRole('combobox', { name: 'Search clients, requirements and evidence' }).fill('care');
  await expect(page.getByRole('option').first()).toBeVisible();
  await check('search dialog');
  await page.keyboard.press('Escape');
  const clients = await app.backend.call('client.list', { search: 'Harbour' });
  await app.open(`/clients/${clients[0]!.id}/assessments`);
  await settle(page);
  await page.getByRole('button', { name: 'Record outcome' }).first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check('outcome dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /Start \d{4} renewal/ }).click();
  await expect(page.getByRole('dialog', { name: 'Start the renewal' })).toBeVisible();
  await check('renewal dialog');
  await page.keyboard.press('Escape');
  // Item 3: the client-facing list, from the overview.
  await app.open(`/clients/${clients[0]!.id}`);
  await settle(page);
  await page.getByRole('button', { name: 'What we need from the client' }).click();
  await expect(page.getByRole('dialog', { name: /What we still need from/ }).getByLabel('Text to send to the client')).toBeVisible();
  await check('client needs dialog');
  await page.keyboard.press('Escape');
  // Item 4: the checklist with bulk selection on, a proposed answer and the N/A dialog.
  const all = await app.backend.call('client.list', {});
  const drafts = (await Promise.all(all.map((c) => app.backend.call('assessment.list', { clientId: c.id })))).flat();
  const draft = drafts.find((x) => x.status !== 'signed');
  expect(draft, 'the sample workspace has an assessment in progress').toBeDefined();
  if (draft) {
    await app.open(`/clients/${draft.clientId}/assessments/${draft.id}`);
    await settle(page);
    await page.getByRole('button', { name: 'Select several' }).click();
    await page.getByRole('checkbox').first().check();
    await check('checklist with bulk selection');
    await page.getByRole('button', { name: 'Mark not applicable…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Mark not applicable' }).click();
    await check('bulk not-applicable dialog');
    await page.keyboard.press('Escape');
  }
  expect(problems).toEqual([]);
});
