import type { Db } from '../store/database';

// The owner of the `catalogues` table: every requirement catalogue loaded (its JSON as stored), and which
// one is active. The service validates, caches and audits.

export type CatalogueRow = {
  version: string;
  title: string;
  published_at: string;
  sha256: string;
  json: string;
  source: 'built-in' | 'file';
  loaded_at: string;
  active: number;
};

export class CatalogueRepo {
  constructor(private readonly db: Db) {}

  get(version: string): CatalogueRow | undefined {
    return this.db.prepare('SELECT * FROM catalogues WHERE version = ?').get(version) as CatalogueRow | undefined;
  }

  all(): CatalogueRow[] {
    return this.db.prepare('SELECT * FROM catalogues').all() as CatalogueRow[];
  }

  activeVersion(): string | undefined {
    return (this.db.prepare('SELECT version FROM catalogues WHERE active = 1').get() as { version: string } | undefined)?.version;
  }

  // Stored inactive.
  insert(r: Pick<CatalogueRow, 'version' | 'title' | 'published_at' | 'sha256' | 'json' | 'source' | 'loaded_at'>): void {
    this.db
      .prepare(
        'INSERT INTO catalogues (version, title, published_at, sha256, json, source, loaded_at, active) VALUES (?, ?, ?, ?, ?, ?, ?, 0)',
      )
      .run(r.version, r.title, r.published_at, r.sha256, r.json, r.source, r.loaded_at);
  }

  replaceText(version: string, json: string, sha256: string, title: string, loadedAt: string): void {
    this.db
      .prepare('UPDATE catalogues SET json = ?, sha256 = ?, title = ?, loaded_at = ? WHERE version = ?')
      .run(json, sha256, title, loadedAt, version);
  }

  setActive(version: string): void {
    this.db.prepare('UPDATE catalogues SET active = 0 WHERE active = 1').run();
    this.db.prepare('UPDATE catalogues SET active = 1 WHERE version = ?').run(version);
  }
}
