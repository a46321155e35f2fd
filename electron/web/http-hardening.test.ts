import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createTestBackend, tempDir, type TestBackend } from '../../test/support/temp-backend';
import { startWebServer, type WebServer } from './http-transport';

// Issue 16, item 6 (web transport): a malformed request target answered 500, a duplicate Host header was
// accepted (first wins), and HEAD /download/<id> returned index.html. Raw sockets, so nothing between the
// test and the server tidies the request up.

let backend: TestBackend;
let server: WebServer;
const TOKEN = 'test-token-0123456789';

beforeEach(async () => {
  backend = createTestBackend({ transport: 'web' });
  const rendererDir = tempDir();
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  server = await startWebServer({ backend, rendererDir, token: TOKEN });
});
afterEach(async () => {
  await server.close();
  backend.dispose();
});

function raw(request: string): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const s = connect(server.port, '127.0.0.1');
    let data = '';
    s.on('data', (c) => (data += c.toString('latin1')));
    s.on('end', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), head, body });
    });
    s.on('error', reject);
    s.write(request);
  });
}

const host = () => `Host: 127.0.0.1:${server.port}\r\n`;
const auth = `Authorization: Bearer ${TOKEN}\r\n`;

describe('web transport hardening', () => {
  it.each(['http://[', 'http://[::1', '//%%%', 'rpc/client.list'])('answers 400 to the malformed request target %s', async (target) => {
    const r = await raw(`POST ${target} HTTP/1.1\r\n${host()}${auth}Content-Length: 2\r\nConnection: close\r\n\r\n{}`);
    expect(r.status).toBe(400);
  });

  it('refuses a request with two Host headers', async () => {
    const r = await raw(
      `POST /rpc/client.list HTTP/1.1\r\n${host()}Host: evil.example\r\n${auth}Content-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    expect(r.status).toBe(400);
    expect(r.body).not.toContain('"ok":true');
  });

  it('HEAD /download/<id> mirrors GET: same status and headers, no body, never index.html', async () => {
    const file = join(tempDir(), 'report.pdf');
    writeFileSync(file, '%PDF-1.7 test');
    const d = backend.services.transfers.registerDownload(file, 'report.pdf', 'application/pdf');
    const get = await raw(`GET /download/${d.downloadId} HTTP/1.1\r\n${host()}${auth}Connection: close\r\n\r\n`);
    const head = await raw(`HEAD /download/${d.downloadId} HTTP/1.1\r\n${host()}${auth}Connection: close\r\n\r\n`);
    expect(get.status).toBe(200);
    expect(head.status).toBe(200);
    expect(head.head).toMatch(/Content-Type: application\/pdf/i);
    expect(head.head).toMatch(/Content-Length: 13/i);
    expect(head.body).toBe('');
    const missing = await raw(`HEAD /download/00000000-0000-4000-8000-000000000000 HTTP/1.1\r\n${host()}${auth}Connection: close\r\n\r\n`);
    expect(missing.status).toBe(404);
  });
});
