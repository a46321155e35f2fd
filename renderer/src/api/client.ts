import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient, type QueryClient, type UseQueryOptions } from '@tanstack/react-query';
import type { Channel, EventName, EventPayload, FieldIssue, InputOf, OutputOf, RpcError } from '../../../shared/contract';
import { bridge } from './bridge';

// The renderer's typed client, derived from the contract: channel names, inputs and outputs are checked
// at compile time, and every failure arrives as an ApiError with the backend's code and message.

export class ApiError extends Error {
  readonly code: RpcError['code'];
  readonly issues: FieldIssue[];
  constructor(error: RpcError) {
    super(error.message);
    this.code = error.code;
    this.issues = error.issues ?? [];
  }
}

export async function invoke<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const r = await bridge().invoke(channel, input);
  if (!r.ok) throw new ApiError(r.error);
  return r.value as OutputOf<C>;
}

// Offers a prepared download to the user (a save dialog, or the browser's download); false when they cancel.
export async function saveDownload(ref: { downloadId: string; fileName: string }): Promise<boolean> {
  const r = await bridge().saveDownload(ref);
  if (!r.ok) throw new ApiError(r.error);
  return r.value.saved;
}

export function useApiQuery<C extends Channel>(
  channel: C,
  input: InputOf<C>,
  options: Omit<UseQueryOptions<OutputOf<C>, ApiError>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<OutputOf<C>, ApiError>({ queryKey: [channel, input], queryFn: () => invoke(channel, input), ...options });
}

export function invalidatePrefixes(qc: QueryClient, prefixes: readonly string[]) {
  return qc.invalidateQueries({
    predicate: (q) => typeof q.queryKey[0] === 'string' && prefixes.some((p) => (q.queryKey[0] as string).startsWith(p)),
  });
}

export function useApiMutation<C extends Channel>(channel: C, options: { onSuccess?: (value: OutputOf<C>) => void } = {}) {
  const qc = useQueryClient();
  return useMutation<OutputOf<C>, ApiError, InputOf<C>>({
    mutationFn: (input) => invoke(channel, input),
    onSuccess: async (value) => {
      // The contract (every zod schema) loads with the first change, not with the shell.
      const { contract } = await import('../../../shared/contract');
      await invalidatePrefixes(qc, contract[channel].invalidates ?? []);
      options.onSuccess?.(value);
    },
  });
}

export function useApiEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
  useEffect(() => bridge().on(event, (p) => listener(p as EventPayload<E>)), [event, listener]);
}

// Pushes that say "data changed elsewhere" refresh the matching cached reads.
export function useDataChangedRefresh() {
  const qc = useQueryClient();
  useEffect(() => bridge().on('data.changed', (p) => void invalidatePrefixes(qc, (p as EventPayload<'data.changed'>).prefixes)), [qc]);
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}
