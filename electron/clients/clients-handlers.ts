import type { clientChannels } from '../../shared/contract/clients';
import type { HandlerMap } from '../backend/handler-types';
import type { ClientsService } from './clients-service';

export function clientHandlers(s: { readonly clients: ClientsService }): HandlerMap<keyof typeof clientChannels> {
  return {
    'client.list': (input) => s.clients.list(input),
    'client.get': ({ id }) => s.clients.get(id),
    'client.find': ({ ref }) => s.clients.findByRef(ref),
    'client.create': (fields) => s.clients.create(fields),
    'client.update': ({ id, revision, fields }) => s.clients.update(id, revision, fields),
    'client.setArchived': ({ id, archived }) => s.clients.setArchived(id, archived),
  };
}
