import { test, expect, screenshot } from './harness';

test('create a client in the UI, reload, and see it again', async ({ page, app }) => {
  await app.open('/clients');
  await expect(page.getByRole('heading', { name: 'No clients yet' })).toBeVisible();
  await screenshot(page, 'clients-empty');

  await page.getByRole('button', { name: 'Add your first client' }).click();
  await expect(page.getByRole('heading', { name: 'Add a client' })).toBeVisible();

  // Inline validation: a bad ODS code and a URL instead of a domain are explained next to the fields.
  await page.getByLabel('Legal name').fill('Meadowbank Care Ltd');
  await page.getByLabel('ODS code').fill('not valid!');
  await page.getByLabel('ODS code').blur();
  await expect(
    page.getByRole('alert').filter({ hasText: 'ODS codes are letters and digits, for example AB1, V12345 or 1-ABC123' }),
  ).toBeVisible();
  await page.getByLabel('ODS code').fill('vn3k7');
  await page.getByTestId('domain-input').fill('https://meadowbank-care.co.uk');
  await page.getByTestId('domain-input').press('Enter');
  await expect(page.getByText('is not a bare domain')).toBeVisible();
  await page.getByTestId('domain-input').fill('meadowbank-care.co.uk');
  await page.getByTestId('domain-input').press('Enter');
  await page.getByTestId('domain-input').fill('bücher-care.example');
  await page.getByTestId('domain-input').press('Enter');
  await page.getByLabel(/Self-managed/).check();
  await page.getByRole('button', { name: 'Add site' }).click();
  await page.getByLabel('Site 1 name').fill('Meadowbank House');
  await page.getByRole('button', { name: 'Add contact' }).click();
  await page.getByLabel('Contact 1 name').fill('Sam Manager');
  await page.getByLabel('Contact 1 role').fill('Registered manager');
  await page.getByLabel('Contact 1 email').fill('sam@meadowbank-care.co.uk');
  await screenshot(page, 'client-form');
  await page.getByRole('button', { name: 'Add client' }).click();

  await expect(page.getByRole('heading', { name: 'Meadowbank Care Ltd' })).toBeVisible();
  await expect(page.getByLabel('ODS code VN3K7')).toBeVisible();
  await expect(page.getByText('xn--bcher-care-9db.example')).toBeVisible();
  await screenshot(page, 'client-detail');

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Meadowbank Care Ltd' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Clients' }).click();
  await expect(page.getByTestId('client-row-VN3K7')).toBeVisible();
  await screenshot(page, 'clients-list');

  // The backend really persisted it: a fresh backend on the same data directory sees the client.
  const again = app.backend.restart();
  try {
    const list = await again.call('client.list', {});
    expect(list.map((c) => [c.odsCode, c.route, c.domains])).toEqual([
      ['VN3K7', 'self-managed', ['meadowbank-care.co.uk', 'xn--bcher-care-9db.example']],
    ]);
  } finally {
    again.close();
  }
});

test('search, edit with optimistic concurrency, archive and see the activity trail', async ({ page, app }) => {
  await app.backend.call('settings.update', { displayName: 'Alex Consultant' });
  const oak = await app.backend.call('client.create', {
    legalName: 'Oakwood Homes',
    odsCode: 'AB1',
    domains: ['oakwood.org.uk'],
    route: 'o365',
  });
  await app.backend.call('client.create', {
    legalName: 'Riverside Care',
    odsCode: 'RX2',
    domains: ['riverside-care.co.uk'],
    route: 'google',
  });
  await app.open('/clients');
  await page.getByLabel('Search clients').fill('riverside');
  await expect(page.getByTestId('client-row-RX2')).toBeVisible();
  await expect(page.getByTestId('client-row-AB1')).toHaveCount(0);
  await page.getByLabel('Search clients').fill('');

  await page.getByRole('link', { name: 'Oakwood Homes' }).click();
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Trading name').fill('Oakwood');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Trading as Oakwood')).toBeVisible();

  // Someone else edits the client (the CLI); saving a stale form is refused with an explanation.
  await page.getByRole('button', { name: 'Edit' }).click();
  await app.backend.call('client.update', {
    id: oak.id,
    revision: 2,
    fields: { legalName: 'Oakwood Homes Ltd', odsCode: 'AB1', domains: ['oakwood.org.uk'], route: 'o365' },
  });
  await page.getByLabel('Notes').fill('Renewal due in spring');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('changed elsewhere')).toBeVisible();

  // Leaving with the refused edit still in the form asks first (issue 17): discard it.
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('alertdialog', { name: 'Save your changes?' }).getByRole('button', { name: 'Discard changes' }).click();
  await page.getByRole('button', { name: 'Archive' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Archive' }).click();
  await expect(page.getByText('This client is archived')).toBeVisible();

  await page.getByRole('tab', { name: 'Activity' }).click();
  await expect(page.getByText('Trail intact')).toBeVisible();
  await expect(page.getByText('Archived the client')).toBeVisible();
  await expect(page.getByText('Edited tradingName')).toBeVisible();
  await screenshot(page, 'client-activity');
});
