import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, screenshot } from './harness';
import { createTestBackend, tempDir } from '../support/temp-backend';
import { readMembers, seedWorkspace } from '../support/backup-test-support';
import { MANIFEST_NAME } from '../../electron/workspace/backup-manifest';

// Settings › Backup and move, and Clients › Import…, driven through the UI against the real backend.

const CSV = [
  'Legal name,ODS code,Email domains,Route',
  'Alder House Ltd,AL1,alder-house.co.uk,Microsoft 365',
  'Birch Lodge Ltd,BR2,birch-lodge.org.uk,Google',
  'Cedar Court Ltd,not an ods code!,cedar-court.co.uk,Google',
].join('\r\n');

// A real backup of a seeded workspace, with one byte flipped inside an evidence file: its manifest still reads,
// so the dialog describes it, but the hash check during restore must refuse it.
async function tamperedBackup(dir: string): Promise<string> {
  const src = createTestBackend();
  try {
    await seedWorkspace(src);
    const zip = join(dir, 'good.zip');
    await src.services.workspace.backupTo(zip);
    const members = await readMembers(zip);
    const victim = members.reduce((a, b) => (b.name !== MANIFEST_NAME && b.compressedSize > a.compressedSize ? b : a));
    const bytes = readFileSync(zip);
    const at = victim.dataStart + Math.floor(victim.compressedSize / 2);
    bytes[at] = bytes[at]! ^ 0x01;
    const bad = join(dir, 'dcb1596-backup-tampered.zip');
    writeFileSync(bad, bytes);
    return bad;
  } finally {
    src.dispose();
  }
}

test('restore refuses a tampered backup; CSV import reports the bad row; backup downloads a verifiable file', async ({ page, app }) => {
  const scratch = tempDir('dcb-e2e-ws-');
  try {
    // 1. An empty workspace: restoring is offered, and a tampered file is refused with nothing changed.
    await app.open('/settings');
    const section = page.getByRole('region', { name: 'Backup and move' });
    await expect(section).toBeVisible();
    await section.getByLabel('Restore from a backup…').setInputFiles(await tamperedBackup(scratch));
    const dialog = page.getByRole('dialog', { name: 'Restore workspace from a backup' });
    await expect(dialog.getByRole('definition').filter({ hasText: /3 clients/ })).toBeVisible();
    await expect(dialog).toContainText('This replaces the empty workspace on this computer');
    await screenshot(page, 'restore-describe');
    await dialog.getByRole('button', { name: 'Restore workspace' }).click();
    await expect(dialog.getByText('Not restored')).toBeVisible({ timeout: 20_000 });
    await expect(dialog).toContainText(/damaged|does not match/);
    await expect(dialog).toContainText('Nothing was changed');
    await screenshot(page, 'restore-refused');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await app.backend.call('client.list', {})).toEqual([]);

    // 2. Clients › Import…: the check shows the rejected row and why before anything is imported.
    await app.open('/clients');
    await page.getByRole('button', { name: 'Import…' }).click();
    const importer = page.getByRole('dialog', { name: 'Import clients from a CSV file' });
    await importer.getByLabel('Choose CSV file…').setInputFiles({ name: 'clients.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await expect(importer.getByRole('status', { name: 'Import check' })).toContainText('2 rows ready');
    await expect(importer.getByRole('status', { name: 'Import check' })).toContainText('1 row rejected');
    const rejected = importer.getByRole('table', { name: 'Rejected rows' });
    await expect(rejected.getByRole('row')).toHaveCount(2);
    await expect(rejected.getByRole('row').nth(1)).toContainText('4');
    await expect(rejected.getByRole('row').nth(1)).toContainText('Cedar Court Ltd');
    await expect(rejected).toContainText(/ODS/);
    await expect(importer.getByRole('table', { name: 'Rows to import' }).getByRole('row')).toHaveCount(3);
    expect(await app.backend.call('client.list', {})).toEqual([]);
    await screenshot(page, 'import-preview');
    await importer.getByRole('button', { name: 'Import 2 clients' }).click();
    const imported = page.getByRole('dialog', { name: 'Clients imported' });
    await expect(imported.getByRole('status')).toContainText('2 clients imported from clients.csv; 1 row not imported');
    await expect(imported.getByRole('table', { name: 'Rejected rows' })).toContainText('Cedar Court Ltd');
    await screenshot(page, 'import-done');
    await imported.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('link', { name: 'Alder House Ltd' })).toBeVisible();
    expect((await app.backend.call('client.list', {})).map((c) => c.odsCode).sort()).toEqual(['AL1', 'BR2']);

    // 3. Back up: progress, then a download whose manifest lists the database; restoring here is now refused.
    await app.open('/settings');
    await expect(section).toContainText('This workspace already has work in it (2 clients)');
    await expect(section.getByRole('button', { name: 'Restore from a backup…' })).toBeDisabled();
    await section.getByRole('button', { name: 'Back up workspace' }).click();
    await expect(section.getByText('Backup ready')).toBeVisible({ timeout: 20_000 });
    await expect(section).toContainText('2 clients, 0 assessments, 0 evidence files');
    await screenshot(page, 'backup-ready', section);
    expect(app.downloads).toHaveLength(1);
    expect(app.downloads[0]!.fileName).toMatch(/\.zip$/);
    const file = app.backend.services.transfers.download(app.downloads[0]!.downloadId).path;
    const names = (await readMembers(file)).map((m) => m.name);
    expect(names).toContain(MANIFEST_NAME);
    expect(names.some((n) => n.endsWith('.sqlite'))).toBe(true);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
