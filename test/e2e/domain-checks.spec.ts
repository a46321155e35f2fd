import type { Locator } from '@playwright/test';
import { test, expect, screenshot } from './harness';
import { startMailLab, type MailLab } from '../fixtures/smtp/mail-lab';
import { startScriptedSmtp } from '../fixtures/smtp/smtp-servers';

// The Mail domain tab, driven from the UI against the loopback lab: DNS (fixture server), SMTP
// (smtp-server with a test CA, plus a server that greets slowly so progress is visible) and MTA-STS.
// Settings point the backend at the lab through settings.update, as a consultant would in Settings.

let lab: MailLab;

// Elements whose content sticks out of their box: long host, cipher and file names sideways, text wrapped
// inside a fixed-height badge downwards.
const overflowing = (part: Locator) =>
  part.evaluate((root) =>
    [root, ...root.querySelectorAll('td, li, pre, span, p')]
      .filter((el) => {
        const css = getComputedStyle(el);
        // Icons may poke out of their line box by a pixel or two; only text counts.
        if (css.display === 'inline' || !el.textContent?.trim()) return false;
        const wide = css.overflowX === 'visible' && el.scrollWidth > el.clientWidth + 1;
        const tall = css.overflowY === 'visible' && el.scrollHeight > el.clientHeight + 1;
        return wide || tall;
      })
      .map((el) => `${el.tagName} ${(el.textContent ?? '').slice(0, 80)}`),
  );

test.beforeAll(async () => {
  lab = await startMailLab();
});
test.afterAll(async () => {
  await lab?.close();
});

test('check a client’s mail domains from the UI, import the NHS list, read the report and the fixes', async ({ page, app }) => {
  test.setTimeout(90_000);
  const slow = await startScriptedSmtp({ greetingDelayMs: 700, starttls: { cert: lab.pki.leaf({ hosts: ['mx2.pnone.example.test'] }) } });
  lab.route('mx2.pnone.example.test', slow.port);
  // The lab's certificates are dated from lab.now: the backend judges them by a clock at the same instant.
  app.backend.clock.current = lab.now;
  try {
    await app.backend.call('settings.update', {
      displayName: 'Alex Consultant',
      dns: { servers: [lab.dns.server], timeoutMs: 1500, tries: 2 },
      smtp: { port: lab.smtp.port, bannerTimeoutSeconds: 5, commandTimeoutSeconds: 3 },
    });
    app.routing.mailDomain = {
      smtpPortFor: (mx) => lab.portFor(mx),
      mtaStsPort: lab.mtaSts.port,
      extraCa: [lab.pki.caPem],
      gapMs: 0,
      preflightTimeoutMs: 1000,
    };
    const client = await app.backend.call('client.create', {
      legalName: 'Good Care Ltd',
      odsCode: 'GC1',
      domains: ['good.example.test', 'pnone.example.test'],
      route: 'self-managed',
    });
    const assessment = await app.backend.call('assessment.create', {
      clientId: client.id,
      cycle: 2026,
      plannedSubmissionDate: '2026-12-15',
    });

    await app.open(`/clients/${client.id}`);
    await page.getByRole('tab', { name: 'Mail domain' }).click();
    await expect(page.getByRole('heading', { name: 'Mail domain checks' })).toBeVisible();
    await expect(page.getByText(`DNS servers ${lab.dns.server}`)).toBeVisible();
    await expect(page.getByTestId('domain-card-good.example.test').getByText('Not checked yet')).toBeVisible();
    await screenshot(page, 'domain-empty');

    // The NHS list, as NHS England publishes it: CSV behind an .xlsx name, Windows-1252.
    await page.getByLabel('Import the NHS list…').setInputFiles({
      name: 'dcb1596_accredited_domains.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(
        'Organisation,ODS,Domain,DMARC,SPF,DKIM,TLS 1.2\r\nGood Care Ltd \x96 Head Office,GC1,good.example.test,Y,Y,Y,Y\r\n',
        'latin1',
      ),
    });
    await expect(page.getByText(/NHS accredited-domains list: dcb1596_accredited_domains\.xlsx, 1 domain,/)).toBeVisible();

    // Inline validation of the optional selectors.
    const selectors = page.getByLabel('Extra DKIM selectors (optional)');
    await selectors.fill('bad selector!');
    await expect(page.getByText(/"bad": |"selector!":/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Run checks' })).toBeDisabled();
    await selectors.fill('s2048');

    await page.getByRole('button', { name: 'Run checks' }).click();
    const progress = page.getByRole('status', { name: 'Mail domain check progress' });
    await expect(progress).toBeVisible();
    await expect(progress).toContainText(/pnone\.example\.test: .*|good\.example\.test: .*/);
    await screenshot(page, 'domain-progress');
    await expect(progress).toBeHidden({ timeout: 60_000 });

    const good = page.getByTestId('domain-card-good.example.test');
    const pnone = page.getByTestId('domain-card-pnone.example.test');
    await expect(good.getByText('On the NHS accredited list')).toBeVisible();
    await expect(good.getByText('Listed by NHS England')).toBeVisible();
    await expect(good.getByText(/0 failing · 0 to improve · 15 passing/)).toBeVisible();
    await expect(pnone.getByText('Not on the NHS list')).toBeVisible();
    await expect(pnone.getByText(/1 failing/)).toBeVisible();

    // The failing check is open, with the record as found, the rule, and the exact record to publish.
    const dmarc = pnone.getByTestId('finding-dns.dmarc-_dmarc.pnone.example.test');
    await expect(
      dmarc.getByText('The policy is none: DMARC only monitors, so mail forged as this domain is still delivered').first(),
    ).toBeVisible();
    await expect(dmarc.getByText('_dmarc.pnone.example.test TXT "v=DMARC1; p=none; rua=mailto:dmarc@pnone.example.test"')).toBeVisible();
    await expect(dmarc.getByText(/v=DMARC1; p=quarantine; rua=mailto:dmarc@pnone\.example\.test/)).toBeVisible();
    await expect(dmarc.getByText('TECH-02')).toBeVisible();

    // A passing check explains why it passes.
    const spf = good.getByTestId('finding-dns.spf-good.example.test');
    await spf.getByRole('button').first().click();
    await expect(spf.getByText('Ends in -all: receivers may reject mail from servers the record does not list')).toBeVisible();

    // Each mail server, with the TLS versions it accepts and its certificate.
    await expect(good.getByRole('table', { name: 'Mail server addresses of mx1.good.example.test' })).toContainText('TLSv1.3');
    await expect(good.getByRole('table', { name: 'Mail server addresses of mx1.good.example.test' })).toContainText(
      'Valid for this host · trusted',
    );
    await screenshot(page, 'domain-report');
    expect(await overflowing(good)).toEqual([]);
    expect(await overflowing(pnone)).toEqual([]);
    if (process.env.DCB_SCREENSHOTS) {
      // Each report whole: the page scrolls inside the app shell, so make the window tall enough first.
      await page.setViewportSize({ width: 1360, height: 2600 });
      await screenshot(page, 'domain-report-good', good);
      await screenshot(page, 'domain-report-pnone', pnone);
      await page.setViewportSize({ width: 1360, height: 900 });
    }

    // Stored as probe runs with their snapshots: the evidence library picks them up.
    const runs = await app.backend.call('probe.runs', { clientId: client.id, kind: 'domain' });
    expect(runs.map((r) => r.target).sort()).toEqual(['good.example.test', 'pnone.example.test']);
    expect(runs.every((r) => r.snapshot?.sha256)).toBe(true);
    // …as one library item per domain, attached to the TECH requirements of the open assessment.
    await page.getByRole('tab', { name: 'Evidence' }).click();
    const snapshotRow = page.getByTestId('evidence-row').filter({ hasText: 'Mail-domain checks — good.example.test' });
    await expect(snapshotRow).toBeVisible();
    await expect(snapshotRow.getByText('TECH-01')).toBeVisible();
    await expect(page.getByTestId('evidence-row').filter({ hasText: 'Mail-domain checks — pnone.example.test' })).toBeVisible();
    await screenshot(page, 'domain-evidence');
    expect(await overflowing(page.getByRole('main'))).toEqual([]);
    const items = await app.backend.call('evidence.list', { clientId: client.id });
    const goodItem = items.find((e) => e.title === 'Mail-domain checks — good.example.test');
    expect(goodItem).toMatchObject({ kind: 'probe-snapshot', versionCount: 1 });
    expect(goodItem!.links.filter((l) => l.assessmentId === assessment.id).map((l) => l.requirementId)).toContain('TECH-02');
    await page.getByRole('tab', { name: 'Mail domain' }).click();

    // Check one domain again: the one behind the slow server, so the check lasts long enough to see its progress.
    await pnone.getByRole('button', { name: 'Check again: pnone.example.test' }).click();
    await expect(progress).toBeVisible();
    await expect(progress).toBeHidden({ timeout: 60_000 });
    expect((await app.backend.call('probe.runs', { clientId: client.id, kind: 'domain' })).length).toBe(3);
  } finally {
    await slow.close();
  }
});
