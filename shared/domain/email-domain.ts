import { toASCII, toUnicode } from 'tr46';

// Mail domains are stored and probed as A-labels (RFC 5890): every DNS query, EHLO, PSL lookup and
// MTA-STS fetch needs the ASCII form, and comparing two spellings of one IDN must give one answer.
// tr46 implements UTS #46 processing exactly as browsers do, so U-labels typed by a user map the same way
// here and in the renderer.

export type DomainResult = { ok: true; domain: string } | { ok: false; error: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function normaliseEmailDomain(raw: string): DomainResult {
  let input = raw.trim().toLowerCase();
  if (input.endsWith('.')) input = input.slice(0, -1);
  if (input === '') return { ok: false, error: 'Enter a domain, for example carehome.co.uk' };
  if (/[\s/@:?#\\]/.test(input)) {
    return { ok: false, error: `"${raw.trim()}" is not a bare domain: leave out addresses, "https://", paths and ports` };
  }
  const ascii = toASCII(input, {
    checkBidi: true,
    checkHyphens: true,
    checkJoiners: true,
    useSTD3ASCIIRules: true,
    verifyDNSLength: true,
  });
  if (ascii === null) return { ok: false, error: `"${raw.trim()}" is not a valid domain name` };
  const labels = ascii.split('.');
  if (labels.length < 2) return { ok: false, error: `"${raw.trim()}" needs at least two labels, for example carehome.org.uk` };
  if (!labels.every((l) => LABEL.test(l))) return { ok: false, error: `"${raw.trim()}" is not a valid domain name` };
  const tld = labels[labels.length - 1]!;
  if (!/^[a-z]{2,63}$/.test(tld) && !tld.startsWith('xn--')) {
    return { ok: false, error: `"${raw.trim()}" does not end in a valid top-level domain` };
  }
  return { ok: true, domain: ascii };
}

// For display: users recognise their own spelling of an IDN; we keep the A-label next to it.
export function displayDomain(aLabel: string): string {
  if (!aLabel.split('.').some((l) => l.startsWith('xn--'))) return aLabel;
  const unicode = toUnicodeSafe(aLabel);
  return unicode === aLabel ? aLabel : `${unicode} (${aLabel})`;
}

function toUnicodeSafe(aLabel: string): string {
  const r = toUnicode(aLabel, { useSTD3ASCIIRules: true });
  return r.error ? aLabel : r.domain;
}
