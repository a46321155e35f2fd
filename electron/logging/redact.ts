// Tokens, passphrases and client secrets must never reach a log, an error, the CLI's output, an evidence
// snapshot or the renderer. Two complementary defences (issue 16 found patterns alone let opaque tokens by):
//
// 1. By value. Every secret the app holds (access and refresh tokens, auth codes, P12 passphrases, the web
//    key) is registered here when it enters the process, and is scrubbed wherever it appears: raw,
//    URL-encoded (once or twice), JSON-escaped and base64 / base64url.
// 2. By structure and pattern. Values under credential-named keys, Bearer and Basic credentials, JWTs,
//    credential URL parameters and user:password@ in URLs.
//
// Two strengths of "credential-named". Logs and errors ('log') are generous: any key that starts with
// token, credential or auth, or contains secret or password. Evidence snapshots ('evidence') are what the
// tenant reported and must keep configuration words (AllowSimplePassword, passwordPolicies,
// authenticationMethodsPolicy) intact, so only exact credential names there.

export type RedactMode = 'log' | 'evidence';

const REDACTED = '[redacted]';

// ---- 1. by value ----

const MIN_SECRET_LENGTH = 6;
const MAX_REGISTERED = 500;
const registered = new Set<string>();
let valuePattern: RegExp | undefined;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function variants(s: string): string[] {
  const b64 = Buffer.from(s, 'utf8').toString('base64');
  const json = JSON.stringify(s).slice(1, -1);
  return [
    s,
    encodeURIComponent(s),
    encodeURIComponent(encodeURIComponent(s)),
    json,
    JSON.stringify(json).slice(1, -1),
    b64,
    b64.replace(/=+$/, ''),
    Buffer.from(s, 'utf8').toString('base64url'),
  ];
}

export function registerSecret(value: string | null | undefined): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH || registered.has(value)) return;
  if (registered.size >= MAX_REGISTERED) registered.delete(registered.values().next().value!);
  registered.add(value);
  valuePattern = undefined;
}

// A stored blob that holds secrets (MSAL's token cache is JSON with a "secret" per token): register every
// credential-named value inside it, or the whole text when it is not JSON.
export function registerSecretsIn(text: string | null | undefined): void {
  if (typeof text !== 'string') return;
  try {
    const walk = (v: unknown, key: string, depth: number): void => {
      if (depth > 20) return;
      if (typeof v === 'string') {
        if (isSecretKey(key, 'log')) registerSecret(v);
      } else if (Array.isArray(v)) v.forEach((x) => walk(x, key, depth + 1));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k, depth + 1);
    };
    walk(JSON.parse(text), '', 0);
  } catch {
    registerSecret(text);
  }
}

function scrubValues(s: string): string {
  if (registered.size === 0) return s;
  if (!valuePattern) {
    const all = [...new Set([...registered].flatMap(variants))].filter((v) => v.length >= MIN_SECRET_LENGTH);
    all.sort((a, b) => b.length - a.length);
    valuePattern = new RegExp(all.map(escapeRe).join('|'), 'g');
  }
  return s.replace(valuePattern, REDACTED);
}

// ---- 2. by structure ----

const fold = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-.\s]+/g, '_')
    .toLowerCase();

// Exact credential names (after folding to snake_case): the only keys redacted inside evidence snapshots.
const CREDENTIAL_NAMES =
  /^(access_token|refresh_token|id_token|client_secret|secret_text|secret|password|passwd|passphrase|authorization|proxy_authorization|cookie|set_cookie|code_verifier|client_assertion|assertion|private_key|api_key|x_api_key|p12|pfx|token)$/;
const CREDENTIAL_SUFFIX = /_(access_token|refresh_token|id_token|client_secret|api_key|private_key)$/;
// Logs: the generous list, by word of the key (case-insensitive token*, *secret*, credential*, auth*,
// password…), plus the exact names above as the last word of a longer key (graph_access_token). A key
// that only describes a credential (tokenCount, tokenStorage, passwordPolicies) is not one.
const LOG_KEY_SUFFIX =
  /(^|_)(access_token|refresh_token|id_token|token|secret|password|passwd|passphrase|pass|pwd|authorization|cookie|assertion|code_verifier|private_key|p12|pfx|api_key|apikey)$/;
const DESCRIBES = new Set([
  'count',
  'type',
  'kind',
  'expiry',
  'expires',
  'in',
  'lifetime',
  'endpoint',
  'url',
  'uri',
  'length',
  'size',
  'storage',
  'status',
  'policy',
  'policies',
]);

function logSecretKey(folded: string): boolean {
  if (LOG_KEY_SUFFIX.test(folded)) return true;
  const words = folded.split('_').filter(Boolean);
  if (words.length > 1 && DESCRIBES.has(words[words.length - 1]!)) return false;
  return (
    words.some(
      (w) =>
        w === 'token' ||
        w === 'tokens' ||
        w === 'secret' ||
        w === 'secrets' ||
        w.includes('password') ||
        w.startsWith('passphrase') ||
        w.startsWith('credential'),
    ) || /^auth(?!or|ent)/.test(words[0] ?? '')
  );
}

export function isSecretKey(key: string, mode: RedactMode = 'log'): boolean {
  const folded = fold(key);
  if (mode === 'evidence') return CREDENTIAL_NAMES.test(folded) || CREDENTIAL_SUFFIX.test(folded);
  return logSecretKey(folded);
}

// URL query, fragment and form parameters that carry credentials ("code" only here: it is also an error
// code in our own objects), with the delimiters plain or percent-encoded (a redirect nested in a parameter).
const SECRET_PARAMS =
  'access_token|refresh_token|id_token|client_secret|code|code_verifier|client_assertion|assertion|password|passphrase|token|sig';
const PARAM = new RegExp(
  `((?:^|[?&#\\s]|%3F|%26|%23|%253F|%2526)(?:${SECRET_PARAMS})(?:=|%3D|%253D))(?:(?!%26|%2526|%23)[^&#\\s"'\\\\])+`,
  'gi',
);

function basicCredential(match: string, scheme: string, quote: string, b64: string): string {
  const decoded = Buffer.from(b64, 'base64').toString('utf8');
  // Only a real user:password pair: "Basic Mobility and Security" is a licence name, not a credential.
  return /^[\x20-\x7e]+:[\x20-\x7e]*$/.test(decoded) ? `${scheme} ${quote}${REDACTED}` : match;
}

const PATTERNS: [RegExp, string | ((...a: string[]) => string)][] = [
  [/\b(Bearer)\s+(\\?["']?)[A-Za-z0-9._~+/=-]{8,}/gi, `$1 $2${REDACTED}`],
  [/\b(Basic)\s+(\\?["']?)([A-Za-z0-9+/]{6,}={0,2})/g, basicCredential],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
  [PARAM, `$1${REDACTED}`],
  // user:password@ in any URL.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:)[^\s/?#@]+@/gi, `$1${REDACTED}@`],
];

// Logs only: "refresh_token 0.AXo…", "token: X", "secret X" in free text, MSAL's own log style.
const LOG_PHRASE =
  /\b((?:access|refresh|id)[_ ]?tokens?|tokens?|auth(?:orization)?[_ ]?codes?|codes?|secrets?|passwords?|passphrases?|credentials?)(\s*[:=]?\s*)(\\?["']?)([A-Za-z0-9._~+/=-]{12,})/gi;

// key=value, key: value, "key": "value", \"key\":\"value\" (JSON, escaped JSON, headers, YAML-ish text).
const KEY_VALUE =
  /(?<![\w.-])((?:\\*["'])?)([A-Za-z][\w.-]{0,80})\1(\s*[:=]\s*)((?:\\*"(?:[^"\\]|\\(?!")|\\+")*?\\*")|'(?:[^'\\]|\\.)*'|[^\s&,;"'{}[\]\\]+)/g;

export function redactString(s: string, mode: RedactMode = 'log'): string {
  let out = scrubValues(s);
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep as string);
  if (mode === 'log') out = out.replace(LOG_PHRASE, (_m, word: string, sep: string, q: string) => `${word}${sep}${q}${REDACTED}`);
  return out.replace(KEY_VALUE, (match, quote: string, key: string, sep: string, value: string) => {
    if (!isSecretKey(key, mode) || value.includes(REDACTED) || /^(?:Bearer|Basic)$/i.test(value)) return match;
    const q = /^\\*["']/.exec(value)?.[0] ?? '';
    const close = q ? value.slice(value.length - q.length) : '';
    return `${quote}${key}${quote}${sep}${q}${REDACTED}${close}`;
  });
}

// Structured values: credential-named keys lose their value (numbers and booleans are kept: a count is not
// a credential), strings are scrubbed, Buffers and typed arrays are never written out, only their size.
export function redact<T>(value: T, mode: RedactMode = 'log', depth = 0): T {
  if (depth > 40) return '[too deep]' as T;
  if (typeof value === 'string') return redactString(value, mode) as T;
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]` as T;
  if (Array.isArray(value)) return value.map((v) => redact(v, mode, depth + 1)) as T;
  if (value && typeof value === 'object') {
    if (value instanceof Error) return { name: value.name, message: redactString(value.message, mode) } as T;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const secret = isSecretKey(k, mode) && v !== null && typeof v !== 'number' && typeof v !== 'boolean';
      out[k] = secret ? REDACTED : redact(v, mode, depth + 1);
    }
    return out as T;
  }
  return value;
}
