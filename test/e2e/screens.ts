import { expect } from './harness';
import type { Page } from '@playwright/test';
import type { TestBackend } from '../support/temp-backend';

// The screens of the sample workspace, shared by the layout and accessibility specs.

export async function sampleScreens(backend: TestBackend): Promise<[string, string][]> {
  const clients = await backend.call('client.list', {});
  const m365 = clients.find((c) => c.route === 'o365')!;
  const google = clients.find((c) => c.route === 'google') ?? clients[0]!;
  const list = await backend.call('assessment.list', { clientId: m365.id });
  const current = list[0]!;
  const withPrev = list.find((a) => a.previousAssessmentId);
  const screens: [string, string][] = [
    ['portfolio', '/'],
    ['clients', '/clients'],
    ['client-new', '/clients/new'],
    ['client-edit', `/clients/${m365.id}/edit`],
    ['client-overview', `/clients/${m365.id}`],
    ['client-overview-google', `/clients/${google.id}`],
    ['client-assessments', `/clients/${m365.id}/assessments`],
    ['client-evidence', `/clients/${m365.id}/evidence`],
    ['client-mail-domain', `/clients/${m365.id}/mail-domain`],
    ['client-activity', `/clients/${m365.id}/activity`],
    ['client-microsoft-365', `/clients/${m365.id}/microsoft-365`],
    ['checklist', `/clients/${m365.id}/assessments/${current.id}`],
    ['sign-off', `/clients/${m365.id}/assessments/${current.id}/sign-off`],
    ['settings', '/settings'],
    ['tasks', '/tasks'],
  ];
  if (withPrev) screens.push(['compare', `/clients/${m365.id}/assessments/${withPrev.id}/compare/${withPrev.previousAssessmentId}`]);
  return screens;
}

export async function settle(page: Page) {
  await expect(page.locator('#main h1').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('progressbar', { name: /^Loading/ })).toHaveCount(0, { timeout: 30_000 });
}

/** Elements whose content runs past their own box (text cut off or spilling out), by a short description. */
export async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(
      '#main .fui-Badge, #main li, #main td, #main code, #main h1, #main h2, #main h3',
    )) {
      if (el.closest('[data-allow-scroll]')) continue;
      const style = getComputedStyle(el);
      if (style.overflowX === 'auto' || style.overflowX === 'scroll') continue;
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
        out.push(`${el.tagName.toLowerCase()}.${el.className.split(' ')[0]}: ${el.innerText.slice(0, 60)}`);
    }
    return out;
  });
}
