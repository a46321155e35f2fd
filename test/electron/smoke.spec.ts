import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CHANNEL_NAMES, type RpcResult } from '../../shared/contract';
import { LATEST_SCHEMA_VERSION } from '../../electron/store/migrations';
import { COMMON_HEADERS, RENDERER_CSP } from '../../electron/web/security-headers';
import { FIXTURE, FIXTURE_AUDIT_ENTRIES } from '../../scripts/make-db-fixture';
import { binary, closeApp, expect, launchApp, test, type LaunchedApp } from './app';
import { ROOT, SKIP_REASON } from './electron-binary';

// The Electron security baseline (README › Architecture), checked in the real shell: the hardened window,
// the preload's closed API, navigation and window.open, external links, the CSP header, permissions, and an
// old workspace migrating on launch.

test.skip(!binary, SKIP_REASON);

// In-page code runs in the renderer; these are the globals it touches there.
interface Api {
  host: string;
  invoke(channel: string, input: unknown): Promise<RpcResult>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  openExternal(url: string): Promise<boolean>;
}
interface RendererGlobals {
  api: Api;
  location: { href: string };
  open(url: string): unknown;
  fetch(url: string): Promise<{ headers: { get(name: string): string | null } }>;
  document: {
    createElement(tag: string): { textContent: string; href: string; target: string; click(): void; remove(): void };
    head: { append(node: unknown): void };
    body: { append(node: unknown): void };
  };
  navigator: { permissions: { query(d: { name: string }): Promise<{ state: string }> } };
  __inlineRan?: boolean;
}
async function invoke<T = unknown>(app: LaunchedApp, channel: string, input: unknown): Promise<RpcResult<T>> {
  return app.page.evaluate(([c, i]) => (globalThis as unknown as RendererGlobals).api.invoke(c, i), [channel, input] as const) as Promise<
    RpcResult<T>
  >;
}

test('the window boots on app://renderer, hardened, with the app shell', async ({ app }) => {
  await expect(app.page).toHaveTitle('DCB1596 Workbench');
  await expect(app.page.getByRole('heading', { name: 'Clients' })).toBeVisible();
  expect(app.page.url()).toMatch(/^app:\/\/renderer\//);

  // The window was created by our code with the preload and sandbox, not by a renderer.
  expect(await app.electron.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);

  const info = await invoke<{ transport: string; dataDir: string; schemaVersion: number }>(app, 'app.info', {});
  expect(info).toMatchObject({ ok: true, value: { transport: 'electron', dataDir: app.dataDir, schemaVersion: LATEST_SCHEMA_VERSION } });
  expect(app.consoleErrors).toEqual([]);
});

test('window.api is exactly the bridge, and no Node or Electron object reaches the page', async ({ app }) => {
  const shape = await app.page.evaluate(() => {
    const g = globalThis as unknown as Record<string, unknown> & { api: Record<string, unknown> };
    return {
      keys: Object.keys(g.api).sort(),
      host: g.api.host,
      leaked: ['require', 'process', 'module', 'Buffer', 'global', 'ipcRenderer', 'electron', '__dirname'].filter(
        (k) => typeof g[k] !== 'undefined',
      ),
    };
  });
  expect(shape).toEqual({ keys: ['host', 'invoke', 'on', 'openExternal', 'saveDownload', 'uploadFile'], host: 'electron', leaked: [] });
});

test('invoke reaches every contract channel and refuses every other name in the preload', async ({ app }) => {
  const bogus = [
    '__proto__',
    'constructor',
    'toString',
    'rpc',
    'evt',
    'upload-path',
    'upload-bytes',
    'save-download',
    'open-external',
    'client.drop',
    '',
    'CLIENT.LIST',
  ];
  const results = await app.page.evaluate(
    async (names) => {
      const out: Record<string, RpcResult> = {};
      // 42 is not a valid input for any channel: every real channel answers invalid-input from the backend.
      for (const n of names) out[`#${n}`] = await (globalThis as unknown as RendererGlobals).api.invoke(n, 42);
      return out;
    },
    [...CHANNEL_NAMES, ...bogus],
  );
  for (const channel of CHANNEL_NAMES) {
    expect(results[`#${channel}`], channel).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  }
  for (const name of bogus) {
    // "Unknown channel." (no name) is the preload's own answer: the request never crossed IPC.
    expect(results[`#${name}`], name).toEqual({ ok: false, error: { code: 'unknown-channel', message: 'Unknown channel.' } });
  }
  // Subscribing to an event that does not exist is a no-op, not an error.
  expect(await app.page.evaluate(() => typeof (globalThis as unknown as RendererGlobals).api.on('no.such.event', () => {}))).toBe(
    'function',
  );
});

test('navigation away is blocked; https targets open in the system browser instead', async ({ app }) => {
  await expect(app.page.getByRole('heading', { name: 'Clients' })).toBeVisible();
  const start = app.page.url();
  for (const url of [
    'https://example.com/phish',
    'http://example.com/',
    'file:///etc/passwd',
    'app://other/index.html',
    'devtools://devtools/bundled/inspector.html',
  ]) {
    await app.page.evaluate((u) => {
      (globalThis as unknown as RendererGlobals).location.href = u;
    }, url);
    await app.page.waitForTimeout(400);
    expect(app.page.url(), url).toBe(start);
  }
  // A link clicked in the page takes the same path.
  await app.page.evaluate(() => {
    const g = globalThis as unknown as RendererGlobals;
    const a = g.document.createElement('a');
    a.href = 'https://digital.nhs.uk/services/nhsmail';
    g.document.body.append(a);
    a.click();
    a.remove();
  });
  await app.page.waitForTimeout(400);
  expect(app.page.url()).toBe(start);
  expect(await app.externalOpens()).toEqual(['https://example.com/phish', 'https://digital.nhs.uk/services/nhsmail']);
  await expect(app.page.getByRole('heading', { name: 'Clients' })).toBeVisible();
});

test('window.open never creates a window; https targets go to the system browser', async ({ app }) => {
  const before = app.electron.windows().length;
  const opened = await app.page.evaluate(() =>
    ['https://example.org/new', 'file:///etc/hosts', 'app://renderer/index.html', 'javascript:alert(1)'].map(
      (u) => (globalThis as unknown as RendererGlobals).open(u) === null,
    ),
  );
  expect(opened).toEqual([true, true, true, true]);
  await app.page.evaluate(() => {
    const g = globalThis as unknown as RendererGlobals;
    const a = g.document.createElement('a');
    a.href = 'https://example.org/blank';
    a.target = '_blank';
    g.document.body.append(a);
    a.click();
    a.remove();
  });
  await app.page.waitForTimeout(600);
  expect(app.electron.windows().length).toBe(before);
  expect(await app.externalOpens()).toEqual(['https://example.org/new', 'https://example.org/blank']);
});

test('window.api.openExternal opens https links only', async ({ app }) => {
  const answers = await app.page.evaluate(async () => {
    const urls = [
      'https://digital.nhs.uk/services/data-security-centre',
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-settings:privacy',
      'https://user:password@example.com/',
      `https://example.com/${'x'.repeat(3000)}`,
    ];
    const out: boolean[] = [];
    for (const u of urls) out.push(await (globalThis as unknown as RendererGlobals).api.openExternal(u));
    return out;
  });
  expect(answers).toEqual([true, false, false, false, false, false, false, false]);
  expect(await app.externalOpens()).toEqual(['https://digital.nhs.uk/services/data-security-centre']);
});

test('app:// responses carry the CSP and security headers, and the CSP is enforced', async ({ app }) => {
  const headers = await app.page.evaluate(async () => {
    const r = await (globalThis as unknown as RendererGlobals).fetch('app://renderer/index.html');
    return {
      csp: r.headers.get('content-security-policy'),
      nosniff: r.headers.get('x-content-type-options'),
      frame: r.headers.get('x-frame-options'),
    };
  });
  expect(headers).toEqual({
    csp: RENDERER_CSP,
    nosniff: COMMON_HEADERS['X-Content-Type-Options'],
    frame: COMMON_HEADERS['X-Frame-Options'],
  });

  const enforced = await app.page.evaluate(async () => {
    const g = globalThis as unknown as RendererGlobals;
    const s = g.document.createElement('script');
    s.textContent = 'globalThis.__inlineRan = true';
    g.document.head.append(s);
    let remote = 'loaded';
    try {
      await g.fetch('https://example.com/');
    } catch {
      remote = 'blocked';
    }
    return { inline: g.__inlineRan === true, remote };
  });
  expect(enforced).toEqual({ inline: false, remote: 'blocked' });
});

test('every permission request is denied', async ({ app }) => {
  const states = await app.page.evaluate(async () => {
    const out: Record<string, string> = {};
    for (const name of ['geolocation', 'notifications', 'camera', 'microphone', 'clipboard-read']) {
      try {
        out[name] = (await (globalThis as unknown as RendererGlobals).navigator.permissions.query({ name })).state;
      } catch {
        out[name] = 'unsupported';
      }
    }
    return out;
  });
  for (const [name, state] of Object.entries(states)) expect(['denied', 'unsupported'], name).toContain(state);
});

test('a second launch on the same workspace hands over to the first and exits', async ({ app }) => {
  const second = spawn(binary!, [ROOT], { env: { ...process.env, DCB_DATA_DIR: app.dataDir }, stdio: 'ignore' });
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      second.kill();
      resolve(-1);
    }, 20_000);
    second.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  expect(code).not.toBe(-1);
  expect(app.electron.windows().length).toBe(1);
});

test('an existing database from an older schema migrates on launch and keeps its data', async () => {
  let app: LaunchedApp | undefined;
  try {
    app = await launchApp({ fixture: join(ROOT, 'test/fixtures/db/workspace-v1.sqlite') });
    const { meadowbank } = FIXTURE.clients;
    await expect(app.page.getByText(meadowbank.legalName, { exact: true }).first()).toBeVisible();
    expect(await invoke(app, 'app.info', {})).toMatchObject({ ok: true, value: { schemaVersion: LATEST_SCHEMA_VERSION } });
    expect(await invoke(app, 'client.get', { id: meadowbank.id })).toMatchObject({
      ok: true,
      value: { odsCode: meadowbank.odsCode, domains: [...meadowbank.domains] },
    });
    expect(await invoke(app, 'audit.verify', {})).toMatchObject({ ok: true, value: { ok: true, entriesChecked: FIXTURE_AUDIT_ENTRIES } });
    if (LATEST_SCHEMA_VERSION > 1) expect(existsSync(join(app.dataDir, 'workspace.sqlite.before-v2.bak'))).toBe(true);
    expect(app.consoleErrors).toEqual([]);
  } finally {
    await closeApp(app);
  }
});

test('--cli answers as the command line beside the open window, on the same workspace, without a window', async ({ app }) => {
  const run = (...args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(binary!, [ROOT, '--cli', ...args], { env: { ...process.env, DCB_DATA_DIR: app.dataDir } });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const timer = setTimeout(() => child.kill(), 30_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, out, err });
      });
    });
  const added = await run('clients', 'add', '--name', 'Electron CLI Care', '--ods', 'EC001', '--domain', 'ec.example', '--route', 'o365');
  expect(added.code, added.err).toBe(0);
  const listed = await run('clients', 'list', '--json');
  expect(listed.code, listed.err).toBe(0);
  expect(JSON.parse(listed.out)).toEqual(expect.arrayContaining([expect.objectContaining({ odsCode: 'EC001' })]));
  // The window's backend reads the same workspace, and the CLI opened no window of its own.
  expect(await invoke<{ odsCode: string }[]>(app, 'client.list', {})).toMatchObject({
    ok: true,
    value: expect.arrayContaining([expect.objectContaining({ odsCode: 'EC001' })]),
  });
  expect(app.electron.windows().length).toBe(1);
});
