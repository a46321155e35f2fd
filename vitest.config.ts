import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    // Electron 42+ downloads its binary on the first require('electron'). A leak of that import into
    // code under test must fail at once, loudly, instead of starting a download.
    alias: { electron: fileURLToPath(new URL('./test/support/electron-blocked.ts', import.meta.url)) },
  },
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
