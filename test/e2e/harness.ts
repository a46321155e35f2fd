import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTestBackend, type TestBackend } from '../support/temp-backend';
import type { ProbeRouting } from '../../electron/backend/ports';
import { startWebServer, type WebServer } from '../../electron/web/http-transport';
import type { Bridge, DownloadRef, UploadResult } from '../../shared/contract/bridge';
import type { RpcResult } from '../../shared/contract';

// The Playwright transport: this test process builds the real backend on a temp data directory, serves
// the built renderer on 127.0.0.1, and hands the page a window.api whose invoke() is a Playwright binding
// straight into backend.dispatch — the same contract the Electron preload exposes.

const rendererDir = process.env.DCB_RENDERER_OUT ?? fileURLToPath(new URL('../../dist/renderer', import.meta.url));

export interface AppHarness {
  backend: TestBackend;
  // Where the backend's probes go (read at each check): specs point it at their fakes on loopback.
  routing: ProbeRouting;
  server: WebServer;
  downloads: { downloadId: string; fileName: string }[];
  externalLinks: string[];
  open(path?: string): Promise<void>;
}

export const test = base.extend<{ app: AppHarness }>({
  app: async ({ page, context }, use) => {
    if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('Build the renderer first: npm run build:renderer');
    const routing: ProbeRouting = {};
    const backend = createTestBackend({ probeRouting: routing });
    const server = await startWebServer({ backend, rendererDir, rpc: false });
    const downloads: AppHarness['downloads'] = [];
    const externalLinks: string[] = [];
    const uploads = new Map<string, Buffer[]>();

    await context.exposeBinding('__dcbRpc', (_src, channel: string, input: unknown) =>
      backend.dispatch(channel, input, { transport: 'test' }),
    );
    await context.exposeBinding('__dcbUploadChunk', (_src, id: string, base64: string) => {
      const parts = uploads.get(id) ?? [];
      parts.push(Buffer.from(base64, 'base64'));
      uploads.set(id, parts);
    });
    await context.exposeBinding('__dcbUploadEnd', async (_src, id: string, fileName: string) => {
      const { Readable } = await import('node:stream');
      const data = Buffer.concat(uploads.get(id) ?? []);
      uploads.delete(id);
      try {
        return { ok: true, value: await backend.services.transfers.receive(Readable.from([data]), fileName) };
      } catch (err) {
        return { ok: false, error: { code: 'invalid-input', message: (err as Error).message } };
      }
    });
    await context.exposeBinding('__dcbSaveDownload', (_src, ref: { downloadId: string; fileName: string }) => {
      downloads.push(ref);
      return { ok: true, value: { saved: true } };
    });
    await context.exposeBinding('__dcbOpenExternal', (_src, url: string) => {
      externalLinks.push(url);
    });
    await context.addInitScript(() => {
      type Listener = (payload: unknown) => void;
      const listeners = new Map<string, Set<Listener>>();
      // The bindings exposed above, as the page sees them.
      const w = window as unknown as {
        __dcbRpc(channel: string, input: unknown): Promise<RpcResult>;
        __dcbUploadChunk(id: string, base64: string): Promise<void>;
        __dcbUploadEnd(id: string, fileName: string): Promise<RpcResult<UploadResult>>;
        __dcbSaveDownload(ref: DownloadRef): Promise<RpcResult<{ saved: boolean }>>;
        __dcbOpenExternal(url: string): Promise<void>;
      };
      (window as unknown as { __dcbEmit: (e: string, p: unknown) => void }).__dcbEmit = (event, payload) => {
        for (const l of listeners.get(event) ?? []) l(payload);
      };
      const api = {
        host: 'test',
        invoke: (channel, input) => w.__dcbRpc(channel, input),
        on(event, listener) {
          const set = listeners.get(event) ?? new Set<Listener>();
          set.add(listener);
          listeners.set(event, set);
          return () => set.delete(listener);
        },
        async uploadFile(file, onProgress) {
          const id = Math.random().toString(36).slice(2);
          const chunk = 512 * 1024;
          for (let off = 0; off < file.size; off += chunk) {
            const bytes = new Uint8Array(await file.slice(off, off + chunk).arrayBuffer());
            let bin = '';
            for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!);
            await w.__dcbUploadChunk(id, btoa(bin));
            onProgress?.(Math.min(off + chunk, file.size), file.size);
          }
          return w.__dcbUploadEnd(id, file.name);
        },
        saveDownload: (ref) => w.__dcbSaveDownload(ref),
        openExternal: (url) => w.__dcbOpenExternal(url),
      } satisfies Bridge<File>;
      (window as unknown as { api: Bridge<File> }).api = api;
    });
    const off = backend.events.on((name, payload) => {
      page
        .evaluate(([n, p]) => (window as unknown as { __dcbEmit: (e: string, p: unknown) => void }).__dcbEmit(n as string, p), [
          name,
          payload,
        ] as const)
        .catch(() => {});
    });

    const consoleErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(String(e)));

    await use({
      backend,
      routing,
      server,
      downloads,
      externalLinks,
      async open(path = '/') {
        await page.goto(`${server.url}#${path}`);
      },
    });

    off();
    await server.close();
    backend.dispose();
    // A renderer that logs errors (CSP violations, React warnings promoted to errors) fails the test.
    expect(consoleErrors, 'console errors in the renderer').toEqual([]);
  },
});

export { expect };

// Screenshots for people to look at (set DCB_SCREENSHOTS=<folder>). Pass a locator to capture one part of
// the page, since the app scrolls inside its main pane rather than the document.
export async function screenshot(page: Page, name: string, part?: Locator) {
  if (!process.env.DCB_SCREENSHOTS) return;
  const path = join(process.env.DCB_SCREENSHOTS, `${name}.png`);
  if (part) await part.screenshot({ path });
  else await page.screenshot({ path, fullPage: true });
}
