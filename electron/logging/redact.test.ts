import { describe, expect, it } from 'vitest';
import { redact, redactString } from './redact';

const JWT = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoIn0.c2lnbmF0dXJlLXBhcnQ';

describe('redaction', () => {
  it.each([
    [`Authorization: Bearer ${JWT}`, JWT],
    ['Bearer abcdefghijklmnop1234', 'abcdefghijklmnop1234'],
    [`token is ${JWT} ok`, JWT],
    ['https://login.example/cb?code=SECRETCODE123&state=1', 'SECRETCODE123'],
    ['grant_type=x&client_secret=s3cr3t-value&scope=y', 's3cr3t-value'],
    ['{"access_token":"tok-123456","x":1}', 'tok-123456'],
    ['{"refresh_token": "rt-abcdef"}', 'rt-abcdef'],
  ])('removes the secret from %s', (input, secret) => {
    expect(redactString(input)).not.toContain(secret);
  });

  it('redacts secret-named keys at any depth and keeps the rest', () => {
    const out = redact({ user: 'a@b.c', nested: { accessToken: 'x', client_secret: 'y', list: [{ password: 'z' }] }, count: 3 });
    expect(out).toEqual({
      user: 'a@b.c',
      nested: { accessToken: '[redacted]', client_secret: '[redacted]', list: [{ password: '[redacted]' }] },
      count: 3,
    });
  });

  it('leaves ordinary words like "tokenised" alone', () => {
    expect(redact({ description: 'A tokenised list', tokenCount: 3 })).toEqual({ description: 'A tokenised list', tokenCount: 3 });
  });
});
