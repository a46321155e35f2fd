import { unlinkSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestBackend, sampleClientInput, type TestBackend } from '../../test/support/temp-backend';
import { figuresOf } from './readiness-summary';

// The portfolio reads stored figures; every kind of write that changes readiness must make it recompute,
// and what it shows must always equal what the assessment page shows (assessment.get) computed afresh.
let b: TestBackend;
afterEach(() => b?.dispose());

async function setup() {
  b = createTestBackend();
  b.clock.current = new Date('2026-11-23T09:00:00Z');
  const c = await b.call('client.create', sampleClientInput({ legalName: 'Alder House', odsCode: 'AA1', route: 'self-managed' }));
  const a = await b.call('assessment.create', { clientId: c.id, cycle: 2026, plannedSubmissionDate: '2026-12-10' });
  const { uploadId } = await b.services.transfers.receive(Readable.from([Buffer.from('pen test report')]), 'pen.txt');
  const pen = await b.call('evidence.import', {
    clientId: c.id,
    uploadId,
    title: 'Pen test',
    kind: 'pen-test',
    source: 'manual-upload',
    issueDate: '2026-02-01',
  });
  return { c, a, pen };
}

const stored = () => (b.services.db.prepare('SELECT COUNT(*) AS n FROM portfolio_summary').get() as { n: number }).n;

async function expectAgrees(assessmentId: string) {
  const row = (await b.call('portfolio.overview', {})).rows.find((r) => r.current?.assessmentId === assessmentId)!;
  const page = await b.call('assessment.get', { id: assessmentId });
  expect(row.current).toMatchObject({ percent: page.readiness.percent, blockers: page.readiness.blockers.length });
  const fresh = figuresOf(b.services, assessmentId);
  expect({ failingChecks: row.failingChecks, evidenceExpiring: row.evidenceExpiring }).toEqual({
    failingChecks: fresh.failingChecks,
    evidenceExpiring: fresh.evidenceExpiring,
  });
  return row;
}

type Ctx = Awaited<ReturnType<typeof setup>>;
const WRITES: [string, (x: Ctx) => unknown, (row: Awaited<ReturnType<typeof expectAgrees>>) => void][] = [
  [
    'an answer saved',
    ({ a }) => b.call('assessment.saveResponse', { assessmentId: a.id, requirementId: 'ORG-02', result: 'not-met' }),
    (row) => expect(row.current!.percent).toBeGreaterThan(0),
  ],
  [
    'a sign-off recorded directly in SQL',
    ({ a }) =>
      b.services.db
        .prepare(
          `INSERT INTO signoffs (assessment_id, role, name, role_title, organisation, email, method, typed_signature, signed_at) VALUES (?, 'ict-expert', 'a', 'b', 'c', 'd@e.f', 'typed', 'a', ?)`,
        )
        .run(a.id, b.clock.now().toISOString()),
    () => {},
  ],
  [
    'a failing domain check',
    ({ c }) =>
      b.services.db
        .prepare(
          `INSERT INTO probe_runs (id, client_id, kind, target, source, started_at, finished_at, findings, app_version) VALUES (?, ?, 'domain', ?, 'dns+smtp', ?, ?, ?, 'test')`,
        )
        .run(
          randomUUID(),
          c.id,
          c.domains[0],
          '2026-11-23T08:00:00Z',
          '2026-11-23T08:00:01Z',
          JSON.stringify([{ check: 'dns.dmarc', status: 'fail', summary: 'DMARC policy is none' }]),
        ),
    (row) => expect(row.failingChecks).toBe(1),
  ],
  [
    'evidence linked',
    ({ a, pen }) => b.call('evidence.link', { evidenceId: pen.id, assessmentId: a.id, requirementId: 'ICT-02' }),
    () => {},
  ],
  [
    'the planned submission moved past the pen test’s 12 months',
    async ({ a }) => {
      const cur = await b.call('assessment.get', { id: a.id });
      return b.call('assessment.update', { id: a.id, revision: cur.assessment.revision, plannedSubmissionDate: '2027-01-15' });
    },
    (row) => expect(row.evidenceExpiring).toBe(1),
  ],
  [
    'the client’s domain removed (its check no longer applies)',
    async ({ c }) => {
      const cur = await b.call('client.get', { id: c.id });
      const {
        id: _id,
        revision,
        archived: _a,
        sample: _s,
        createdAt: _c,
        updatedAt: _u,
        siteCount: _n,
        ...fields
      } = cur as typeof cur & {
        siteCount?: number;
      };
      return b.call('client.update', { id: c.id, revision, fields: { ...fields, domains: ['other.example'] } as never });
    },
    (row) => expect(row.failingChecks).toBe(0),
  ],
];

describe('portfolio summary', () => {
  it('stores figures once and reuses them until something they depend on changes', async () => {
    const { a } = await setup();
    await expectAgrees(a.id);
    expect(stored()).toBe(1);
    const at = (b.services.db.prepare('SELECT computed_at FROM portfolio_summary').get() as { computed_at: string }).computed_at;
    b.clock.current = new Date('2026-11-23T10:00:00Z');
    await b.call('portfolio.overview', {});
    expect((b.services.db.prepare('SELECT computed_at FROM portfolio_summary').get() as { computed_at: string }).computed_at).toBe(at);
  });

  it.each(WRITES)('recomputes after %s, agreeing with the assessment page', async (_name, write, check) => {
    const ctx = await setup();
    // Every earlier write in the table too, so each runs against a summary that exists.
    for (const [, w] of WRITES.slice(
      0,
      WRITES.findIndex(([n]) => n === _name),
    )) {
      await w(ctx);
      await b.call('portfolio.overview', {});
    }
    await expectAgrees(ctx.a.id);
    expect(stored()).toBe(1);
    await write(ctx);
    expect(stored()).toBe(0);
    check(await expectAgrees(ctx.a.id));
  });

  it('sees an evidence file deleted or altered on disk, which no trigger can', async () => {
    const { a, pen } = await setup();
    await b.call('evidence.link', { evidenceId: pen.id, assessmentId: a.id, requirementId: 'ICT-02' });
    const before = await expectAgrees(a.id);
    const blob = b.services.blobs.path(pen.current.sha256);
    writeFileSync(blob, 'tampered with, longer than before');
    const altered = await expectAgrees(a.id);
    expect(altered.current!.blockers).toBe(before.current!.blockers + 1);
    unlinkSync(blob);
    expect((await expectAgrees(a.id)).current!.blockers).toBe(before.current!.blockers + 1);
  });

  it('a row from another readiness model is recomputed', async () => {
    const { a } = await setup();
    await expectAgrees(a.id);
    b.services.db.prepare("UPDATE portfolio_summary SET model = 'old', percent = 99").run();
    expect((await expectAgrees(a.id)).current!.percent).not.toBe(99);
  });
});
