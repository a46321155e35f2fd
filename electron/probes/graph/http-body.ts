import { parseGraphError, type BodyRef, type SourceFailure } from './graph-errors';

// Reading answers from Microsoft 365 endpoints, which we treat as hostile: bounded size, JSON objects
// only, an HTML error page or a truncated body becomes a reason, never an exception.

export type JsonResult = { ok: true; status: number; body: Record<string, unknown>; ref: BodyRef } | { ok: false; failure: SourceFailure };

// Turns a whole response into a result: JSON objects only, anything else is malformed.
export function interpret(status: number, text: string, truncated: boolean, ref: BodyRef): JsonResult {
  if (truncated) return { ok: false, failure: { kind: 'too-large', status, message: 'The response was larger than we accept.', ref } };
  let parsed: unknown;
  try {
    parsed = text.length ? JSON.parse(text) : undefined;
  } catch {
    const looksHtml = /^\s*</.test(text);
    if (status >= 200 && status < 300) {
      return {
        ok: false,
        failure: {
          kind: 'malformed',
          status,
          message: looksHtml ? 'The service answered with an HTML page instead of JSON.' : 'The response is not valid JSON (truncated?).',
          ref,
        },
      };
    }
    return {
      ok: false,
      failure: { kind: 'http', status, message: looksHtml ? `HTTP ${status} (an HTML error page)` : `HTTP ${status}`, ref },
    };
  }
  return interpretParsed(status, parsed, ref);
}

export function interpretParsed(status: number, body: unknown, ref: BodyRef): JsonResult {
  if (status >= 200 && status < 300) {
    if (body && typeof body === 'object' && !Array.isArray(body)) return { ok: true, status, body: body as Record<string, unknown>, ref };
    return { ok: false, failure: { kind: 'malformed', status, message: 'The response is not a JSON object.', ref } };
  }
  const e = parseGraphError(body);
  return { ok: false, failure: { kind: 'http', status, code: e.code, message: e.message ?? `HTTP ${status}`, ref } };
}

export async function readCapped(res: Response, max: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: '', truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > max) {
      chunks.push(value.subarray(0, max - size));
      await reader.cancel().catch(() => {});
      return { text: Buffer.concat(chunks).toString('utf8'), truncated: true };
    }
    size += value.byteLength;
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

export function describeNetworkError(err: unknown): string {
  const e = err as { cause?: { code?: string; message?: string }; message?: string };
  const code = e?.cause?.code;
  if (code === 'ECONNREFUSED') return 'Connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'The host name could not be resolved';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'The connection was reset';
  return `Network error${code ? ` (${code})` : ''}`;
}
