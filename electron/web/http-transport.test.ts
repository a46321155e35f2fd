import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { createTestBackend, sampleClientInput, tempDir, type TestBackend } from '../../test/support/temp-backend';
import { startWebServer, type WebServer } from './http-transport';

let backend: TestBackend;
let server: WebServer;
let rendererDir: string;

beforeEach(async () => {
  backend = createTestBackend({ transport: 'web' });
  rendererDir = tempDir();
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(backend.dataDir, 'secret.txt'), 'do not serve');
  server = await startWebServer({ backend, rendererDir, token: 'test-token-0123456789' });
});
afterEach(async () => {
  await server.close();
  backend.dispose();
});

// Raw node:http so we control the Host header (fetch refuses to set it).
function call(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: opts.method ?? 'GET',
        headers: { host: `127.0.0.1:${server.port}`, ...opts.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
const auth = { authorization: 'Bearer test-token-0123456789' };

describe('web transport', () => {
  it('binds to loopback and prints a launch link carrying the token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.launchUrl).toBe(`${server.url}?t=test-token-0123456789`);
  });

  it('refuses requests without the token', async () => {
    expect((await call('/')).status).toBe(401);
    expect((await call('/rpc/client.list', { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await call('/rpc/client.list', { method: 'POST', body: '{}', headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect(await backend.call('client.list', {})).toEqual([]);
  });

  it('refuses a non-loopback Host header (DNS rebinding)', async () => {
    const r = await call('/rpc/client.list', { method: 'POST', body: '{}', headers: { ...auth, host: 'evil.example:80' } });
    expect(r.status).toBe(421);
  });

  it('refuses cross-origin POSTs', async () => {
    const r = await call('/rpc/client.create', {
      method: 'POST',
      body: JSON.stringify(sampleClientInput()),
      headers: { ...auth, origin: 'http://evil.example' },
    });
    expect(r.status).toBe(403);
    expect(await backend.call('client.list', {})).toEqual([]);
  });

  it('exchanges the launch link for an HttpOnly, SameSite cookie', async () => {
    const r = await call('/?t=test-token-0123456789');
    expect(r.status).toBe(303);
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(/dcb_session=test-token-0123456789; HttpOnly; SameSite=Strict/);
    const page = await call('/', { headers: { cookie: 'dcb_session=test-token-0123456789' } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('dispatches RPC through the contract', async () => {
    const created = await call('/rpc/client.create', { method: 'POST', body: JSON.stringify(sampleClientInput()), headers: auth });
    expect(JSON.parse(created.body)).toMatchObject({ ok: true, value: { odsCode: 'VN3K7' } });
    const bad = await call('/rpc/client.create', { method: 'POST', body: '{"legalName":1}', headers: auth });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const notJson = await call('/rpc/client.list', { method: 'POST', body: '{nope', headers: auth });
    expect(notJson.status).toBe(400);
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt'])(
    'does not serve %s outside the renderer',
    async (path) => {
      const r = await call(path, { headers: auth });
      expect(r.body).not.toContain('do not serve');
    },
  );

  it('streams uploads into the transfer store and serves registered downloads', async () => {
    const up = JSON.parse(
      (
        await call('/upload', {
          method: 'POST',
          body: 'hello evidence',
          headers: { ...auth, 'x-file-name': encodeURIComponent('../../policy.pdf') },
        })
      ).body,
    );
    expect(up).toMatchObject({ ok: true, value: { fileName: 'policy.pdf', size: 14 } });
    const stored = backend.services.transfers.upload(up.value.uploadId);
    const d = backend.services.transfers.registerDownload(stored.path, 'report.txt', 'text/plain');
    const dl = await call(`/download/${d.downloadId}`, { headers: auth });
    expect(dl.body).toBe('hello evidence');
    expect(dl.headers['content-disposition']).toContain('report.txt');
    expect((await call('/download/not-an-id', { headers: auth })).status).toBe(404);
  });
});
