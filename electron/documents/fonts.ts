import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The typefaces embedded in every PDF we produce, shipped in resources/fonts (SIL Open Font Licence; see
// resources/fonts/README.md). Embedded, never system fonts, so a statement renders the same on every machine.

export const FONT_FILES = {
  regular: 'IBMPlexSans-Regular.ttf',
  italic: 'IBMPlexSans-Italic.ttf',
  semibold: 'IBMPlexSans-SemiBold.ttf',
  bold: 'IBMPlexSans-Bold.ttf',
  mono: 'JetBrainsMono-Regular.ttf',
  // Typed signatures.
  script: 'DancingScript-Regular.ttf',
  // Fallback for the few symbols the text faces lack (✗ in the domain check's "Why:" lines): DejaVu Sans,
  // from Debian's fonts-dejavu-core (see resources/fonts/README.md).
  symbols: 'DejaVuSans.ttf',
} as const;

export type FontKey = keyof typeof FONT_FILES;
export type FontBytes = Record<FontKey, Uint8Array>;

function moduleDir(): string {
  return typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
}

// resources/fonts from a checkout (walking up from this file or the bundled main), or the packaged app's
// resources folder (electron-builder extraResources), or DCB_RESOURCES_DIR.
function resolveFontsDir(env: NodeJS.ProcessEnv = process.env): string {
  const candidates: string[] = [];
  if (env.DCB_RESOURCES_DIR) candidates.push(join(env.DCB_RESOURCES_DIR, 'fonts'));
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(join(resourcesPath, 'fonts'), join(resourcesPath, 'resources', 'fonts'));
  let dir = moduleDir();
  for (let i = 0; i < 6; i++) {
    candidates.push(join(dir, 'resources', 'fonts'));
    dir = dirname(dir);
  }
  const found = candidates.find((d) => existsSync(join(d, FONT_FILES.regular)));
  if (!found) throw new Error(`The PDF fonts were not found (looked in ${candidates.slice(0, 4).join(', ')} …).`);
  return found;
}

let cached: FontBytes | undefined;

export function loadFontBytes(dir?: string): FontBytes {
  if (cached && !dir) return cached;
  const d = dir ?? resolveFontsDir();
  const out = Object.fromEntries(Object.entries(FONT_FILES).map(([k, f]) => [k, new Uint8Array(readFileSync(join(d, f)))])) as FontBytes;
  if (!dir) cached = out;
  return out;
}
