import type { Db } from '../store/database';

// The owner of the `settings` table: one JSON value per key. The service parses, validates and audits it.
export class SettingsRepo {
  constructor(private readonly db: Db) {}

  read(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  write(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }
}
