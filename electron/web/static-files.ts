import { createReadStream, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticFile {
  path: string;
  size: number;
  contentType: string;
}

// Maps a request path to a file under root, or null. Decodes once, normalises, then checks the prefix,
// so "..", encoded "%2e%2e", backslashes and absolute paths cannot escape the renderer folder.
// Unknown paths without an extension fall back to index.html (client-side routes).
export function resolveStaticFile(root: string, urlPath: string): StaticFile | null {
  const base = resolve(root);
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const candidate = resolve(base, '.' + (decoded.startsWith('/') ? decoded : `/${decoded}`));
  if (candidate !== base && !candidate.startsWith(base + sep)) return null;
  const pick = (p: string): StaticFile | null => {
    const s = statSync(p, { throwIfNoEntry: false });
    if (!s?.isFile()) return null;
    return { path: p, size: s.size, contentType: TYPES[extname(p).toLowerCase()] ?? 'application/octet-stream' };
  };
  return pick(candidate) ?? (extname(candidate) === '' ? pick(resolve(base, 'index.html')) : null);
}

export function openStatic(file: StaticFile) {
  return createReadStream(file.path);
}
