import type { FieldIssue } from './errors';

// Text crossing the contract boundary must be storable exactly as given. A lone UTF-16 surrogate cannot be:
// SQLite keeps text as UTF-8 and writes U+FFFD in its place, so what was hashed and what was stored would
// differ (issue 16 saw this break the audit chain). Unicode's non-characters (U+FDD0–U+FDEF and the last two
// code points of every plane) are reserved for a program's internal use and never belong in user text.
// Both are refused with a field error, before any handler runs.

function badCharacter(s: string): string | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return `a lone UTF-16 surrogate (U+${hex(c)})`;
      const cp = ((c - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
      if ((cp & 0xfffe) === 0xfffe) return `the non-character U+${hex(cp)}`;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return `a lone UTF-16 surrogate (U+${hex(c)})`;
    else if ((c >= 0xfdd0 && c <= 0xfdef) || c === 0xfffe || c === 0xffff) return `the non-character U+${hex(c)}`;
  }
  return undefined;
}

const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

// Walks strings, arrays and plain objects (keys included) and reports each offending field by its path.
export function textIssues(value: unknown, path: string[] = [], out: FieldIssue[] = [], depth = 0): FieldIssue[] {
  if (out.length >= 20 || depth > 32) return out;
  if (typeof value === 'string') {
    const bad = badCharacter(value);
    if (bad) out.push({ path: path.join('.'), message: `Contains a character that cannot be stored (${bad}). Retype this text.` });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => textIssues(v, [...path, String(i)], out, depth + 1));
  } else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) {
      const badKey = badCharacter(k);
      if (badKey) out.push({ path: [...path, '(name)'].join('.'), message: `A field name contains ${badKey}.` });
      else textIssues(v, [...path, k], out, depth + 1);
    }
  }
  return out;
}

// What SQLite stores for a string: each lone surrogate becomes U+FFFD (String.prototype.toWellFormed, which
// ES2023 typings do not know yet).
export function asStored(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
