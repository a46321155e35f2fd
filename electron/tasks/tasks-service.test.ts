import { afterEach, describe, expect, it } from 'vitest';
import { createTestBackend, type TestBackend } from '../../test/support/temp-backend';
import { prepareAssessment } from '../../test/support/statement-fixture';
import { migration0011 } from '../store/migrations/0011-outcomes-people';

let b: TestBackend;
afterEach(() => b?.dispose());

describe('people: an owner is a person', () => {
  it('an owner typed on an answer becomes a person (matched ignoring case), and renaming the person renames the owner', async () => {
    b = createTestBackend();
    const p = await prepareAssessment(b);
    await b.call('assessment.saveResponse', {
      assessmentId: p.assessmentId,
      requirementId: 'ORG-01',
      result: 'not-met',
      owner: 'Sam Patel',
    });
    await b.call('assessment.saveResponse', {
      assessmentId: p.assessmentId,
      requirementId: 'ORG-04',
      result: 'not-met',
      owner: 'sam patel',
    });
    const people = await b.call('people.list', {});
    expect(people.filter((x) => /sam patel/i.test(x.name))).toHaveLength(1);
    const sam = people.find((x) => x.name === 'Sam Patel')!;
    await b.call('people.save', { id: sam.id, name: 'Sam Patel-Jones', role: 'client', email: 'sam@meadowbank-care.co.uk' });
    const d = await b.call('assessment.get', { id: p.assessmentId });
    expect(d.responses.filter((r) => r.owner === 'Sam Patel-Jones').map((r) => r.requirementId)).toEqual(['ORG-01', 'ORG-04']);
    await expect(b.call('people.save', { name: 'SAM PATEL-JONES' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(b.dispatch('people.save', { name: '  ' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('a person who owns open answers cannot be removed until they are reassigned; the removal is audited', async () => {
    b = createTestBackend();
    const p = await prepareAssessment(b);
    await b.call('assessment.saveResponse', {
      assessmentId: p.assessmentId,
      requirementId: 'ORG-01',
      result: 'not-met',
      owner: 'Sam Patel',
    });
    const sam = (await b.call('people.list', {})).find((x) => x.name === 'Sam Patel')!;
    await expect(b.call('people.remove', { id: sam.id })).rejects.toMatchObject({
      code: 'conflict',
      message: 'Sam Patel owns 1 answer in assessments not yet signed. Give it another owner first.',
    });
    expect((await b.call('people.list', {})).map((x) => x.id)).toContain(sam.id);
    await b.call('assessment.saveResponse', { assessmentId: p.assessmentId, requirementId: 'ORG-01', result: 'not-met', owner: '' });
    await expect(b.call('people.remove', { id: sam.id })).resolves.toEqual({ id: sam.id, name: 'Sam Patel' });
    expect((await b.call('people.list', {})).map((x) => x.id)).not.toContain(sam.id);
    const trail = b.services.db.prepare("SELECT summary FROM audit_log WHERE action = 'people.remove'").all();
    expect(trail).toEqual([{ summary: 'Removed Sam Patel' }]);
    await expect(b.call('people.remove', { id: sam.id })).rejects.toMatchObject({ code: 'not-found' });
  });

  it("migration 0011 turns every distinct free-text owner into a person without changing the answer's text", async () => {
    b = createTestBackend();
    const p = await prepareAssessment(b);
    const db = b.services.db;
    await b.call('assessment.saveResponse', {
      assessmentId: p.assessmentId,
      requirementId: 'ORG-04',
      result: 'met',
      owner: 'registered MANAGER',
    });
    await b.call('assessment.saveResponse', {
      assessmentId: p.assessmentId,
      requirementId: 'ORG-01',
      result: 'met',
      owner: ' Registered manager',
    });
    // As the database stood before 0011: owners as text only.
    db.prepare('UPDATE responses SET owner_person_id = NULL').run();
    db.prepare('DELETE FROM people').run();
    db.exec(migration0011.sql.slice(migration0011.sql.indexOf('INSERT INTO people')));
    const people = db.prepare('SELECT id, name FROM people').all() as { id: string; name: string }[];
    expect(people.map((x) => x.name.toLowerCase())).toEqual(['registered manager']);
    expect(people[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const rows = db.prepare('SELECT owner, owner_person_id FROM responses WHERE owner IS NOT NULL').all() as {
      owner: string;
      owner_person_id: string;
    }[];
    expect(rows.length).toBeGreaterThan(1);
    for (const r of rows) expect(r.owner_person_id).toBe(people[0]!.id);
    expect(rows.map((r) => r.owner)).toContain('registered MANAGER');
  });
});

describe('tasks.list', () => {
  it('lists owned open items, items waiting on the client, and due dates, soonest first', async () => {
    b = createTestBackend();
    const p = await prepareAssessment(b);
    const client = await b.call('people.save', { name: 'Sam Patel', role: 'client' });
    await b.call('people.save', { name: 'Alex Consultant', role: 'consultant' });
    await b.call('assessment.saveResponse', {
      assessmentId: p.assessmentId,
      requirementId: 'ORG-01',
      result: 'not-met',
      owner: 'Sam Patel',
    });
    await b.call('assessment.saveResponse', {
      assessmentId: p.assessmentId,
      requirementId: 'ORG-04',
      result: 'partially-met',
      owner: 'Alex Consultant',
    });
    const { today, tasks } = await b.call('tasks.list', {});
    expect(today).toBe('2026-11-23');
    expect(tasks.find((t) => t.title.startsWith('ORG-01'))).toMatchObject({
      kind: 'waiting-on-client',
      ownerId: client.id,
      ownerName: 'Sam Patel',
    });
    expect(tasks.find((t) => t.title.startsWith('ORG-04'))).toMatchObject({ kind: 'item', ownerName: 'Alex Consultant' });
    expect(tasks.find((t) => t.kind === 'due')).toMatchObject({ title: 'Planned submission of the 2026 statement', due: '2026-12-15' });
    // Met answers with an owner are not tasks.
    expect(tasks.filter((t) => t.kind === 'item' || t.kind === 'waiting-on-client')).toHaveLength(2);
    const dated = tasks.filter((t) => t.due).map((t) => t.due!);
    expect(dated).toEqual([...dated].sort());
  });

  it("lists the NHS team's findings still to fix and drops the fixed ones", async () => {
    b = createTestBackend();
    const p = await prepareAssessment(b);
    b.services.db.prepare(`UPDATE assessments SET status = 'signed' WHERE id = ?`).run(p.assessmentId);
    await b.call('assessment.outcomeEvent', { id: p.assessmentId, event: { kind: 'send', on: '2026-11-10' } });
    const q = await b.call('assessment.outcomeEvent', {
      id: p.assessmentId,
      event: { kind: 'query', on: '2026-11-12', findings: ['Name the DPO', 'Attach the DMARC report', 'Sign the incident procedure'] },
    });
    const fixed = q.outcome.findings.find((f) => f.text === 'Attach the DMARC report')!;
    await b.call('assessment.resolveOutcomeFinding', { id: p.assessmentId, findingId: fixed.id, resolved: true });
    const { tasks } = await b.call('tasks.list', {});
    expect(tasks.filter((t) => t.title.startsWith('NHS finding')).map((t) => [t.title, t.detail, t.href])).toEqual([
      ['NHS finding to fix: Name the DPO', '2026 statement queried', `/clients/${p.clientId}/assessments`],
      ['NHS finding to fix: Sign the incident procedure', '2026 statement queried', `/clients/${p.clientId}/assessments`],
    ]);
  });
});
