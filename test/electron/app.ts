import { test as base, _electron, expect, type ElectronApplication, type Page } from '@playwright/test';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findElectronBinary, ROOT, SKIP_REASON } from './electron-binary';

// Launches the development build (dist/ through node_modules/electron's binary) with its own workspace and
// Chromium profile: DCB_DATA_DIR is also Electron's userData, so every test is isolated and the single-
// instance lock never sees another test's app.
//
// The packaged app cannot be driven this way: its EnableNodeCliInspectArguments fuse is off, and Playwright
// attaches through --inspect. test/electron/packaged.spec.ts checks the packaged app from outside instead.

export interface LaunchedApp {
  electron: ElectronApplication;
  page: Page;
  dataDir: string;
  consoleErrors: string[];
  // https URLs the app asked the OS to open (shell.openExternal is replaced by a recorder in the main process).
  externalOpens(): Promise<string[]>;
}

export const binary = findElectronBinary();

export async function launchApp(opts: { fixture?: string } = {}): Promise<LaunchedApp> {
  if (!binary) throw new Error(SKIP_REASON);
  const dataDir = mkdtempSync(join(tmpdir(), 'dcb-electron-'));
  if (opts.fixture) copyFileSync(opts.fixture, join(dataDir, 'workspace.sqlite'));
  const electron = await _electron.launch({
    executablePath: binary,
    args: [ROOT],
    cwd: ROOT,
    env: { ...(process.env as Record<string, string>), DCB_DATA_DIR: dataDir, ELECTRON_ENABLE_LOGGING: '1' },
    timeout: 60_000,
  });
  // Before the first window can do anything: record instead of launching the system browser.
  await electron.evaluate(({ shell }) => {
    const opened: string[] = [];
    (globalThis as unknown as { __dcbOpened: string[] }).__dcbOpened = opened;
    // eslint-disable-next-line no-restricted-syntax -- the test replaces openExternal with a recorder; it opens nothing
    shell.openExternal = async (url: string) => {
      opened.push(url);
    };
  });
  const page = await electron.firstWindow();
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.waitForLoadState('domcontentloaded');
  return {
    electron,
    page,
    dataDir,
    consoleErrors,
    externalOpens: () => electron.evaluate(() => [...(globalThis as unknown as { __dcbOpened: string[] }).__dcbOpened]),
  };
}

export async function closeApp(app: LaunchedApp | undefined): Promise<void> {
  if (!app) return;
  await app.electron.close().catch(() => {});
  rmSync(app.dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

export const test = base.extend<{ app: LaunchedApp }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as the first argument
  app: async ({}, use) => {
    const app = await launchApp();
    await use(app);
    await closeApp(app);
  },
});

export { expect };
