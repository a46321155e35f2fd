import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { validateMx } from 'mailauth/lib/mta-sts.js';
import { mtaStsPatternMatches } from './mta-sts';
import { keyStrength, microsoftForm, parseTagList } from './dkim';
import { parseSpfTerms } from './spf';
import { parseRua } from './tls-rpt';
import { lineEndingsOf } from './policy-fetch';
import { parseServer } from './raw-query';
import { providerOf } from './mx';

describe('MTA-STS mx patterns (RFC 8461 §4.1: a wildcard covers exactly one label)', () => {
  it.each([
    ['mx1.example.com', 'mx1.example.com', true],
    ['MX1.Example.com.', 'mx1.example.com', true],
    ['*.example.com', 'mx1.example.com', true],
    ['*.example.com', 'a.b.example.com', false],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'mx1.example.com.evil.test', false],
    ['*.mail.protection.outlook.com', 'care-org-uk.mail.protection.outlook.com', true],
    ['mx1.example.com', 'mx2.example.com', false],
    ['*.example.com', '*.example.com', false],
  ])('%s vs %s → %s', (pattern, host, expected) => {
    expect(mtaStsPatternMatches(pattern, host)).toBe(expected);
    // mailauth 7.1 applies the same one-label rule; if an upgrade loosens it, this tells us.
    expect(validateMx(host, { mode: 'enforce', maxAge: 86400, mx: [pattern] } as never).valid).toBe(expected);
  });
});

describe('DKIM records', () => {
  it.each([
    ['selector1-care-org-uk._domainkey.caretenant.onmicrosoft.com', 'onmicrosoft'],
    ['selector2-care-org-uk._domainkey.caretenant.r-v1.dkim.mail.microsoft', 'dkim-mail-microsoft'],
    ['s1.domainkey.u123.wl.sendgrid.net', undefined],
  ])('classifies the CNAME target %s', (target, form) => {
    expect(microsoftForm(target)).toBe(form);
  });

  it('reads tag lists, first tag wins, names case-folded', () => {
    expect(parseTagList(' v=DKIM1; K=rsa; p=AB CD ; p=ignored')).toEqual({ v: 'DKIM1', k: 'rsa', p: 'AB CD' });
  });

  it.each([1024, 2048])('measures a %i-bit RSA key (SPKI and PKCS#1)', (bits) => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
    expect(keyStrength('rsa', publicKey.export({ type: 'spki', format: 'der' }).toString('base64')).bits).toBe(bits);
    expect(keyStrength('rsa', publicKey.export({ type: 'pkcs1', format: 'der' }).toString('base64')).bits).toBe(bits);
  });

  it.each([
    ['rsa', 'not base64!!', /not base64/],
    ['rsa', 'AAAA', /cannot be read/],
    ['ed25519', 'AAAA', /32 bytes/],
    ['dsa', 'AAAA', /unknown key type/],
  ])('reports a broken %s key %s', (type, p, error) => {
    expect(keyStrength(type, p).error).toMatch(error);
  });
});

describe('small parsers', () => {
  it('splits SPF terms with qualifiers and modifiers', () => {
    expect(parseSpfTerms('v=spf1 +mx -ip4:1.2.3.4/24 include:_spf.x.test redirect=y.test ~all')).toEqual([
      { qualifier: '+', name: 'mx', value: undefined, modifier: false },
      { qualifier: '-', name: 'ip4', value: '1.2.3.4/24', modifier: false },
      { qualifier: '+', name: 'include', value: '_spf.x.test', modifier: false },
      { qualifier: '+', name: 'redirect', value: 'y.test', modifier: true },
      { qualifier: '~', name: 'all', value: undefined, modifier: false },
    ]);
  });

  it('reads TLS-RPT rua lists and spots the retired Mail Check collector', () => {
    expect(parseRua('mailto:tls@care.test, https://reports.example/tls ,mailto:tls-rua@mailcheck.service.ncsc.gov.uk, bogus')).toEqual([
      { uri: 'mailto:tls@care.test', valid: true, retired: false },
      { uri: 'https://reports.example/tls', valid: true, retired: false },
      { uri: 'mailto:tls-rua@mailcheck.service.ncsc.gov.uk', valid: true, retired: true },
      { uri: 'bogus', valid: false, retired: false },
    ]);
  });

  it.each([
    ['a\r\nb\r\n', 'crlf'],
    ['a\nb\n', 'lf'],
    ['a\r\nb\n', 'mixed'],
    ['ab', 'none'],
  ])('line endings of %j are %s', (text, kind) => {
    expect(lineEndingsOf(text)).toBe(kind);
  });

  it.each([
    ['1.1.1.1', { host: '1.1.1.1', port: 53 }],
    ['127.0.0.1:5353', { host: '127.0.0.1', port: 5353 }],
    ['2606:4700::1111', { host: '2606:4700::1111', port: 53 }],
    ['[2606:4700::1111]:8053', { host: '2606:4700::1111', port: 8053 }],
  ])('parses the DNS server %s', (s, addr) => {
    expect(parseServer(s)).toEqual(addr);
  });

  it.each([
    [['care-org-uk.mail.protection.outlook.com'], 'microsoft-365'],
    [['aspmx.l.google.com', 'alt1.aspmx.l.google.com'], 'google'],
    [['care-org-uk.mail.protection.outlook.com', 'mx.mimecast.example'], 'other'],
    [[], 'other'],
  ])('MX hosts %j are run by %s', (hosts, provider) => {
    expect(providerOf(hosts)).toBe(provider);
  });
});
