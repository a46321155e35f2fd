import { z } from 'zod';
import { Empty, Id, IsoDateTime, OperationId } from './common';
import { mutation, query } from './define';
import { EmailDomain } from './clients';
import { Finding } from './findings';

// Mail-domain checks (DNS records and SMTP STARTTLS on every MX), run from this computer the way NCSC
// Mail Check ran them for NHS England until March 2026, plus the NHS list of accredited domains.

export const FindingReason = z.object({
  severity: z.enum(['fail', 'warn', 'note', 'pass']),
  text: z.string().max(2000),
});
export type FindingReason = z.infer<typeof FindingReason>;

// The shared finding plus its parts, so a report can show the records as found and each rule that
// applied without re-parsing the rendered detail text.
export const DomainFinding = Finding.safeExtend({
  found: z.array(z.string().max(4000)).max(200),
  reasons: z.array(FindingReason).max(100),
});
export type DomainFinding = z.infer<typeof DomainFinding>;

export const StarttlsState = z.enum([
  'offered', // STARTTLS advertised and the handshake worked
  'handshake-failed',
  'not-offered',
  'refused', // 421/554 or similar: the server would not talk to us
  'unreachable', // no connection (port blocked, host down)
  'timeout', // no greeting or reply in time
  'intercepted', // a firewall masked the banner or EHLO lines
  'malformed', // the server did not speak SMTP
]);
export type StarttlsState = z.infer<typeof StarttlsState>;

const CertificateSummary = z.object({
  subject: z.string(),
  issuer: z.string(),
  sans: z.array(z.string()),
  notBefore: IsoDateTime,
  notAfter: IsoDateTime,
  keyType: z.string(),
  keyBits: z.number().int().optional(),
  curve: z.string().optional(),
  signatureAlgorithm: z.string(),
  hostnameMatch: z.boolean(),
  trusted: z.boolean(),
  trustError: z.string().optional(),
});
type CertificateSummary = z.infer<typeof CertificateSummary>;

export const TransportEntry = z.object({
  mx: z.string(),
  ip: z.string(),
  port: z.number().int(),
  starttls: StarttlsState,
  protocol: z.string().nullable(),
  cipher: z.string().nullable(),
  certificate: CertificateSummary.nullable(),
  // Beyond the CLI's JSON: what each TLS version probe found, and the key exchange.
  versions: z.record(z.string(), z.string()).optional(),
  keyExchange: z.string().nullable().optional(),
  bannerMs: z.number().optional(),
  note: z.string().optional(),
});
export type TransportEntry = z.infer<typeof TransportEntry>;

export const DnsAnswer = z.object({
  name: z.string(),
  type: z.string(),
  outcome: z.string(),
  server: z.string().optional(),
  values: z.array(z.string()),
});
export type DnsAnswer = z.infer<typeof DnsAnswer>;

const MailProvider = z.enum(['microsoft-365', 'google', 'other']);

// Set when this computer's DNS could not be trusted for the whole run, so no check was graded and the
// run is not kept as evidence: 'unreliable' when the resolver denies even the DNS root (a captive portal
// or broken network answering NXDOMAIN for everything), 'unreachable' when no DNS server answered.
export const NetworkProblem = z.object({
  state: z.enum(['unreliable', 'unreachable']),
  summary: z.string().max(500),
  explanation: z.array(z.string().max(1000)).max(5),
});
export type NetworkProblem = z.infer<typeof NetworkProblem>;

export const DomainReport = z.object({
  domain: z.string(),
  displayDomain: z.string(),
  checkedAt: IsoDateTime,
  durationMs: z.number().nonnegative(),
  rulesetVersion: z.string(),
  resolver: z.object({
    servers: z.array(z.string()),
    timeoutMs: z.number().int(),
    tries: z.number().int(),
    answeredBy: z.array(z.string()),
  }),
  smtpPort: z.number().int(),
  provider: MailProvider,
  findings: z.array(DomainFinding),
  transport: z.array(TransportEntry),
  // Every DNS answer the checks used, in the order asked.
  dns: z.array(DnsAnswer).max(1000),
  network: NetworkProblem.optional(),
});
export type DomainReport = z.infer<typeof DomainReport>;

export const FindingCounts = z.object({
  pass: z.number().int(),
  warn: z.number().int(),
  fail: z.number().int(),
  notAssessable: z.number().int(),
});
export type FindingCounts = z.infer<typeof FindingCounts>;

// --- NHS accredited-domains list -------------------------------------------------------------------

export const AccreditedListInfo = z.object({
  id: Id,
  fileName: z.string(),
  importedAt: IsoDateTime,
  sha256: z.string(),
  encoding: z.string(),
  rows: z.number().int(),
  domains: z.number().int(),
  skippedRows: z.number().int(),
  columns: z.array(z.string()),
});
export type AccreditedListInfo = z.infer<typeof AccreditedListInfo>;

const AccreditedEntry = z.object({
  organisation: z.string(),
  listedDomain: z.string(),
  // 'parent': the list names a parent of the client's domain, not the domain itself.
  match: z.enum(['exact', 'parent']),
  rowNumber: z.number().int(),
  fields: z.record(z.string(), z.string()),
});

export const AccreditedMatch = z.object({
  domain: z.string(),
  // false when no list has been imported yet.
  listAvailable: z.boolean(),
  listed: z.boolean(),
  entries: z.array(AccreditedEntry),
});
export type AccreditedMatch = z.infer<typeof AccreditedMatch>;

export const DomainStatus = z.object({
  domain: z.string(),
  displayDomain: z.string(),
  run: z
    .object({
      id: z.string(),
      startedAt: IsoDateTime,
      finishedAt: IsoDateTime,
      counts: FindingCounts,
      snapshot: z.object({ sha256: z.string(), fileName: z.string() }).optional(),
    })
    .nullable(),
  report: DomainReport.nullable(),
  accredited: AccreditedMatch,
});
export type DomainStatus = z.infer<typeof DomainStatus>;

export const DkimSelector = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}(?:\.[a-z0-9][a-z0-9_-]{0,62})*$/, 'A DKIM selector is letters, digits, "-" and "_", e.g. selector1');

export const domainCheckChannels = {
  // Checks the given domains of a client (all of them by default), one stored probe run per domain.
  'domain.check': mutation(
    z.strictObject({
      clientId: Id,
      domains: z.array(EmailDomain).min(1).max(50).optional(),
      dkimSelectors: z.array(DkimSelector).max(10).optional(),
      operationId: OperationId.optional(),
    }),
    z.object({
      // runId is null when the run was not kept (network: this computer's DNS could not be trusted).
      results: z.array(
        z.object({ domain: z.string(), runId: z.string().nullable(), counts: FindingCounts, network: NetworkProblem.optional() }),
      ),
    }),
    ['probe.', 'domain.', 'assessment.', 'portfolio.', 'audit.'],
  ),
  // One domain checked for a client as domain.check checks it, with the whole report (`dcb1596 probe domain
  // --client`). The domain need not be among the client's: the run is stored for the client all the same.
  // The name is checked by the probe, which says what is wrong with it.
  'domain.checkOne': mutation(
    z.strictObject({
      clientId: Id,
      domain: z.string().min(1).max(300),
      dkimSelectors: z.array(DkimSelector).max(10).optional(),
      operationId: OperationId.optional(),
    }),
    z.object({ report: DomainReport, runId: z.string().nullable() }),
    ['probe.', 'domain.', 'assessment.', 'portfolio.', 'audit.'],
  ),
  // The latest checks of each of a client's domains, with the full report and the accredited-list status.
  'domain.latest': query(z.strictObject({ clientId: Id }), z.array(DomainStatus)),
  'domain.accreditedList.status': query(Empty, AccreditedListInfo.nullable()),
  'domain.accreditedList.import': mutation(z.strictObject({ uploadId: z.uuid() }), AccreditedListInfo, ['domain.', 'portfolio.']),
  'domain.accreditedList.lookup': query(z.strictObject({ domains: z.array(z.string().max(300)).min(1).max(50) }), z.array(AccreditedMatch)),
} as const;
