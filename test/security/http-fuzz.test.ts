import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { request } from 'node:http';
import { CHANNEL_NAMES, contract, ErrorCode, RpcResultSchema } from '../../shared/contract';
import { startWebServer, type WebServer } from '../../electron/web/http-transport';
import { createTestBackend, sampleClientInput, tempDir, type TestBackend } from '../support/temp-backend';
import { createRng, describePayload, HOSTILE_STRINGS, payloadFor, prototypeFingerprint, stateSnapshot } from './fuzz';

// The web-mode transport (`npm run web`, POST /rpc/<channel>, POST /upload, GET /download/<id>) takes the
// same hostile input over HTTP: broken JSON, oversized bodies, odd channel paths and upload names. The
// server must answer every request with a clean status, never fall over, and change nothing it should not.

const TOKEN = 'fuzz-token-0123456789abcdef';
const SEED = Number(process.env.DCB_FUZZ_SEED ?? 0x1596);
const STACK = /\n\s+at |node_modules|\.(?:ts|js|cjs|mjs):\d+/;

let b: TestBackend;
let server: WebServer;
let ids: string[];
const fingerprint = prototypeFingerprint();

beforeAll(async () => {
  b = createTestBackend({ transport: 'web' });
  const rendererDir = tempDir();
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  server = await startWebServer({ backend: b, rendererDir, token: TOKEN });
  const client = await b.call('client.create', sampleClientInput());
  ids = [client.id];
});
afterAll(async () => {
  await server?.close();
  b?.dispose();
});

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function send(
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Reply | 'reset'> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: opts.method ?? 'POST',
        // A fresh connection per request: one refused request must not poison the next.
        agent: false,
        headers: { host: `127.0.0.1:${server.port}`, authorization: `Bearer ${TOKEN}`, ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => resolve('reset'));
      },
    );
    // The server may stop reading an oversized body and answer early; the client then sees a reset.
    req.on('error', (err: NodeJS.ErrnoException) => (['ECONNRESET', 'EPIPE'].includes(err.code ?? '') ? resolve('reset') : reject(err)));
    req.end(opts.body);
  });
}

async function alive() {
  const r = await send('/rpc/client.list', { body: '{}' });
  expect(r).not.toBe('reset');
  expect(JSON.parse((r as Reply).body)).toMatchObject({ ok: true });
}

function expectCleanJson(r: Reply | 'reset', where: string) {
  expect(r, where).not.toBe('reset');
  const reply = r as Reply;
  expect([200, 400], `${where}: status ${reply.status} ${reply.body.slice(0, 200)}`).toContain(reply.status);
  const parsed = RpcResultSchema.safeParse(JSON.parse(reply.body));
  expect(parsed.success, `${where}: ${reply.body.slice(0, 200)}`).toBe(true);
  const result = parsed.data!;
  if (!result.ok) {
    expect(ErrorCode.options).toContain(result.error.code);
    expect(result.error.code, `${where}: ${result.error.message}`).not.toBe('internal');
    expect(result.error.message, where).not.toMatch(STACK);
  }
  return result;
}

describe('HTTP transport fuzz', () => {
  it.each(CHANNEL_NAMES.map((c, i) => [c, i] as const))('POST /rpc/%s with hostile JSON', async (channel, index) => {
    const def = contract[channel];
    const rng = createRng(SEED ^ (index * 104729));
    let before = stateSnapshot(b.services.db, b.dataDir);
    for (let run = 0; run < 15; run++) {
      const where = `${channel} seed=${SEED} case=${run}`;
      let body: string | undefined;
      try {
        body = JSON.stringify(payloadFor(def.input, rng, ids));
      } catch {
        continue; // BigInt and friends cannot be JSON
      }
      if (body === undefined) continue;
      const input = JSON.parse(body) as unknown;
      const accepted = def.input.safeParse(input).success;
      if (accepted && def.kind === 'mutation') continue;
      const result = expectCleanJson(await send(`/rpc/${encodeURIComponent(channel)}`, { body }), where);
      if (!accepted) expect(result, `${where}: ${describePayload(input)}`).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      const after = stateSnapshot(b.services.db, b.dataDir);
      expect(after, where).toEqual(before);
      before = after;
    }
    expect(prototypeFingerprint()).toBe(fingerprint);
  });

  it.each([
    ['truncated', '{"search":'],
    ['not JSON', 'hello'],
    ['a lone quote', '"'],
    ['NaN', 'NaN'],
    ['a NUL byte', '\u0000'],
    ['a byte-order mark', '\ufeff{}'],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
    ['pollution', '{"__proto__":{"dcbPolluted":true}}'],
    ['200k levels of nesting', '['.repeat(200_000) + ']'.repeat(200_000)],
    ['a number too big for a double', '{"limit":1e400}'],
    ['duplicate keys', '{"search":"a","search":"b","includeArchived":"yes"}'],
  ])('answers a body that is %s with a clean 400 or a rejection', async (_what, body) => {
    const before = stateSnapshot(b.services.db, b.dataDir);
    for (const channel of ['client.list', 'client.create', 'settings.update']) {
      const r = await send(`/rpc/${channel}`, { body });
      expect(r).not.toBe('reset');
      const reply = r as Reply;
      expect([200, 400]).toContain(reply.status);
      const parsed = JSON.parse(reply.body);
      expect(RpcResultSchema.safeParse(parsed).success).toBe(true);
      if (channel !== 'client.list') expect(parsed.ok).toBe(false);
      expect(reply.body).not.toMatch(STACK);
    }
    expect(stateSnapshot(b.services.db, b.dataDir)).toEqual(before);
    expect(prototypeFingerprint()).toBe(fingerprint);
    await alive();
  });

  it('refuses a body over the 8 MB limit and keeps serving', async () => {
    const before = stateSnapshot(b.services.db, b.dataDir);
    const huge = JSON.stringify({ search: 'x'.repeat(9 * 1024 * 1024) });
    const r = await send('/rpc/client.list', { body: huge });
    if (r !== 'reset') {
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'invalid-input', message: 'The request is too large.' } });
    }
    expect(stateSnapshot(b.services.db, b.dataDir)).toEqual(before);
    await alive();
  });

  it.each([
    '/rpc/__proto__',
    '/rpc/constructor',
    '/rpc/toString',
    '/rpc/%2e%2e%2fclient.list',
    '/rpc/..%2F..%2Fclient.create',
    '/rpc/client.list%00',
    '/rpc/%E0%A4%A',
    '/rpc/%',
    '/rpc/' + 'x'.repeat(8000),
  ])('answers POST %s as an unknown channel, not a crash', async (path) => {
    const r = await send(path, { body: '{}' });
    expect(r).not.toBe('reset');
    const reply = r as Reply;
    expect(reply.status, reply.body).toBeLessThan(500);
    expect(reply.body).not.toMatch(STACK);
    if (reply.headers['content-type']?.toString().startsWith('application/json')) {
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false });
    }
    await alive();
  });

  it.each(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE'])('refuses %s on /rpc', async (method) => {
    const r = await send('/rpc/client.list', { method, body: '{}' });
    expect(r).not.toBe('reset');
    expect((r as Reply).status).toBe(405);
  });

  it.each([
    '../../evil.txt',
    '..\\..\\evil.txt',
    '/etc/evil.txt',
    'C:\\Windows\\evil.txt',
    '.htaccess',
    '...',
    'a\u0000b.pdf',
    'con',
    'nul.txt',
    '\u202eexe.pdf',
    '%E0%A4%A',
    'x'.repeat(5000) + '.pdf',
    ...HOSTILE_STRINGS.slice(0, 12).map(encodeURIComponent),
  ])('stores an upload named %j inside the transfer store under a safe name', async (rawName) => {
    const transfers = join(b.dataDir, 'transfers');
    const header = /^[\x21-\x7e]*$/.test(rawName) ? rawName : encodeURIComponent(rawName);
    const r = await send('/upload', { body: 'evidence bytes', headers: { 'x-file-name': header } });
    expect(r).not.toBe('reset');
    const reply = r as Reply;
    if (reply.status === 431) return; // header too large for Node's parser: refused before our code runs
    expect(reply.status, reply.body).toBe(200);
    const up = JSON.parse(reply.body) as { ok: boolean; value: { uploadId: string; fileName: string; size: number } };
    expect(up.ok).toBe(true);
    expect(up.value.size).toBe(14);
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must not survive
    expect(up.value.fileName).not.toMatch(/[\\/\u0000-\u001f]/);
    expect(up.value.fileName).not.toMatch(/^\./);
    expect(up.value.fileName.length).toBeLessThanOrEqual(200);
    const stored = b.services.transfers.upload(up.value.uploadId);
    expect(dirname(dirname(stored.path))).toBe(transfers);
    expect(stored.path.endsWith(up.value.uploadId)).toBe(true);
    for (const escaped of ['evil.txt', join('..', 'evil.txt')]) {
      expect(existsSync(join(b.dataDir, escaped))).toBe(false);
      expect(existsSync(join(dirname(b.dataDir), escaped))).toBe(false);
    }
  });

  it.each([
    '/download/../../workspace.sqlite',
    '/download/%2e%2e%2fworkspace.sqlite',
    '/download/..%2F..%2Flogs%2Fworkbench.log',
    '/download/00000000-0000-4000-8000-000000000000',
    '/download/' + 'a'.repeat(4000),
    '/download/%',
  ])('serves nothing for GET %s', async (path) => {
    const r = await send(path, { method: 'GET' });
    expect(r).not.toBe('reset');
    const reply = r as Reply;
    expect([400, 404]).toContain(reply.status);
    expect(reply.body).not.toContain('SQLite format');
    expect(reply.body).not.toMatch(STACK);
  });

  it('never lets a request create files outside the data directory', async () => {
    const outside = join(dirname(b.dataDir), `dcb-fuzz-canary-${process.pid}`);
    mkdirSync(outside, { recursive: true });
    const before = readdirSync(outside);
    await send('/upload', { body: 'x', headers: { 'x-file-name': encodeURIComponent(`../${outside.split(/[\\/]/).pop()}/owned.txt`) } });
    expect(readdirSync(outside)).toEqual(before);
  });
});
