import type { z } from 'zod';
import type { EvidenceDetail, EvidenceUpdateInput } from '../../shared/contract/evidence';
import { toIsoDate } from '../../shared/domain/dates';
import { conflict, locked } from '../backend/app-error';
import type { Clock } from '../backend/ports';
import type { Db } from '../store/database';
import { appendAudit, diffRecords } from '../store/audit-log';
import { EvidenceRepo, toVersion, type LinkRow } from './evidence-repo';
import type { EvidenceLinks } from './evidence-links';
import type { EvidenceQueries } from './evidence-queries';
import { blankToNull, versionAuditChanges, versionFields } from './version-fields';

// Editing an item's details (title, kind, owner, notes) and its current version's details. What a signed
// assessment relies on is frozen: its title and kind, and the details of the version it was signed with.

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export interface EvidenceEditDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
  readonly reads: Pick<EvidenceQueries, 'itemRow' | 'versionsOf' | 'linksOf' | 'writableClient' | 'get'>;
  readonly links: Pick<EvidenceLinks, 'touchLinkedAssessments'>;
}

export class EvidenceEdit {
  constructor(private readonly s: EvidenceEditDeps) {}

  update(input: z.output<typeof EvidenceUpdateInput>): EvidenceDetail {
    const now = this.s.clock.now().toISOString();
    const actor = this.s.actor();
    const repo = new EvidenceRepo(this.s.db);
    this.s.db.transaction(() => {
      const item = this.s.reads.itemRow(input.id);
      this.s.reads.writableClient(item.client_id);
      if (item.revision !== input.revision) throw conflict('This evidence changed since you opened it. Reload and try again.');
      const versions = this.s.reads.versionsOf(item.id);
      const current = versions.find((v) => v.superseded_at === null)!;
      const links = this.s.reads.linksOf(item.id);
      const signed = links.filter((l) => l.status === 'signed');
      const fields = versionFields(input, toIsoDate(this.s.clock.now()), current.collected_at);
      const itemBefore = { title: item.title, kind: item.kind, owner: item.owner, notes: item.notes };
      const itemAfter = { title: input.title, kind: input.kind, owner: blankToNull(input.owner), notes: blankToNull(input.notes) };
      const itemChanges = diffRecords(itemBefore, itemAfter);
      const versionChanges = versionAuditChanges(current, fields);
      if (itemChanges.length === 0 && versionChanges.length === 0) return;

      const frozenItem = itemChanges.some((c) => c.field === 'title' || c.field === 'kind');
      if (frozenItem && signed.length) {
        throw locked(
          `“${item.title}” supports the signed ${cycles(signed)} assessment, so its title and kind can no longer change. Unlock that assessment first.`,
        );
      }
      const pinnedBy = toVersion(current, signed).pinnedBy;
      if (versionChanges.length && pinnedBy.length) {
        throw locked(
          `Version ${current.version} of “${item.title}” is part of the signed ${pinnedBy.join(' and ')} assessment, so its details can no longer change. Add a new version instead — the signed assessment keeps the one it was signed with.`,
        );
      }
      repo.updateItem(item.id, itemAfter, now);
      if (versionChanges.length) repo.updateVersionFields(current.id, fields);
      if (frozenItem || versionChanges.length) this.s.links.touchLinkedAssessments(item.id, now);
      const changes = [...itemChanges, ...versionChanges];
      appendAudit(this.s.db, {
        chain: item.client_id,
        actor,
        at: now,
        action: 'evidence.update',
        entityType: 'evidence',
        entityId: item.id,
        summary: `Edited evidence “${itemAfter.title}”: ${changes.map((c) => c.field).join(', ')}`,
        changes,
      });
    })();
    return this.s.reads.get(input.id);
  }
}

function cycles(links: LinkRow[]): string {
  return [...new Set(links.map((l) => l.cycle))].sort().join(' and ');
}
