import type { statementChannels } from '../../shared/contract/statement';
import type { HandlerMap } from '../backend/handler-types';
import type { BundleService } from './bundle-service';

// The bundle's channels are declared with the statement's (shared/contract/statement.ts); their handlers live here.
type BundleChannel = Extract<keyof typeof statementChannels, `bundle.${string}`>;

export function bundleHandlers(s: { readonly bundles: BundleService }): HandlerMap<BundleChannel> {
  return {
    'bundle.list': ({ assessmentId }) => s.bundles.list(assessmentId),
    'bundle.export': (input, ctx) => s.bundles.export(input, ctx.signal),
    'bundle.download': ({ bundleId }) => s.bundles.download(bundleId),
    'bundle.verify': (input) => s.bundles.verify(input),
    'bundle.submissionEmail': ({ bundleId }) => s.bundles.submissionEmail(bundleId),
  };
}
