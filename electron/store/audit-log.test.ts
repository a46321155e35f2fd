import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { openDatabase, type Db } from './database';
import { appendAudit, chainEntries, diffRecords, verifyAudit, verifyEntries } from './audit-log';
import { tempDir } from '../../test/support/temp-backend';

let dir: string;
let db: Db;
function setup(entries = 4): Db {
  dir = tempDir();
  db = openDatabase(join(dir, 'w.sqlite'));
  for (let i = 1; i <= entries; i++) {
    db.transaction(() =>
      appendAudit(db, {
        chain: 'client-a',
        actor: 'Alex Consultant',
        at: `2026-11-23T09:00:0${i}Z`,
        action: 'response.update',
        entityType: 'response',
        entityId: `ORG-0${i}`,
        summary: `Answered ORG-0${i}`,
        changes: [{ field: 'result', from: 'not-assessed', to: 'met' }],
      }),
    )();
  }
  appendAudit(db, { chain: 'client-b', actor: 'x', at: '2026-11-23T10:00:00Z', action: 'a', entityType: 't', entityId: 'e', summary: 's' });
  return db;
}
afterEach(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('hash-chained audit log', () => {
  it('verifies an untouched log', () => {
    setup();
    expect(verifyAudit(db)).toMatchObject({ ok: true, entriesChecked: 5, chainsChecked: 2, problems: [] });
  });

  it.each([
    ['an edited summary', "UPDATE audit_log SET summary = 'Answered nothing' WHERE chain = 'client-a' AND n = 2", /was edited/],
    [
      'an edited change',
      `UPDATE audit_log SET changes = '[{"field":"result","from":"not-met","to":"met"}]' WHERE chain = 'client-a' AND n = 3`,
      /was edited/,
    ],
    ['an edited actor', "UPDATE audit_log SET actor = 'Mallory' WHERE chain = 'client-a' AND n = 1", /was edited/],
    ['a deleted middle entry', "DELETE FROM audit_log WHERE chain = 'client-a' AND n = 2", /missing|does not link/],
    ['a deleted last entry', "DELETE FROM audit_log WHERE chain = 'client-a' AND n = 4", /removed from the end/],
    ['a deleted head', "DELETE FROM audit_heads WHERE chain = 'client-a'", /head record is missing/],
  ])('detects %s', (_label, sql, problem) => {
    setup();
    db.exec(sql);
    const r = verifyAudit(db);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.problem).join('\n')).toMatch(problem);
    expect(r.problems.every((p) => p.chain === 'client-a')).toBe(true);
  });

  it('detects a rehashed edit that no longer links to its successor', () => {
    setup();
    const entries = chainEntries(db, 'client-a');
    entries[1] = { ...entries[1]!, summary: 'forged' };
    const problems = verifyEntries('client-a', entries);
    expect(problems.length).toBeGreaterThan(0);
  });

  it('records field-level differences only', () => {
    expect(diffRecords({ a: 1, b: [1, 2], c: 'x' }, { a: 1, b: [1, 3], c: 'x' })).toEqual([{ field: 'b', from: [1, 2], to: [1, 3] }]);
    expect(diffRecords(undefined, { a: 'new' })).toEqual([{ field: 'a', from: null, to: 'new' }]);
  });
});
