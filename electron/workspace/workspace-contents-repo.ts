import type { Db } from '../store/database';
import type { WorkspaceTally } from './workspace-contents';

// The workspace tally's read model: read-only counts over clients, assessments and catalogues, whose tables
// the other repos own. It reads whichever database it is given: the live one, a backup's snapshot or a
// restore target.

const count = (db: Db, sql: string): number => (db.prepare(sql).get() as { n: number }).n;

export class WorkspaceContentsRepo {
  constructor(private readonly db: Db) {}

  tally(): WorkspaceTally {
    return {
      // Archived clients count: they are work too.
      clients: count(this.db, 'SELECT COUNT(*) AS n FROM clients'),
      assessments: count(this.db, 'SELECT COUNT(*) AS n FROM assessments'),
      loadedCatalogues: count(this.db, "SELECT COUNT(*) AS n FROM catalogues WHERE source <> 'built-in'"),
    };
  }
}
