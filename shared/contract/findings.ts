import { z } from 'zod';
import { Id, IsoDateTime } from './common';
import { query } from './define';
import { isKnownCheck } from '../domain/checks';

// The one shape every automated check reports in, whatever probed it (DNS, SMTP, Graph, Exchange).
export const CheckStatus = z.enum(['pass', 'warn', 'fail', 'not-assessable']);
export type CheckStatus = z.infer<typeof CheckStatus>;

// Why a check could not be assessed. Never counted as a failure.
export const NotAssessableReason = z.enum([
  'not-licensed', // the tenant lacks the licence the feature needs
  'no-permission', // our consent or the signed-in role does not allow reading it
  'unreachable', // network: port 25 blocked, host down, DNS timeout
  'malformed-response', // the service answered with something we cannot read
  'not-applicable', // e.g. SMTP checks on a domain with a null MX
  'intercepted', // a firewall or antivirus on this network is tampering with the connection
  'client-cannot-test', // this client (OpenSSL build) cannot try it
  'refused', // the server refused us (421/554, rate limits)
  'not-collected', // the data was not gathered in this run (e.g. Exchange facts without a script import)
]);
export type NotAssessableReason = z.infer<typeof NotAssessableReason>;

export const CheckIdSchema = z.string().refine(isKnownCheck, { message: 'Unknown check ID' });

export const Finding = z
  .object({
    check: CheckIdSchema,
    status: CheckStatus,
    reason: NotAssessableReason.optional(),
    // What was checked: an MX host, a record name, a policy name, the tenant.
    target: z.string().max(300).optional(),
    // One line a care provider can read: "DMARC policy is quarantine".
    summary: z.string().min(1).max(500),
    // Why, in plain words: the record as found, the rule applied.
    detail: z.string().max(20_000).optional(),
    // How to fix it, with the exact record or setting where we know it.
    remediation: z.string().max(5_000).optional(),
    // Structured facts for year-on-year comparison (e.g. { policy: 'reject' }, { coverage: 0.97 }).
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((f) => f.status !== 'not-assessable' || f.reason !== undefined, {
    message: 'A not-assessable finding must say why',
    path: ['reason'],
  });
export type Finding = z.infer<typeof Finding>;

export const ProbeKind = z.enum(['domain', 'tenant']);
export type ProbeKind = z.infer<typeof ProbeKind>;

// A stored probe run as the renderer sees it.
export const ProbeRunSummary = z.object({
  id: z.string(),
  clientId: z.string(),
  kind: ProbeKind,
  target: z.string(),
  startedAt: IsoDateTime,
  finishedAt: IsoDateTime,
  source: z.string(),
  findings: z.array(Finding),
  // The raw transcript kept as evidence (content hash in the evidence store).
  snapshot: z.object({ sha256: z.string(), fileName: z.string() }).optional(),
});
export type ProbeRunSummary = z.infer<typeof ProbeRunSummary>;

export const probeChannels = {
  'probe.runs': query(
    z.strictObject({ clientId: Id, kind: ProbeKind.optional(), limit: z.number().int().min(1).max(500).default(50) }),
    z.array(ProbeRunSummary),
  ),
  'probe.latest': query(z.strictObject({ clientId: Id }), z.array(ProbeRunSummary)),
} as const;
