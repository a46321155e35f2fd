import type { TenantRunResult } from '../../../../shared/contract/tenant';
import { useOperation } from '../../api/useOperation';

// Runs tenant.probe.run as an operation. Each operation.progress push carries the per-check board (queued /
// running / done), so the screen follows the probe without asking for it; the last board stays on screen
// after the run until dismissed.
export function useTenantProbe(clientId: string) {
  const op = useOperation('tenant.probe.run', { keepProgress: true });

  const run = async (exchange: 'none' | 'rest'): Promise<TenantRunResult | undefined> => {
    const r = await op.run({ clientId, exchange });
    return r.ok ? r.value : undefined;
  };

  return {
    run,
    running: op.running,
    board: op.progress?.board,
    event: op.progress,
    error: op.error,
    dismiss: op.reset,
  };
}
