import { defineConfig } from '@playwright/test';

// The real-Electron smoke suite (README › Releasing). Run it with `npm run test:electron`, which skips in one
// line where no Electron binary exists. One app at a time: each test gets its own workspace and profile.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  outputDir: '../../test-results/electron',
});
