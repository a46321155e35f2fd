import { useCallback, useRef, useState } from 'react';
import type { EventPayload } from '../../../../shared/contract';
import { errorMessage, useApiEvent, useApiMutation } from '../../api/client';

export interface CheckProgress {
  done: number;
  total: number;
  message?: string;
  startedAt: number;
}

// Runs domain.check with an operation ID and follows its progress events. The ID lives in a ref so the
// first events (sent before React re-renders) are not missed.
export function useDomainCheck(clientId: string) {
  const mutation = useApiMutation('domain.check');
  const operation = useRef<string | undefined>(undefined);
  const [progress, setProgress] = useState<CheckProgress>();
  const [error, setError] = useState<string>();

  useApiEvent(
    'operation.progress',
    useCallback((p: EventPayload<'operation.progress'>) => {
      if (p.operationId !== operation.current) return;
      setProgress((prev) => ({
        done: p.done,
        total: p.total ?? prev?.total ?? 0,
        message: p.message,
        startedAt: prev?.startedAt ?? Date.now(),
      }));
    }, []),
  );

  const run = async (opts: { domains?: string[]; dkimSelectors?: string[] } = {}) => {
    const id = `domain-${crypto.randomUUID()}`;
    operation.current = id;
    setError(undefined);
    setProgress({ done: 0, total: opts.domains?.length ?? 0, message: 'Starting', startedAt: Date.now() });
    try {
      return await mutation.mutateAsync({ clientId, operationId: id, ...opts });
    } catch (err) {
      setError(errorMessage(err));
      return undefined;
    } finally {
      operation.current = undefined;
      setProgress(undefined);
    }
  };

  return { run, running: mutation.isPending, progress, error, clearError: () => setError(undefined) };
}
