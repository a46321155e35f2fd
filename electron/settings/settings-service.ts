import { userInfo } from 'node:os';
import { Settings } from '../../shared/contract/settings';
import type { Db } from '../store/database';
import type { Logger } from '../logging/logger';
import type { Clock } from '../backend/ports';
import { appendAudit, diffRecords, WORKSPACE_CHAIN } from '../store/audit-log';
import { SettingsRepo } from './settings-repo';

const KEY = 'app';

export class SettingsService {
  private cached: Settings | undefined;
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  get(): Settings {
    if (this.cached) return this.cached;
    const value = new SettingsRepo(this.db).read(KEY);
    let parsed = Settings.parse({});
    if (value !== undefined) {
      try {
        // Unknown keys from an older or newer app are dropped here rather than failing the whole read.
        const stored = JSON.parse(value);
        const r = Settings.safeParse(pickKnown(stored));
        if (r.success) parsed = r.data;
        else this.log.warn('Stored settings failed validation; using defaults until saved', { issues: r.error.issues.length });
      } catch {
        this.log.warn('Stored settings are not JSON; using defaults until saved');
      }
    }
    this.cached = parsed;
    return parsed;
  }

  update(next: Settings, actor: string): Settings {
    const before = this.get();
    const now = this.clock.now().toISOString();
    this.db.transaction(() => {
      new SettingsRepo(this.db).write(KEY, JSON.stringify(next));
      const changes = diffRecords(before as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>);
      if (changes.length) {
        appendAudit(this.db, {
          chain: WORKSPACE_CHAIN,
          actor: next.displayName || actor,
          at: now,
          action: 'settings.update',
          entityType: 'settings',
          entityId: KEY,
          summary: `Changed settings: ${changes.map((c) => c.field).join(', ')}`,
          changes,
        });
      }
    })();
    this.cached = next;
    return next;
  }

  // Who is acting, for the audit trail: the name set in Settings, else the OS account.
  actor(): string {
    const name = this.get().displayName.trim();
    if (name) return name;
    try {
      return userInfo().username;
    } catch {
      return 'unknown user';
    }
  }
}

function pickKnown(stored: unknown): unknown {
  if (!stored || typeof stored !== 'object') return {};
  const shape = Settings.shape as Record<string, unknown>;
  return Object.fromEntries(Object.entries(stored).filter(([k]) => k in shape));
}
