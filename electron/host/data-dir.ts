import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const PRODUCT_NAME = 'DCB1596 Workbench';

function appDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string {
  if (platform === 'win32') return env.APPDATA ?? join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? join(home, '.config');
}

// One workspace per user, shared by the desktop app, `npm run web` and the CLI: the same folder Electron
// uses as userData (<appData>/DCB1596 Workbench). DCB_DATA_DIR overrides it (tests, demos, a USB stick).
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
): string {
  if (env.DCB_DATA_DIR) return resolve(env.DCB_DATA_DIR);
  return join(appDataDir(env, platform, home), PRODUCT_NAME);
}

// The sample workspace lives apart from the real one, so fictional clients never mix with real ones.
export function sampleDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
): string {
  if (env.DCB_SAMPLE_DATA_DIR) return resolve(env.DCB_SAMPLE_DATA_DIR);
  return join(appDataDir(env, platform, home), `${PRODUCT_NAME} (sample)`);
}

// `--data-dir=<folder>` on the app's command line (used to open the sample workspace in the desktop app).
export function dataDirFromArgs(argv: readonly string[]): string | undefined {
  const arg = argv.find((a) => a.startsWith('--data-dir='));
  const value = arg?.slice('--data-dir='.length);
  return value ? resolve(value) : undefined;
}
