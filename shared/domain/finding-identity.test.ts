import { describe, expect, it } from 'vitest';
import type { CheckStatus } from '../contract/findings';
import { cycleCutoff, findingKey, findingTransition, normaliseTarget, type FindingTransition } from './finding-identity';

describe('findingTransition', () => {
  const S: (CheckStatus | undefined)[] = ['pass', 'warn', 'fail', 'not-assessable', undefined];
  // Every pair of statuses, written out: the expected transition is the table, not a formula.
  const table: [CheckStatus | undefined, CheckStatus | undefined, FindingTransition][] = [
    ['pass', 'pass', 'unchanged'],
    ['pass', 'warn', 'regressed'],
    ['pass', 'fail', 'regressed'],
    ['pass', 'not-assessable', 'not-comparable'],
    ['pass', undefined, 'removed'],
    ['warn', 'pass', 'improved'],
    ['warn', 'warn', 'unchanged'],
    ['warn', 'fail', 'regressed'],
    ['warn', 'not-assessable', 'not-comparable'],
    ['warn', undefined, 'removed'],
    ['fail', 'pass', 'improved'],
    ['fail', 'warn', 'improved'],
    ['fail', 'fail', 'unchanged'],
    ['fail', 'not-assessable', 'not-comparable'],
    ['fail', undefined, 'removed'],
    ['not-assessable', 'pass', 'not-comparable'],
    ['not-assessable', 'warn', 'not-comparable'],
    ['not-assessable', 'fail', 'not-comparable'],
    ['not-assessable', 'not-assessable', 'unchanged'],
    ['not-assessable', undefined, 'removed'],
    [undefined, 'pass', 'new'],
    [undefined, 'warn', 'new'],
    [undefined, 'fail', 'new'],
    [undefined, 'not-assessable', 'new'],
  ];
  it('the table covers every pair', () => {
    expect(table).toHaveLength(S.length * S.length - 1);
  });
  it.each(table)('%s → %s is %s', (from, to, expected) => {
    expect(findingTransition(from, to)).toBe(expected);
  });
  it('never calls a changed status unchanged', () => {
    for (const [from, to] of table) if (from !== to) expect(findingTransition(from, to)).not.toBe('unchanged');
  });
  it('refuses two missing statuses', () => {
    expect(() => findingTransition(undefined, undefined)).toThrow();
  });
});

describe('normaliseTarget', () => {
  it.each([
    ['dns.dmarc', '_dmarc.Example.org.', 'example.org', 'example.org'],
    ['dns.dmarc', undefined, 'Example.org', 'example.org'],
    ['dns.mta-sts', '_mta-sts.example.org', 'example.org', 'example.org'],
    ['dns.tls-rpt', '_smtp._tls.example.org', 'example.org', 'example.org'],
    ['dns.dkim', 'selector1._domainkey.example.org', 'example.org', 'example.org'],
    ['dns.dkim', '_domainkey.example.org', 'example.org', 'example.org'],
    ['smtp.starttls', 'MX1.Example.org.', 'example.org', 'mx1.example.org'],
    ['mfa.enforced', undefined, 'contoso.onmicrosoft.com', 'contoso.onmicrosoft.com'],
  ])('%s on %s (run %s) is about %s', (check, target, run, expected) => {
    expect(normaliseTarget(check, target, run)).toBe(expected);
  });
  it('gives the same key to a renamed target and different keys to different MX hosts', () => {
    expect(findingKey('dns.dmarc', '_dmarc.a.org', 'a.org')).toBe(findingKey('dns.dmarc', 'a.org', 'a.org'));
    expect(findingKey('smtp.starttls', 'mx1.a.org', 'a.org')).not.toBe(findingKey('smtp.starttls', 'mx2.a.org', 'a.org'));
  });
});

describe('cycleCutoff', () => {
  it.each([
    [{ lockedAt: '2025-03-20T10:00:00Z', submittedOn: '2025-03-22' }, '2025-03-20T10:00:00Z'],
    [{ lockedAt: '2026-12-07T02:51:47Z', submittedOn: '2025-03-22' }, '2025-03-22T23:59:59.999Z'],
    [{ lockedAt: '2025-03-20T10:00:00Z', submittedOn: null }, '2025-03-20T10:00:00Z'],
    [{ lockedAt: null, submittedOn: null }, undefined],
  ])('%o → %s', (c, expected) => {
    expect(cycleCutoff(c)).toBe(expected);
  });
});
