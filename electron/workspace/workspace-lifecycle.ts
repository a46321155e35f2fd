import type { Db } from '../store/database';

// What a restore needs from the running backend. The services hold the database open (and cache statements
// on it), so files can only be swapped with the handle closed; the backend does that and rebuilds its services
// over the reopened database (electron/backend/create-backend.ts).

export type Undo = () => Promise<void>;

export interface DatabaseReplacement {
  // Runs with every other call held back and the database still open: the last chance to refuse.
  check(db: Db): void;
  // Runs with the database closed. Moves the new files in and returns how to put the old ones back, used if
  // the swapped-in database then fails to open. Must undo its own partial work before throwing.
  swap(databaseFile: string): Promise<Undo>;
}

export interface WorkspaceLifecycle {
  replaceDatabase(replacement: DatabaseReplacement): Promise<void>;
}
