import { z } from 'zod';

// Failures cross the process boundary as data: a stable code, a message written for the user, and for
// invalid input the offending fields. Never a stack trace.
export const ErrorCode = z.enum([
  'invalid-input',
  'unknown-channel',
  'not-found',
  'conflict',
  'locked',
  'integrity',
  'unavailable',
  'cancelled',
  'forbidden',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const FieldIssue = z.object({ path: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof FieldIssue>;

export const RpcError = z.object({
  code: ErrorCode,
  message: z.string(),
  issues: z.array(FieldIssue).optional(),
});
export type RpcError = z.infer<typeof RpcError>;

export type RpcResult<T = unknown> = { ok: true; value: T } | { ok: false; error: RpcError };

export const RpcResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: RpcError }),
]);

// Turns zod's issues into "field: message" pairs a form can show inline.
export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function describeIssues(issues: FieldIssue[]): string {
  const shown = issues.slice(0, 5).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  return shown.join('; ') + more;
}
