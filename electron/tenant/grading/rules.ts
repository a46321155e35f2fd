import type { Finding, NotAssessableReason } from '../../../shared/contract/findings';
import type { CheckId } from '../../../shared/domain/checks';
import type { Fact } from '../facts';

// The thresholds and constants the verdicts apply. Changing a rule is changing data here; the functions
// in this folder are pure (facts in, findings out) so a stored snapshot can be re-evaluated offline.
export const RULES = {
  // Accounts excluded from an MFA or legacy-block policy that we accept as break-glass accounts.
  maxBreakGlassExclusions: 2,
  registration: { pass: 0.95, warn: 0.8, listUsers: 10 },
  secureScore: { passPercent: 50 },
  // Conditional Access grant controls that count as a second factor or stronger.
  mfaControls: ['mfa'],
  deviceControls: ['compliantDevice', 'compliantApplication', 'approvedApplication', 'domainJoinedDevice'],
  // A block of these client app types is a legacy-authentication block.
  legacyClientAppTypes: ['exchangeActiveSync', 'other'],
  // AutoForwardingMode values that stop external forwarding ("Automatic" has meant "Off" since 2020).
  forwardingBlockedModes: ['off', 'automatic'],
  goodTls: ['certificatevalidation', 'domainvalidation'],
  nhsDomains: ['nhs.net', '*.nhs.net'],
} as const;

export interface FindingExtras {
  detail?: string;
  remediation?: string;
  data?: Record<string, unknown>;
  target?: string;
}

export function finding(check: CheckId, status: 'pass' | 'warn' | 'fail', summary: string, extras: FindingExtras = {}): Finding {
  return clean({ check, status, summary, ...extras });
}

export function notAssessable(check: CheckId, reason: NotAssessableReason, summary: string, extras: FindingExtras = {}): Finding {
  return clean({ check, status: 'not-assessable', reason, summary, ...extras });
}

// A fact that could not be read becomes not-assessable with the fact's own reason and explanation.
// The summary is the plain reason ("Not licensed: needs Microsoft Entra ID P1"); the detail says more.
export function fromFact(check: CheckId, fact: Extract<Fact<unknown>, { ok: false }>, what: string, extras: FindingExtras = {}): Finding {
  const first = fact.detail.split(/(?<=\.)\s/)[0]!.replace(/\.$/, '');
  const summary =
    fact.reason === 'not-licensed' || fact.reason === 'no-permission' || fact.reason === 'not-collected' ? first : `${what}: ${first}`;
  return notAssessable(check, fact.reason, summary, { ...extras, detail: [fact.detail, extras.detail].filter(Boolean).join('\n\n') });
}

function clean(f: Finding): Finding {
  const out = { ...f };
  for (const k of Object.keys(out) as (keyof Finding)[]) if (out[k] === undefined || out[k] === '') delete out[k];
  out.summary = out.summary.slice(0, 500);
  if (out.detail) out.detail = out.detail.slice(0, 20_000);
  return out;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const lines = (...parts: (string | number | false | undefined | null)[]) =>
  parts.filter((p) => typeof p === 'string' && p.length > 0).join('\n');
