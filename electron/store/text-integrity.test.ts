import { asStored } from '../../shared/contract/text';
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { canonicalJson } from '../../shared/domain/canonical-json';
import { createTestBackend, sampleClientInput, tempDir, type TestBackend } from '../../test/support/temp-backend';
import { openDatabase, type Db } from './database';
import { appendAudit, GENESIS_HASH, verifyAudit } from './audit-log';
import { resealEncodingDamage } from './audit-reseal';

// Issue 16, item 1: a lone UTF-16 surrogate was accepted, SQLite stored it as U+FFFD, and the audit hash
// (taken over the JSON escape "\ud800") no longer matched the stored entry: the chain broke for good.

let b: TestBackend | undefined;
let dir: string | undefined;
let db: Db | undefined;
afterEach(() => {
  b?.dispose();
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  b = db = dir = undefined;
});

describe('text at the contract boundary', () => {
  it.each([
    ['client.create', 'legalName', () => sampleClientInput({ legalName: 'Web \ud800 Ltd' })],
    ['client.create', 'legalName', () => sampleClientInput({ legalName: 'Trailing \udfff' })],
    ['client.create', 'legalName', () => sampleClientInput({ legalName: 'Non\ufffecharacter Ltd' })],
    ['client.create', 'legalName', () => sampleClientInput({ legalName: 'Non\ufdd0character Ltd' })],
  ])('%s refuses a lone surrogate or non-character in %s with a field error', async (channel, field, input) => {
    b = createTestBackend();
    const r = await b.dispatch(channel, input());
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (r.ok) return;
    const issue = r.error.issues!.find((i) => i.path === field);
    expect(issue?.message).toMatch(/character/);
    expect(await b.call('client.list', {})).toEqual([]);
    expect((await b.call('audit.verify', {})).ok).toBe(true);
  });

  it('settings.update refuses displayName "\\udfff"', async () => {
    b = createTestBackend();
    const current = await b.call('settings.get', {});
    const r = await b.dispatch('settings.update', { ...current, displayName: '\udfff' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input', issues: [expect.objectContaining({ path: 'displayName' })] } });
    expect((await b.call('audit.verify', {})).ok).toBe(true);
  });

  it('keeps accepting ordinary text, astral characters included', async () => {
    b = createTestBackend();
    const c = await b.call('client.create', sampleClientInput({ legalName: 'Ysgol Gofal Cymru 🏥 Café Ltd' }));
    expect(c.legalName).toBe('Ysgol Gofal Cymru 🏥 Café Ltd');
    expect((await b.call('audit.verify', {})).ok).toBe(true);
  });
});

describe('the audit hash covers exactly what is stored', () => {
  it('a lone surrogate reaching appendAudit directly still verifies', () => {
    dir = tempDir();
    db = openDatabase(join(dir, 'w.sqlite'));
    const d = db;
    d.transaction(() =>
      appendAudit(d, {
        chain: 'workspace',
        actor: 'A \ud800',
        at: '2026-11-23T09:00:00Z',
        action: 'client.create',
        entityType: 'client',
        entityId: 'c1',
        summary: 'Created Web \ud800 Ltd',
        changes: [{ field: 'legalName', from: null, to: 'Web \udbff Ltd' }],
      }),
    )();
    expect(verifyAudit(d)).toMatchObject({ ok: true, problems: [] });
  });
});

// What the app before this fix wrote: hash over the lone surrogate, U+FFFD in the summary column.
function writeLegacyEntry(d: Db, chain: string, n: number, prevHash: string, summary: string, to: string): string {
  const e = {
    chain,
    n,
    at: `2026-11-23T09:00:0${n}Z`,
    actor: 'Alex',
    action: 'client.update',
    entityType: 'client',
    entityId: 'c1',
    summary,
    changes: [{ field: 'legalName', from: null, to }],
    prevHash,
  };
  const hash = createHash('sha256').update(canonicalJson(e)).digest('hex');
  d.prepare(
    `INSERT INTO audit_log (chain, n, at, actor, action, entity_type, entity_id, summary, changes, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(chain, n, e.at, e.actor, e.action, e.entityType, e.entityId, asStored(summary), JSON.stringify(e.changes), prevHash, hash);
  d.prepare(
    'INSERT INTO audit_heads (chain, n, hash) VALUES (?, ?, ?) ON CONFLICT (chain) DO UPDATE SET n = excluded.n, hash = excluded.hash',
  ).run(chain, n, hash);
  return hash;
}

describe('repairing a chain broken by the old encoding', () => {
  function legacyChain(tamper = false) {
    dir = tempDir();
    db = openDatabase(join(dir, 'w.sqlite'));
    let prev = GENESIS_HASH;
    prev = writeLegacyEntry(db, 'c1', 1, prev, 'Renamed to Plain Ltd', 'Plain Ltd');
    prev = writeLegacyEntry(db, 'c1', 2, prev, 'Renamed to Web \ud800 Ltd', 'Web \ud800 Ltd');
    writeLegacyEntry(db, 'c1', 3, prev, 'Renamed to Other Ltd', 'Other Ltd');
    if (tamper) db.exec(`UPDATE audit_log SET actor = 'Mallory' WHERE chain = 'c1' AND n = 2`);
    return db;
  }

  it('audit verify names the entry and says why', () => {
    const d = legacyChain();
    const r = verifyAudit(d);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      expect.objectContaining({ chain: 'c1', n: 2, problem: expect.stringMatching(/lone UTF-16 surrogate.*U\+FFFD/) }),
    ]);
  });

  it('re-seals entries whose only difference is that encoding, and records it in the chain', () => {
    const d = legacyChain();
    const report = resealEncodingDamage(d, { at: '2026-11-23T09:10:00Z' });
    expect(report).toEqual([{ chain: 'c1', entries: [2] }]);
    const v = verifyAudit(d);
    expect(v).toMatchObject({ ok: true, problems: [] });
    const last = d.prepare(`SELECT action, summary FROM audit_log WHERE chain = 'c1' ORDER BY n DESC LIMIT 1`).get() as {
      action: string;
      summary: string;
    };
    expect(last.action).toBe('audit.reseal');
    expect(last.summary).toMatch(/entry 2/);
    // Running it again finds nothing to do.
    expect(resealEncodingDamage(d, { at: '2026-11-23T09:11:00Z' })).toEqual([]);
  });

  it('runs once when a workspace from before the fix is opened', () => {
    const d = legacyChain();
    d.exec(`UPDATE maintenance_tasks SET done_at = NULL`);
    d.close();
    db = openDatabase(join(dir!, 'w.sqlite'), { now: () => new Date('2026-11-23T09:30:00Z') });
    expect(verifyAudit(db)).toMatchObject({ ok: true });
    expect(db.prepare(`SELECT at FROM audit_log WHERE action = 'audit.reseal'`).all()).toEqual([{ at: '2026-11-23T09:30:00.000Z' }]);
  });

  it('never re-seals an entry that was edited in any other way', () => {
    const d = legacyChain(true);
    expect(resealEncodingDamage(d, { at: '2026-11-23T09:10:00Z' })).toEqual([]);
    const v = verifyAudit(d);
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.problem).join('\n')).toMatch(/was edited/);
  });
});
