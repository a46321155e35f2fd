import type { searchChannels } from '../../shared/contract/search';
import type { HandlerMap } from '../backend/handler-types';
import type { CatalogueService } from '../catalogue/catalogue-service';
import type { Db } from '../store/database';
import { searchAll } from './search-service';

export function searchHandlers(s: {
  readonly db: Db;
  readonly catalogue: Pick<CatalogueService, 'get'>;
}): HandlerMap<keyof typeof searchChannels> {
  return { 'search.global': ({ q }) => ({ hits: searchAll(s, q) }) };
}
