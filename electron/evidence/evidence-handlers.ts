import type { evidenceChannels } from '../../shared/contract/evidence';
import type { HandlerMap } from '../backend/handler-types';
import type { EvidenceService } from './evidence-service';

export function evidenceHandlers(s: { readonly evidence: EvidenceService }): HandlerMap<keyof typeof evidenceChannels> {
  return {
    'evidence.list': (input) => s.evidence.list(input),
    'evidence.get': ({ id }) => s.evidence.get(id),
    'evidence.forRequirement': ({ assessmentId, requirementId }) => s.evidence.forRequirement(assessmentId, requirementId),
    'evidence.import': (input) => s.evidence.importUpload(input),
    'evidence.update': (input) => s.evidence.update(input),
    'evidence.addVersion': (input) => s.evidence.addVersion(input),
    'evidence.link': ({ evidenceId, assessmentId, requirementId }) => s.evidence.link(evidenceId, assessmentId, requirementId),
    'evidence.unlink': ({ evidenceId, assessmentId, requirementId }) => s.evidence.unlink(evidenceId, assessmentId, requirementId),
    'evidence.verify': ({ clientId, operationId }) => s.evidence.verify(clientId, operationId),
    'evidence.preview': ({ id, versionId }) => s.evidence.preview(id, versionId),
    'evidence.download': ({ id, versionId }) => s.evidence.download(id, versionId),
  };
}
