import { asStored } from '../../shared/contract/text';
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

// Must run inside the caller's transaction. The hash is taken over exactly what the row will hold when read
// back: every string made well-formed (SQLite stores a lone surrogate as U+FFFD) and the changes as they parse
// back from their stored JSON (so a Date, an undefined or a NaN cannot make the two differ).
// A chain's last entry: how many it has and the hash of the last one.
export function chainHead(db: Db, chain: string): { n: number; hash: string } | undefined {
  return db.prepare('SELECT n, hash FROM audit_heads WHERE chain = ?').get(chain) as { n: number; hash: string } | undefined;
}

export function appendAudit(db: Db, r: AuditRecord): AuditEntry {
  const head = chainHead(db, r.chain);
  const changesJson = JSON.stringify(
    wellFormed((r.changes ?? []).map((c) => ({ field: c.field, from: c.from ?? null, to: c.to ?? null }))),
  );
  const base = {
    chain: asStored(r.chain),
    n: (head?.n ?? 0) + 1,
    at: asStored(r.at),
    actor: asStored(r.actor),
    action: asStored(r.action),
    entityType: asStored(r.entityType),
    entityId: asStored(r.entityId),
    summary: asStored(r.summary),
    changes: JSON.parse(changesJson) as AuditEntry['changes'],
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
      changesJson,
      base.prevHash,
      hash,
    );
  db.prepare(
    `INSERT INTO audit_heads (chain, n, hash) VALUES (?, ?, ?)
     ON CONFLICT (chain) DO UPDATE SET n = excluded.n, hash = excluded.hash`,
  ).run(base.chain, base.n, hash);
  return { ...base, seq: Number(info.lastInsertRowid), hash };
}

function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return asStored(value);
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [asStored(k), wellFormed(v)]));
  }
  return value;
}

// Before issue 16 the hash was taken over the text as given while SQLite stored each lone UTF-16 surrogate
// as U+FFFD. Does putting surrogates back where U+FFFD now stands reproduce the entry's own hash? The changes
// column kept the surrogates (JSON escapes them), so those are tried first; with a single U+FFFD every
// surrogate is tried. Any other edit cannot match: the hash still covers everything else.
const TEXT_FIELDS = ['actor', 'action', 'entityType', 'entityId', 'summary'] as const;

export function legacyEncodingMatch(e: AuditEntry): boolean {
  const positions: { field: (typeof TEXT_FIELDS)[number]; index: number }[] = [];
  for (const field of TEXT_FIELDS)
    for (let i = e[field].indexOf('\ufffd'); i >= 0; i = e[field].indexOf('\ufffd', i + 1)) positions.push({ field, index: i });
  if (positions.length === 0 || positions.length > 6) return false;
  const candidates = new Set<string>([
    '\ufffd',
    ...(JSON.stringify(e.changes).match(/\\u[dD][89a-fA-F][0-9a-fA-F]{2}/g) ?? []).map((x) =>
      String.fromCharCode(parseInt(x.slice(2), 16)),
    ),
  ]);
  if (positions.length === 1) for (let c = 0xd800; c <= 0xdfff; c++) candidates.add(String.fromCharCode(c));
  const list = [...candidates];
  if (list.length ** positions.length > 20_000) return false;
  const pick = positions.map(() => 0);
  for (;;) {
    const trial = { ...e };
    for (const field of TEXT_FIELDS) {
      const chars = e[field].split('');
      positions.forEach((p, k) => {
        if (p.field === field) chars[p.index] = list[pick[k]!]!;
      });
      trial[field] = chars.join('');
    }
    if (pick.some((k) => k > 0) && entryHash(trial) === e.hash) return true;
    let k = 0;
    while (k < pick.length && ++pick[k]! === list.length) pick[k++] = 0;
    if (k === pick.length) return false;
  }
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
type AuditProblemRecord = AuditVerification['problems'][number];

// One chain checked entry by entry, so a bundle's audit log can be verified as it streams past without
// holding it in memory. verifyEntries is the same rule over a list.
export class ChainVerifier {
  private prev = GENESIS_HASH;
  private count = 0;
  private last: { n: number; hash: string } | undefined;

  constructor(
    readonly chain: string,
    private readonly report: (p: AuditProblemRecord) => void,
  ) {}

  push(e: AuditEntry | AuditOmitted): void {
    const chain = this.chain;
    const expectedN = ++this.count;
    const seq = 'seq' in e ? e.seq : undefined;
    if (e.n !== expectedN) this.report({ chain, n: e.n, seq, problem: `entry ${expectedN} is missing (found ${e.n} in its place)` });
    if (e.prevHash !== this.prev)
      this.report({ chain, n: e.n, seq, problem: 'does not link to the entry before it (an entry was removed or reordered)' });
    if (!('omitted' in e) && entryHash(e) !== e.hash)
      this.report({
        chain,
        n: e.n,
        seq: e.seq,
        problem: legacyEncodingMatch(e)
          ? `content does not match its hash only because its text held a lone UTF-16 surrogate, which the database stored as U+FFFD (entry ${e.n}, ${e.action} at ${e.at}); nothing else changed. Opening the workspace with this version re-seals it and records that in the chain`
          : 'content does not match its hash (the entry was edited)',
      });
    this.prev = e.hash;
    this.last = { n: e.n, hash: e.hash };
  }

  end(head?: { n: number; hash: string }): void {
    if (head && (!this.last || this.last.n !== head.n || this.last.hash !== head.hash))
      this.report({
        chain: this.chain,
        problem: `the chain ends at entry ${this.last?.n ?? 0} but ${head.n} were recorded (entries were removed from the end)`,
      });
  }
}

export function verifyEntries(chain: string, entries: (AuditEntry | AuditOmitted)[], head?: { n: number; hash: string }) {
  const problems: AuditProblemRecord[] = [];
  const v = new ChainVerifier(chain, (p) => problems.push(p));
  for (const e of entries) v.push(e);
  v.end(head);
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
    const head = chainHead(db, c);
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
