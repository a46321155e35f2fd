import { CHANNEL_NAMES, isChannel, type Channel } from '../../shared/contract';
import { clientHandlers } from '../clients/clients-handlers';
import { settingsHandlers } from '../settings/settings-handlers';
import { auditHandlers } from '../store/audit-handlers';
import { findingsHandlers } from '../findings/findings-handlers';
import { domainCheckHandlers } from '../mail-domain/domain-checks-handlers';
import { accreditedListHandlers } from '../accredited-list/accredited-list-handlers';
import { catalogueHandlers } from '../catalogue/catalogue-handlers';
import { assessmentHandlers } from '../assessments/assessments-handlers';
import { portfolioHandlers } from '../portfolio/portfolio-handlers';
import { renewalHandlers } from '../portfolio/renewal-handlers';
import { evidenceHandlers } from '../evidence/evidence-handlers';
import { workspaceHandlers } from '../workspace/workspace-handlers';
import { clientImportHandlers } from '../clients/client-import-handlers';
import { tenantHandlers } from '../tenant/tenant-handlers';
import { statementHandlers } from '../statement/statement-handlers';
import { bundleHandlers } from '../bundle/bundle-handlers';
import { searchHandlers } from '../search/search-handlers';
import { peopleHandlers } from '../people/people-handlers';
import type { HandlerMap } from './handler-types';
import type { BackendServices } from './services';

// Every contract channel must have exactly one handler. The type makes a missing one a compile error, and
// checkHandlers refuses the map at construction too, so a cast or a spread that drops one cannot slip through.
export function buildHandlers(s: BackendServices): HandlerMap<Channel> {
  return checkHandlers({
    ...clientHandlers(s),
    ...settingsHandlers(s),
    ...auditHandlers(s),
    ...findingsHandlers(s),
    ...domainCheckHandlers(s),
    ...accreditedListHandlers(s),
    ...catalogueHandlers(s),
    ...assessmentHandlers(s),
    ...portfolioHandlers(s),
    ...renewalHandlers(s),
    ...evidenceHandlers(s),
    ...clientImportHandlers(s),
    ...workspaceHandlers(s),
    ...tenantHandlers(s),
    ...statementHandlers(s),
    ...bundleHandlers(s),
    ...searchHandlers(s),
    ...peopleHandlers(s),
  });
}

export function checkHandlers(handlers: Partial<Record<string, unknown>>): HandlerMap<Channel> {
  const missing = CHANNEL_NAMES.filter((c) => typeof handlers[c] !== 'function');
  const extra = Object.keys(handlers).filter((c) => !isChannel(c));
  if (missing.length || extra.length) {
    const parts = [
      missing.length ? `no handler for ${missing.join(', ')}` : '',
      extra.length ? `handlers for unknown channels ${extra.join(', ')}` : '',
    ];
    throw new Error(`The backend's handlers do not match the contract: ${parts.filter(Boolean).join('; ')}.`);
  }
  return handlers as HandlerMap<Channel>;
}
