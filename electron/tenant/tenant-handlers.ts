import type { tenantChannels } from '../../shared/contract/tenant';
import type { HandlerMap } from '../backend/handler-types';
import type { TenantService } from './tenant-service';
import type { SettingsService } from '../settings/settings-service';
import { appRegistrationGuide } from '../probes/graph/app-registration';

export function tenantHandlers(s: {
  readonly tenant: TenantService;
  readonly settings: Pick<SettingsService, 'get'>;
}): HandlerMap<keyof typeof tenantChannels> {
  return {
    'tenant.status': ({ clientId }) => s.tenant.status(clientId),
    'tenant.consent': ({ clientId }) => s.tenant.consent(clientId),
    'tenant.appRegistrationGuide': ({ cloud }) => appRegistrationGuide(cloud ?? s.settings.get().tenant.cloud),
    'tenant.signIn.start': ({ clientId, method, includeExchange }) => s.tenant.startSignIn(clientId, method, includeExchange),
    'tenant.signIn.cancel': ({ clientId }) => s.tenant.cancelSignIn(clientId),
    'tenant.signOut': ({ clientId }) => s.tenant.signOut(clientId),
    'tenant.probe.run': ({ clientId, operationId, exchange }) => s.tenant.runProbe(clientId, { operationId, exchange }),
    'tenant.probe.progress': ({ operationId }) => s.tenant.progress.get(operationId),
    'tenant.exchange.import': ({ clientId, uploadId, operationId }) => s.tenant.importExchange(clientId, uploadId, operationId),
    'tenant.exchange.script': () => s.tenant.scriptDownload(),
    'tenant.reevaluate': ({ runId, save }) => s.tenant.reevaluate(runId, save),
    'tenant.evidence': ({ runId }) => s.tenant.evidence(runId),
    'tenant.evidence.body': ({ runId, seq }) => s.tenant.evidenceBody(runId, seq),
    'tenant.snapshot.download': ({ runId }) => s.tenant.snapshotDownload(runId),
  };
}
