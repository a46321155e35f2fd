import { randomUUID } from 'node:crypto';
import type { Cloud } from '../../shared/contract/settings';
import type { SignInMethod } from '../../shared/contract/tenant';
import type { Db } from '../store/database';
import { appendAudit } from '../store/audit-log';
import { utcDateOf } from '../../shared/domain/dates';

// The tenant probe's rows: which account a client signs in with, and the Exchange script files imported.
// Every change is audited on the client's chain in the same transaction.

export interface Connection {
  clientId: string;
  tenantId: string;
  username: string;
  homeAccountId: string;
  appClientId: string;
  cloud: Cloud;
  method: SignInMethod;
  exchangeConsented: boolean;
  signedInAt: string;
}

export interface ExchangeImport {
  id: string;
  clientId: string;
  tenantId: string;
  sha256: string;
  fileName: string;
  collectedAt: string;
  importedAt: string;
  scriptVersion: string;
  moduleVersion: string | null;
}

type ConnRow = {
  client_id: string;
  tenant_id: string;
  username: string;
  home_account_id: string;
  app_client_id: string;
  cloud: Cloud;
  method: SignInMethod;
  exchange_consented: number;
  signed_in_at: string;
};

export class TenantRepo {
  constructor(private readonly db: Db) {}

  connection(clientId: string): Connection | undefined {
    const r = this.db.prepare('SELECT * FROM tenant_connections WHERE client_id = ?').get(clientId) as ConnRow | undefined;
    return r && toConnection(r);
  }

  connectionsFor(homeAccountId: string): Connection[] {
    return (this.db.prepare('SELECT * FROM tenant_connections WHERE home_account_id = ?').all(homeAccountId) as ConnRow[]).map(
      toConnection,
    );
  }

  saveConnection(c: Connection, actor: string): void {
    this.db.transaction(() => {
      const before = this.connection(c.clientId);
      this.db
        .prepare(
          `INSERT INTO tenant_connections (client_id, tenant_id, username, home_account_id, app_client_id, cloud, method, exchange_consented, signed_in_at)
           VALUES (@clientId, @tenantId, @username, @homeAccountId, @appClientId, @cloud, @method, @exchange, @signedInAt)
           ON CONFLICT (client_id) DO UPDATE SET tenant_id = excluded.tenant_id, username = excluded.username,
             home_account_id = excluded.home_account_id, app_client_id = excluded.app_client_id, cloud = excluded.cloud,
             method = excluded.method, exchange_consented = excluded.exchange_consented, signed_in_at = excluded.signed_in_at`,
        )
        .run({ ...c, exchange: c.exchangeConsented ? 1 : 0 });
      appendAudit(this.db, {
        chain: c.clientId,
        actor,
        at: c.signedInAt,
        action: 'tenant.sign-in',
        entityType: 'tenant-connection',
        entityId: c.clientId,
        summary: `Signed in to Microsoft 365 tenant ${c.tenantId} as ${c.username}${c.method === 'device-code' ? ' (device code)' : ''}`,
        changes: [
          { field: 'account', from: before?.username ?? null, to: c.username },
          { field: 'tenantId', from: before?.tenantId ?? null, to: c.tenantId },
        ],
      });
    })();
  }

  deleteConnection(clientId: string, actor: string, at: string): Connection | undefined {
    let removed: Connection | undefined;
    this.db.transaction(() => {
      removed = this.connection(clientId);
      if (!removed) return;
      this.db.prepare('DELETE FROM tenant_connections WHERE client_id = ?').run(clientId);
      appendAudit(this.db, {
        chain: clientId,
        actor,
        at,
        action: 'tenant.sign-out',
        entityType: 'tenant-connection',
        entityId: clientId,
        summary: `Signed out of Microsoft 365 tenant ${removed.tenantId} (${removed.username})`,
        changes: [{ field: 'account', from: removed.username, to: null }],
      });
    })();
    return removed;
  }

  recordImport(i: Omit<ExchangeImport, 'id'>, actor: string): ExchangeImport {
    const row = { ...i, id: randomUUID() };
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO tenant_exchange_imports (id, client_id, tenant_id, sha256, file_name, collected_at, imported_at, script_version, module_version)
           VALUES (@id, @clientId, @tenantId, @sha256, @fileName, @collectedAt, @importedAt, @scriptVersion, @moduleVersion)`,
        )
        .run(row);
      appendAudit(this.db, {
        chain: i.clientId,
        actor,
        at: i.importedAt,
        action: 'tenant.exchange-import',
        entityType: 'exchange-import',
        entityId: row.id,
        summary: `Imported Exchange Online settings for tenant ${i.tenantId} (${i.fileName}, collected ${utcDateOf(i.collectedAt)})`,
        changes: [{ field: 'sha256', from: null, to: i.sha256 }],
      });
    })();
    return row;
  }

  latestImport(clientId: string, tenantId?: string): ExchangeImport | undefined {
    const r = this.db
      .prepare(
        `SELECT * FROM tenant_exchange_imports WHERE client_id = ? AND (? IS NULL OR lower(tenant_id) = lower(?))
         ORDER BY imported_at DESC, rowid DESC LIMIT 1`,
      )
      .get(clientId, tenantId ?? null, tenantId ?? null) as
      | {
          id: string;
          client_id: string;
          tenant_id: string;
          sha256: string;
          file_name: string;
          collected_at: string;
          imported_at: string;
          script_version: string;
          module_version: string | null;
        }
      | undefined;
    return (
      r && {
        id: r.id,
        clientId: r.client_id,
        tenantId: r.tenant_id,
        sha256: r.sha256,
        fileName: r.file_name,
        collectedAt: r.collected_at,
        importedAt: r.imported_at,
        scriptVersion: r.script_version,
        moduleVersion: r.module_version,
      }
    );
  }
}

function toConnection(r: ConnRow): Connection {
  return {
    clientId: r.client_id,
    tenantId: r.tenant_id,
    username: r.username,
    homeAccountId: r.home_account_id,
    appClientId: r.app_client_id,
    cloud: r.cloud,
    method: r.method,
    exchangeConsented: r.exchange_consented === 1,
    signedInAt: r.signed_in_at,
  };
}
