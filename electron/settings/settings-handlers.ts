import type { settingsChannels } from '../../shared/contract/settings';
import type { HandlerMap } from '../backend/handler-types';
import type { BackendPorts } from '../backend/ports';
import type { SecretStore } from '../secrets/secret-store';
import type { SettingsService } from './settings-service';
import type { Db } from '../store/database';
import { readOnlyReason, schemaVersion } from '../store/database';
import { ClientRepo } from '../clients/client-repo';

export function settingsHandlers(s: {
  readonly settings: SettingsService;
  readonly db: Db;
  readonly dataDir: string;
  readonly ports: Pick<BackendPorts, 'appVersion' | 'transport'>;
  readonly secrets: Pick<SecretStore, 'persistent' | 'description'>;
  actor(): string;
}): HandlerMap<keyof typeof settingsChannels> {
  return {
    'settings.get': () => s.settings.get(),
    'settings.update': (next) => s.settings.update(next, s.actor()),
    'app.info': () => ({
      name: 'DCB1596 Workbench',
      version: s.ports.appVersion,
      dataDir: s.dataDir,
      transport: s.ports.transport,
      secretStorage: { persistent: s.secrets.persistent, description: s.secrets.description },
      schemaVersion: schemaVersion(s.db),
      readOnly: readOnlyReason(s.db),
      sampleWorkspace: new ClientRepo(s.db).hasSample(),
    }),
  };
}
