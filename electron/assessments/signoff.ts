import type { z } from 'zod';
import type { AssessmentSummary, SignoffInput } from '../../shared/contract/assessments';
import type { OutcomeEvent } from '../../shared/domain/outcome';
import { blockerIssues, refusalMessage, type SignoffRole } from '../../shared/domain/readiness';
import { AppError, conflict, invalid } from '../backend/app-error';
import type { Clock } from '../backend/ports';
import type { BlobStore } from '../evidence/blob-store';
import type { Db } from '../store/database';
import { appendAudit } from '../store/audit-log';
import { blobInUse } from '../store/blob-references';
import { AssessmentRepo } from './assessment-repo';
import { assertEditable } from './assessment-changes';
import type { AssessmentReads } from './assessment-reads';
import { recordOutcomeEvent, resolveOutcomeFinding } from './outcome';

// Sign-off and after: the two signatures (typed, or a drawn PNG kept in the blob store) that lock an
// assessment, the audited unlock that clears them, and the NHS outcome recorded on a signed assessment
// (the rule is shared/domain/outcome.ts; outcome.ts stores it).

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_SIGNATURE_BYTES = 600 * 1024;

export interface SignoffDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
  readonly blobs: Pick<BlobStore, 'path' | 'put' | 'remove'>;
  readonly reads: Pick<AssessmentReads, 'row' | 'get' | 'readinessOf' | 'signoffs'>;
}

export class AssessmentSignoff {
  constructor(private readonly s: SignoffDeps) {}

  private get repo() {
    return new AssessmentRepo(this.s.db);
  }

  async signoff(input: z.output<typeof SignoffInput>): Promise<AssessmentSummary> {
    const now = this.s.clock.now().toISOString();
    let png: Buffer | undefined;
    if (input.signature.method === 'drawn') {
      png = Buffer.from(input.signature.pngBase64, 'base64');
      if (png.length > MAX_SIGNATURE_BYTES || !png.subarray(0, 8).equals(PNG_MAGIC)) {
        throw invalid('The drawn signature is not a PNG image.', [{ path: 'signature', message: 'Not a PNG image' }]);
      }
    }
    // The image is stored only once the call is known to be possible (the assessment exists and is editable),
    // and removed again if the transaction still refuses: no orphan blob either way.
    assertEditable(this.s.reads.row(input.assessmentId));
    const stored = png ? await this.s.blobs.put(png) : undefined;
    const sha = stored?.sha256;
    try {
      this.signoffTransaction(input, now, sha);
    } catch (err) {
      if (stored?.created && !blobInUse(this.s.db, stored.sha256)) await this.s.blobs.remove(stored.sha256);
      throw err;
    }
    return this.s.reads.get(input.assessmentId);
  }

  private signoffTransaction(input: z.output<typeof SignoffInput>, now: string, sha: string | undefined): void {
    this.s.db.transaction(() => {
      const a = this.s.reads.row(input.assessmentId);
      assertEditable(a);
      const r = this.s.reads.readinessOf(a);
      if (!r.readyForSignoff) {
        const open = r.blockers.filter((b) => b.kind !== 'signoff-missing');
        throw new AppError('conflict', refusalMessage('Sign-off is not possible yet', open), blockerIssues(open));
      }
      const before = this.s.reads.signoffs(a.id).find((x) => x.role === input.role);
      this.repo.saveSignoff(a.id, {
        role: input.role,
        name: input.name,
        roleTitle: input.roleTitle,
        organisation: input.organisation,
        email: input.email,
        method: input.signature.method,
        typedSignature: input.signature.method === 'typed' ? input.signature.text : null,
        signatureSha256: sha ?? null,
        signedAt: now,
      });
      const roles = this.s.reads.signoffs(a.id).map((x) => x.role);
      const complete = roles.includes('ict-expert') && roles.includes('clinical-safety-expert');
      this.repo.setSignoffState(a.id, now, complete ? 'signed' : 'ready', complete ? now : null);
      const label = input.role === 'ict-expert' ? 'ICT expert' : 'Clinical safety expert';
      appendAudit(this.s.db, {
        chain: a.client_id,
        actor: this.s.actor(),
        at: now,
        action: 'assessment.signoff',
        entityType: 'assessment',
        entityId: a.id,
        summary: `${a.cycle}: ${label} sign-off by ${input.name} (${input.roleTitle}, ${input.organisation})${complete ? ' — both sign-offs recorded, assessment locked' : ''}`,
        changes: [
          {
            field: `signoff.${input.role}`,
            from: before ? `${before.name} ${before.signedAt}` : null,
            to: `${input.name} <${input.email}> ${input.signature.method}${sha ? ` sha256:${sha}` : ''}`,
          },
          ...(complete ? [{ field: 'status', from: a.status, to: 'signed' }] : []),
        ],
      });
    })();
  }

  unlock(id: string, reason: string): AssessmentSummary {
    const now = this.s.clock.now().toISOString();
    this.s.db.transaction(() => {
      const a = this.s.reads.row(id);
      if (a.status !== 'signed') throw conflict(`The ${a.cycle} assessment is not locked.`);
      const cleared = this.s.reads.signoffs(id);
      this.repo.unlock(id, now);
      appendAudit(this.s.db, {
        chain: a.client_id,
        actor: this.s.actor(),
        at: now,
        action: 'assessment.unlock',
        entityType: 'assessment',
        entityId: id,
        summary: `${a.cycle}: unlocked — ${reason}. Both sign-offs were cleared and must be given again.`,
        changes: [
          { field: 'status', from: 'signed', to: 'draft' },
          { field: 'reason', from: null, to: reason },
          ...cleared.map((c) => ({ field: `signoff.${c.role}`, from: `${c.name} ${c.signedAt}`, to: null })),
        ],
      });
    })();
    return this.s.reads.get(id);
  }

  outcomeEvent(id: string, event: OutcomeEvent): AssessmentSummary {
    this.s.db.transaction(() => recordOutcomeEvent(this.s, this.s.reads.row(id), event))();
    return this.s.reads.get(id);
  }

  resolveOutcomeFinding(id: string, findingId: string, resolved: boolean): AssessmentSummary {
    this.s.db.transaction(() => resolveOutcomeFinding(this.s, this.s.reads.row(id), findingId, resolved))();
    return this.s.reads.get(id);
  }

  async signatureImage(assessmentId: string, role: SignoffRole): Promise<{ pngBase64?: string }> {
    const so = this.s.reads.signoffs(assessmentId).find((x) => x.role === role);
    if (!so?.signatureSha256) return {};
    const { readFile } = await import('node:fs/promises');
    return { pngBase64: (await readFile(this.s.blobs.path(so.signatureSha256))).toString('base64') };
  }
}
