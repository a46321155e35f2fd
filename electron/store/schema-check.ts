import { openDatabase, type Db } from './database';

// The schema this version creates, read from a database migrated from empty, and what another database has
// that differs from it: tables, columns, indexes, triggers and views. A restored backup is trusted only when
// its schema is exactly this one (issue 16: a backup carrying an extra trigger silently dropped audit rows; one
// with a dropped table broke every screen that read it).

interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

let reference: Map<string, SchemaObject> | undefined;
// Migrated from empty once per process and kept open (a few kilobytes in memory) for the column lists.
let refDb: Db | undefined;
const referenceDb = (): Db => (refDb ??= openDatabase(':memory:'));

function objects(db: Db): Map<string, SchemaObject> {
  const rows = db
    .prepare(`SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name`)
    .all() as SchemaObject[];
  return new Map(rows.map((r) => [`${r.type} ${r.name}`, { ...r, sql: r.sql?.replace(/\s+/g, ' ').trim() ?? null }]));
}

function referenceSchema(): Map<string, SchemaObject> {
  return (reference ??= objects(referenceDb()));
}

function columns(db: Db, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_xinfo(?)`).all(table) as { name: string }[]).map((c) => c.name);
}

const describe = (o: SchemaObject) => `${o.type} "${o.name}"${o.type === 'trigger' || o.type === 'index' ? ` on ${o.tbl_name}` : ''}`;

export function schemaDifferences(db: Db): string[] {
  const want = referenceSchema();
  const have = objects(db);
  const out: string[] = [];
  for (const [key, o] of want) if (!have.has(key)) out.push(`the ${describe(o)} is missing`);
  for (const [key, o] of have) if (!want.has(key)) out.push(`it has an extra ${describe(o)}`);
  for (const [key, o] of want) {
    const h = have.get(key);
    if (!h || h.sql === o.sql) continue;
    if (o.type === 'table') {
      const mine = columns(db, o.name);
      const theirs = new Set(mine);
      const expected = new Set(columns(referenceDb(), o.name));
      const missing = [...expected].filter((c) => !theirs.has(c));
      const extra = mine.filter((c) => !expected.has(c));
      const parts = [...missing.map((c) => `column "${c}" is missing`), ...extra.map((c) => `it has an extra column "${c}"`)];
      out.push(
        `table "${o.name}" differs from this version's${parts.length ? ` (${parts.join(', ')})` : ' (its column definitions or constraints)'}`,
      );
    } else out.push(`the ${describe(o)} differs from this version's`);
  }
  return out;
}
