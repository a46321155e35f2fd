import { afterEach, describe, expect, it } from 'vitest';
import { aloneStore, RecordingLog, type AloneStore } from '../../test/support/alone';
import { listAudit, WORKSPACE_CHAIN } from '../store/audit-log';
import { Settings } from '../../shared/contract/settings';
import { SettingsService } from './settings-service';

let store: AloneStore;
afterEach(() => store?.dispose());

describe('SettingsService built alone', () => {
  it('falls back to the defaults on unreadable stored settings, says so in its log, and audits a save at its clock', () => {
    store = aloneStore();
    store.db.prepare("INSERT INTO settings (key, value) VALUES ('app', 'not json')").run();
    const log = new RecordingLog();
    const settings = new SettingsService(store.db, store.clock, log);

    expect(settings.get()).toEqual(Settings.parse({}));
    expect(log.warnings).toEqual(['Stored settings are not JSON; using defaults until saved']);

    settings.update({ ...settings.get(), displayName: 'Robin Consultant' }, 'os-user');
    expect(settings.actor()).toBe('Robin Consultant');
    expect(listAudit(store.db, WORKSPACE_CHAIN).map((e) => [e.action, e.actor, e.at])).toEqual([
      ['settings.update', 'Robin Consultant', store.clock.now().toISOString()],
    ]);
  });
});
