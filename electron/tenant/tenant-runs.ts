import type { Finding } from '../../shared/contract/findings';
import type { TenantEvidence, TenantRunResult } from '../../shared/contract/tenant';
import { integrity, invalid, notFound } from '../backend/app-error';
import type { EventHub } from '../backend/event-hub';
import type { Clock } from '../backend/ports';
import type { BlobStore } from '../evidence/blob-store';
import type { TransferStore } from '../files/transfer-store';
import type { FindingsService } from '../findings/findings-service';
import { snapshots, verdicts } from './probe-modules';
import { ProgressBoard } from './progress';
import type { TenantSnapshot } from './snapshot';

// The tenant probe's runs: the progress board of a probe under way, recording a run (verdicts over a snapshot,
// stored with it as a findings run), and reading stored runs back: their evidence, one request's body, the
// snapshot file, and re-evaluating the same evidence under this version's rules.

export interface TenantRunsDeps {
  readonly clock: Clock;
  readonly events: EventHub;
  readonly blobs: Pick<BlobStore, 'path' | 'verify'>;
  readonly findings: Pick<FindingsService, 'getRun' | 'listRuns' | 'recordRun' | 'snapshot'>;
  readonly transfers: Pick<TransferStore, 'registerDownload'>;
}

export class TenantRuns {
  readonly progress: ProgressBoard;

  constructor(private readonly s: TenantRunsDeps) {
    this.progress = new ProgressBoard(s.events, () => s.clock.now());
  }

  // A live probe's run spans the collection; an import or a re-evaluation is a new run now, over evidence
  // collected earlier (the snapshot keeps its own collection time).
  async record(
    clientId: string,
    snapshot: TenantSnapshot,
    op: string | undefined,
    opts: { live: boolean; source?: string; bytes?: Buffer },
  ): Promise<TenantRunResult> {
    this.progress.phase(op, 'evaluating');
    const [{ serialiseSnapshot, parseSnapshot, snapshotFileName }, { extractFacts, evaluate }] = await Promise.all([
      snapshots(),
      verdicts(),
    ]);
    const stored = opts.bytes ?? serialiseSnapshot(snapshot);
    const findings = evaluate(extractFacts(parseSnapshot(stored)));
    this.progress.phase(op, 'saving');
    const source =
      opts.source ??
      (snapshot.exchanges.length ? 'graph' : '') +
        (snapshot.exchange.source === 'rest'
          ? '+exchange-rest'
          : snapshot.exchange.source === 'script'
            ? snapshot.exchanges.length
              ? '+customer-script'
              : 'customer-script'
            : '');
    const now = this.s.clock.now().toISOString();
    const run = await this.s.findings.recordRun({
      clientId,
      kind: 'tenant',
      target: snapshot.tenantId,
      source: source || 'graph',
      startedAt: opts.live ? snapshot.collectedAt : now,
      finishedAt: opts.live ? snapshot.finishedAt : now,
      findings,
      snapshot: { fileName: snapshotFileName(snapshot), bytes: stored },
    });
    this.progress.phase(op, 'done');
    return { run, tenantId: snapshot.tenantId, exchangeSource: snapshot.exchange.source };
  }

  // The latest run of this tenant with Graph evidence: a script import joins it.
  async latestSnapshot(clientId: string, tenantId: string): Promise<TenantSnapshot | undefined> {
    const runs = this.s.findings
      .listRuns(clientId, { kind: 'tenant', limit: 20 })
      .filter((r) => r.target.toLowerCase() === tenantId.toLowerCase() && r.snapshot);
    for (const r of runs) {
      const snap = await this.loadSnapshot(r.id).catch(() => undefined);
      if (snap && snap.exchanges.length) return snap;
    }
    return undefined;
  }

  private async loadSnapshot(runId: string): Promise<TenantSnapshot> {
    return (await this.loadSnapshotFile(runId)).snapshot;
  }

  private async loadSnapshotFile(runId: string): Promise<{ snapshot: TenantSnapshot; bytes: Buffer }> {
    const run = this.s.findings.getRun(runId);
    if (run.kind !== 'tenant') throw invalid('This run is not a tenant probe.');
    if (!run.snapshot) throw notFound('The evidence snapshot of this run');
    const status = await this.s.blobs.verify(run.snapshot.sha256);
    if (status === 'missing') throw notFound('The evidence snapshot of this run');
    if (status === 'altered')
      throw integrity(`The stored snapshot ${run.snapshot.sha256.slice(0, 12)}… no longer matches its hash; it was changed on disk.`);
    const file = await this.s.findings.snapshot(runId);
    const { parseSnapshot } = await snapshots();
    try {
      return { snapshot: parseSnapshot(file!.bytes), bytes: file!.bytes };
    } catch {
      throw integrity('The stored snapshot cannot be read by this version of the app.');
    }
  }

  async reevaluate(runId: string, save: boolean): Promise<{ findings: Finding[]; run?: TenantRunResult['run'] }> {
    const { snapshot, bytes } = await this.loadSnapshotFile(runId);
    const { extractFacts, evaluate } = await verdicts();
    const findings = evaluate(extractFacts(snapshot));
    if (!save) return { findings };
    const original = this.s.findings.getRun(runId);
    // The same evidence file, byte for byte: the new run differs only in the rules applied to it.
    const r = await this.record(original.clientId, snapshot, undefined, {
      live: false,
      source: `${original.source.replace(/ \(re-evaluated\)$/, '')} (re-evaluated)`,
      bytes,
    });
    return { findings: r.run.findings, run: r.run };
  }

  async evidence(runId: string): Promise<TenantEvidence> {
    const snap = await this.loadSnapshot(runId);
    const run = this.s.findings.getRun(runId);
    const { extractFacts } = await verdicts();
    const facts = extractFacts(snap);
    return {
      runId,
      tenantId: snap.tenantId,
      collectedAt: snap.collectedAt,
      appVersion: snap.appVersion,
      sha256: run.snapshot!.sha256,
      fileName: run.snapshot!.fileName,
      exchangeSource: snap.exchange.source,
      ...(snap.exchange.source === 'script' ? { scriptCollectedAt: snap.exchange.output.collectedAt } : {}),
      exchanges: snap.exchanges.map((e) => ({
        seq: e.seq,
        method: e.method,
        url: e.url,
        ...(e.status !== undefined ? { status: e.status } : {}),
        ms: e.ms,
        size: e.body?.length ?? 0,
        ...(e.purpose ? { purpose: e.purpose } : {}),
        ...(e.error ? { error: e.error } : {}),
        startedAt: e.startedAt,
      })),
      emailDomains: facts.emailDomains.ok
        ? facts.emailDomains.value.map((d) => ({
            name: d.name,
            isDefault: d.isDefault,
            ...(d.expectedMx ? { expectedMx: d.expectedMx } : {}),
          }))
        : [],
    };
  }

  async evidenceBody(runId: string, seq: number) {
    const snap = await this.loadSnapshot(runId);
    const e = snap.exchanges[seq];
    if (!e) throw notFound('That request');
    const max = 256 * 1024;
    let body = e.body ?? '';
    // Pretty-print JSON for reading; the stored bytes are unchanged.
    try {
      body = JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      // Not JSON (an HTML page, a truncated answer): show as received.
    }
    return {
      body: body.slice(0, max),
      truncated: body.length > max || !!e.bodyTruncated,
      ...(e.headers?.['content-type'] ? { contentType: e.headers['content-type'] } : {}),
    };
  }

  snapshotDownload(runId: string) {
    const run = this.s.findings.getRun(runId);
    if (!run.snapshot) throw notFound('The evidence snapshot of this run');
    const d = this.s.transfers.registerDownload(this.s.blobs.path(run.snapshot.sha256), run.snapshot.fileName, 'application/json');
    return { downloadId: d.downloadId, fileName: d.fileName };
  }
}
