import type { Route } from '../../shared/contract/clients';
import { DomainReport, type DomainStatus, type FindingCounts, type NetworkProblem } from '../../shared/contract/domain-checks';
import type { ProbeRunSummary } from '../../shared/contract/findings';
import { countFindings } from '../../shared/domain/mail-report';
import { displayDomain } from '../../shared/domain/email-domain';
import type { EventHub } from '../backend/event-hub';
import type { BackendPorts, Clock } from '../backend/ports';
import type { ClientsService } from '../clients/clients-service';
import type { FindingsService } from '../findings/findings-service';
import type { Logger } from '../logging/logger';
import type { SettingsService } from '../settings/settings-service';
import { conflict, invalid } from '../backend/app-error';
import type { AccreditedListService } from '../accredited-list/accredited-list-service';
import type { DomainProbeResult } from './run-domain-probe';
import { probeOptionsFromSettings } from './probe-options';
import { ProgressEmitter } from '../backend/progress';

// Runs the mail-domain checks for a client's domains with the consultant's DNS and SMTP settings, stores
// each domain's result as a probe run (findings plus the raw snapshot, which the evidence library picks
// up), and answers "what did the latest checks say" with the full report for the renderer.

const PROBE_SOURCE = 'dns+smtp';

// One way to store a domain probe: the run with its findings and the snapshot as evidence. A run in
// which this computer's DNS failed (report.network) says nothing about the domain and is not kept.
async function recordDomainRun(
  s: { readonly findings: Pick<FindingsService, 'recordRun'> },
  clientId: string,
  result: DomainProbeResult,
): Promise<ProbeRunSummary | null> {
  if (result.report.network) return null;
  const stamp = result.startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return s.findings.recordRun({
    clientId,
    kind: 'domain',
    target: result.report.domain,
    source: PROBE_SOURCE,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    findings: result.findings,
    snapshot: { fileName: `mail-domain-${result.report.domain}-${stamp}.json`, bytes: JSON.stringify(result.snapshot, null, 2) },
  });
}

// A sample client's domains are fictional: never looked up, whichever way the check is asked for.
function refuseSample(client: { legalName: string; sample: boolean }): void {
  if (client.sample)
    throw conflict(
      `${client.legalName} is sample data: its domains are fictional and are never looked up in the real DNS. The results shown are recorded with the sample workspace.`,
    );
}

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export interface DomainChecksDeps {
  readonly accredited: Pick<AccreditedListService, 'lookup'>;
  readonly clients: Pick<ClientsService, 'get'>;
  readonly clock: Clock;
  readonly events: Pick<EventHub, 'emit'>;
  readonly findings: Pick<FindingsService, 'latestRuns' | 'recordRun' | 'snapshot'>;
  readonly log: Logger;
  // Where the host sends the probes instead (the CLI's lab flags, the test labs); absent in the app.
  readonly ports: Pick<BackendPorts, 'probeRouting'>;
  readonly settings: Pick<SettingsService, 'get'>;
}

export class DomainChecksService {
  private readonly running = new Set<string>();
  private readonly reports = new Map<string, DomainReport | null>();

  constructor(private readonly s: DomainChecksDeps) {}

  // The user's DNS and SMTP settings, with whatever the host routes elsewhere on top.
  private probeOptions() {
    return probeOptionsFromSettings(this.s.settings.get(), this.s.ports.probeRouting?.mailDomain);
  }

  async check(
    input: { clientId: string; domains?: string[]; dkimSelectors?: string[]; operationId?: string },
    signal?: AbortSignal,
  ): Promise<{ results: { domain: string; runId: string | null; counts: FindingCounts; network?: NetworkProblem }[] }> {
    const client = this.s.clients.get(input.clientId);
    refuseSample(client);
    const domains = input.domains ?? client.domains;
    const foreign = domains.filter((d) => !client.domains.includes(d));
    if (foreign.length)
      throw invalid(
        `${foreign.join(', ')} ${foreign.length === 1 ? 'is' : 'are'} not among ${client.legalName}'s domains. Add ${foreign.length === 1 ? 'it' : 'them'} to the client first.`,
      );
    this.lock(client);
    const op = input.operationId;
    const label = `Checking ${domains.length === 1 ? domains[0] : `${domains.length} mail domains`}`;
    const progress = new ProgressEmitter(this.s.events, op, label);
    const total = domains.length;
    const results: { domain: string; runId: string | null; counts: FindingCounts; network?: NetworkProblem }[] = [];
    try {
      for (const [i, domain] of domains.entries()) {
        progress.step({ done: i, total, message: `${domain}: starting` });
        const { result, run } = await this.probeAndRecord(client, domain, {
          dkimSelectors: input.dkimSelectors,
          signal,
          onProgress: (step) => progress.step({ done: i, total, message: `${domain}: ${step}` }),
        });
        const network = result.report.network;
        results.push({ domain, runId: run?.id ?? null, counts: countFindings(result.findings), ...(network ? { network } : {}) });
        this.s.log.info('domain checks', { domain, ms: result.report.durationMs, ...countFindings(result.findings) });
      }
      progress.finish({ done: total, total, message: `Checked ${total} domain${total === 1 ? '' : 's'}` });
      return { results };
    } catch (err) {
      progress.finish({ done: results.length, total, message: 'Stopped' });
      throw err;
    } finally {
      this.running.delete(client.id);
    }
  }

  // One domain of a client, checked as check() checks (the user's settings and the host's routing, the same
  // per-client lock) and recorded as check() records it, with the whole report: `probe domain --client`
  // (domain.checkOne) and batch renewal use it. The domain need not be in the client's list: the command line
  // says so and stores it anyway. A run this computer's DNS could not make is returned but not recorded.
  async checkOne(
    input: { clientId: string; domain: string; dkimSelectors?: string[]; operationId?: string },
    onStep?: (step: string) => void,
  ): Promise<{ report: DomainReport; run: ProbeRunSummary | null }> {
    const client = this.s.clients.get(input.clientId);
    refuseSample(client);
    this.lock(client);
    const progress = new ProgressEmitter(this.s.events, input.operationId, `Checking ${input.domain}`);
    try {
      const { result, run } = await this.probeAndRecord(client, input.domain, {
        dkimSelectors: input.dkimSelectors,
        onProgress: (step) => {
          progress.step({ done: 0, total: 1, message: step });
          onStep?.(step);
        },
      });
      return { report: result.report, run };
    } finally {
      progress.finish({ done: 1, total: 1 });
      this.running.delete(client.id);
    }
  }

  // One domain probed with the user's settings and the host's routing, and recorded for the client.
  private async probeAndRecord(
    client: { id: string; route: string },
    domain: string,
    o: { dkimSelectors?: string[]; signal?: AbortSignal; onProgress: (step: string) => void },
  ): Promise<{ result: DomainProbeResult; run: ProbeRunSummary | null }> {
    // Loaded here, not on import: the probes (DNS, SMTP, TLS and their Node modules) are most of what a
    // command line call would otherwise evaluate for nothing (README, Benchmarks).
    const { DomainInputError, runDomainProbe } = await import('./run-domain-probe');
    let result: DomainProbeResult;
    try {
      result = await runDomainProbe(domain, { ...this.probeOptions(), ...o, route: client.route as Route, now: () => this.s.clock.now() });
    } catch (err) {
      if (err instanceof DomainInputError) throw invalid(err.message);
      throw err;
    }
    const run = await recordDomainRun(this.s, client.id, result);
    if (run) this.reports.set(run.snapshot?.sha256 ?? run.id, result.report);
    return { result, run };
  }

  private lock(client: { id: string; legalName: string }): void {
    if (this.running.has(client.id))
      throw conflict(`The mail-domain checks for ${client.legalName} are already running. Wait for them to finish.`);
    this.running.add(client.id);
  }

  private async reportOf(run: ProbeRunSummary): Promise<DomainReport | null> {
    const key = run.snapshot?.sha256;
    if (!key) return null;
    if (this.reports.has(key)) return this.reports.get(key)!;
    let report: DomainReport | null = null;
    try {
      const snap = await this.s.findings.snapshot(run.id);
      const parsed = snap ? DomainReport.safeParse((JSON.parse(snap.bytes.toString('utf8')) as { report?: unknown }).report) : undefined;
      if (parsed?.success) report = parsed.data;
      else this.s.log.warn('domain snapshot without a readable report', { run: run.id });
    } catch (err) {
      this.s.log.warn('domain snapshot unreadable', { run: run.id, error: (err as Error).message });
    }
    if (this.reports.size > 200) this.reports.clear();
    this.reports.set(key, report);
    return report;
  }

  async latest(clientId: string): Promise<DomainStatus[]> {
    const client = this.s.clients.get(clientId);
    const runs = this.s.findings.latestRuns(clientId).filter((r) => r.kind === 'domain');
    const matches = this.s.accredited.lookup(client.domains);
    return Promise.all(
      client.domains.map(async (domain, i) => {
        const run = runs.find((r) => r.target === domain);
        return {
          domain,
          displayDomain: displayDomain(domain),
          run: run
            ? {
                id: run.id,
                startedAt: run.startedAt,
                finishedAt: run.finishedAt,
                counts: countFindings(run.findings),
                ...(run.snapshot ? { snapshot: run.snapshot } : {}),
              }
            : null,
          report: run ? await this.reportOf(run) : null,
          accredited: matches[i]!,
        };
      }),
    );
  }
}
