import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary as findBinaryWith } from '../../scripts/start-app';

// Where the Electron smoke suite finds something to run, without ever require('electron') (Electron 42+
// downloads its binary on the first require; offline that fails after a long wait).

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

/** The development Electron binary, found the one way `npm start` finds it (scripts/start-app.ts). */
export const findElectronBinary = (): string | undefined => findBinaryWith(require);

/**
 * The packaged app electron-builder left in release/ (or DCB_PACKAGED_APP): the executable inside
 * linux-unpacked, win-unpacked or the mac*\/<Product>.app bundle.
 */
export function findPackagedApp(): string | undefined {
  if (process.env.DCB_PACKAGED_APP) return existsSync(process.env.DCB_PACKAGED_APP) ? process.env.DCB_PACKAGED_APP : undefined;
  const release = join(ROOT, 'release');
  if (!existsSync(release)) return undefined;
  const candidates: string[] = [];
  for (const dir of readdirSync(release)) {
    if (process.platform === 'linux' && /^linux(-\w+)?-unpacked$/.test(dir)) candidates.push(join(release, dir, 'dcb1596-workbench'));
    if (process.platform === 'win32' && /^win(-\w+)?-unpacked$/.test(dir)) candidates.push(join(release, dir, 'DCB1596 Workbench.exe'));
    if (process.platform === 'darwin' && /^mac(-\w+)?$/.test(dir)) {
      candidates.push(join(release, dir, 'DCB1596 Workbench.app', 'Contents', 'MacOS', 'DCB1596 Workbench'));
    }
  }
  // Prefer the build for this machine's architecture (mac-arm64 on Apple silicon).
  candidates.sort((a, b) => Number(b.includes(process.arch)) - Number(a.includes(process.arch)));
  return candidates.find((c) => existsSync(c));
}

export const SKIP_REASON =
  'Electron smoke suite skipped: no Electron binary here (it downloads on first use; run `npx install-electron` on a networked machine) and no packaged app in release/.';
