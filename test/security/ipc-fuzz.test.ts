import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { serialize } from 'node:v8';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, contract, ErrorCode, RpcResultSchema, type Channel, type RpcResult } from '../../shared/contract';
import { createTestBackend, sampleClientInput, type TestBackend } from '../support/temp-backend';
import { blockNetwork, type NetworkGuard } from './network-guard';
import {
  createRng,
  describePayload,
  PAYLOAD_MAX_CHARS,
  PAYLOAD_MAX_VALUES,
  payloadFor,
  POLLUTION_MARKER,
  prototypeFingerprint,
  stateSnapshot,
} from './fuzz';

// Every channel in the contract — including ones added after this file was written — gets random and
// hostile payloads through backend.dispatch, exactly as the Electron IPC handler and the HTTP transport pass
// them on (after a structured clone, which is what IPC does). For each payload:
//   - the answer is a well-formed RpcResult, never a thrown error, never `internal`, never a stack trace;
//   - a payload the contract rejects comes back as `invalid-input` and changes nothing: every table row and
//     every file in the data directory is the same afterwards;
//   - a payload the contract happens to accept is dispatched only for queries (which must not change state
//     either); accepted mutations are counted, not sent, since they are legitimate requests;
//   - no built-in prototype gains a property, and nothing tries to reach the network.
// Reproduce a failure with the seed and case printed in its message: DCB_FUZZ_SEED=<seed> DCB_FUZZ_RUNS=<n>.

const SEED = Number(process.env.DCB_FUZZ_SEED ?? 0x1596);
const RUNS = Number(process.env.DCB_FUZZ_RUNS ?? 120);
const CALL_TIMEOUT_MS = 10_000;
// Each channel runs a fixed number of cases (RUNS), each bounded in size (see PAYLOAD_MAX_* in fuzz.ts), so
// its cost is set by work, not by the clock. The timeout only catches a hang: on 2 cores beside a CPU-bound
// load the slowest channel (client.create) takes well under a third of it.
const CHANNEL_TIMEOUT_MS = 90_000;
const STACK = /\n\s+at |\bat [\w.<>]+ \(|node_modules|\.(?:ts|js|cjs|mjs):\d+/;

let b: TestBackend;
let guard: NetworkGuard;
let ids: string[];
const fingerprint = prototypeFingerprint();

beforeAll(async () => {
  guard = blockNetwork();
  b = createTestBackend();
  // Something real to damage: a client, settings, an audit trail. Ids in the pool make payloads that name
  // existing records, so a rejection cannot just be "not found".
  const client = await b.call('client.create', sampleClientInput({ sites: [{ name: 'Main house' }] }));
  await b.call('settings.update', { ...(await b.call('settings.get', {})), displayName: 'Fuzz Tester' });
  ids = [client.id, client.sites[0]!.id];
});

afterAll(() => {
  b?.dispose();
  guard?.restore();
});

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer within ${CALL_TIMEOUT_MS} ms`)), CALL_TIMEOUT_MS),
    ),
  ]);
}

function cloneLikeIpc(value: unknown): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: structuredClone(value) };
  } catch {
    return { ok: false }; // not sendable over IPC at all (the renderer's invoke() would throw first)
  }
}

function checkResult(result: unknown, where: string): RpcResult {
  const parsed = RpcResultSchema.safeParse(result);
  expect(parsed.success, `${where}: not an RpcResult: ${describePayload(result)}`).toBe(true);
  const r = result as RpcResult;
  if (!r.ok) {
    expect(ErrorCode.options, where).toContain(r.error.code);
    expect(r.error.code, `${where}: ${r.error.message}`).not.toBe('internal');
    expect(r.error.message, `${where}: message leaks internals`).not.toMatch(STACK);
    expect(r.error.message).not.toContain(b.dataDir);
  }
  return r;
}

describe('fuzz harness self-checks (so a pass means something)', () => {
  it('the state snapshot notices a changed row and a new file', async () => {
    const t = createTestBackend();
    try {
      const before = stateSnapshot(t.services.db, t.dataDir);
      t.services.db.prepare("INSERT INTO settings (key, value) VALUES ('fuzz-probe', '1')").run();
      expect(stateSnapshot(t.services.db, t.dataDir).tables).not.toEqual(before.tables);
      const mid = stateSnapshot(t.services.db, t.dataDir);
      writeFileSync(join(t.dataDir, 'dropped.txt'), 'x');
      expect(stateSnapshot(t.services.db, t.dataDir).files).not.toEqual(mid.files);
    } finally {
      t.dispose();
    }
  });

  it('the prototype fingerprint notices pollution', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto[POLLUTION_MARKER] = true;
    try {
      expect(prototypeFingerprint()).not.toBe(fingerprint);
    } finally {
      delete proto[POLLUTION_MARKER];
    }
    expect(prototypeFingerprint()).toBe(fingerprint);
  });

  it('every payload stays within its work budget, so a channel costs the same on a busy machine', () => {
    // Values and string characters, counted the way the generator charges them (with slack for the wrappers
    // payloadFor adds around a shaped value and for keys).
    const measure = (v: unknown, acc = { values: 0, chars: 0 }, depth = 0): typeof acc => {
      acc.values++;
      if (typeof v === 'string') acc.chars += v.length;
      else if (v && typeof v === 'object' && !ArrayBuffer.isView(v) && depth < 2000)
        for (const x of Object.values(v)) measure(x, acc, depth + 1);
      return acc;
    };
    let largest = { values: 0, chars: 0 };
    for (const [i, channel] of CHANNEL_NAMES.entries()) {
      const rng = createRng(SEED + i * 7919);
      for (let run = 0; run < 40; run++) {
        const size = measure(payloadFor(contract[channel].input, rng, ['x']));
        if (size.values > largest.values) largest = { ...largest, values: size.values };
        if (size.chars > largest.chars) largest = { ...largest, chars: size.chars };
      }
    }
    expect(largest.values).toBeLessThanOrEqual(PAYLOAD_MAX_VALUES * 2);
    expect(largest.chars).toBeLessThanOrEqual(PAYLOAD_MAX_CHARS + 200_000);
    // …and the budget still lets big payloads through: the test would be toothless otherwise.
    expect(largest.values).toBeGreaterThan(10_000);
    expect(largest.chars).toBeGreaterThan(1024 * 1024);
  });

  it('the generator is deterministic for a seed', () => {
    const a = createRng(42);
    const b2 = createRng(42);
    const schema = contract['client.create'].input;
    // Compared as structured-clone bytes (what IPC would carry), which also covers Maps, Sets, typed arrays.
    const bytes = (v: unknown) => {
      try {
        return createHash('sha256').update(serialize(v)).digest('hex');
      } catch {
        return describePayload(v);
      }
    };
    for (let i = 0; i < 20; i++) expect(bytes(payloadFor(schema, a, ['x']))).toBe(bytes(payloadFor(schema, b2, ['x'])));
  });
});

describe('IPC fuzz: every contract channel', () => {
  it('covers the whole contract', () => {
    expect(CHANNEL_NAMES.length).toBeGreaterThan(0);
    expect(new Set(CHANNEL_NAMES).size).toBe(CHANNEL_NAMES.length);
  });

  it.each(CHANNEL_NAMES.map((c, i) => [c, i] as const))(
    '%s rejects hostile payloads cleanly and changes nothing',
    async (channel, index) => {
      const def = contract[channel as Channel];
      const rng = createRng(SEED + index * 7919);
      let rejected = 0;
      let acceptedQueries = 0;
      let skippedMutations = 0;
      let before = stateSnapshot(b.services.db, b.dataDir);

      for (let run = 0; run < RUNS; run++) {
        const where = `${channel} seed=${SEED} case=${run}`;
        const generated = payloadFor(def.input, rng, ids);
        const cloned = cloneLikeIpc(generated);
        if (!cloned.ok) continue;
        const payload = cloned.value;
        const accepted = def.input.safeParse(payload === undefined ? {} : payload).success;
        if (accepted && def.kind === 'mutation') {
          skippedMutations++;
          continue;
        }

        const result = checkResult(await withTimeout(b.dispatch(channel, payload, { transport: 'electron' }), where), where);
        if (!accepted) {
          rejected++;
          expect(result, `${where}: ${describePayload(payload)}`).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
        } else {
          acceptedQueries++;
        }
        expect(prototypeFingerprint(), `${where}: a built-in prototype changed`).toBe(fingerprint);
        expect(POLLUTION_MARKER in {}, where).toBe(false);

        const after = stateSnapshot(b.services.db, b.dataDir);
        // A query the contract accepts may hand back a file through the transfer store (that is how downloads
        // work); nothing else may change. A rejected payload may not even do that.
        const comparable = (s: typeof after) => (accepted ? { ...s, files: s.files.filter((f) => !f.startsWith('transfers/')) } : s);
        expect(comparable(after), `${where}: state changed after ${describePayload(payload)}`).toEqual(comparable(before));
        before = after;
      }

      if (process.env.DCB_FUZZ_STATS) console.log(channel, { rejected, acceptedQueries, skippedMutations });
      expect(guard.attempts, `${channel} tried to reach the network`).toEqual([]);
      // The generator must actually exercise rejection for every channel, or this test proves nothing.
      expect(
        rejected,
        `${channel}: rejected ${rejected}, accepted queries ${acceptedQueries}, skipped mutations ${skippedMutations}`,
      ).toBeGreaterThan(RUNS / 4);
    },
    CHANNEL_TIMEOUT_MS,
  );

  it.each([
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
    '',
    ' client.list',
    'client.list ',
    'CLIENT.LIST',
    'client.list\u0000',
    '../client.list',
    'client.list/../client.create',
    'rpc',
    'x'.repeat(100_000),
  ])('refuses the unknown channel %j', async (name) => {
    const before = stateSnapshot(b.services.db, b.dataDir);
    const r = checkResult(await b.dispatch(name, {}), `channel ${name.slice(0, 40)}`);
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    if (!r.ok) expect(r.error.message.length).toBeLessThan(200);
    expect(stateSnapshot(b.services.db, b.dataDir)).toEqual(before);
  });

  it('survives values that are not even data (symbols, functions, throwing getters are refused, not crashed on)', async () => {
    const weird: unknown[] = [Symbol('x'), () => 1, Object.create(null), new Proxy({}, {})];
    for (const input of weird) {
      for (const channel of CHANNEL_NAMES) {
        const accepted = contract[channel].input.safeParse(input).success;
        if (accepted && contract[channel].kind === 'mutation') continue;
        const r = checkResult(await b.dispatch(channel, input), `${channel} with ${String(typeof input)}`);
        if (!accepted) expect(r.ok).toBe(false);
      }
    }
    expect(prototypeFingerprint()).toBe(fingerprint);
  });
});
