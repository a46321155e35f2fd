import { randomUUID } from 'node:crypto';
import type { ProbeRunSummary } from '../../shared/contract/findings';
import type { EvidenceSource } from '../../shared/contract/evidence';
import type { Clock } from '../backend/ports';
import type { BlobStore } from './blob-store';
import type { Db } from '../store/database';
import { appendAudit } from '../store/audit-log';
import type { EvidenceService } from './evidence-service';
import type { ItemRow, VersionRow } from './evidence-rows';
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

// Returns true when something was recorded. Synchronous: it runs inside FindingsService.recordRun.
export function recordProbeSnapshot(
  s: { readonly db: Db; readonly clock: Clock; readonly blobs: Pick<BlobStore, 'has' | 'path'>; actor(): string },
  evidence: EvidenceService,
  run: ProbeRunSummary,
  snapshot: { sha256: string; size: number; fileName: string },
): boolean {
  if (snapshot.size === 0 || !s.blobs.has(snapshot.sha256)) return false;
  const sniff = sniffFileSync(s.blobs.path(snapshot.sha256), snapshot.fileName);
  const key = `${run.kind}:${run.target}`;
  const checks = new Set<string>(run.findings.map((f) => f.check));
  const targets = evidence
    .applicableForRun(run.clientId)
    .map((a) => ({ ...a, requirementIds: a.requirements.filter((r) => r.checks.some((c) => checks.has(c))).map((r) => r.id) }));
  const now = s.clock.now().toISOString();
  const actor = s.actor();

  s.db.transaction(() => {
    let item = s.db.prepare('SELECT * FROM evidence_items WHERE client_id = ? AND probe_key = ?').get(run.clientId, key) as
      ItemRow | undefined;
    const title = probeTitle(run);
    let version = 1;
    if (!item) {
      const id = randomUUID();
      s.db
        .prepare(
          `INSERT INTO evidence_items (id, client_id, title, kind, source, probe_key, created_at, updated_at)
           VALUES (?, ?, ?, 'probe-snapshot', ?, ?, ?, ?)`,
        )
        .run(id, run.clientId, title, probeSource(run), key, now, now);
      item = s.db.prepare('SELECT * FROM evidence_items WHERE id = ?').get(id) as ItemRow;
    } else {
      const current = s.db.prepare('SELECT * FROM evidence_versions WHERE evidence_id = ? AND superseded_at IS NULL').get(item.id) as
        VersionRow | undefined;
      const max = s.db.prepare('SELECT MAX(version) AS n FROM evidence_versions WHERE evidence_id = ?').get(item.id) as { n: number };
      version = max.n + 1;
      if (current) s.db.prepare('UPDATE evidence_versions SET superseded_at = ? WHERE id = ?').run(now, current.id);
      s.db.prepare('UPDATE evidence_items SET revision = revision + 1, updated_at = ? WHERE id = ?').run(now, item.id);
    }
    evidence.insertVersion(
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
    const link = s.db.prepare(
      `INSERT INTO evidence_links (evidence_id, assessment_id, requirement_id, linked_at, linked_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    );
    const linked: string[] = [];
    for (const t of targets)
      for (const r of t.requirementIds) if (link.run(item.id, t.assessmentId, r, now, actor).changes) linked.push(`${t.cycle} ${r}`);
    appendAudit(s.db, {
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
