import type { peopleChannels } from '../../shared/contract/people';
import type { HandlerMap } from '../backend/handler-types';
import type { PeopleDeps } from './people-service';
import type { TasksDeps } from '../tasks/tasks-service';
import { listTasks } from '../tasks/tasks-service';
import { listPeople, removePerson, savePerson } from './people-service';

export function peopleHandlers(s: PeopleDeps & TasksDeps): HandlerMap<keyof typeof peopleChannels> {
  return {
    'people.list': () => listPeople(s),
    'people.save': (input) => savePerson(s, input),
    'people.remove': (input) => removePerson(s, input.id),
    'tasks.list': () => listTasks(s),
  };
}
