// How a request can end without data, recorded in the snapshot so verdicts (and a later offline
// re-evaluation) can say why a check could not be assessed.
type FailureKind =
  | 'http' // the service answered with an error status
  | 'timeout'
  | 'network'
  | 'throttled' // 429/503 beyond our retry budget
  | 'malformed' // not JSON, not the documented shape, HTML error page
  | 'too-large'
  | 'page-cap' // more pages than we allow (or a nextLink loop)
  | 'unsafe-link' // a nextLink pointing somewhere we will not send a token
  | 'consent' // no token for the service: its permission was not granted (Exchange.Manage refused)
  | 'cancelled';

// Where a body lives in the transcript: an exchange, and for a $batch the sub-response ID.
export interface BodyRef {
  exchange: number;
  sub?: string;
}

export interface SourceFailure {
  kind: FailureKind;
  status?: number;
  code?: string;
  message: string;
  ref?: BodyRef;
}

export interface GraphErrorInfo {
  code?: string;
  message?: string;
  // Intune answers through Graph with an error whose message is itself serialised JSON from the Intune
  // service ("UnknownError" wrapping {"ErrorCode":"Forbidden",...}); it says nothing about why.
  intuneWrapped: boolean;
}

const NON_PREMIUM_CODE = 'Authentication_RequestFromNonPremiumTenantOrB2CTenant';

export function parseGraphError(body: unknown): GraphErrorInfo {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return { intuneWrapped: false };
    }
  }
  const err = (value as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (!err || typeof err !== 'object') return { intuneWrapped: false };
  const code = typeof err.code === 'string' ? err.code.slice(0, 200) : undefined;
  const message = typeof err.message === 'string' ? err.message.slice(0, 1000) : undefined;
  const intuneWrapped =
    code === 'UnknownError' && !!message && /"ErrorCode"\s*:\s*"Forbidden"|_version|Operation ID \(for customer support\)/i.test(message);
  return { code, message: intuneWrapped ? 'Intune refused the request (wrapped UnknownError).' : message, intuneWrapped };
}

export function isNonPremium(f: SourceFailure | undefined): boolean {
  return !!f && f.kind === 'http' && f.status === 403 && f.code?.toLowerCase() === NON_PREMIUM_CODE.toLowerCase();
}
