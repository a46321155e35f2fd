import { resealEncodingDamage } from './audit-reseal';
import type { Db } from './database';

// One-time repairs listed in maintenance_tasks (migration 0010). Each runs once per workspace, when it opens.
const TASKS: Record<string, (db: Db, at: string) => void> = {
  'audit-reseal-encoding': (db, at) => void resealEncodingDamage(db, { at }),
};

export function runMaintenance(db: Db, now: () => Date): void {
  if (!db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'maintenance_tasks'`).get()) return;
  const pending = db.prepare('SELECT name FROM maintenance_tasks WHERE done_at IS NULL').all() as { name: string }[];
  for (const { name } of pending) {
    const at = now().toISOString();
    TASKS[name]?.(db, at);
    db.prepare('UPDATE maintenance_tasks SET done_at = ? WHERE name = ?').run(at, name);
  }
}
