// Writes test/fixtures/db/workspace-v<N>.sqlite: a workspace as an app that knew only the first N migrations
// left it (N = 1 by default, the schema DCB1596 Workbench 0.1.0 shipped). The file is committed and never
// regenerated: it stands for a real user's old database, so every future migration is tested against it
// (test/fixtures/db/migrate-fixture.test.ts and the Electron smoke suite).
//
//   npx tsx scripts/make-db-fixture.ts            # v1, refuses to overwrite
//   npx tsx scripts/make-db-fixture.ts --schema 2 # a fixture for a later release
//
// The rows are written with plain SQL against the tables as they were at that version, not through today's
// services, so the fixture keeps meaning "what the old app wrote" even after the services change.
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openDatabase, schemaVersion } from '../electron/store/database';
import { MIGRATIONS } from '../electron/store/migrations';
import { appendAudit, verifyAudit, WORKSPACE_CHAIN } from '../electron/store/audit-log';

export const FIXTURE = {
  clients: {
    meadowbank: {
      id: '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b',
      legalName: 'Meadowbank Care Group Ltd',
      tradingName: 'Meadowbank',
      odsCode: 'VN3K7',
      domains: ['meadowbank-care.co.uk', 'meadowbankcare.org.uk'],
      route: 'o365',
      tenant: 'meadowbankcare.onmicrosoft.com',
      sites: [
        { id: '0b7c4e1a-2d3f-4a5b-9c6d-7e8f9a0b1c2d', name: 'Meadowbank House', odsCode: 'VN3K8' },
        { id: '1c8d5f2b-3e4a-4b6c-8d7e-8f9a0b1c2d3e', name: 'Riverside Lodge' },
      ],
      contacts: [{ name: 'Sam Okafor', role: 'Registered manager', email: 'sam.okafor@meadowbank-care.co.uk' }],
      cqcLocationIds: ['1-123456789'],
      notes: 'Renewal due in November.',
    },
    oakwood: {
      id: '7a2e3d4c-5b6a-4f7e-9b8c-0d1e2f3a4b5c',
      legalName: 'Oakwood Homes',
      odsCode: 'AB1',
      domains: ['oakwood-homes.org.uk'],
      route: 'self-managed',
    },
  },
  displayName: 'Alex Consultant',
  appVersion: '0.1.0',
} as const;

export const FIXTURE_AUDIT_ENTRIES = 5;

const t = (minute: number) => new Date(Date.UTC(2026, 0, 12, 9, minute)).toISOString();

export function writeFixture(file: string, schema: number): void {
  const migrations = MIGRATIONS.slice(0, schema);
  if (migrations.length !== schema) throw new Error(`There are only ${MIGRATIONS.length} migrations.`);
  const db = openDatabase(file, { migrations, backupBeforeMigrate: false });
  const { meadowbank: m, oakwood: o } = FIXTURE.clients;
  const actor = FIXTURE.displayName;

  db.transaction(() => {
    db.prepare("INSERT INTO settings (key, value) VALUES ('app', ?)").run(
      JSON.stringify({
        displayName: actor,
        organisation: 'Northern IT Partners',
        email: 'alex@northern-it.example',
        dns: { servers: ['1.1.1.1', '9.9.9.9'] },
      }),
    );
    appendAudit(db, {
      chain: WORKSPACE_CHAIN,
      actor,
      at: t(0),
      action: 'settings.update',
      entityType: 'settings',
      entityId: 'app',
      summary: 'Changed settings: displayName, organisation, email',
      changes: [{ field: 'displayName', from: '', to: actor }],
    });

    const insertClient = db.prepare(
      `INSERT INTO clients (id, legal_name, trading_name, ods_code, route, tenant, cqc_location_ids, contacts, notes, archived, sample, revision, created_at, updated_at)
       VALUES (@id, @legalName, @tradingName, @odsCode, @route, @tenant, @cqc, @contacts, @notes, @archived, 0, @revision, @createdAt, @updatedAt)`,
    );
    const insertDomain = db.prepare('INSERT INTO client_domains (client_id, domain, position) VALUES (?, ?, ?)');
    const insertSite = db.prepare('INSERT INTO client_sites (id, client_id, name, ods_code, position) VALUES (?, ?, ?, ?, ?)');

    insertClient.run({
      id: m.id,
      legalName: m.legalName,
      tradingName: m.tradingName,
      odsCode: m.odsCode,
      route: m.route,
      tenant: m.tenant,
      cqc: JSON.stringify(m.cqcLocationIds),
      contacts: JSON.stringify(m.contacts),
      notes: m.notes,
      archived: 0,
      revision: 2,
      createdAt: t(1),
      updatedAt: t(5),
    });
    m.domains.forEach((d, i) => insertDomain.run(m.id, d, i));
    m.sites.forEach((s, i) => insertSite.run(s.id, m.id, s.name, 'odsCode' in s ? s.odsCode : null, i));
    appendAudit(db, {
      chain: m.id,
      actor,
      at: t(1),
      action: 'client.create',
      entityType: 'client',
      entityId: m.id,
      summary: `Created client ${m.legalName} (${m.odsCode})`,
      changes: [
        { field: 'legalName', from: null, to: m.legalName },
        { field: 'odsCode', from: null, to: m.odsCode },
        { field: 'domains', from: null, to: [m.domains[0]] },
      ],
    });
    appendAudit(db, {
      chain: m.id,
      actor,
      at: t(5),
      action: 'client.update',
      entityType: 'client',
      entityId: m.id,
      summary: 'Edited domains, sites',
      changes: [
        { field: 'domains', from: [m.domains[0]], to: m.domains },
        { field: 'sites', from: [], to: ['Meadowbank House (VN3K8)', 'Riverside Lodge'] },
      ],
    });

    insertClient.run({
      id: o.id,
      legalName: o.legalName,
      tradingName: null,
      odsCode: o.odsCode,
      route: o.route,
      tenant: null,
      cqc: '[]',
      contacts: '[]',
      notes: null,
      archived: 1,
      revision: 2,
      createdAt: t(2),
      updatedAt: t(7),
    });
    o.domains.forEach((d, i) => insertDomain.run(o.id, d, i));
    appendAudit(db, {
      chain: o.id,
      actor,
      at: t(2),
      action: 'client.create',
      entityType: 'client',
      entityId: o.id,
      summary: `Created client ${o.legalName} (${o.odsCode})`,
      changes: [{ field: 'legalName', from: null, to: o.legalName }],
    });
    appendAudit(db, {
      chain: o.id,
      actor,
      at: t(7),
      action: 'client.archive',
      entityType: 'client',
      entityId: o.id,
      summary: 'Archived the client',
      changes: [{ field: 'archived', from: false, to: true }],
    });
  })();

  const audit = verifyAudit(db);
  if (!audit.ok || audit.entriesChecked !== FIXTURE_AUDIT_ENTRIES)
    throw new Error(`Fixture audit chain is wrong: ${JSON.stringify(audit)}`);
  if (schemaVersion(db) !== schema) throw new Error(`Fixture is at schema ${schemaVersion(db)}, expected ${schema}.`);
  // One self-contained file, as a user's closed workspace would be after a clean exit.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  db.exec('VACUUM');
  db.close();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--schema');
  const schema = i > 0 ? Number(process.argv[i + 1]) : 1;
  const out = fileURLToPath(new URL(`../test/fixtures/db/workspace-v${schema}.sqlite`, import.meta.url));
  if (existsSync(out) && !process.argv.includes('--force')) {
    console.error(
      `${out} exists. Fixtures record what an old release wrote; add a new version instead of rewriting one (or pass --force).`,
    );
    process.exit(1);
  }
  rmSync(out, { force: true });
  writeFixture(out, schema);
  console.log(`Wrote ${out} (schema ${schema}, ${FIXTURE_AUDIT_ENTRIES} audit entries).`);
}
