import type { Person } from '../../shared/contract/people';
import type { Db } from '../store/database';

// The owner of the `people` table (the list of answer owners). Answers point at a person from the responses
// table, which assessments/assessment-repo.ts owns.

type Row = { id: string; name: string; email: string | null; role: 'consultant' | 'client' | null };
const view = (r: Row): Person => ({ id: r.id, name: r.name, email: r.email ?? undefined, role: r.role ?? undefined });

export class PeopleRepo {
  constructor(private readonly db: Db) {}

  all(): Person[] {
    return (this.db.prepare('SELECT * FROM people ORDER BY name COLLATE NOCASE').all() as Row[]).map(view);
  }

  get(id: string): Person | undefined {
    const r = this.db.prepare('SELECT * FROM people WHERE id = ?').get(id) as Row | undefined;
    return r && view(r);
  }

  // Names are unique ignoring case.
  idByName(name: string): string | undefined {
    return (this.db.prepare('SELECT id FROM people WHERE name = ? COLLATE NOCASE').get(name) as { id: string } | undefined)?.id;
  }

  insert(p: { id: string; name: string; email: string | null; role: Person['role'] | null; at: string }): void {
    this.db
      .prepare('INSERT INTO people (id, name, email, role, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(p.id, p.name, p.email, p.role ?? null, p.at);
  }

  update(p: { id: string; name: string; email: string | null; role: Person['role'] | null }): void {
    this.db.prepare('UPDATE people SET name = ?, email = ?, role = ? WHERE id = ?').run(p.name, p.email, p.role ?? null, p.id);
  }

  // Answers that named the person keep the name as text (ON DELETE SET NULL).
  delete(id: string): void {
    this.db.prepare('DELETE FROM people WHERE id = ?').run(id);
  }
}
