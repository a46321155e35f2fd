import { useCallback, useRef, useState } from 'react';
import type { EventPayload } from '../../../../shared/contract';
import { useApiEvent } from '../../api/client';

export type OperationProgress = EventPayload<'operation.progress'>;

// Follows the operation.progress events of one long backend operation. start() returns a fresh operationId to
// pass to the call; the latest event for it is in `progress` until reset(). The ID lives in a ref so events
// that arrive before the next render are not missed.
export function useOperationProgress() {
  const current = useRef<string | undefined>(undefined);
  const [progress, setProgress] = useState<OperationProgress>();
  const listener = useCallback((p: OperationProgress) => {
    if (current.current && p.operationId === current.current) setProgress(p);
  }, []);
  useApiEvent('operation.progress', listener);
  const start = useCallback(() => {
    current.current = `op-${crypto.randomUUID()}`;
    setProgress(undefined);
    return current.current;
  }, []);
  const reset = useCallback(() => {
    current.current = undefined;
    setProgress(undefined);
  }, []);
  return { start, reset, progress };
}

export function progressFraction(p: OperationProgress | undefined): number | undefined {
  if (!p?.total) return undefined;
  return Math.min(1, p.done / p.total);
}
