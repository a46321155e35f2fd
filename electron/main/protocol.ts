import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { resolveStaticFile } from '../web/static-files';
import { RENDERER_CSP, COMMON_HEADERS } from '../web/security-headers';

export const APP_ORIGIN = 'app://renderer';

// Must run before app.ready: app:// behaves like a secure, standard origin (fetch, CSP 'self').
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

// Serves the built renderer. resolveStaticFile normalises the path and refuses anything that escapes
// the renderer folder (the same check web mode uses).
export function serveRenderer(rendererDir: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'renderer') return new Response('Not found', { status: 404 });
    const file = resolveStaticFile(rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(await readFile(file.path), {
      headers: { 'Content-Type': file.contentType, 'Content-Security-Policy': RENDERER_CSP, ...COMMON_HEADERS },
    });
  });
}
