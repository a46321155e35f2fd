import type { z } from 'zod';

// One entry per channel. `kind` tells transports and the renderer's client whether a call reads
// (cacheable, safe to retry) or changes state (invalidates cached reads).
type ChannelKind = 'query' | 'mutation';

export interface ChannelDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: ChannelKind;
  readonly input: I;
  readonly output: O;
  // Channels that change data name the resources whose cached reads go stale (by channel prefix).
  readonly invalidates?: readonly string[];
}

export function query<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): ChannelDef<I, O> {
  return { kind: 'query', input, output };
}

export function mutation<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, invalidates: readonly string[]): ChannelDef<I, O> {
  return { kind: 'mutation', input, output, invalidates };
}
