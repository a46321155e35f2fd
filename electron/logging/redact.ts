// Tokens, passphrases and client secrets must never reach a log, an evidence snapshot or the renderer.
// Everything we write from external responses or our own state passes through here first.

// Matched against a key after camelCase, kebab-case and dots are folded to snake_case, so "p12Passphrase",
// "graphAccessToken", "x-api-key" and "client.secret" are caught as well as "client_secret".
const SECRET_KEY =
  /(^|_)(access_token|refresh_token|id_token|token|secret|client_secret|password|passwd|passphrase|pass|pwd|authorization|cookie|set_cookie|assertion|client_assertion|code_verifier|private_key|p12|pfx|api_key|apikey)$/;

// URL query and form parameters that carry credentials but whose names are too generic to treat as secret
// keys everywhere ("code" is also an error code in our own objects).
const SECRET_PARAMS =
  'access_token|refresh_token|id_token|client_secret|code|code_verifier|client_assertion|assertion|password|passphrase|token|sig';

const PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
  // Query strings, fragments and form bodies, including a body that starts with the parameter.
  [new RegExp(`((?:^|[?&#\\s])(?:${SECRET_PARAMS})=)[^&#\\s"']+`, 'gi'), '$1[redacted]'],
  // user:password@ in any URL.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:)[^\s/?#@]+@/gi, '$1[redacted]@'],
];

// key=value, key: value, "key": "value", 'key': 'value' (JSON, headers, YAML-ish text): the value goes when
// the key names a secret.
const KEY_VALUE = /(?<![\w.-])(["']?)([A-Za-z][\w.-]{0,80})\1(\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s&,;"'{}[\]]+)/g;

export const REDACTED = '[redacted]';

export function isSecretKey(key: string): boolean {
  const folded = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-.\s]+/g, '_')
    .toLowerCase();
  return SECRET_KEY.test(folded);
}

export function redactString(s: string): string {
  let out = s;
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out.replace(KEY_VALUE, (match, quote: string, key: string, sep: string, value: string) => {
    // Already handled by PATTERNS ("Authorization: Bearer [redacted]" keeps its scheme).
    if (!isSecretKey(key) || value.startsWith('[redacted') || /^(?:Bearer|Basic)$/i.test(value)) return match;
    const q = value[0] === '"' || value[0] === "'" ? value[0] : '';
    return `${quote}${key}${quote}${sep}${q}${REDACTED}${q}`;
  });
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
