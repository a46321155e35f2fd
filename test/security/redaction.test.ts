import { describe, expect, it } from 'vitest';
import { isSecretKey, redact, redactString } from '../../electron/logging/redact';

// What the log redaction must catch, by the shapes secrets actually take in this app: OAuth tokens from
// MSAL and Graph (headers, JSON, form bodies, URL fragments), client secrets for customer app registrations,
// P12 passphrases for statement signing, and JWTs wherever they end up. Each row names the secret that must
// disappear and a piece of context that must survive (so "redact everything" cannot pass).

const SECRET = 'Zq9x-secret-VALUE-1234567';
const JWT = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ.c2lnbmF0dXJlLWJ5dGVz';

const STRINGS: [string, string, string][] = [
  // [case, text, context that must remain]
  ['Authorization header', `Authorization: Bearer ${SECRET}`, 'Authorization'],
  ['lower-case bearer', `authorization: bearer ${SECRET}`, 'authorization'],
  ['bearer inside JSON', `{"headers":{"Authorization":"Bearer ${SECRET}"},"status":401}`, '"status":401'],
  ['Basic credentials', `Authorization: Basic ${Buffer.from(`user:${SECRET}`).toString('base64')}`, 'Authorization'],
  ['client_secret in a form body', `client_id=abc&client_secret=${SECRET}&grant_type=client_credentials`, 'client_id=abc'],
  ['form body starting with client_secret', `client_secret=${SECRET}&scope=https%3A%2F%2Fgraph`, 'scope='],
  ['client_secret in JSON', `{"client_secret":"${SECRET}","tenant":"contoso"}`, '"tenant":"contoso"'],
  ['clientSecret camelCase JSON', `{"clientSecret":"${SECRET}"}`, 'clientSecret'],
  ['client secret as YAML-ish text', `client_secret: ${SECRET}`, 'client_secret'],
  ['refresh_token in a token response', `{"token_type":"Bearer","refresh_token":"${SECRET}","expires_in":3599}`, '"expires_in":3599'],
  ['refresh_token in a form body', `grant_type=refresh_token&refresh_token=${SECRET}`, 'grant_type=refresh_token'],
  ['refreshToken camelCase', `{"refreshToken":"${SECRET}"}`, 'refreshToken'],
  ['MSAL cache entry', `{"RefreshToken":{"uid.utid-login.microsoftonline.com-refreshtoken-1--":{"secret":"${SECRET}"}}}`, 'RefreshToken'],
  ['access_token in a URL fragment', `https://localhost/cb#access_token=${SECRET}&state=xyz`, 'state=xyz'],
  ['authorisation code in a redirect', `http://localhost:53682/?code=${SECRET}&state=abc`, 'state=abc'],
  ['code_verifier (PKCE)', `code_verifier=${SECRET}&code=x`, 'code_verifier='],
  ['JWT in a query string', `https://graph.example/x?token=${JWT}&y=1`, 'y=1'],
  ['JWT id_token_hint', `https://login.example/logout?id_token_hint=${JWT}`, 'id_token_hint='],
  ['JWT in free text', `token ${JWT} was rejected`, 'was rejected'],
  ['client_assertion', `client_assertion_type=jwt-bearer&client_assertion=${SECRET}`, 'client_assertion_type'],
  ['password in a URL', `https://svc:${SECRET}@proxy.example:8080/`, 'proxy.example'],
  ['P12 passphrase in JSON', `{"p12Passphrase":"${SECRET}","file":"signing.p12"}`, 'signing.p12'],
  ['passphrase in a form body', `passphrase=${SECRET}`, 'passphrase='],
  ['password key', `{"password":"${SECRET}"}`, 'password'],
  ['cookie header', `Cookie: dcb_session=${SECRET}; theme=dark`, 'Cookie'],
  ['API key header', `x-api-key: ${SECRET}`, 'x-api-key'],
];

describe('redactString', () => {
  it.each(STRINGS)('removes the secret: %s', (_name, text, context) => {
    const out = redactString(text);
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain(JWT);
    expect(out).toContain(context);
  });

  it.each([
    'DMARC policy is quarantine (p=quarantine; pct=100)',
    'spf=pass smtp.mailfrom=meadowbank-care.co.uk',
    '{"code":"invalid-input","message":"Expected an ID"}',
    'Checked 12 requirements; 3 tokens of evidence',
    'https://learn.microsoft.com/en-us/graph/api/resources/user?view=graph-rest-1.0',
  ])('leaves ordinary text alone: %s', (text) => {
    expect(redactString(text)).toBe(text);
  });
});

describe('redact (structured log fields)', () => {
  it.each([
    'accessToken',
    'refresh_token',
    'idToken',
    'client_secret',
    'clientSecret',
    'password',
    'passphrase',
    'p12Passphrase',
    'signingPassphrase',
    'graphAccessToken',
    'sessionToken',
    'apiKey',
    'x-api-key',
    'authorization',
    'Authorization',
    'cookie',
    'Set-Cookie',
    'privateKey',
    'codeVerifier',
    'clientAssertion',
  ])('treats %s as a secret key', (key) => {
    expect(isSecretKey(key)).toBe(true);
    expect(redact({ [key]: SECRET, keep: 'me' })).toEqual({ [key]: '[redacted]', keep: 'me' });
  });

  it.each(['tokenCount', 'tokenised', 'description', 'passed', 'bypass', 'secretariat', 'code', 'status', 'tenant', 'keywords'])(
    'keeps the ordinary key %s',
    (key) => {
      expect(isSecretKey(key)).toBe(false);
    },
  );

  it('redacts secrets nested in arrays and inside string values', () => {
    const out = redact({
      request: {
        url: `https://login.example/token?client_secret=${SECRET}`,
        headers: [{ name: 'Authorization', value: `Bearer ${SECRET}` }],
      },
      error: new Error(`401 for Bearer ${SECRET}`),
    });
    expect(JSON.stringify(out)).not.toContain(SECRET);
    expect(JSON.stringify(out)).toContain('login.example');
  });
});
