import { z } from 'zod';
import { OperationId } from './common';
import { ProbeProgress } from './tenant';

// Pushes from the backend. The renderer subscribes with window.api.on(name, cb).
export const eventSchemas = {
  // Progress of a long operation the renderer started with an operationId.
  'operation.progress': z.object({
    operationId: OperationId,
    label: z.string(),
    done: z.number().nonnegative(),
    total: z.number().nonnegative().optional(),
    message: z.string().optional(),
    finished: z.boolean().default(false),
    // A tenant probe's per-check board (queued / running / done) as it stands, so the screen follows the
    // probe from the events alone; tenant.probe.progress returns the same board to a screen opened later.
    board: ProbeProgress.optional(),
  }),
  // Something changed outside the renderer's own mutations (a background job, the CLI): refresh reads.
  'data.changed': z.object({ prefixes: z.array(z.string()) }),
} as const;

export type EventName = keyof typeof eventSchemas;
export type EventPayload<E extends EventName> = z.output<(typeof eventSchemas)[E]>;
export const EVENT_NAMES = Object.keys(eventSchemas) as EventName[];
