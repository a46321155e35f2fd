import type { assessmentChannels } from '../../shared/contract/assessments';
import type { HandlerMap } from '../backend/handler-types';
import type { AssessmentsService } from './assessments-service';
import type { BackendPorts, Clock } from '../backend/ports';
import type { TransferStore } from '../files/transfer-store';
import { clientStatus } from '../../shared/domain/client-status';
import { toIsoDate } from '../../shared/domain/dates';
import { renderClientNeedsFile } from '../documents/client-needs-pdf';
import { writeFileAtomic } from '../files/atomic-write';

export function assessmentHandlers(s: {
  readonly assessments: AssessmentsService;
  readonly clock: Clock;
  readonly ports: Pick<BackendPorts, 'appVersion'>;
  readonly transfers: Pick<TransferStore, 'scratchPath' | 'registerDownload'>;
}): HandlerMap<keyof typeof assessmentChannels> {
  return {
    'assessment.list': ({ clientId }) => s.assessments.list(clientId),
    'assessment.create': (input) => s.assessments.create(input),
    'assessment.get': ({ id, includeLegacy }) => s.assessments.detail(id, includeLegacy),
    'assessment.saveResponse': (input) => s.assessments.saveResponse(input),
    'assessment.bulkUpdate': (input) => s.assessments.bulkUpdate(input),
    'assessment.update': ({ id, revision, plannedSubmissionDate }) => s.assessments.update(id, revision, plannedSubmissionDate),
    'assessment.syncRoute': ({ id }) => s.assessments.syncRoute(id),
    'assessment.setStatus': ({ id, status }) => s.assessments.setStatus(id, status),
    'assessment.signoff': (input) => s.assessments.signoff(input),
    'assessment.unlock': ({ id, reason }) => s.assessments.unlock(id, reason),
    'assessment.startRenewal': (input) => s.assessments.startRenewal(input),
    'assessment.outcomeEvent': ({ id, event }) => s.assessments.outcomeEvent(id, event),
    'assessment.resolveOutcomeFinding': ({ id, findingId, resolved }) => s.assessments.resolveOutcomeFinding(id, findingId, resolved),
    'assessment.clientStatus': ({ clientId }) => {
      const today = toIsoDate(s.clock.now());
      return { today, ...clientStatus(s.assessments.list(clientId), today) };
    },
    'assessment.undoRenewal': ({ id }) => s.assessments.undoRenewal(id),
    'assessment.clientNeeds': ({ clientId, assessmentId }) => s.assessments.clientNeeds(clientId, assessmentId),
    'assessment.clientNeedsPdf': async ({ clientId, assessmentId }) => {
      const view = s.assessments.clientNeeds(clientId, assessmentId);
      const { fileName, bytes } = await renderClientNeedsFile(view, { appVersion: s.ports.appVersion });
      const path = await s.transfers.scratchPath(fileName);
      await writeFileAtomic(path, bytes);
      const d = s.transfers.registerDownload(path, fileName, 'application/pdf');
      return { downloadId: d.downloadId, fileName: d.fileName };
    },
    'assessment.diff': ({ fromId, toId }) => s.assessments.diff(fromId, toId),
    'assessment.signatureImage': ({ assessmentId, role }) => s.assessments.signatureImage(assessmentId, role),
  };
}
