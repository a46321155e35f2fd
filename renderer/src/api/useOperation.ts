import { useCallback, useRef, useState } from 'react';
import type { Channel, EventPayload, InputOf, OutputOf } from '../../../shared/contract';
import { errorMessage, useApiEvent, useApiMutation } from './client';

export type OperationProgress = EventPayload<'operation.progress'>;

// The channels that report progress: their input takes an operationId.
type OperationChannel = { [C in Channel]: 'operationId' extends keyof InputOf<C> ? C : never }[Channel];
// The input without the operationId, which the hook supplies (distributed over a union input).
type StartInput<C extends OperationChannel> = InputOf<C> extends infer I ? (I extends unknown ? Omit<I, 'operationId'> : never) : never;
export type OperationResult<T> = { ok: true; value: T } | { ok: false; error: unknown; message: string };

// The one start → progress → done / error pattern for a long backend operation. run() gives the call a fresh
// operationId and follows its operation.progress events into `progress` while it runs; it never throws, but
// resolves to the value or to the failure (also kept in `error` for the screen until the next run).
// The ID lives in a ref so events sent before React re-renders are not missed. With keepProgress the last
// event stays after the run (until reset()), for screens that go on showing where it ended.
export function useOperation<C extends OperationChannel>(channel: C, opts: { keepProgress?: boolean } = {}) {
  const mutation = useApiMutation(channel);
  const current = useRef<string | undefined>(undefined);
  const [progress, setProgress] = useState<OperationProgress>();
  const [startedAt, setStartedAt] = useState<number>();
  const [error, setError] = useState<string>();
  const { keepProgress = false } = opts;
  const { mutateAsync } = mutation;

  useApiEvent(
    'operation.progress',
    useCallback((p: OperationProgress) => {
      if (current.current && p.operationId === current.current) setProgress(p);
    }, []),
  );

  const run = useCallback(
    async (input: StartInput<C>): Promise<OperationResult<OutputOf<C>>> => {
      const operationId = `op-${crypto.randomUUID()}`;
      current.current = operationId;
      setProgress(undefined);
      setStartedAt(Date.now());
      setError(undefined);
      try {
        return { ok: true, value: await mutateAsync({ ...input, operationId } as InputOf<C>) };
      } catch (err) {
        setError(errorMessage(err));
        return { ok: false, error: err, message: errorMessage(err) };
      } finally {
        if (!keepProgress) {
          current.current = undefined;
          setProgress(undefined);
        }
      }
    },
    [mutateAsync, keepProgress],
  );

  const reset = useCallback(() => {
    current.current = undefined;
    setProgress(undefined);
    setError(undefined);
  }, []);

  return {
    run,
    running: mutation.isPending,
    progress,
    fraction: progressFraction(progress),
    startedAt,
    error,
    clearError: useCallback(() => setError(undefined), []),
    reset,
  };
}

function progressFraction(p: OperationProgress | undefined): number | undefined {
  if (!p?.total) return undefined;
  return Math.min(1, p.done / p.total);
}
