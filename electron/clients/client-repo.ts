import { randomUUID } from 'node:crypto';
import type { Client, ClientFields, ClientSummary } from '../../shared/contract/clients';
import type { Db } from '../store/database';

// The owner of the client tables: `clients`, `client_domains` and `client_sites`. Their rows, every SQL
// statement on them and the mapping to the contract's shapes live here; the service checks, audits and
// holds the transaction (db.transaction, which is IMMEDIATE: store/database.ts).

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

export class ClientRepo {
  constructor(private readonly db: Db) {}

  // `like` matches the legal or trading name, the ODS code or a domain (an escaped LIKE pattern, or null for all).
  search(includeArchived: boolean, like: string | null): ClientSummary[] {
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
      .all({ all: includeArchived ? 1 : 0, like }) as (ClientRow & { site_count: number; domain_list: string })[];
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

  get(id: string): Client | undefined {
    const r = this.db.prepare('SELECT * FROM clients WHERE id = ?').get(id) as ClientRow | undefined;
    if (!r) return undefined;
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

  exists(id: string): boolean {
    return !!this.db.prepare('SELECT id FROM clients WHERE id = ?').get(id);
  }

  // The client that has this ODS code (other than `exceptId`).
  withOdsCode(odsCode: string, exceptId?: string): { id: string; legal_name: string } | undefined {
    return this.db.prepare('SELECT id, legal_name FROM clients WHERE ods_code = ? AND id IS NOT ?').get(odsCode, exceptId ?? null) as
      { id: string; legal_name: string } | undefined;
  }

  // Whether the workspace holds any of the demo clients.
  hasSample(): boolean {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM clients WHERE sample = 1').get() as { n: number }).n > 0;
  }

  insert(id: string, f: ClientFields, sample: boolean, now: string): void {
    this.db
      .prepare(
        `INSERT INTO clients (id, legal_name, trading_name, ods_code, route, tenant, cqc_location_ids, contacts, notes, sample, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, ...ownColumns(f), sample ? 1 : 0, now, now);
    this.writeChildren(id, f);
  }

  update(id: string, f: ClientFields, now: string): void {
    this.db
      .prepare(
        `UPDATE clients SET legal_name = ?, trading_name = ?, ods_code = ?, route = ?, tenant = ?, cqc_location_ids = ?, contacts = ?, notes = ?,
                revision = revision + 1, updated_at = ? WHERE id = ?`,
      )
      .run(...ownColumns(f), now, id);
    this.writeChildren(id, f);
  }

  setArchived(id: string, archived: boolean, now: string): void {
    this.db.prepare('UPDATE clients SET archived = ?, revision = revision + 1, updated_at = ? WHERE id = ?').run(archived ? 1 : 0, now, id);
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
}

// The client's own columns, in the order both the INSERT and the UPDATE list them.
function ownColumns(f: ClientFields): (string | null)[] {
  return [
    f.legalName,
    f.tradingName || null,
    f.odsCode,
    f.route,
    f.tenant ?? null,
    JSON.stringify(f.cqcLocationIds),
    JSON.stringify(f.contacts),
    f.notes || null,
  ];
}
