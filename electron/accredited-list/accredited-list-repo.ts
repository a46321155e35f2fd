import type { AccreditedListInfo } from '../../shared/contract/domain-checks';
import type { Db } from '../store/database';
import type { parseAccreditedList } from './accredited-list';

// The owner of the `accredited_lists` and `accredited_domains` tables: each import of the NHS
// accredited-domains list (its file is a blob: store/blob-references.ts) and the domains it names.

type ListRow = {
  id: string;
  file_name: string;
  imported_at: string;
  sha256: string;
  encoding: string;
  row_count: number;
  domain_count: number;
  skipped_count: number;
  columns: string;
};

function toInfo(r: ListRow): AccreditedListInfo {
  return {
    id: r.id,
    fileName: r.file_name,
    importedAt: r.imported_at,
    sha256: r.sha256,
    encoding: r.encoding,
    rows: r.row_count,
    domains: r.domain_count,
    skippedRows: r.skipped_count,
    columns: JSON.parse(r.columns) as string[],
  };
}

type DomainRow = { domain: string; organisation: string; row_number: number; fields: string };

export class AccreditedListRepo {
  constructor(private readonly db: Db) {}

  // The latest import, which answers lookups.
  newest(): AccreditedListInfo | undefined {
    const row = this.db.prepare('SELECT * FROM accredited_lists ORDER BY imported_at DESC, rowid DESC LIMIT 1').get() as
      ListRow | undefined;
    return row && toInfo(row);
  }

  // The list's rows for exactly this domain name, in file order.
  entries(listId: string, domain: string): DomainRow[] {
    return this.db
      .prepare(
        'SELECT domain, organisation, row_number, fields FROM accredited_domains WHERE list_id = ? AND domain = ? ORDER BY row_number',
      )
      .all(listId, domain) as DomainRow[];
  }

  insert(list: ListRow, rows: ReturnType<typeof parseAccreditedList>['rows']): void {
    this.db
      .prepare(
        `INSERT INTO accredited_lists (id, file_name, imported_at, sha256, encoding, row_count, domain_count, skipped_count, columns)
         VALUES (@id, @file_name, @imported_at, @sha256, @encoding, @row_count, @domain_count, @skipped_count, @columns)`,
      )
      .run(list);
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO accredited_domains (list_id, domain, organisation, row_number, fields) VALUES (?, ?, ?, ?, ?)',
    );
    for (const r of rows) insert.run(list.id, r.domain, r.organisation, r.rowNumber, JSON.stringify(r.fields));
  }
}
