// Tokens, passphrases and client secrets must never reach a log, an evidence snapshot or the renderer.
// Everything we write from external responses or our own state passes through here first.

const SECRET_KEY =
  /(^|[_-])(access_?token|refresh_?token|id_?token|token|secret|client_?secret|password|passphrase|pass|authorization|cookie|set-cookie|assertion|code_?verifier|private_?key|p12)$/i;

const PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
  [
    /([?&#](?:access_token|refresh_token|id_token|client_secret|code|code_verifier|client_assertion|password)=)[^&#\s"']+/gi,
    '$1[redacted]',
  ],
  [/("(?:access_token|refresh_token|id_token|client_secret|password|passphrase|secret)"\s*:\s*")[^"]*"/gi, '$1[redacted]"'],
];

export const REDACTED = '[redacted]';

export function redactString(s: string): string {
  let out = s;
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out;
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function redact<T>(value: T, depth = 0): T {
  if (depth > 40) return '[too deep]' as T;
  if (typeof value === 'string') return redactString(value) as T;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1)) as T;
  if (value && typeof value === 'object') {
    if (value instanceof Error) return { name: value.name, message: redactString(value.message) } as T;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = isSecretKey(k) ? REDACTED : redact(v, depth + 1);
    return out as T;
  }
  return value;
}
