import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createFileLogger } from '../../electron/logging/logger';
import { redact, redactString, registerSecret, registerSecretsIn } from '../../electron/logging/redact';
import { tempDir } from '../support/temp-backend';

// Issue 16, item 5: the redaction battery. Property-based: for many random secrets of each shape, every
// position below goes through the real file logger and the written line must not hold the secret in any
// encoding. The first run of the adversarial test leaked in 15 of 64 cases; here all must hold.

// A small seeded generator (mulberry32): the same cases on every CI run, different secrets per case.
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function token(r: () => number, min: number, max: number, extra = ''): string {
  const chars = ALPHABET + extra;
  const n = min + Math.floor(r() * (max - min));
  let s = '';
  for (let i = 0; i < n; i++) s += chars[Math.floor(r() * chars.length)];
  return s;
}

type Shape = 'refresh token' | 'auth code';
// What refresh tokens and auth codes look like: opaque, dotted, 20–300 characters.
const SHAPES: Record<Shape, (r: () => number) => string> = {
  'refresh token': (r) => `0.A${token(r, 40, 300, '-_')}`,
  'auth code': (r) => `M.C${Math.floor(r() * 900) + 100}_${token(r, 20, 60)}.${token(r, 8, 20, '-_')}`,
};

const b64 = (s: string) => Buffer.from(s).toString('base64');

// 32 positions; each gives a log message and fields.
const POSITIONS: [string, (x: string) => [string, Record<string, unknown>?]][] = [
  ['"token X" without separator', (x) => [`got token ${x}`]],
  ['Bearer "X"', (x) => [`Authorization: Bearer "${x}"`]],
  ['Bearer X', (x) => [`Bearer ${x}`]],
  ['URL path segment', (x) => [`GET https://login.example/callback/${x}/done`]],
  ['URL-encoded nested redirect', (x) => [`redirect=https%3A%2F%2Fapp.example%2Fcb%3Fcode%3D${x}%26state%3D1`]],
  ['double URL-encoded redirect', (x) => [`next=https%253A%252F%252Fapp%252Fcb%253Fcode%253D${encodeURIComponent(encodeURIComponent(x))}`]],
  ['double-escaped JSON', (x) => ['response', { body: JSON.stringify(JSON.stringify({ refresh_token: x })) }]],
  ['MSAL-style "refresh_token X"', (x) => [`[MSAL] refresh_token ${x} cached`]],
  ['key "tokens"', (x) => ['t', { tokens: [x] }]],
  ['key "tokenValue"', (x) => ['t', { tokenValue: x }]],
  ['key "credential"', (x) => ['t', { credential: x }]],
  ['key "auth"', (x) => ['t', { auth: x }]],
  ['key "secretText"', (x) => ['t', { secretText: x }]],
  ['a Buffer', (x) => ['t', { payload: Buffer.from(x) }]],
  ['Authorization header', (x) => ['t', { headers: { Authorization: `Bearer ${x}` } }]],
  ['query access_token', (x) => [`https://app.example/?access_token=${x}&x=1`]],
  ['fragment access_token', (x) => [`https://app.example/#access_token=${x}`]],
  ['form body code=', (x) => [`code=${x}&grant_type=authorization_code`]],
  ['JSON access_token', (x) => [`{"access_token":"${x}","expires_in":3600}`]],
  ['single-quoted refresh_token', (x) => [`{'refresh_token': '${x}'}`]],
  ['YAML refresh_token', (x) => [`refresh_token: ${x}`]],
  ['user:X@ in a URL', (x) => [`--graph-url http://user:${x}@graph.example/v1.0`]],
  ['Basic user:X', (x) => [`Authorization: Basic ${b64(`user:${x}`)}`]],
  ['an Error in fields', (x) => ['failed', { error: new Error(`upstream said ${x}`) }]],
  ['deeply nested value', (x) => ['t', { a: { b: { c: [{ d: `x ${x} y` }] } } }]],
  ['URL-encoded value alone', (x) => [`saw ${encodeURIComponent(x)} in the page`]],
  ['base64 value alone', (x) => [`blob ${b64(x)} end`]],
  ['quoted in a sentence', (x) => [`The server echoed "${x}" back`]],
  ['header x-ms-refresh-token', (x) => [`x-ms-refresh-token: ${x}`]],
  ['"The token is: X."', (x) => [`The token is: ${x}.`]],
  ['client_secret=X', (x) => [`client_secret=${x}`]],
  ['key "Password"', (x) => ['t', { Password: x }]],
];

const dir = tempDir('dcb-redact-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function leaks(text: string, x: string): string[] {
  const forms: [string, string][] = [
    ['raw', x],
    ['URL-encoded', encodeURIComponent(x)],
    ['JSON-escaped', JSON.stringify(x).slice(1, -1)],
    ['base64', b64(x).replace(/=+$/, '')],
  ];
  return forms.filter(([, f]) => text.includes(f)).map(([name]) => name);
}

describe('redaction battery', () => {
  it('leaks nothing: 32 positions × 2 secret shapes × 10 random secrets each, through the real logger', () => {
    const r = rng(1596);
    let total = 0;
    const failures: string[] = [];
    for (const [shapeName, make] of Object.entries(SHAPES)) {
      for (let round = 0; round < 10; round++) {
        const x = make(r);
        // As the app does: a refresh token arrives in MSAL's cache through the secret store, an auth code
        // as a value of its own.
        if (shapeName === 'refresh token')
          registerSecretsIn(JSON.stringify({ RefreshToken: { key: { secret: x, home_account_id: 'h' } } }));
        else registerSecret(x);
        const logFile = join(dir, `${shapeName.replace(' ', '-')}-${round}`);
        const log = createFileLogger(logFile, { level: 'debug' });
        for (const [name, position] of POSITIONS) {
          const [msg, fields] = position(x);
          log.info(msg, fields);
          const lines = readFileSync(join(logFile, 'logs', 'workbench.log'), 'utf8')
            .trim()
            .split('\n');
          const written = lines[lines.length - 1]!;
          total++;
          const found = leaks(written, x);
          if (found.length) failures.push(`${shapeName} in ${name} (${found.join(', ')}): ${written.slice(0, 160)}`);
        }
      }
    }
    console.log(`redaction: ${failures.length}/${total} leaked`);
    expect(failures).toEqual([]);
    expect(total).toBe(640);
  });

  it('structural rules alone catch unregistered secrets under credential-named keys, and Buffers', () => {
    const x = 'unregistered-opaque-value-7f3a9c';
    const out = JSON.stringify(
      redact(
        { tokens: [x], tokenValue: x, credential: x, AUTH: x, secretText: x, clientSecretId: x, password: x, raw: Buffer.from(x) },
        'log',
      ),
    );
    expect(out).not.toContain(x);
    expect(out).toContain('[32 bytes]');
    expect(redact({ tokenCount: 3, authenticated: true }, 'log')).toEqual({ tokenCount: 3, authenticated: true });
  });

  it('keeps configuration words in evidence snapshots, while a reflected token is still removed', () => {
    const x = 'reflected-refresh-token-0.AXoAabcdef123456';
    registerSecret(x);
    const snapshot = {
      AllowSimplePassword: false,
      passwordPolicies: 'DisablePasswordExpiration',
      authenticationMethodsPolicy: { id: 'authenticationMethodsPolicy' },
      licence: 'Basic Mobility and Security',
      description: 'Requires basic mobility security for devices',
      echo: `you sent ${x}`,
    };
    const out = redact(snapshot, 'evidence');
    expect(out).toEqual({ ...snapshot, echo: 'you sent [redacted]' });
    expect(redactString('"AllowSimplePassword":"True"', 'evidence')).toBe('"AllowSimplePassword":"True"');
    expect(redactString('licence: Basic Mobility and Security', 'evidence')).toBe('licence: Basic Mobility and Security');
  });
});
