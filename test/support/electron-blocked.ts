// Aliased as 'electron' in vitest.config.ts. Importing Electron from code under test is a layering bug:
// logic belongs in plain Node modules, and only electron/main and electron/preload may touch Electron.
throw new Error(
  "'electron' was imported under Vitest. Only electron/main/** and electron/preload/** may import it; move the logic into a plain Node module.",
);
