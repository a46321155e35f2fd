import { afterEach, describe, expect, it } from 'vitest';
import { aloneStore, ALONE_ACTOR, type AloneStore } from '../../test/support/alone';
import { listAudit, WORKSPACE_CHAIN } from '../store/audit-log';
import { listPeople, savePerson } from './people-service';

let store: AloneStore;
afterEach(() => store?.dispose());

describe('people built alone', () => {
  it('adds a person as the actor it is given and refuses a second person of the same name', () => {
    store = aloneStore();
    const deps = { db: store.db, clock: store.clock, actor: store.actor };

    const robin = savePerson(deps, { name: 'Robin Owner', role: 'client' });
    expect(() => savePerson(deps, { name: 'robin owner' })).toThrow(/already a person called/);

    expect(listPeople(deps)).toEqual([robin]);
    expect(listAudit(store.db, WORKSPACE_CHAIN).map((e) => [e.action, e.actor, e.at])).toEqual([
      ['people.create', ALONE_ACTOR, store.clock.now().toISOString()],
    ]);
  });
});
