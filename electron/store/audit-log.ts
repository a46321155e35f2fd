import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/domain/canonical-json';
import type { AuditEntry, AuditOmitted, AuditVerification } from '../../shared/contract/audit';
import type { Db } from './database';

// Every change is appended here inside the same transaction as the change itself. Each entry carries the
// hash of the previous entry in its chain, and audit_heads holds each chain's last hash, so verify()
// detects an edited, deleted, reordered or truncated entry.

export const GENESIS_HASH = '0'.repeat(64);
export const WORKSPACE_CHAIN = 'workspace';

export interface AuditChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface AuditRecord {
  chain: string;
  actor: string;
  at: string;
  action: string;
  entityType: string;
  entityId: string;
  summary: string;
  changes?: AuditChange[];
}

type Row = {
  seq: number;
  chain: string;
  n: number;
  at: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  summary: string;
  changes: string;
  prev_hash: string;
  hash: string;
};

export function entryHash(e: Omit<AuditEntry, 'seq' | 'hash'>): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        chain: e.chain,
        n: e.n,
        at: e.at,
        actor: e.actor,
        action: e.action,
        entityType: e.entityType,
        entityId: e.entityId,
        summary: e.summary,
        changes: e.changes,
        prevHash: e.prevHash,
      }),
    )
    .digest('hex');
}

// Must run inside the caller's transaction.
export function appendAudit(db: Db, r: AuditRecord): AuditEntry {
  const head = db.prepare('SELECT n, hash FROM audit_heads WHERE chain = ?').get(r.chain) as { n: number; hash: string } | undefined;
  const base = {
    chain: r.chain,
    n: (head?.n ?? 0) + 1,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    summary: r.summary,
    changes: (r.changes ?? []).map((c) => ({ field: c.field, from: c.from ?? null, to: c.to ?? null })),
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const hash = entryHash(base);
  const info = db
    .prepare(
      `INSERT INTO audit_log (chain, n, at, actor, action, entity_type, entity_id, summary, changes, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      base.chain,
      base.n,
      base.at,
      base.actor,
      base.action,
      base.entityType,
      base.entityId,
      base.summary,
      JSON.stringify(base.changes),
      base.prevHash,
      hash,
    );
  db.prepare(
    `INSERT INTO audit_heads (chain, n, hash) VALUES (?, ?, ?)
     ON CONFLICT (chain) DO UPDATE SET n = excluded.n, hash = excluded.hash`,
  ).run(base.chain, base.n, hash);
  return { ...base, seq: Number(info.lastInsertRowid), hash };
}

function toEntry(row: Row): AuditEntry {
  let changes: AuditEntry['changes'];
  try {
    changes = JSON.parse(row.changes);
  } catch {
    changes = [{ field: '(unreadable)', from: null, to: row.changes }];
  }
  return {
    seq: row.seq,
    chain: row.chain,
    n: row.n,
    at: row.at,
    actor: row.actor,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    summary: row.summary,
    changes,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function listAudit(db: Db, chain: string, opts: { entityId?: string; limit?: number } = {}): AuditEntry[] {
  const rows = (
    opts.entityId
      ? db
          .prepare('SELECT * FROM audit_log WHERE chain = ? AND entity_id = ? ORDER BY n DESC LIMIT ?')
          .all(chain, opts.entityId, opts.limit ?? 200)
      : db.prepare('SELECT * FROM audit_log WHERE chain = ? ORDER BY n DESC LIMIT ?').all(chain, opts.limit ?? 200)
  ) as Row[];
  return rows.map(toEntry);
}

export function chainEntries(db: Db, chain: string): AuditEntry[] {
  return (db.prepare('SELECT * FROM audit_log WHERE chain = ? ORDER BY n').all(chain) as Row[]).map(toEntry);
}

// Pure check over a sequence of entries (also used on the audit-log.jsonl inside an exported bundle).
// An omitted entry (another cycle's, in a bundle) is checked for its place and link only: its content is not there.
export function verifyEntries(chain: string, entries: (AuditEntry | AuditOmitted)[], head?: { n: number; hash: string }) {
  const problems: AuditVerification['problems'] = [];
  let prev = GENESIS_HASH;
  entries.forEach((e, i) => {
    const expectedN = i + 1;
    if (e.n !== expectedN)
      problems.push({
        chain,
        n: e.n,
        seq: 'seq' in e ? e.seq : undefined,
        problem: `entry ${expectedN} is missing (found ${e.n} in its place)`,
      });
    if (e.prevHash !== prev)
      problems.push({
        chain,
        n: e.n,
        seq: 'seq' in e ? e.seq : undefined,
        problem: 'does not link to the entry before it (an entry was removed or reordered)',
      });
    if (!('omitted' in e) && entryHash(e) !== e.hash)
      problems.push({ chain, n: e.n, seq: e.seq, problem: 'content does not match its hash (the entry was edited)' });
    prev = e.hash;
  });
  if (head) {
    const last = entries[entries.length - 1];
    if (!last || last.n !== head.n || last.hash !== head.hash) {
      problems.push({
        chain,
        problem: `the chain ends at entry ${last?.n ?? 0} but ${head.n} were recorded (entries were removed from the end)`,
      });
    }
  }
  return problems;
}

export function verifyAudit(db: Db, chain?: string): AuditVerification {
  const chains = chain
    ? [chain]
    : (db.prepare('SELECT chain FROM audit_heads UNION SELECT DISTINCT chain FROM audit_log').all() as { chain: string }[]).map(
        (r) => r.chain,
      );
  const problems: AuditVerification['problems'] = [];
  let entriesChecked = 0;
  for (const c of chains) {
    const entries = chainEntries(db, c);
    entriesChecked += entries.length;
    const head = db.prepare('SELECT n, hash FROM audit_heads WHERE chain = ?').get(c) as { n: number; hash: string } | undefined;
    if (!head && entries.length > 0) problems.push({ chain: c, problem: 'the chain head record is missing' });
    problems.push(...verifyEntries(c, entries, head));
  }
  return { ok: problems.length === 0, entriesChecked, chainsChecked: chains.length, problems };
}

// Field-by-field differences between two plain records, for the audit trail's "old → new".
export function diffRecords(before: Record<string, unknown> | undefined, after: Record<string, unknown>, fields?: string[]): AuditChange[] {
  const keys = fields ?? [...new Set([...Object.keys(before ?? {}), ...Object.keys(after)])];
  const changes: AuditChange[] = [];
  for (const field of keys) {
    const from = before?.[field];
    const to = after[field];
    if (canonicalJson(from ?? null) !== canonicalJson(to ?? null)) changes.push({ field, from: from ?? null, to: to ?? null });
  }
  return changes;
}
