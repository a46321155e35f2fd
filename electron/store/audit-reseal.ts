import type { AuditEntry } from '../../shared/contract/audit';
import { appendAudit, chainEntries, entryHash, GENESIS_HASH, legacyEncodingMatch } from './audit-log';
import type { Db } from './database';

export interface ResealReport {
  chain: string;
  entries: number[];
}

// The repair for chains broken by the old encoding (see legacyEncodingMatch). A chain is re-sealed only when
// every entry either verifies as it is or differs from its hash by that encoding alone, every link holds and
// the head matches: anything else is left for `audit verify` to report. Entries from the first damaged one
// onwards get new hashes (each links to the one before), and the chain records what was done and why.
export function resealEncodingDamage(db: Db, opts: { at: string }): ResealReport[] {
  const reports: ResealReport[] = [];
  const chains = (db.prepare('SELECT chain FROM audit_heads').all() as { chain: string }[]).map((r) => r.chain);
  for (const chain of chains) {
    const entries = chainEntries(db, chain);
    const head = db.prepare('SELECT n, hash FROM audit_heads WHERE chain = ?').get(chain) as { n: number; hash: string };
    const plan = planReseal(entries, head);
    if (!plan || plan.damaged.length === 0) continue;
    db.transaction(() => {
      const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?');
      for (const u of plan.updates) update.run(u.prevHash, u.hash, u.seq);
      const last = plan.updates[plan.updates.length - 1]!;
      db.prepare('UPDATE audit_heads SET hash = ? WHERE chain = ?').run(last.hash, chain);
      appendAudit(db, {
        chain,
        actor: 'DCB1596 Workbench',
        at: opts.at,
        action: 'audit.reseal',
        entityType: 'audit',
        entityId: chain,
        summary: `Re-sealed ${plan.damaged.length === 1 ? 'entry' : 'entries'} ${plan.damaged.join(', ')}: ${plan.damaged.length === 1 ? 'its' : 'their'} text held a lone UTF-16 surrogate that the database stored as U+FFFD, so the old hash no longer matched. Nothing else had changed.`,
        changes: plan.damaged.map((n) => ({
          field: `entry ${n} hash`,
          from: entries[n - 1]!.hash,
          to: plan.updates.find((u) => u.n === n)!.hash,
        })),
      });
    })();
    reports.push({ chain, entries: plan.damaged });
  }
  return reports;
}

function planReseal(entries: AuditEntry[], head: { n: number; hash: string }) {
  const damaged: number[] = [];
  const updates: { seq: number; n: number; prevHash: string; hash: string }[] = [];
  let prevOld = GENESIS_HASH;
  let prevNew = GENESIS_HASH;
  for (const [i, e] of entries.entries()) {
    if (e.n !== i + 1 || e.prevHash !== prevOld) return undefined;
    if (entryHash(e) !== e.hash) {
      if (!legacyEncodingMatch(e)) return undefined;
      damaged.push(e.n);
    }
    const hash = entryHash({ ...e, prevHash: prevNew });
    if (hash !== e.hash || prevNew !== e.prevHash) updates.push({ seq: e.seq, n: e.n, prevHash: prevNew, hash });
    prevOld = e.hash;
    prevNew = hash;
  }
  const last = entries[entries.length - 1];
  if (!last || last.n !== head.n || last.hash !== head.hash) return undefined;
  return { damaged, updates };
}
