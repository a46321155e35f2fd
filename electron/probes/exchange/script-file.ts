import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// Where the shipped PowerShell collection script is on disk, whichever host runs us: the packaged app
// (resources next to the asar), `npm start`/`npm run web`/tests (the checkout), `npx dcb1596` (bin/../).
export const SCRIPT_FILE_NAME = 'Collect-DCB1596ExchangeFacts.ps1';

export function exchangeScriptPath(): string | undefined {
  const rel = join('resources', 'exchange', SCRIPT_FILE_NAME);
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  const candidates = [
    process.env.DCB_RESOURCES_DIR && join(process.env.DCB_RESOURCES_DIR, 'exchange', SCRIPT_FILE_NAME),
    resourcesPath && join(resourcesPath, rel),
    resourcesPath && join(resourcesPath, 'app.asar.unpacked', rel),
    join(process.cwd(), rel),
    process.argv[1] && resolve(dirname(process.argv[1]), '..', rel),
  ].filter((c): c is string => !!c);
  return candidates.find((c) => existsSync(c));
}
