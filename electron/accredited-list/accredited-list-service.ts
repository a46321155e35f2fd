import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { AccreditedListInfo, AccreditedMatch } from '../../shared/contract/domain-checks';
import type { EventHub } from '../backend/event-hub';
import type { Clock } from '../backend/ports';
import type { BlobStore } from '../evidence/blob-store';
import type { Db } from '../store/database';
import { invalid } from '../backend/app-error';
import { appendAudit, WORKSPACE_CHAIN } from '../store/audit-log';
import { AccreditedListError, MAX_LIST_BYTES, parseAccreditedList } from './accredited-list';
import { AccreditedListRepo } from './accredited-list-repo';

// Imports of the NHS accredited-domains list, and "is this domain on it?". Each import is kept (with the
// original file in the evidence store), the newest one answers lookups.

// example.org, then its parents up to (not including) the top-level domain.
function namesToMatch(domain: string): string[] {
  const labels = domain.split('.');
  return labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
}

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export interface AccreditedListDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
  readonly blobs: Pick<BlobStore, 'put'>;
  readonly events: Pick<EventHub, 'emit'>;
}

export class AccreditedListService {
  constructor(private readonly s: AccreditedListDeps) {}

  current(): AccreditedListInfo | null {
    return new AccreditedListRepo(this.s.db).newest() ?? null;
  }

  async importFile(path: string, fileName: string): Promise<AccreditedListInfo> {
    const size = (await stat(path)).size;
    if (size > MAX_LIST_BYTES)
      throw invalid(`The file is larger than ${MAX_LIST_BYTES / 1024 / 1024} MB; this is not the NHS accredited-domains list.`);
    return this.importBytes(await readFile(path), fileName);
  }

  async importBytes(bytes: Uint8Array, fileName: string): Promise<AccreditedListInfo> {
    let parsed;
    try {
      parsed = parseAccreditedList(bytes);
    } catch (err) {
      if (err instanceof AccreditedListError) throw invalid(err.message);
      throw err;
    }
    const blob = await this.s.blobs.put(bytes);
    const id = randomUUID();
    const now = this.s.clock.now().toISOString();
    const distinct = new Set(parsed.rows.map((r) => r.domain)).size;
    const rowCount = new Set(parsed.rows.map((r) => r.rowNumber)).size + parsed.skipped.length;
    this.s.db.transaction(() => {
      new AccreditedListRepo(this.s.db).insert(
        {
          id,
          file_name: fileName.slice(0, 200),
          imported_at: now,
          sha256: blob.sha256,
          encoding: parsed.encoding,
          row_count: rowCount,
          domain_count: distinct,
          skipped_count: parsed.skipped.length,
          columns: JSON.stringify(parsed.columns),
        },
        parsed.rows,
      );
      appendAudit(this.s.db, {
        chain: WORKSPACE_CHAIN,
        actor: this.s.actor(),
        at: now,
        action: 'accredited-list.import',
        entityType: 'accredited-list',
        entityId: id,
        summary: `Imported the NHS accredited-domains list ${fileName.slice(0, 120)}: ${distinct} domains${parsed.skipped.length ? `, ${parsed.skipped.length} rows skipped` : ''}`,
        changes: [{ field: 'sha256', from: null, to: blob.sha256 }],
      });
    })();
    this.s.events.emit('data.changed', { prefixes: ['domain.'] });
    return this.current()!;
  }

  lookup(domains: readonly string[]): AccreditedMatch[] {
    const list = this.current();
    const repo = new AccreditedListRepo(this.s.db);
    return domains.map((raw) => {
      const domain = raw.trim().toLowerCase().replace(/\.$/, '');
      if (!list) return { domain, listAvailable: false, listed: false, entries: [] };
      const entries = namesToMatch(domain).flatMap((name) =>
        repo.entries(list.id, name).map((r) => ({
          organisation: r.organisation,
          listedDomain: r.domain,
          match: r.domain === domain ? ('exact' as const) : ('parent' as const),
          rowNumber: r.row_number,
          fields: JSON.parse(r.fields) as Record<string, string>,
        })),
      );
      return { domain, listAvailable: true, listed: entries.some((e) => e.match === 'exact'), entries: entries.slice(0, 20) };
    });
  }
}
