import { randomUUID } from 'node:crypto';
import type { Client, ClientFields, ClientSummary } from '../../shared/contract/clients';
import { AppError, conflict, notFound } from '../backend/app-error';
import type { Clock } from '../backend/ports';
import type { Db } from '../store/database';
import { appendAudit, diffRecords } from '../store/audit-log';

type ClientRow = {
  id: string;
  legal_name: string;
  trading_name: string | null;
  ods_code: string;
  route: Client['route'];
  tenant: string | null;
  cqc_location_ids: string;
  contacts: string;
  notes: string | null;
  archived: number;
  sample: number;
  revision: number;
  created_at: string;
  updated_at: string;
};

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export interface ClientsDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
}

export class ClientsService {
  constructor(private readonly s: ClientsDeps) {}

  private get db() {
    return this.s.db;
  }

  list(opts: { search?: string; includeArchived: boolean }): ClientSummary[] {
    const term = opts.search?.trim().toLowerCase();
    const like = term ? `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const rows = this.db
      .prepare(
        `SELECT c.*, (SELECT COUNT(*) FROM client_sites s WHERE s.client_id = c.id) AS site_count,
                (SELECT json_group_array(domain) FROM (SELECT domain FROM client_domains d WHERE d.client_id = c.id ORDER BY position)) AS domain_list
         FROM clients c
         WHERE (@all = 1 OR c.archived = 0)
           AND (@like IS NULL
                OR lower(c.legal_name) LIKE @like ESCAPE '\\'
                OR lower(coalesce(c.trading_name, '')) LIKE @like ESCAPE '\\'
                OR lower(c.ods_code) LIKE @like ESCAPE '\\'
                OR EXISTS (SELECT 1 FROM client_domains d WHERE d.client_id = c.id AND d.domain LIKE @like ESCAPE '\\'))
         ORDER BY c.archived, c.legal_name COLLATE NOCASE`,
      )
      .all({ all: opts.includeArchived ? 1 : 0, like }) as (ClientRow & { site_count: number; domain_list: string })[];
    return rows.map((r) => ({
      id: r.id,
      legalName: r.legal_name,
      tradingName: opt(r.trading_name),
      odsCode: r.ods_code,
      domains: JSON.parse(r.domain_list) as string[],
      route: r.route,
      archived: r.archived === 1,
      sample: r.sample === 1,
      updatedAt: r.updated_at,
      siteCount: r.site_count,
    }));
  }

  get(id: string): Client {
    const r = this.db.prepare('SELECT * FROM clients WHERE id = ?').get(id) as ClientRow | undefined;
    if (!r) throw notFound('The client');
    const domains = (
      this.db.prepare('SELECT domain FROM client_domains WHERE client_id = ? ORDER BY position').all(id) as { domain: string }[]
    ).map((d) => d.domain);
    const sites = (
      this.db.prepare('SELECT id, name, ods_code FROM client_sites WHERE client_id = ? ORDER BY position').all(id) as {
        id: string;
        name: string;
        ods_code: string | null;
      }[]
    ).map((s) => ({ id: s.id, name: s.name, odsCode: opt(s.ods_code) }));
    return {
      id: r.id,
      legalName: r.legal_name,
      tradingName: opt(r.trading_name),
      odsCode: r.ods_code,
      cqcLocationIds: JSON.parse(r.cqc_location_ids),
      domains,
      route: r.route,
      tenant: opt(r.tenant),
      sites,
      contacts: JSON.parse(r.contacts),
      notes: opt(r.notes),
      archived: r.archived === 1,
      sample: r.sample === 1,
      revision: r.revision,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  private assertOdsFree(odsCode: string, exceptId?: string): void {
    const other = this.db
      .prepare('SELECT id, legal_name FROM clients WHERE ods_code = ? AND id IS NOT ?')
      .get(odsCode, exceptId ?? null) as { id: string; legal_name: string } | undefined;
    if (other) {
      const message = `ODS code ${odsCode} already belongs to ${other.legal_name}. Each client is one organisation with its own ODS code; add sites for its locations.`;
      throw new AppError('conflict', message, [{ path: 'odsCode', message: `Already used by ${other.legal_name}` }]);
    }
  }

  private writeChildren(id: string, f: ClientFields): void {
    this.db.prepare('DELETE FROM client_domains WHERE client_id = ?').run(id);
    const addDomain = this.db.prepare('INSERT INTO client_domains (client_id, domain, position) VALUES (?, ?, ?)');
    f.domains.forEach((d, i) => addDomain.run(id, d, i));
    // Sites keep their IDs when the list is re-saved in the same order with the same names.
    const existing = this.db.prepare('SELECT id, name FROM client_sites WHERE client_id = ? ORDER BY position').all(id) as {
      id: string;
      name: string;
    }[];
    this.db.prepare('DELETE FROM client_sites WHERE client_id = ?').run(id);
    const addSite = this.db.prepare('INSERT INTO client_sites (id, client_id, name, ods_code, position) VALUES (?, ?, ?, ?, ?)');
    f.sites.forEach((site, i) => {
      const keep = existing.find((e) => e.name === site.name);
      addSite.run(keep?.id ?? randomUUID(), id, site.name, site.odsCode ?? null, i);
    });
  }

  create(f: ClientFields, opts: { sample?: boolean } = {}): Client {
    const id = randomUUID();
    const now = this.s.clock.now().toISOString();
    this.db.transaction(() => {
      this.assertOdsFree(f.odsCode);
      this.db
        .prepare(
          `INSERT INTO clients (id, legal_name, trading_name, ods_code, route, tenant, cqc_location_ids, contacts, notes, sample, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          f.legalName,
          f.tradingName || null,
          f.odsCode,
          f.route,
          f.tenant ?? null,
          JSON.stringify(f.cqcLocationIds),
          JSON.stringify(f.contacts),
          f.notes || null,
          opts.sample ? 1 : 0,
          now,
          now,
        );
      this.writeChildren(id, f);
      appendAudit(this.db, {
        chain: id,
        actor: this.s.actor(),
        at: now,
        action: 'client.create',
        entityType: 'client',
        entityId: id,
        summary: `Created client ${f.legalName} (${f.odsCode})`,
        changes: diffRecords(undefined, auditView(f)),
      });
    })();
    return this.get(id);
  }

  update(id: string, revision: number, f: ClientFields): Client {
    const now = this.s.clock.now().toISOString();
    this.db.transaction(() => {
      const before = this.get(id);
      if (before.revision !== revision) {
        throw conflict(
          'This client was changed elsewhere (perhaps from the command line) since you opened it. Reload to see the latest, then make your change again.',
        );
      }
      this.assertOdsFree(f.odsCode, id);
      const changes = diffRecords(auditView(before), auditView(f));
      if (changes.length === 0) return;
      this.db
        .prepare(
          `UPDATE clients SET legal_name = ?, trading_name = ?, ods_code = ?, route = ?, tenant = ?, cqc_location_ids = ?, contacts = ?, notes = ?,
                  revision = revision + 1, updated_at = ? WHERE id = ?`,
        )
        .run(
          f.legalName,
          f.tradingName || null,
          f.odsCode,
          f.route,
          f.tenant ?? null,
          JSON.stringify(f.cqcLocationIds),
          JSON.stringify(f.contacts),
          f.notes || null,
          now,
          id,
        );
      this.writeChildren(id, f);
      appendAudit(this.db, {
        chain: id,
        actor: this.s.actor(),
        at: now,
        action: 'client.update',
        entityType: 'client',
        entityId: id,
        summary: `Edited ${changes.map((c) => c.field).join(', ')}`,
        changes,
      });
    })();
    return this.get(id);
  }

  setArchived(id: string, archived: boolean): Client {
    const now = this.s.clock.now().toISOString();
    this.db.transaction(() => {
      const before = this.get(id);
      if (before.archived === archived) return;
      this.db
        .prepare('UPDATE clients SET archived = ?, revision = revision + 1, updated_at = ? WHERE id = ?')
        .run(archived ? 1 : 0, now, id);
      appendAudit(this.db, {
        chain: id,
        actor: this.s.actor(),
        at: now,
        action: archived ? 'client.archive' : 'client.restore',
        entityType: 'client',
        entityId: id,
        summary: archived ? 'Archived the client' : 'Restored the client from the archive',
        changes: [{ field: 'archived', from: before.archived, to: archived }],
      });
    })();
    return this.get(id);
  }

  findByRef(ref: string): Client {
    // The CLI names clients by ODS code, ID, or an unambiguous part of the name.
    const byOds = this.db.prepare('SELECT id FROM clients WHERE ods_code = ?').get(ref.trim().toUpperCase()) as { id: string } | undefined;
    if (byOds) return this.get(byOds.id);
    const byId = this.db.prepare('SELECT id FROM clients WHERE id = ?').get(ref) as { id: string } | undefined;
    if (byId) return this.get(byId.id);
    const matches = this.list({ search: ref, includeArchived: true });
    if (matches.length === 1) return this.get(matches[0]!.id);
    if (matches.length > 1)
      throw conflict(
        `"${ref}" matches ${matches.length} clients (${matches
          .slice(0, 3)
          .map((m) => m.odsCode)
          .join(', ')}…). Use the ODS code.`,
      );
    throw notFound(`A client matching "${ref}"`);
  }
}

// What the audit trail records for a client: its editable fields, with sites by name.
function auditView(c: ClientFields | Client): Record<string, unknown> {
  return {
    legalName: c.legalName,
    tradingName: c.tradingName || null,
    odsCode: c.odsCode,
    route: c.route,
    tenant: c.tenant ?? null,
    domains: c.domains,
    cqcLocationIds: c.cqcLocationIds,
    sites: c.sites.map((s) => (s.odsCode ? `${s.name} (${s.odsCode})` : s.name)),
    contacts: c.contacts.map((k) => [k.name, k.role, k.email, k.phone].filter(Boolean).join(' · ')),
    notes: c.notes || null,
  };
}
