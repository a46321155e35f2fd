import { randomUUID } from 'node:crypto';
import type { Person } from '../../shared/contract/people';
import { conflict, notFound } from '../backend/app-error';
import type { Clock } from '../backend/ports';
import type { Db } from '../store/database';
import { WORKSPACE_CHAIN, appendAudit } from '../store/audit-log';
import { AssessmentRepo } from '../assessments/assessment-repo';
import { PeopleRepo } from './people-repo';

// People are written with an audit entry, so they need the clock and the actor beside the database.
export interface PeopleDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
}

export function listPeople(s: PeopleDeps): Person[] {
  return new PeopleRepo(s.db).all();
}

export function savePerson(s: PeopleDeps, input: { id?: string; name: string; email?: string; role?: 'consultant' | 'client' }): Person {
  const now = s.clock.now().toISOString();
  const people = new PeopleRepo(s.db);
  return s.db.transaction(() => {
    const clash = people.idByName(input.name);
    if (clash && clash !== input.id) throw conflict(`There is already a person called ${input.name}.`);
    const id = input.id ?? randomUUID();
    if (input.id) {
      if (!people.get(input.id)) throw notFound('The person');
      people.update({ id, name: input.name, email: input.email || null, role: input.role ?? null });
      // Answers show the owner by name: keep the text in step with the person.
      new AssessmentRepo(s.db).renameOwner(id, input.name);
    } else {
      people.insert({ id, name: input.name, email: input.email || null, role: input.role ?? null, at: now });
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
    return people.get(id)!;
  })();
}

export function removePerson(s: PeopleDeps, id: string): { id: string; name: string } {
  const people = new PeopleRepo(s.db);
  return s.db.transaction(() => {
    const person = people.get(id);
    if (!person) throw notFound('The person');
    const open = new AssessmentRepo(s.db).openAnswersOwnedBy(id);
    if (open > 0)
      throw conflict(
        `${person.name} owns ${open} ${open === 1 ? 'answer' : 'answers'} in assessments not yet signed. Give ${open === 1 ? 'it' : 'them'} another owner first.`,
      );
    // Signed answers keep the owner's name as text; only the link to the list goes (ON DELETE SET NULL).
    people.delete(id);
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
    const people = new PeopleRepo(s.db);
    const found = people.idByName(owner);
    personId = found ?? randomUUID();
    if (!found) people.insert({ id: personId, name: owner, email: null, role: null, at: s.clock.now().toISOString() });
  }
  new AssessmentRepo(s.db).setResponseOwner(assessmentId, requirementId, personId);
}
