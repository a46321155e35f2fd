import { randomUUID } from 'node:crypto';
import type { EventPayload } from '../../shared/contract/events';
import type { Backend } from '../backend/create-backend';

// A long call with its progress on the terminal: the command gives the call an operation ID and prints the
// backend's progress messages for it as they come, as the app's screens show them.
export async function followProgress<T>(
  backend: Pick<Backend, 'events'>,
  print: ((message: string) => void) | undefined,
  call: (operationId: string) => Promise<T>,
): Promise<T> {
  const operationId = randomUUID();
  const stop = print
    ? backend.events.on((name, payload) => {
        if (name !== 'operation.progress') return;
        const p = payload as EventPayload<'operation.progress'>;
        if (p.operationId === operationId && !p.finished && p.message) print(p.message);
      })
    : undefined;
  try {
    return await call(operationId);
  } finally {
    stop?.();
  }
}
