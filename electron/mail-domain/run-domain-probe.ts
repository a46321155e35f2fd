import type { Route } from '../../shared/contract/clients';
import type { DnsAnswer, DomainFinding, DomainReport, NetworkProblem } from '../../shared/contract/domain-checks';
import { CHECK_IDS_OF_DOMAIN_RUN, networkProblem } from './grading/network';
import { networkNotAssessable } from './grading/verdict';
import { displayDomain, normaliseEmailDomain } from '../../shared/domain/email-domain';
import { DnsResolverPort, type DnsLookup, type ResolverConfig } from '../probes/dns/resolver';
import { gatherMx, type MxFacts } from '../probes/dns/mx';
import { gatherSpf } from '../probes/dns/spf';
import { gatherDmarc } from '../probes/dns/dmarc';
import { gatherDkim } from '../probes/dns/dkim';
import { gatherMtaSts } from '../probes/dns/mta-sts';
import { gatherTlsRpt } from '../probes/dns/tls-rpt';
import { gatherDnssec } from '../probes/dns/dnssec';
import { readTxt } from '../probes/dns/txt';
import { probeMxHosts, type SmtpPhase } from '../probes/smtp/probe-mx';
import { LEGACY_CIPHERS } from '../probes/smtp/starttls-probe';
import type { Connector } from '../probes/smtp/preflight';
import { providerForRoute, type GradeContext } from './grading/context';
import { gradeMx } from './grading/mx-rules';
import { gradeSpf } from './grading/spf-rules';
import { gradeDmarc } from './grading/dmarc-rules';
import { gradeDkim } from './grading/dkim-rules';
import { gradeMtaSts } from './grading/mta-sts-rules';
import { gradeTlsRpt } from './grading/tls-rpt-rules';
import { gradeDnssec } from './grading/dnssec-rules';
import { gradeSmtp, smtpNotApplicable, transportEntries } from './grading/smtp-rules';
import { RULESET_VERSION } from './grading/tls-rules';
import { isIndeterminate } from '../probes/dns/resolver';

// Checks one mail domain end to end: MX first, then the DNS records and the SMTP transport side by side,
// then every finding graded from the facts. Returns the report (what users and the CLI see), the findings
// (what is stored and attached to assessments) and a snapshot with every DNS answer and SMTP transcript
// (the evidence, so a verdict can be re-checked later without asking the servers again).

interface SmtpProbeSettings {
  port: number;
  bannerTimeoutMs: number;
  commandTimeoutMs: number;
  connectTimeoutMs?: number;
  preflightTimeoutMs?: number;
  gapMs?: number;
  maxAddressesPerHost?: number;
  ehloName?: string;
  legacyCiphers?: string;
  // Labs and tests only: a port per MX host.
  portFor?: (mx: string, ip: string) => number;
  connector?: Connector;
}

export interface DomainProbeOptions {
  dns: ResolverConfig;
  smtp: SmtpProbeSettings;
  mtaSts?: { httpsPort?: number; timeoutMs?: number };
  // Extra trust anchors for SMTP and MTA-STS certificates (labs and tests; PEM).
  extraCa?: readonly string[];
  dkimSelectors?: readonly string[];
  route?: Route;
  now?: () => Date;
  budgetMs?: number;
  signal?: AbortSignal;
  onProgress?: (step: string) => void;
}

export interface DomainProbeResult {
  report: DomainReport;
  findings: DomainFinding[];
  snapshot: Record<string, unknown>;
  startedAt: string;
  finishedAt: string;
}

export class DomainInputError extends Error {}

const SNAPSHOT_SCHEMA = 'dcb1596.domain-probe/1';

function answerValues(l: DnsLookup): string[] {
  if (!Array.isArray(l.answer)) return [];
  return l.answer.slice(0, 50).map((v) => {
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) return v.join('');
    if (v && typeof v === 'object' && 'exchange' in v) {
      const mx = v as { exchange: string; priority: number };
      return `${mx.priority} ${mx.exchange || '.'}`;
    }
    return JSON.stringify(v);
  });
}

function dnsAnswers(lookups: readonly DnsLookup[]): DnsAnswer[] {
  return lookups.slice(0, 1000).map((l) => ({ name: l.name, type: l.type, outcome: l.outcome, server: l.server, values: answerValues(l) }));
}

// What every report says about the run itself: when, with which rules, asked of which DNS servers.
function reportFrame(domain: string, o: DomainProbeOptions, dns: DnsResolverPort, startedAt: Date, t0: number) {
  return {
    domain,
    displayDomain: displayDomain(domain),
    checkedAt: startedAt.toISOString(),
    durationMs: Date.now() - t0,
    rulesetVersion: RULESET_VERSION,
    resolver: { servers: [...o.dns.servers], timeoutMs: o.dns.timeoutMs, tries: o.dns.tries, answeredBy: dns.answeredBy() },
    smtpPort: o.smtp.port,
    dns: dnsAnswers(dns.lookups()),
  };
}

// The run when this computer's DNS failed: every check not assessed, one summary, the lookups kept in
// the snapshot so the failure itself can be shown.
function networkResult(
  domain: string,
  o: DomainProbeOptions,
  dns: DnsResolverPort,
  network: NetworkProblem,
  startedAt: Date,
  now: () => Date,
  t0: number,
): DomainProbeResult {
  const findings = CHECK_IDS_OF_DOMAIN_RUN.map((check) => networkNotAssessable(check, domain, network.summary));
  const report: DomainReport = {
    ...reportFrame(domain, o, dns, startedAt, t0),
    provider: providerForRoute(o.route, 'other'),
    findings,
    transport: [],
    network,
  };
  const snapshot = { schema: SNAPSHOT_SCHEMA, report, dnsLookups: dns.lookups(), client: { node: process.versions.node } };
  return { report, findings, snapshot, startedAt: startedAt.toISOString(), finishedAt: now().toISOString() };
}

export async function runDomainProbe(rawDomain: string, o: DomainProbeOptions): Promise<DomainProbeResult> {
  const norm = normaliseEmailDomain(rawDomain);
  if (!norm.ok) throw new DomainInputError(norm.error);
  const domain = norm.domain;
  const now = o.now ?? (() => new Date());
  const startedAt = now();
  const t0 = Date.now();
  const budget = o.budgetMs ?? 240_000;
  const dns = new DnsResolverPort({ ...o.dns, deadline: t0 + budget, signal: o.signal });
  const progress = (s: string) => o.onProgress?.(s);

  progress(`Looking up the MX records of ${domain}`);
  const mx: MxFacts = await gatherMx(dns, domain);
  const mxHosts = mx.hosts.map((h) => h.exchange);

  // "No such domain", or no answer at all: first make sure the resolver itself can be believed.
  if (mx.outcome === 'nxdomain' || isIndeterminate(mx.outcome)) {
    const network = networkProblem(await dns.rootCheck(), o.dns.servers);
    if (network) return networkResult(domain, o, dns, network, startedAt, now, t0);
  }

  progress('Checking SPF, DMARC, DKIM, MTA-STS, TLS-RPT and DNSSEC');
  const records = (async () => {
    const apex = await readTxt(dns, domain);
    const [spf, dmarc, dkim, mtaSts, tlsRpt, dnssec] = await Promise.all([
      gatherSpf(dns, domain, { maxElapsedMs: Math.min(60_000, budget) }),
      gatherDmarc(dns, domain, apex),
      gatherDkim(dns, domain, o.dkimSelectors),
      gatherMtaSts(dns, domain, mxHosts, {
        httpsPort: o.mtaSts?.httpsPort ?? 443,
        timeoutMs: o.mtaSts?.timeoutMs ?? 15_000,
        extraCa: o.extraCa,
      }),
      gatherTlsRpt(dns, domain),
      gatherDnssec(domain, mxHosts, o.dns, t0 + budget),
    ]);
    return { spf, dmarc, dkim, mtaSts, tlsRpt, dnssec };
  })();

  const canProbe = mx.outcome === 'answer' && !mx.nullMx && mx.hosts.length > 0;
  const transport: Promise<SmtpPhase | undefined> = canProbe
    ? probeMxHosts(
        mx.hosts.map((h) => ({ mx: h.exchange, ipv4: h.ipv4, ipv6: h.ipv6 })),
        {
          port: o.smtp.port,
          portFor: o.smtp.portFor,
          connector: o.smtp.connector,
          bannerTimeoutMs: o.smtp.bannerTimeoutMs,
          commandTimeoutMs: o.smtp.commandTimeoutMs,
          connectTimeoutMs: o.smtp.connectTimeoutMs ?? Math.min(10_000, o.smtp.commandTimeoutMs),
          preflightTimeoutMs: o.smtp.preflightTimeoutMs ?? 5_000,
          gapMs: o.smtp.gapMs ?? 300,
          maxAddressesPerHost: o.smtp.maxAddressesPerHost ?? 4,
          ehloName: o.smtp.ehloName,
          legacyCiphers: o.smtp.legacyCiphers ?? LEGACY_CIPHERS,
          extraCa: o.extraCa,
          onProgress: progress,
        },
      )
    : Promise.resolve(undefined);

  const [facts, smtp] = await Promise.all([records, transport]);
  progress('Grading the results');

  const ctx: GradeContext = {
    domain,
    provider: providerForRoute(o.route, mx.provider),
    route: o.route,
    mxHosts,
    mtaStsEnforce: facts.mtaSts.policy?.mode === 'enforce',
    now: now(),
    dnsServers: o.dns.servers,
  };
  const findings: DomainFinding[] = [
    gradeMx(mx, ctx),
    gradeSpf(facts.spf, ctx),
    gradeDmarc(facts.dmarc, ctx),
    gradeDkim(facts.dkim, ctx),
    gradeMtaSts(facts.mtaSts, ctx),
    gradeTlsRpt(facts.tlsRpt, ctx),
    gradeDnssec(facts.dnssec, ctx),
    ...(smtp
      ? gradeSmtp(smtp, ctx)
      : smtpNotApplicable(domain, mx.nullMx ? 'null-mx' : isIndeterminate(mx.outcome) ? 'dns-error' : 'no-mx')),
  ];
  const finishedAt = now();
  const report: DomainReport = {
    ...reportFrame(domain, o, dns, startedAt, t0),
    provider: ctx.provider,
    findings,
    transport: smtp ? transportEntries(smtp) : [],
  };
  const snapshot = {
    schema: SNAPSHOT_SCHEMA,
    report,
    facts: { mx, ...facts },
    smtp: smtp ?? null,
    dnsLookups: dns.lookups(),
    client: { node: process.versions.node, openssl: process.versions.openssl },
  };
  return { report, findings, snapshot, startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString() };
}
