import { randomUUID } from 'node:crypto';
import { applicableRequirements } from '../shared/domain/catalogue/schema';
import { addMonths } from '../shared/domain/dates';
import type { Backend } from '../electron/backend/create-backend';

// Bulk test data for benchmarks: N clients × C cycles. Clients go through the service (audited); the
// historic cycles are written with plain SQL in one transaction, because replaying years of audited
// edits one by one would measure the seeding, not the portfolio.
export async function seedPortfolio(b: Backend, clients: number, cycles: number, thisYear = 2026): Promise<void> {
  const routes = ['o365', 'google', 'self-managed'] as const;
  const ids: { id: string; route: (typeof routes)[number] }[] = [];
  for (let i = 0; i < clients; i++) {
    const route = routes[i % 3]!;
    const c = await b.call('client.create', {
      legalName: `Care Provider ${String(i + 1).padStart(3, '0')} Ltd`,
      odsCode: `B${String(10000 + i)}`,
      domains: [`provider${i + 1}.care.example`],
      route,
    });
    ids.push({ id: c.id, route });
  }
  const db = b.services.db;
  const catalogue = b.services.catalogue.get();
  const version = catalogue.version;
  const insA = db.prepare(
    `INSERT INTO assessments (id, client_id, cycle, catalogue_version, route, status, planned_submission_date, submitted_on, accredited_on, expires_on, locked_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insR = db.prepare(
    `INSERT INTO responses (assessment_id, requirement_id, result, document, fields, reconfirm, updated_at, updated_by) VALUES (?, ?, ?, ?, '{}', 1, ?, 'seed')`,
  );
  const insRun = db.prepare(
    `INSERT INTO probe_runs (id, client_id, kind, target, source, started_at, finished_at, findings, app_version) VALUES (?, ?, 'domain', ?, 'dns+smtp', ?, ?, ?, 'bench')`,
  );
  const doc = JSON.stringify({ title: 'Policy', version: '1.0', date: '2025-01-01', approvedBy: 'Manager', approvalDate: '2025-01-02' });
  db.transaction(() => {
    ids.forEach(({ id, route }, i) => {
      const reqs = applicableRequirements(catalogue, route).filter((r) => r.obligation !== 'INFO');
      for (let k = cycles - 1; k >= 0; k--) {
        const cycle = thisYear - k;
        const current = k === 0;
        const accredited = `${cycle}-${String((i % 12) + 1).padStart(2, '0')}-15`;
        const aid = randomUUID();
        const at = `${cycle}-01-10T09:00:00Z`;
        insA.run(
          aid,
          id,
          cycle,
          version,
          route,
          current ? 'draft' : 'signed',
          accredited,
          current ? null : accredited,
          current ? null : accredited,
          current ? null : addMonths(accredited, 12),
          current ? null : at,
          at,
          at,
        );
        reqs.forEach((r, n) => {
          if (current && n % 3 === 0) return; // the current cycle is two-thirds answered
          insR.run(aid, r.id, n % 11 === 0 ? 'partially-met' : 'met', r.documentReference ? doc : null, at);
        });
      }
      const findings = JSON.stringify([
        {
          check: 'dns.dmarc',
          status: i % 7 === 0 ? 'fail' : 'pass',
          summary: i % 7 === 0 ? 'DMARC policy is none' : 'DMARC policy is reject',
        },
        { check: 'dns.spf', status: 'pass', summary: 'SPF ends in -all' },
      ]);
      insRun.run(randomUUID(), id, `provider${i + 1}.care.example`, '2026-11-01T09:00:00Z', '2026-11-01T09:00:04Z', findings);
    });
  })();
}
