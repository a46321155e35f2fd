import type { statementChannels } from '../../shared/contract/statement';
import type { HandlerMap } from '../backend/handler-types';
import type { BundleService } from './bundle-service';
import type { StatementService } from './statement-service';

export function statementHandlers(s: {
  readonly statement: StatementService;
  readonly bundles: BundleService;
}): HandlerMap<keyof typeof statementChannels> {
  return {
    'statement.state': ({ assessmentId }) => s.statement.state(assessmentId),
    'statement.saveDetails': ({ assessmentId, details }) => s.statement.saveDetails(assessmentId, details),
    'statement.preview': ({ assessmentId }) => s.statement.preview(assessmentId),
    'bundle.list': ({ assessmentId }) => s.bundles.list(assessmentId),
    'bundle.export': (input, ctx) => s.bundles.export(input, ctx.signal),
    'bundle.download': ({ bundleId }) => s.bundles.download(bundleId),
    'bundle.verify': (input) => s.bundles.verify(input),
    'bundle.submissionEmail': ({ bundleId }) => s.bundles.submissionEmail(bundleId),
  };
}
