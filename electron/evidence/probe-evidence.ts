import { randomUUID } from 'node:crypto';
import type { ProbeRunSummary } from '../../shared/contract/findings';
import type { EvidenceSource } from '../../shared/contract/evidence';
import { applicableRequirements } from '../../shared/domain/catalogue/schema';
import type { EventHub } from '../backend/event-hub';
import type { Clock } from '../backend/ports';
import type { CatalogueService } from '../catalogue/catalogue-service';
import type { Logger } from '../logging/logger';
import type { BlobStore } from './blob-store';
import type { Db } from '../store/database';
import { appendAudit } from '../store/audit-log';
import { AssessmentRepo } from '../assessments/assessment-repo';
import { EvidenceRepo } from './evidence-repo';
import { sniffFileSync } from './sniff';

// A probe run's raw snapshot becomes evidence without anyone uploading it: one library item per probed
// target (a mail domain, a tenant), a new version per run, linked to every requirement whose checks the
// run covered in the client's assessments that are not yet signed. One probe result feeds several
// requirements.

function probeSource(run: Pick<ProbeRunSummary, 'kind' | 'source'>): EvidenceSource {
  if (run.source.includes('customer-script')) return 'customer-script';
  return run.kind === 'domain' ? 'dns' : 'graph-probe';
}

function probeTitle(run: Pick<ProbeRunSummary, 'kind' | 'target'>): string {
  return run.kind === 'domain' ? `Mail-domain checks — ${run.target}` : `Microsoft 365 tenant probe — ${run.target}`;
}

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export interface ProbeEvidenceDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
  readonly blobs: Pick<BlobStore, 'has' | 'path'>;
  readonly catalogue: Pick<CatalogueService, 'get'>;
  readonly events: Pick<EventHub, 'emit'>;
  readonly log: Logger;
}

export class ProbeEvidence {
  constructor(private readonly s: ProbeEvidenceDeps) {}

  // Probe snapshots become evidence as runs are recorded: the composition root subscribes this to the
  // findings service, so it runs inside FindingsService.recordRun.
  readonly onProbeSnapshot = (run: ProbeRunSummary, snapshot: { sha256: string; size: number; fileName: string }): void => {
    try {
      if (this.record(run, snapshot)) this.s.events.emit('data.changed', { prefixes: ['evidence.'] });
    } catch (err) {
      // The probe run itself is already stored; losing its evidence copy must not fail the probe.
      this.s.log.error('could not record probe snapshot as evidence', { runId: run.id, error: String((err as Error)?.message ?? err) });
    }
  };

  // The client's assessments that are not yet signed, with the checks behind each applicable requirement.
  private applicableForRun(clientId: string): { assessmentId: string; cycle: number; requirements: { id: string; checks: string[] }[] }[] {
    return new AssessmentRepo(this.s.db).unsignedFor(clientId).map((a) => ({
      assessmentId: a.id,
      cycle: a.cycle,
      requirements: applicableRequirements(this.s.catalogue.get(a.catalogue_version), a.route).map((r) => ({ id: r.id, checks: r.checks })),
    }));
  }

  // Returns true when something was recorded. Synchronous: it runs inside FindingsService.recordRun.
  private record(run: ProbeRunSummary, snapshot: { sha256: string; size: number; fileName: string }): boolean {
    if (snapshot.size === 0 || !this.s.blobs.has(snapshot.sha256)) return false;
    const sniff = sniffFileSync(this.s.blobs.path(snapshot.sha256), snapshot.fileName);
    const key = `${run.kind}:${run.target}`;
    const checks = new Set<string>(run.findings.map((f) => f.check));
    const targets = this.applicableForRun(run.clientId).map((a) => ({
      ...a,
      requirementIds: a.requirements.filter((r) => r.checks.some((c) => checks.has(c))).map((r) => r.id),
    }));
    const now = this.s.clock.now().toISOString();
    const actor = this.s.actor();

    this.s.db.transaction(() => {
      const repo = new EvidenceRepo(this.s.db);
      let item = repo.probeItem(run.clientId, key);
      const title = probeTitle(run);
      let version = 1;
      if (!item) {
        const id = randomUUID();
        repo.insertProbeItem({ id, clientId: run.clientId, title, source: probeSource(run), probeKey: key, at: now });
        item = repo.item(id)!;
      } else {
        const current = repo.currentVersion(item.id);
        version = repo.maxVersion(item.id) + 1;
        if (current) repo.supersede(current.id, now);
        repo.bumpItem(item.id, now);
      }
      repo.insertVersion(
        item.id,
        version,
        {
          sha256: snapshot.sha256,
          size: snapshot.size,
          originalName: snapshot.fileName,
          type: sniff.type,
          extensionMismatch: sniff.extensionMismatch,
        },
        {
          collected_at: run.finishedAt,
          issue_date: null,
          expiry_date: null,
          document_version: null,
          approved_by: null,
          approval_date: null,
          note: `${run.findings.length} finding${run.findings.length === 1 ? '' : 's'} from ${run.source}`,
        },
        now,
        actor,
        run.id,
      );
      const linked: string[] = [];
      for (const t of targets)
        for (const r of t.requirementIds) if (repo.insertLink(item.id, t.assessmentId, r, now, actor)) linked.push(`${t.cycle} ${r}`);
      appendAudit(this.s.db, {
        chain: run.clientId,
        actor,
        at: now,
        action: 'evidence.probe-snapshot',
        entityType: 'evidence',
        entityId: item.id,
        summary: `Stored the snapshot of ${run.kind === 'domain' ? 'the mail-domain checks of' : 'the tenant probe of'} ${run.target} as evidence (v${version})${
          linked.length ? `, attached to ${linked.join(', ')}` : ''
        }`,
        changes: [
          { field: 'version', from: version > 1 ? version - 1 : null, to: version },
          { field: 'sha256', from: null, to: snapshot.sha256 },
          { field: 'probeRunId', from: null, to: run.id },
        ],
      });
    })();
    return true;
  }
}
