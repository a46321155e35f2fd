import { randomUUID } from 'node:crypto';
import type { Client, ClientFields, ClientSummary } from '../../shared/contract/clients';
import { AppError, conflict, notFound } from '../backend/app-error';
import type { Clock } from '../backend/ports';
import type { Db } from '../store/database';
import { appendAudit, diffRecords } from '../store/audit-log';
import { ClientRepo } from './client-repo';

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

  private get repo() {
    return new ClientRepo(this.s.db);
  }

  list(opts: { search?: string; includeArchived: boolean }): ClientSummary[] {
    const term = opts.search?.trim().toLowerCase();
    const like = term ? `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    return this.repo.search(opts.includeArchived, like);
  }

  get(id: string): Client {
    const c = this.repo.get(id);
    if (!c) throw notFound('The client');
    return c;
  }

  private assertOdsFree(odsCode: string, exceptId?: string): void {
    const other = this.repo.withOdsCode(odsCode, exceptId);
    if (other) {
      const message = `ODS code ${odsCode} already belongs to ${other.legal_name}. Each client is one organisation with its own ODS code; add sites for its locations.`;
      throw new AppError('conflict', message, [{ path: 'odsCode', message: `Already used by ${other.legal_name}` }]);
    }
  }

  create(f: ClientFields, opts: { sample?: boolean } = {}): Client {
    const id = randomUUID();
    const now = this.s.clock.now().toISOString();
    this.db.transaction(() => {
      this.assertOdsFree(f.odsCode);
      this.repo.insert(id, f, opts.sample ?? false, now);
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
      this.repo.update(id, f, now);
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
      this.repo.setArchived(id, archived, now);
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
    const byOds = this.repo.withOdsCode(ref.trim().toUpperCase());
    if (byOds) return this.get(byOds.id);
    if (this.repo.exists(ref)) return this.get(ref);
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
