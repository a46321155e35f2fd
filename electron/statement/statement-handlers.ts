import type { statementChannels } from '../../shared/contract/statement';
import type { HandlerMap } from '../backend/handler-types';
import type { StatementService } from './statement-service';

type StatementChannel = Exclude<keyof typeof statementChannels, `bundle.${string}`>;

export function statementHandlers(s: { readonly statement: StatementService }): HandlerMap<StatementChannel> {
  return {
    'statement.state': ({ assessmentId }) => s.statement.state(assessmentId),
    'statement.saveDetails': ({ assessmentId, details }) => s.statement.saveDetails(assessmentId, details),
    'statement.preview': ({ assessmentId }) => s.statement.preview(assessmentId),
  };
}
