import { describe, expect, it } from 'vitest';
import { displayDomain, normaliseEmailDomain } from './email-domain';

describe('normaliseEmailDomain', () => {
  it.each([
    ['carehome.co.uk', 'carehome.co.uk'],
    ['  CareHome.CO.UK. ', 'carehome.co.uk'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['BÜCHER.example', 'xn--bcher-kva.example'],
    ['mail.xn--bcher-kva.example', 'mail.xn--bcher-kva.example'],
    ['a-b.org', 'a-b.org'],
  ])('accepts %s as %s', (input, expected) => {
    expect(normaliseEmailDomain(input)).toEqual({ ok: true, domain: expected });
  });

  it.each([
    ['', 'Enter a domain'],
    ['https://carehome.co.uk', 'not a bare domain'],
    ['bob@carehome.co.uk', 'not a bare domain'],
    ['carehome.co.uk/path', 'not a bare domain'],
    ['carehome', 'at least two labels'],
    ['-bad.co.uk', 'not a valid domain'],
    ['bad-.co.uk', 'not a valid domain'],
    ['under_score.co.uk', 'not a valid domain'],
    ['a..b.com', 'not a valid domain'],
    [`${'a'.repeat(64)}.com`, 'not a valid domain'],
    ['carehome.123', 'top-level domain'],
  ])('rejects %j with a message', (input, message) => {
    const r = normaliseEmailDomain(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });

  it('shows IDNs in both forms', () => {
    expect(displayDomain('xn--bcher-kva.example')).toBe('bücher.example (xn--bcher-kva.example)');
    expect(displayDomain('carehome.co.uk')).toBe('carehome.co.uk');
  });
});
