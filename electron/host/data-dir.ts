import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const PRODUCT_NAME = 'DCB1596 Workbench';

// One workspace per user, shared by the desktop app, `npm run web` and the CLI: the same folder Electron
// uses as userData (<appData>/DCB1596 Workbench). DCB_DATA_DIR overrides it (tests, demos, a USB stick).
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
): string {
  if (env.DCB_DATA_DIR) return resolve(env.DCB_DATA_DIR);
  const appData =
    platform === 'win32'
      ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? join(home, '.config'));
  return join(appData, PRODUCT_NAME);
}
