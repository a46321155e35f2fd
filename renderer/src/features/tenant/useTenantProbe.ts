import { useEffect, useState } from 'react';
import type { TenantRunResult } from '../../../../shared/contract/tenant';
import { errorMessage, useApiMutation, useApiQuery } from '../../api/client';
import { useOperationProgress } from '../workspace/useOperationProgress';

// Runs tenant.probe.run with an operation ID. Each operation.progress push re-reads the per-check board
// (queued / running / done) from tenant.probe.progress; the last board stays on screen after the run.
export function useTenantProbe(clientId: string) {
  const op = useOperationProgress();
  const [operationId, setOperationId] = useState<string>();
  const [error, setError] = useState<string>();
  const mutation = useApiMutation('tenant.probe.run');
  const board = useApiQuery('tenant.probe.progress', { operationId: operationId ?? 'no-operation' }, { enabled: !!operationId });
  const { refetch } = board;

  useEffect(() => {
    if (op.progress) void refetch();
  }, [op.progress, refetch]);

  const run = async (exchange: 'none' | 'rest'): Promise<TenantRunResult | undefined> => {
    const id = op.start();
    setOperationId(id);
    setError(undefined);
    try {
      return await mutation.mutateAsync({ clientId, operationId: id, exchange });
    } catch (err) {
      setError(errorMessage(err));
      return undefined;
    } finally {
      await refetch();
    }
  };

  return {
    run,
    running: mutation.isPending,
    board: operationId ? (board.data ?? undefined) : undefined,
    event: op.progress,
    error,
    dismiss: () => {
      setOperationId(undefined);
      setError(undefined);
      op.reset();
    },
  };
}
