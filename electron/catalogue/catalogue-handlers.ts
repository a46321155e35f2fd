import type { catalogueChannels } from '../../shared/contract/catalogue';
import type { HandlerMap } from '../backend/handler-types';
import type { CatalogueService } from './catalogue-service';

export function catalogueHandlers(s: { readonly catalogue: CatalogueService }): HandlerMap<keyof typeof catalogueChannels> {
  return {
    'catalogue.list': () => s.catalogue.list(),
    'catalogue.get': ({ version }) => s.catalogue.get(version),
    'catalogue.load': ({ uploadId }) => s.catalogue.load(uploadId),
    'catalogue.activate': ({ version }) => s.catalogue.activate(version),
  };
}
