import { describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../test/support/temp-backend';
import type { AuditEntry } from '../../shared/contract/audit';
import { appendAudit, chainEntries, verifyEntries } from '../store/audit-log';
import { openDatabase } from '../store/database';
import { belongsToCycle, scopeChain, type CycleScope } from './audit-scope';

const scope: CycleScope = {
  assessmentId: 'a2025',
  cycle: 2025,
  otherAssessmentIds: new Set(['a2024', 'a2026']),
  from: '2025-03-22T23:59:59.999Z',
  until: '2026-03-22T23:59:59.999Z',
};
const e = (entityId: string, summary: string, at = '2026-12-07T00:00:00Z') => ({ entityId, summary, at });

describe('belongsToCycle', () => {
  it.each<[string, ReturnType<typeof e>, boolean]>([
    ['an entry about this assessment', e('a2025', '2025 ORG-01: not assessed → met'), true],
    ['an entry about the next cycle', e('a2026', '2026 ORG-01: met → not met'), false],
    ['an entry about the previous cycle', e('a2024', '2024: marked ready'), false],
    ['this cycle’s bundle export (a bundle ID, its year in the summary)', e('b1', '2025: exported evidence bundle v1'), true],
    ['the next cycle’s bundle export', e('b2', '2026: exported evidence bundle v1 — DRAFT review pack'), false],
    ['a probe run inside the window', e('run1', 'Checked mail domain a.org: 9 pass', '2026-03-12T10:00:00Z'), true],
    ['a probe run of the previous cycle', e('run0', 'Checked mail domain a.org: 9 pass', '2025-03-12T10:00:00Z'), false],
    ['a probe run after the sign-off', e('run2', 'Checked mail domain a.org: 9 pass', '2026-12-07T10:00:00Z'), false],
  ])('%s → %s', (_l, entry, expected) => {
    expect(belongsToCycle(entry, scope)).toBe(expected);
  });
});

describe('scopeChain', () => {
  it('keeps the chain verifiable end to end while holding only this cycle’s entries', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'w.sqlite'));
    const add = (entityId: string, summary: string, at: string) =>
      db.transaction(() =>
        appendAudit(db, { chain: 'c1', actor: 'me', at, action: 'x', entityType: 'assessment', entityId, summary, changes: [] }),
      )();
    add('a2024', '2024: signed', '2025-03-20T10:00:00Z');
    add('a2025', '2025 ORG-01: met', '2026-01-01T10:00:00Z');
    add('a2026', '2026 ORG-01: not met', '2026-12-01T10:00:00Z');
    const entries: AuditEntry[] = chainEntries(db, 'c1');
    const head = { n: 3, hash: entries[2]!.hash };
    const scoped = scopeChain(entries, scope);
    expect(scoped.map((x) => ('omitted' in x ? 'omitted' : x.summary))).toEqual(['omitted', '2025 ORG-01: met', 'omitted']);
    expect(verifyEntries('c1', scoped, head)).toEqual([]);
    // Dropping an omitted link, or editing a kept entry, is still detected.
    expect(verifyEntries('c1', [scoped[0]!, scoped[1]!], head).length).toBeGreaterThan(0);
    expect(verifyEntries('c1', [scoped[0]!, { ...(scoped[1] as AuditEntry), summary: 'edited' }, scoped[2]!], head).length).toBeGreaterThan(
      0,
    );
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
