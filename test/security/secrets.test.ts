import { afterEach, describe, expect, it } from 'vitest';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, deflateSync } from 'node:zlib';
import Database from 'better-sqlite3';
import yazl from 'yazl';
import { CHANNEL_NAMES, contract } from '../../shared/contract';
import type { Channel, InputOf, OutputOf, RpcResult } from '../../shared/contract';
import { createFileLogger } from '../../electron/logging/logger';
import { EncryptedFileSecretStore, type SecretCipher } from '../../electron/secrets/encrypted-file-secret-store';
import { createTestBackend, sampleClientInput, tempDir, type TestBackend } from '../support/temp-backend';
import type { ProbeRouting } from '../../electron/backend/ports';
import { scanForSecret, secretNeedles } from '../support/secret-scan';
import { TEST_PASSPHRASE, testPki } from '../fixtures/pki';
import { startFakeM365 } from '../fixtures/m365/fake-m365';
import { FIXTURE_TENANTS } from '../fixtures/m365/tenants';
import { TEST_DETAILS, prepareAssessment, signOff } from '../support/statement-fixture';
import { Readable } from 'node:stream';

// Tokens and P12 passphrases must never be written in plaintext, logged, or returned to a renderer.
// scanForSecret() walks a whole data directory (logs, the SQLite files, evidence, ZIP bundles, PDFs) for a
// secret in any encoding; the scenarios below run real code paths with a fake secret and assert it is
// nowhere to be found — on disk, in any RPC answer, or in any pushed event.
//
// Tenant-probe and export work: add your end-to-end run to SCENARIOS (sign in with the fake token, probe,
// export a bundle); the same checks then cover it.

const dirs: string[] = [];
const backends: TestBackend[] = [];
afterEach(() => {
  backends.splice(0).forEach((b) => b.dispose());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});
const freshDir = () => {
  const d = tempDir('dcb-secrets-');
  dirs.push(d);
  return d;
};

// Stands in for the OS keystore behind Electron's safeStorage (DPAPI, Keychain, libsecret): AES-256-GCM
// with a key that never touches the disk.
function fakeKeychainCipher(): SecretCipher {
  const key = randomBytes(32);
  return {
    async encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    async decrypt(cipher) {
      const buf = Buffer.from(cipher);
      const d = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

// What a careless "fallback" would do. Used only to prove the scan finds a leak when there is one.
const plaintextCipher: SecretCipher = {
  encrypt: async (plain) => Buffer.from(plain, 'utf8'),
  decrypt: async (cipher) => Buffer.from(cipher).toString('utf8'),
};

const fakeToken = () => `fake-refresh-token-${randomBytes(12).toString('hex')}`;
const fakeJwt = () =>
  [{ alg: 'RS256', typ: 'JWT' }, { aud: 'https://graph.microsoft.com', n: randomBytes(6).toString('hex') }, 'sig']
    .map((p) => Buffer.from(typeof p === 'string' ? p : JSON.stringify(p)).toString('base64url'))
    .join('.');

describe('scanForSecret finds a secret wherever it is written', () => {
  it.each([
    ['plain text in a log', (d: string, s: string) => writeFileSync(join(d, 'logs.txt'), `line one\nAuthorization: Bearer ${s}\n`), 'utf8'],
    ['UTF-16 text', (d: string, s: string) => writeFileSync(join(d, 'win.txt'), Buffer.from(`x${s}x`, 'utf16le')), 'utf16le'],
    [
      'base64 inside JSON',
      (d: string, s: string) =>
        writeFileSync(join(d, 'cache.json'), JSON.stringify({ blob: Buffer.from(`{"rt":"${s}"}`).toString('base64') })),
      'base64',
    ],
    ['hex', (d: string, s: string) => writeFileSync(join(d, 'dump.hex'), Buffer.from(s).toString('hex')), 'hex'],
    ['URL-encoded', (d: string, s: string) => writeFileSync(join(d, 'url.txt'), `?t=${encodeURIComponent(`${s}/+=`)}`), 'utf8'],
    ['gzip', (d: string, s: string) => writeFileSync(join(d, 'old.log.gz'), gzipSync(`token ${s}`)), 'utf8'],
    [
      'a deflated PDF stream',
      (d: string, s: string) => {
        const stream = deflateSync(`BT /F1 12 Tf (${s}) Tj ET`);
        writeFileSync(
          join(d, 'statement.pdf'),
          Buffer.concat([
            Buffer.from('%PDF-1.7\n1 0 obj\n<< /Filter /FlateDecode >>\nstream\n'),
            stream,
            Buffer.from('\nendstream\nendobj\n%%EOF'),
          ]),
        );
      },
      'utf8',
    ],
    [
      'a row in SQLite',
      (d: string, s: string) => {
        const db = new Database(join(d, 'x.sqlite'));
        db.exec('CREATE TABLE t (v TEXT)');
        db.prepare('INSERT INTO t VALUES (?)').run(`{"secret":"${s}"}`);
        db.close();
      },
      'utf8',
    ],
  ] as const)('in %s', async (_what, write, encoding) => {
    const dir = freshDir();
    mkdirSync(join(dir, 'nested', 'deeper'), { recursive: true });
    const secret = fakeToken();
    write(join(dir, 'nested', 'deeper'), secret);
    const hits = await scanForSecret(dir, secret);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.map((h) => h.encoding).join()).toContain(encoding);
    expect(hits[0]!.file.startsWith('nested/deeper/')).toBe(true);
  });

  it('inside a deflated ZIP entry, and inside a ZIP inside a ZIP', async () => {
    const dir = freshDir();
    const secret = fakeToken();
    const zipOf = (name: string, content: Buffer) =>
      new Promise<Buffer>((resolve) => {
        const z = new yazl.ZipFile();
        z.addBuffer(content, name, { compress: true });
        z.end();
        const chunks: Buffer[] = [];
        z.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
      });
    const inner = await zipOf('audit/log.jsonl', Buffer.from(`{"token":"${secret}"}`.repeat(20)));
    writeFileSync(join(dir, 'bundle.zip'), await zipOf('nested/inner.zip', inner));
    const hits = await scanForSecret(dir, secret);
    expect(hits.map((h) => h.file)).toContain('bundle.zip!nested/inner.zip!audit/log.jsonl');
  });

  it('reports nothing for a directory without the secret, and refuses secrets too short to mean anything', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'a.txt'), 'nothing to see');
    expect(await scanForSecret(dir, fakeToken())).toEqual([]);
    await expect(scanForSecret(dir, 'short')).rejects.toThrow(/at least 8/);
    expect(secretNeedles('abcdefgh-1234').map((n) => n.encoding)).toEqual(
      expect.arrayContaining(['utf8', 'utf16le', 'hex', 'base64+0', 'base64+1', 'base64+2']),
    );
  });
});

describe('secrets at rest', () => {
  it('EncryptedFileSecretStore never writes a token or P12 passphrase in plaintext', async () => {
    const dir = freshDir();
    const store = new EncryptedFileSecretStore(join(dir, 'secrets'), fakeKeychainCipher(), 'test keychain');
    const token = fakeToken();
    const passphrase = `p12-passphrase-${randomBytes(8).toString('hex')}`;
    await store.set('msal-cache.contoso', JSON.stringify({ RefreshToken: { x: { secret: token } } }));
    await store.set('signing.p12-passphrase', passphrase);
    expect(readdirSync(join(dir, 'secrets')).sort()).toEqual(['msal-cache.contoso.bin', 'signing.p12-passphrase.bin']);
    expect(await scanForSecret(dir, token)).toEqual([]);
    expect(await scanForSecret(dir, passphrase)).toEqual([]);
    expect(await store.get('signing.p12-passphrase')).toBe(passphrase);
    await store.delete('signing.p12-passphrase');
    expect(await store.get('signing.p12-passphrase')).toBeNull();
  });

  it('(control) the same scan catches a store that writes plaintext', async () => {
    const dir = freshDir();
    const store = new EncryptedFileSecretStore(join(dir, 'secrets'), plaintextCipher, 'plaintext');
    const token = fakeToken();
    await store.set('msal-cache.contoso', token);
    expect(await scanForSecret(dir, token)).toEqual([{ file: 'secrets/msal-cache.contoso.bin', encoding: 'utf8', offset: 0 }]);
  });

  it.each(['../escape', '..\\escape', '/etc/passwd', 'a/b', '', '.hidden', 'x'.repeat(200)])('refuses the secret key %j', async (key) => {
    const dir = freshDir();
    const store = new EncryptedFileSecretStore(join(dir, 'secrets'), fakeKeychainCipher(), 'test');
    await expect(store.set(key, 'v')).rejects.toThrow(/Invalid secret key/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('secrets in logs', () => {
  it.each([
    [
      'a request logged with a Bearer token',
      (log: ReturnType<typeof createFileLogger>, s: string) =>
        log.info('graph request', {
          method: 'GET',
          url: 'https://graph.microsoft.com/v1.0/domains',
          headers: { Authorization: `Bearer ${s}` },
        }),
    ],
    [
      'a token endpoint body',
      (log: ReturnType<typeof createFileLogger>, s: string) =>
        log.debug('token request', { body: `grant_type=refresh_token&refresh_token=${s}&client_id=abc` }),
    ],
    [
      'a token response',
      (log: ReturnType<typeof createFileLogger>, s: string) =>
        log.debug('token response', { body: JSON.stringify({ access_token: s, refresh_token: s, expires_in: 3599 }) }),
    ],
    [
      'an error message carrying the token',
      (log: ReturnType<typeof createFileLogger>, s: string) =>
        log.error(`request failed: Authorization: Bearer ${s}`, { error: new Error(`401 for token=${s}`) }),
    ],
    [
      'a redirect with an auth code',
      (log: ReturnType<typeof createFileLogger>, s: string) => log.info('redirect', { url: `http://localhost:53682/?code=${s}&state=x` }),
    ],
    [
      'a P12 passphrase field',
      (log: ReturnType<typeof createFileLogger>, s: string) => log.info('signing', { p12Passphrase: s, certificate: 'ICT lead' }),
    ],
    [
      'a client secret',
      (log: ReturnType<typeof createFileLogger>, s: string) =>
        log.warn('app registration', { clientSecret: s, note: `client_secret=${s}` }),
    ],
  ])('%s is redacted', async (_what, write) => {
    const dir = freshDir();
    const log = createFileLogger(dir, { level: 'debug' });
    const secret = fakeToken();
    write(log, secret);
    const jwt = fakeJwt();
    log.info(`assertion ${jwt} refused`);
    expect(await scanForSecret(dir, secret)).toEqual([]);
    expect(await scanForSecret(dir, jwt)).toEqual([]);
    expect(readdirSync(join(dir, 'logs'))).toEqual(['workbench.log']);
  });
});

// ---- End-to-end scenarios through the real backend --------------------------------------------------

interface ScenarioContext {
  backend: TestBackend;
  // The host's probe routing the backend was built with (pointed at a fake by the scenario).
  routing: ProbeRouting;
  secret: string;
  // Calls through the same recorder as a renderer's calls: use it rather than backend.call().
  call<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>>;
}
interface SecretScenario {
  name: string;
  // A scenario whose secret is fixed by its fixtures (a test certificate's passphrase) names it.
  secret?: string;
  run(ctx: ScenarioContext): Promise<void>;
}

const SCENARIOS: SecretScenario[] = [
  {
    name: 'a sign-in token cache stored through the SecretStore while the workspace is used',
    async run({ backend, secret, call }) {
      await backend.services.secrets.set(
        'msal-cache.meadowbank',
        JSON.stringify({ RefreshToken: { k: { secret } }, AccessToken: { k: { secret } } }),
      );
      await call('client.create', sampleClientInput());
      backend.services.log.info('signed in', { account: 'admin@meadowbank.onmicrosoft.com', authorization: `Bearer ${secret}` });
      await call('settings.update', { ...(await call('settings.get', {})), displayName: 'Alex Consultant' });
    },
  },
  {
    name: 'a sealed export: the P12 passphrase, a wrong attempt first, then the bundle, its verification and email',
    secret: TEST_PASSPHRASE,
    async run({ backend, secret, call }) {
      const p = await prepareAssessment(backend);
      await call('statement.saveDetails', { assessmentId: p.assessmentId, details: TEST_DETAILS });
      await signOff(backend, p.assessmentId);
      const upload = async () =>
        (await backend.services.transfers.receive(Readable.from([Buffer.from(testPki().valid.p12)]), 'consultant.p12')).uploadId;
      const wrong = await backend.dispatch(
        'bundle.export',
        { assessmentId: p.assessmentId, seal: { p12UploadId: await upload(), passphrase: `${secret}!` } },
        { transport: 'electron' },
      );
      expect(wrong.ok).toBe(false);
      const bundle = await call('bundle.export', {
        assessmentId: p.assessmentId,
        seal: { p12UploadId: await upload(), passphrase: secret },
      });
      expect(bundle.sealed).toBe(true);
      expect((await call('bundle.verify', { bundleId: bundle.id })).ok).toBe(true);
      await call('bundle.submissionEmail', { bundleId: bundle.id });
      await call('statement.preview', { assessmentId: p.assessmentId });
    },
  },
  {
    name: 'a full tenant probe (Graph and Exchange) with the token, its evidence read back and the snapshot downloaded',
    async run({ backend, routing, secret, call }) {
      const tenant = FIXTURE_TENANTS.e3Compliant({ now: backend.clock.now() });
      const server = await startFakeM365({ tenant, token: secret });
      try {
        routing.tenant = {
          suppliedToken: {
            token: secret,
            graphBaseUrl: server.graphUrl,
            exchangeBaseUrl: server.exchangeUrl,
            sleep: async () => {},
            retry: { maxAttempts: 2, maxSingleWaitMs: 1000, maxTotalWaitMs: 1000, baseBackoffMs: 1 },
          },
        };
        const client = await call('client.create', sampleClientInput({ tenant: tenant.initialDomain }));
        const { run } = await call('tenant.probe.run', { clientId: client.id, exchange: 'rest', operationId: 'secret-probe-01' });
        // The probe really used the token: the fake tenant answers nothing without it.
        // Every check the E3 licence allows passes (the rest say which licence they need, and E3's audit
        // retention is a warning): none failed for want of access.
        const pass = run.findings.filter((f) => f.status === 'pass').length;
        expect(pass).toBeGreaterThan(20);
        expect(
          run.findings
            .filter((f) => f.status !== 'pass' && !(f.status === 'not-assessable' && /^Not licensed/.test(f.summary ?? '')))
            .map((f) => f.check),
        ).toEqual(['audit.retention']);
        const ev = await call('tenant.evidence', { runId: run.id });
        expect(ev.exchanges.length).toBeGreaterThan(5);
        for (const x of ev.exchanges) await call('tenant.evidence.body', { runId: run.id, seq: x.seq });
        await call('tenant.snapshot.download', { runId: run.id });
        await call('tenant.reevaluate', { runId: run.id });
      } finally {
        await server.close();
      }
    },
  },
  {
    name: 'a signing passphrase kept for the statement',
    async run({ backend, secret }) {
      await backend.services.secrets.set('signing.p12-passphrase', secret);
      backend.services.log.info('signing key unlocked', { passphrase: secret, subject: 'CN=Alex Consultant' });
    },
  },
];

describe('secrets never reach disk, logs or a renderer', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    // Secrets live in the data directory, as in the app, encrypted by the (fake) OS keychain.
    const dataDir = freshDir();
    const routing: ProbeRouting = {};
    const backend = createTestBackend(
      { secrets: new EncryptedFileSecretStore(join(dataDir, 'secrets'), fakeKeychainCipher(), 'test keychain'), probeRouting: routing },
      dataDir,
    );
    backends.push(backend);
    const secret = scenario.secret ?? fakeToken();

    // Everything a renderer could receive: answers to every call and every pushed event.
    const seen: unknown[] = [];
    const off = backend.events.on((name, payload) => seen.push({ name, payload }));
    const dispatch = async (channel: string, input: unknown) => {
      const r: RpcResult = await backend.dispatch(channel, input, { transport: 'electron' });
      seen.push(r);
      return r;
    };
    const call = async <C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> => {
      const r = await dispatch(channel, input);
      if (!r.ok) throw new Error(`${channel} failed: ${r.error.message}`);
      return r.value as OutputOf<C>;
    };

    await scenario.run({ backend, routing, secret, call });
    // Then read back everything a renderer can ask for without arguments.
    for (const channel of CHANNEL_NAMES) {
      if (contract[channel].kind === 'query' && contract[channel].input.safeParse({}).success) await dispatch(channel, {});
    }
    off();

    // The scenario really ran: calls were answered and the log was written.
    expect(seen.length).toBeGreaterThan(0);
    expect(readFileSync(join(dataDir, 'logs', 'workbench.log'), 'utf8').length).toBeGreaterThan(0);
    const rendererView = JSON.stringify(seen);
    for (const n of secretNeedles(secret))
      expect(rendererView, `renderer saw the secret (${n.encoding})`).not.toContain(n.bytes.toString('latin1'));
    expect(await scanForSecret(backend.dataDir, secret)).toEqual([]);
  });
});
