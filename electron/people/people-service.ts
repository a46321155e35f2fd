import { randomUUID } from 'node:crypto';
import type { Person } from '../../shared/contract/people';
import { conflict, notFound } from '../backend/app-error';
import type { Clock } from '../backend/ports';
import type { Db } from '../store/database';
import { WORKSPACE_CHAIN, appendAudit } from '../store/audit-log';

// People are written with an audit entry, so they need the clock and the actor beside the database.
export interface PeopleDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
}

type Row = { id: string; name: string; email: string | null; role: 'consultant' | 'client' | null };
const view = (r: Row): Person => ({ id: r.id, name: r.name, email: r.email ?? undefined, role: r.role ?? undefined });

export function listPeople(s: PeopleDeps): Person[] {
  return (s.db.prepare('SELECT * FROM people ORDER BY name COLLATE NOCASE').all() as Row[]).map(view);
}

export function savePerson(s: PeopleDeps, input: { id?: string; name: string; email?: string; role?: 'consultant' | 'client' }): Person {
  const now = s.clock.now().toISOString();
  return s.db.transaction(() => {
    const clash = s.db.prepare('SELECT id FROM people WHERE name = ? COLLATE NOCASE').get(input.name) as { id: string } | undefined;
    if (clash && clash.id !== input.id) throw conflict(`There is already a person called ${input.name}.`);
    const id = input.id ?? randomUUID();
    if (input.id) {
      const before = s.db.prepare('SELECT * FROM people WHERE id = ?').get(input.id) as Row | undefined;
      if (!before) throw notFound('The person');
      s.db
        .prepare('UPDATE people SET name = ?, email = ?, role = ? WHERE id = ?')
        .run(input.name, input.email || null, input.role ?? null, id);
      // Answers show the owner by name: keep the text in step with the person.
      s.db.prepare('UPDATE responses SET owner = ? WHERE owner_person_id = ?').run(input.name, id);
    } else {
      s.db
        .prepare('INSERT INTO people (id, name, email, role, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(id, input.name, input.email || null, input.role ?? null, now);
    }
    appendAudit(s.db, {
      chain: WORKSPACE_CHAIN,
      actor: s.actor(),
      at: now,
      action: input.id ? 'people.update' : 'people.create',
      entityType: 'person',
      entityId: id,
      summary: `${input.id ? 'Updated' : 'Added'} ${input.name}${input.role ? ` (${input.role === 'client' ? 'client staff' : 'our team'})` : ''}`,
      changes: [],
    });
    return view(s.db.prepare('SELECT * FROM people WHERE id = ?').get(id) as Row);
  })();
}

export function removePerson(s: PeopleDeps, id: string): { id: string; name: string } {
  return s.db.transaction(() => {
    const person = s.db.prepare('SELECT * FROM people WHERE id = ?').get(id) as Row | undefined;
    if (!person) throw notFound('The person');
    const open = s.db
      .prepare(
        `SELECT count(*) AS n FROM responses r JOIN assessments a ON a.id = r.assessment_id
         WHERE r.owner_person_id = ? AND a.status <> 'signed'`,
      )
      .get(id) as { n: number };
    if (open.n > 0)
      throw conflict(
        `${person.name} owns ${open.n} ${open.n === 1 ? 'answer' : 'answers'} in assessments not yet signed. Give ${open.n === 1 ? 'it' : 'them'} another owner first.`,
      );
    // Signed answers keep the owner's name as text; only the link to the list goes (ON DELETE SET NULL).
    s.db.prepare('DELETE FROM people WHERE id = ?').run(id);
    appendAudit(s.db, {
      chain: WORKSPACE_CHAIN,
      actor: s.actor(),
      at: s.clock.now().toISOString(),
      action: 'people.remove',
      entityType: 'person',
      entityId: id,
      summary: `Removed ${person.name}`,
      changes: [],
    });
    return { id, name: person.name };
  })();
}

// An answer's owner is a person: the name typed or picked is matched (ignoring case) or added, inside the
// caller's transaction.
export function linkOwner(s: PeopleDeps, assessmentId: string, requirementId: string, owner: string | undefined): void {
  let personId: string | null = null;
  if (owner) {
    const found = s.db.prepare('SELECT id FROM people WHERE name = ? COLLATE NOCASE').get(owner) as { id: string } | undefined;
    personId = found?.id ?? randomUUID();
    if (!found)
      s.db.prepare('INSERT INTO people (id, name, created_at) VALUES (?, ?, ?)').run(personId, owner, s.clock.now().toISOString());
  }
  s.db
    .prepare('UPDATE responses SET owner_person_id = ? WHERE assessment_id = ? AND requirement_id = ?')
    .run(personId, assessmentId, requirementId);
}
