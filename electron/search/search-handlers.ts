import type { searchChannels } from '../../shared/contract/search';
import type { HandlerMap } from '../backend/handler-types';
import type { Services } from '../backend/services';
import { searchAll } from './search-service';

export function searchHandlers(s: Services): HandlerMap<keyof typeof searchChannels> {
  return { 'search.global': ({ q }) => ({ hits: searchAll(s, q) }) };
}
