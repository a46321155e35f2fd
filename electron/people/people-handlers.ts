import type { peopleChannels } from '../../shared/contract/people';
import type { HandlerMap } from '../backend/handler-types';
import type { Services } from '../backend/services';
import { listTasks } from '../tasks/tasks-service';
import { listPeople, removePerson, savePerson } from './people-service';

export function peopleHandlers(s: Services): HandlerMap<keyof typeof peopleChannels> {
  return {
    'people.list': () => listPeople(s),
    'people.save': (input) => savePerson(s, input),
    'people.remove': (input) => removePerson(s, input.id),
    'tasks.list': () => listTasks(s),
  };
}
