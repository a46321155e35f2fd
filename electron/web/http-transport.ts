import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { registerSecret } from '../logging/redact';
import { createReadStream } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Backend } from '../backend/create-backend';
import { AppError } from '../backend/app-error';
import { COMMON_HEADERS, RENDERER_CSP } from './security-headers';
import { openStatic, resolveStaticFile } from './static-files';

// Web mode: the same backend behind HTTP, for browsers where Electron is not installed.
//   POST /rpc/<channel>   JSON in, RpcResult out
//   GET  /rpc/events      server-sent events (pushes)
//   POST /upload          raw file body → { uploadId }
//   GET  /download/<id>   a file the backend produced
// Bound to 127.0.0.1 only. Every request must carry this launch's random token (a cookie set by the
// printed link, or an Authorization header) and a loopback Host header (a DNS-rebinding defence).

export interface WebServerOptions {
  backend: Backend;
  rendererDir: string;
  port?: number;
  token?: string;
  // The Playwright transport serves only the renderer and talks to the backend through a binding.
  rpc?: boolean;
}

export interface WebServer {
  readonly url: string;
  readonly launchUrl: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const COOKIE = 'dcb_session';
const MAX_JSON = 8 * 1024 * 1024;

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  registerSecret(token);
  const rpc = opts.rpc ?? true;
  const sse = new Set<ServerResponse>();
  let port = 0;

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'internal', message: 'Request failed.' } });
      else res.destroy();
      // The path only: the launch link's query string carries the session token.
      opts.backend.host.log.error('web request failed', { path: (req.url ?? '').split('?')[0], error: String(err) });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    for (const [k, v] of Object.entries(COMMON_HEADERS)) res.setHeader(k, v);
    // Node keeps the first of several Host headers; a request carrying two is ambiguous, so it is refused.
    const hosts = req.rawHeaders.filter((_, i) => i % 2 === 0 && req.rawHeaders[i]!.toLowerCase() === 'host').length;
    if (hosts !== 1) return text(res, 400, 'The request must carry exactly one Host header.');
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      return text(res, 421, 'This server only answers on its loopback address.');
    }
    // Only origin-form targets ("/path?query"): an absolute or malformed target is the client's mistake (400).
    let url: URL;
    try {
      if (!req.url?.startsWith('/') || req.url.startsWith('//')) throw new Error('not origin-form');
      url = new URL(req.url, `http://${host}`);
      decodeURIComponent(url.pathname);
    } catch {
      return text(res, 400, 'Malformed request target.');
    }

    if (rpc) {
      const t = url.searchParams.get('t');
      if (req.method === 'GET' && url.pathname === '/' && t !== null) {
        if (!sameSecret(t, token))
          return text(res, 401, 'This link is not valid for this session. Use the link printed when the server started.');
        res.setHeader('Set-Cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
        res.writeHead(303, { Location: '/' });
        return res.end();
      }
      if (!authorised(req)) {
        return text(
          res,
          401,
          "Open DCB1596 Workbench with the link printed in the terminal when `npm run web` started (it carries this session's key).",
        );
      }
      if (req.method === 'POST') {
        const origin = req.headers.origin;
        if (origin && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`)
          return text(res, 403, 'Cross-origin requests are refused.');
      }
      if (url.pathname.startsWith('/rpc/')) {
        if (url.pathname === '/rpc/events' && req.method === 'GET') return events(req, res);
        if (req.method !== 'POST') return text(res, 405, 'Use POST.');
        let channel: string;
        try {
          channel = decodeURIComponent(url.pathname.slice('/rpc/'.length));
        } catch {
          return send(res, 400, { ok: false, error: { code: 'unknown-channel', message: 'Unknown channel.' } });
        }
        let input: unknown;
        try {
          input = JSON.parse((await readBody(req, MAX_JSON)).toString('utf8') || '{}');
        } catch (err) {
          const message = err instanceof AppError ? err.message : 'The request body is not valid JSON.';
          return send(res, 400, { ok: false, error: { code: 'invalid-input', message } });
        }
        return send(res, 200, await opts.backend.dispatch(channel, input, { transport: 'web' }));
      }
      if (url.pathname === '/upload' && req.method === 'POST') {
        const name = decodeHeader(req.headers['x-file-name']);
        try {
          const info = await opts.backend.host.receive(req, name);
          return send(res, 200, { ok: true, value: info });
        } catch (err) {
          const message = err instanceof AppError ? err.message : 'The upload failed.';
          return send(res, 400, { ok: false, error: { code: 'invalid-input', message } });
        }
      }
      if (url.pathname.startsWith('/download/') && (req.method === 'GET' || req.method === 'HEAD')) {
        try {
          const d = opts.backend.host.download(url.pathname.slice('/download/'.length));
          res.writeHead(200, {
            'Content-Type': d.mimeType,
            'Content-Length': d.size,
            'Content-Disposition': `attachment; filename="${d.fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(d.fileName)}`,
            'Cache-Control': 'no-store',
          });
          if (req.method === 'HEAD') return void res.end();
          return void createReadStream(d.path).pipe(res);
        } catch {
          return text(res, 404, 'That file is no longer available. Export it again.');
        }
      }
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'Method not allowed.');
    const file = resolveStaticFile(opts.rendererDir, url.pathname);
    if (!file) return text(res, 404, 'Not found.');
    res.writeHead(200, {
      'Content-Type': file.contentType,
      'Content-Length': file.size,
      'Content-Security-Policy': RENDERER_CSP,
      'Cache-Control': file.contentType.startsWith('text/html') ? 'no-store' : 'max-age=3600',
    });
    if (req.method === 'HEAD') return res.end();
    openStatic(file).pipe(res);
  }

  function authorised(req: IncomingMessage): boolean {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ') && sameSecret(auth.slice(7), token)) return true;
    const cookie = (req.headers.cookie ?? '')
      .split(';')
      .map((c) => c.trim())
      .find((c) => c.startsWith(`${COOKIE}=`));
    return cookie !== undefined && sameSecret(cookie.slice(COOKIE.length + 1), token);
  }

  function events(req: IncomingMessage, res: ServerResponse) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    sse.add(res);
    const heartbeat = setInterval(() => res.write(': ping\n\n'), 25_000);
    const off = opts.backend.events.on((name, payload) => res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`));
    req.on('close', () => {
      clearInterval(heartbeat);
      off();
      sse.delete(res);
    });
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    launchUrl: rpc ? `${url}?t=${token}` : url,
    port,
    token,
    close: () =>
      new Promise<void>((done) => {
        for (const r of sse) r.end();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function decodeHeader(v: string | string[] | undefined): string {
  const raw = Array.isArray(v) ? v[0] : v;
  if (!raw) return 'upload';
  try {
    return decodeURIComponent(raw);
  } catch {
    return 'upload';
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new AppError('invalid-input', 'The request is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(json),
  });
  res.end(json);
}

function text(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
}
