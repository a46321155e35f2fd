import { randomUUID } from 'node:crypto';
import { utcDateOf } from '../../shared/domain/dates';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BundleSummary, BundleVerifyResult, SubmissionEmail } from '../../shared/contract/statement';
import { AppError, conflict, invalid, notFound } from '../backend/app-error';
import type { AssessmentsService } from '../assessments/assessments-service';
import type { EventHub } from '../backend/event-hub';
import type { Clock } from '../backend/ports';
import type { ClientsService } from '../clients/clients-service';
import type { BlobStore } from '../evidence/blob-store';
import type { EvidenceService } from '../evidence/evidence-service';
import type { Logger } from '../logging/logger';
import type { StatementService } from '../statement/statement-service';
import type { Db } from '../store/database';
import { ProgressEmitter } from '../backend/progress';
import { writeBundle, type AuditExport, type BundleProgress } from './zip/bundle-writer';
import { newBundleId } from './zip/names';
import { verifyBundle } from './verify/verify';
import type { StoredUpload, TransferStore } from '../files/transfer-store';
import { formatBytes } from '../../shared/domain/bytes';
import { openSeal, SealError, type OpenedSeal } from '../documents/seal/seal';
import { finalStatementIssues, StatementModel } from '../statement/statement-model';
import { appendAudit, chainEntries, chainHead } from '../store/audit-log';
import { BundleRepo, type BundleRow } from './bundle-repo';
import { describeIssues } from '../../shared/contract/errors';
import { cycleCutoff } from '../../shared/domain/finding-identity';
import { scopeChain } from './audit-scope';
import { blockerIssues, refusalMessage } from '../../shared/domain/readiness';
import { BundleFacts } from './bundle-facts';
import { submissionEmail } from './submission-email';
import { toVerifyResult } from './verify-result';
import { AssessmentRepo } from '../assessments/assessment-repo';

// The evidence bundle in the workspace: export a new version (never overwriting one), list, download,
// verify and draft the submission email. The bundle engine (electron/bundle) does the writing; this file
// decides what goes in, where it is kept and what is recorded.

export interface ExportInput {
  assessmentId: string;
  seal?: { p12UploadId: string; passphrase: string };
  // A review pack: exportable at any stage, marked DRAFT everywhere, never sealed.
  draft?: boolean;
  operationId?: string;
}

// A PKCS#12 with a key and a short chain is a few KB; anything much larger is not one.
const MAX_P12_BYTES = 256 * 1024;
const PHASE_LABELS: Record<BundleProgress['phase'], string> = {
  preparing: 'Preparing the statement and reports',
  writing: 'Writing the bundle',
  verifying: 'Re-checking every file in the bundle',
  done: 'Done',
};

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export interface BundleDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
  readonly log: Logger;
  readonly dataDir: string;
  readonly events: Pick<EventHub, 'emit'>;
  readonly blobs: BlobStore;
  readonly transfers: Pick<TransferStore, 'upload' | 'withUpload' | 'registerDownload'>;
  readonly assessments: Pick<AssessmentsService, 'readiness'>;
  readonly clients: Pick<ClientsService, 'get'>;
  readonly evidence: Pick<EvidenceService, 'assertExportable'>;
  readonly statement: Pick<StatementService, 'gather' | 'issues' | 'row' | 'savedDetails'>;
}

export class BundleService {
  // One export per assessment at a time: the version number is chosen before the file is written.
  private readonly exporting = new Set<string>();

  constructor(private readonly s: BundleDeps) {}

  private get db() {
    return this.s.db;
  }

  private get repo() {
    return new BundleRepo(this.s.db);
  }

  private row(bundleId: string): BundleRow {
    const r = this.repo.get(bundleId);
    if (!r) throw notFound('The bundle');
    return r;
  }

  private absolute(r: Pick<BundleRow, 'file_path'>): string {
    return join(this.s.dataDir, ...r.file_path.split('/'));
  }

  private summary(r: BundleRow): BundleSummary {
    return {
      id: r.id,
      bundleId: r.reference,
      assessmentId: r.assessment_id,
      clientId: r.client_id,
      version: r.version,
      fileName: r.file_name,
      size: r.size,
      sha256: r.sha256,
      manifestSha256: r.manifest_sha256,
      sealed: r.sealed === 1,
      ...(r.seal_subject ? { sealSubject: r.seal_subject } : {}),
      sample: r.sample === 1,
      fileCount: r.file_count,
      createdAt: r.created_at,
      createdBy: r.created_by,
      present: existsSync(this.absolute(r)),
    };
  }

  private facts(r: BundleRow): BundleFacts {
    let raw: unknown;
    try {
      raw = JSON.parse(r.facts);
    } catch {
      raw = undefined;
    }
    const parsed = BundleFacts.safeParse(raw);
    if (!parsed.success) throw new AppError('integrity', `The workspace record of bundle ${r.file_name} is damaged.`);
    return parsed.data;
  }

  list(assessmentId: string): BundleSummary[] {
    this.s.statement.row(assessmentId);
    return this.repo.forAssessment(assessmentId).map((r) => this.summary(r));
  }

  get(bundleId: string): BundleSummary & { path: string } {
    const r = this.row(bundleId);
    return { ...this.summary(r), path: this.absolute(r) };
  }

  download(bundleId: string): { downloadId: string; fileName: string } {
    const r = this.row(bundleId);
    const path = this.absolute(r);
    if (!existsSync(path))
      throw notFound(
        `The file of bundle ${r.file_name} is no longer in the workspace folder (bundles/). Export again to create a new version.`,
      );
    const d = this.s.transfers.registerDownload(path, r.file_name, 'application/zip');
    return { downloadId: d.downloadId, fileName: d.fileName };
  }

  submissionEmail(bundleId: string): SubmissionEmail {
    const r = this.row(bundleId);
    return submissionEmail({
      facts: this.facts(r),
      fileName: r.file_name,
      size: r.size,
      sha256: r.sha256,
      manifestSha256: r.manifest_sha256,
      sealed: r.sealed === 1,
      sealSubject: r.seal_subject ?? undefined,
      sample: r.sample === 1,
    });
  }

  async verify(input: { bundleId?: string; uploadId?: string; operationId?: string }): Promise<BundleVerifyResult> {
    if (input.bundleId) {
      const stored = this.row(input.bundleId);
      const path = this.absolute(stored);
      if (!existsSync(path))
        throw notFound(`The file of bundle ${stored.file_name} is no longer in the workspace folder, so it cannot be checked.`);
      return this.verifyFile(path, stored.file_name, stored, input.operationId);
    }
    // A bundle file someone sent is checked once (the renderer uploads it again for another check).
    return this.s.transfers.withUpload(input.uploadId!, (up) => this.verifyFile(up.path, up.fileName, undefined, input.operationId));
  }

  private async verifyFile(
    path: string,
    fileName: string,
    stored: BundleRow | undefined,
    operationId?: string,
  ): Promise<BundleVerifyResult> {
    const progress = new ProgressEmitter(this.s.events, operationId, 'Checking the bundle');
    progress.step({ done: 0, message: fileName });
    const v = await verifyBundle(path, { onProgress: (done) => progress.update({ done, message: fileName }) });
    const result = toVerifyResult(v, fileName);
    const known = stored ?? (v.archiveSha256 ? this.repo.firstWithSha256(v.archiveSha256) : undefined);
    if (stored) {
      const same = v.archiveSha256 === stored.sha256;
      result.checks.push({
        id: 'workspace-record',
        title: 'Matches the exported bundle',
        status: same ? 'pass' : 'fail',
        detail: same
          ? `the file is byte for byte the v${stored.version} bundle exported on ${utcDateOf(stored.created_at)} (SHA-256 ${stored.sha256})`
          : `the file's SHA-256 is ${v.archiveSha256 ?? 'unknown'}, but v${stored.version} was exported with SHA-256 ${stored.sha256}`,
      });
      if (!same) result.ok = false;
    } else if (known) {
      result.checks.push({
        id: 'workspace-record',
        title: 'Exported from this workspace',
        status: 'pass',
        detail: `byte for byte the v${known.version} bundle ${known.file_name}, exported on ${utcDateOf(known.created_at)}`,
      });
    }
    progress.finish({ done: 1, total: 1, message: result.ok ? 'Verified' : 'Not verified' });
    return result;
  }

  // The client's chain with only this cycle's entries in full (audit-scope.ts), up to the head.
  private auditExport(clientId: string, a: { id: string; cycle: number }): AuditExport[] {
    return this.db.transaction(() => {
      const entries = chainEntries(this.db, clientId);
      const head = chainHead(this.db, clientId);
      const all = new AssessmentRepo(this.db).forClient(clientId).reverse();
      const cutoff = (x: (typeof all)[number] | undefined) =>
        x ? cycleCutoff({ lockedAt: x.locked_at, submittedOn: x.submitted_on }) : undefined;
      const i = all.findIndex((x) => x.id === a.id);
      const scope = {
        assessmentId: a.id,
        cycle: a.cycle,
        otherAssessmentIds: new Set(all.filter((x) => x.id !== a.id).map((x) => x.id)),
        from: i > 0 ? cutoff(all[i - 1]) : undefined,
        until: cutoff(all[i]),
      };
      return [{ chain: clientId, entries: scopeChain(entries, scope), ...(head ? { head } : {}) }];
    })();
  }

  async export(input: ExportInput, signal?: AbortSignal): Promise<BundleSummary> {
    const { assessmentId, operationId } = input;
    const progress = new ProgressEmitter(this.s.events, operationId, 'Exporting the evidence bundle');
    // A new phase is announced at once; the bytes within one phase are throttled.
    let phase: BundleProgress['phase'] | undefined;
    const a = this.s.statement.row(assessmentId);
    const client = this.s.clients.get(a.client_id);
    const signed = a.status === 'signed';
    const reviewDraft = input.draft === true;
    // The one readiness model decides a final export, as it did for sign-off; a review pack (DRAFT) may be
    // exported at any stage, and a sample exports as a watermarked sample.
    const readiness = this.s.assessments.readiness(assessmentId);
    if (!client.sample && !reviewDraft && !readiness.ready)
      throw new AppError(
        'conflict',
        refusalMessage(`The ${a.cycle} statement of ${client.legalName} cannot be exported as final`, readiness.blockers),
        blockerIssues(readiness.blockers),
      );
    if (!signed && !client.sample && !reviewDraft)
      throw conflict(
        `The ${a.cycle} assessment needs both sign-offs (ICT expert and clinical safety expert) before its bundle can be exported. Signing locks the assessment. To send it for review before then, export a DRAFT review pack.`,
      );
    if ((!signed || reviewDraft) && input.seal) throw conflict('A draft cannot be sealed: both sign-offs are needed first.');
    if (this.exporting.has(assessmentId))
      throw conflict(`A bundle for the ${a.cycle} assessment is already being exported. Wait for it to finish.`);
    this.exporting.add(assessmentId);
    const now = this.s.clock.now();
    let written: string | undefined;
    // A refusal that names the certificate file: the file itself is unusable.
    const certificateIssue = (message: string) => invalid(message, [{ path: 'seal.p12UploadId', message }]);
    const exportWith = async (up: StoredUpload | undefined): Promise<BundleSummary> => {
      // The certificate first: a wrong passphrase or an expired certificate must fail before any work. Its
      // refusals name the field (seal.p12UploadId or seal.passphrase) so the form knows which to ask again.
      let seal: OpenedSeal | undefined;
      if (input.seal && up) {
        if (up.size > MAX_P12_BYTES) throw certificateIssue('The certificate file is too large to be a PKCS#12 (.p12 or .pfx) file.');
        try {
          // Opened once here; the writer, the statement and the seal use what this found.
          seal = openSeal({ p12: new Uint8Array(await readFile(up.path)), passphrase: input.seal.passphrase }, now);
        } catch (err) {
          if (!(err instanceof SealError)) throw err;
          // A wrong passphrase is corrected without choosing the file again; any other problem is the file's.
          if (err.problem === 'wrong-passphrase') throw invalid(err.message, [{ path: 'seal.passphrase', message: err.message }]);
          throw certificateIssue(err.message);
        }
      }
      if (!client.sample && !reviewDraft && !this.s.statement.savedDetails(assessmentId))
        throw invalid('Confirm and save the statement details (DSPT status, email service provider, data location) before exporting.', [
          { path: 'details', message: 'Not saved yet' },
        ]);

      progress.step({ done: 0, message: 'Checking the evidence files' });
      const evidence = await this.s.evidence.assertExportable(assessmentId);
      const g = await this.s.statement.gather(assessmentId, { evidence, strict: true });
      const parsed = StatementModel.safeParse(g.model);
      if (!parsed.success) {
        const issues = this.s.statement.issues(g);
        throw invalid(`The statement is not complete: ${describeIssues(issues)}.`, issues);
      }
      const model = parsed.data;
      const draft = reviewDraft || !readiness.ready || finalStatementIssues(model).length > 0;
      if (draft && !client.sample && !reviewDraft) {
        const issues = this.s.statement.issues(g);
        throw invalid(`The statement is not ready to export: ${describeIssues(issues)}.`, issues);
      }

      const version = this.repo.lastVersion(assessmentId) + 1;
      const reference = newBundleId(client.odsCode, new Date(model.generatedAt));
      const short = reference.slice(-8);
      // A draft says so in its name, so it is never mistaken for the submission.
      const tag = draft ? '-DRAFT' : '';
      const relPath = `bundles/${client.id}/${a.cycle}${tag}-v${version}-${short}.zip`;
      const fileName = `DCB1596-${client.odsCode}-${a.cycle}${tag}-v${version}-${short}.zip`;
      const result = await writeBundle({
        model,
        blobs: this.s.blobs,
        audit: this.auditExport(client.id, a),
        outPath: join(this.s.dataDir, ...relPath.split('/')),
        bundleId: reference,
        ...(seal ? { seal } : {}),
        draft,
        signal,
        onProgress: (p) => {
          const u = { done: p.doneBytes, total: p.totalBytes || undefined, message: PHASE_LABELS[p.phase] };
          if (p.phase === phase) progress.update(u);
          else progress.step(u);
          phase = p.phase;
        },
      });
      written = result.path;
      const storedRel = `bundles/${client.id}/${result.fileName}`;
      const facts: BundleFacts = {
        reference,
        legalName: model.organisation.legalName,
        odsCode: model.organisation.odsCode,
        domains: model.organisation.domains,
        route: model.organisation.route,
        cycle: a.cycle,
        signers: (['ictExpert', 'clinicalSafetyExpert'] as const).flatMap((slot) => {
          const so = model.signOffs[slot];
          return so ? [{ slot, name: so.name, role: so.role, organisation: so.organisation, email: so.email, signedAt: so.signedAt }] : [];
        }),
        ...(result.sealed && seal ? { sealFingerprint: seal.identity.fingerprintSha256 } : {}),
        ...(model.preparedBy
          ? {
              preparedBy: {
                name: model.preparedBy.name,
                ...(model.preparedBy.organisation ? { organisation: model.preparedBy.organisation } : {}),
              },
            }
          : {}),
      };
      const sealSubject = result.sealed ? seal?.identity.subject : undefined;
      const id = randomUUID();
      const actor = this.s.actor();
      const at = now.toISOString();
      this.db.transaction(() => {
        this.repo.insert({
          id,
          reference,
          assessment_id: a.id,
          client_id: client.id,
          version,
          file_name: fileName,
          file_path: storedRel,
          size: result.size,
          sha256: result.archiveSha256,
          manifest_sha256: result.contentsSha256,
          statement_sha256: result.statementSha256,
          sealed: result.sealed ? 1 : 0,
          seal_subject: sealSubject ?? null,
          seal_fingerprint: facts.sealFingerprint ?? null,
          sample: model.sample ? 1 : 0,
          draft: draft ? 1 : 0,
          file_count: result.fileCount,
          assessment_revision: a.revision,
          facts: JSON.stringify(BundleFacts.parse(facts)),
          created_at: at,
          created_by: actor,
        });
        appendAudit(this.db, {
          chain: client.id,
          actor,
          at,
          action: 'bundle.export',
          entityType: 'bundle',
          entityId: id,
          summary: `${a.cycle}: exported evidence bundle v${version} (${reference}, ${result.fileCount} files, ${formatBytes(result.size)})${result.sealed ? `, statement sealed by ${sealSubject}` : ''}${draft ? (client.sample ? ' — sample draft' : ' — DRAFT review pack') : ''}`,
          changes: [
            { field: 'bundle', from: null, to: fileName },
            { field: 'sha256', from: null, to: result.archiveSha256 },
            { field: 'manifestSha256', from: null, to: result.contentsSha256 },
          ],
        });
      })();
      written = undefined;
      progress.finish({ done: result.size, total: result.size, message: `Exported ${fileName}` });
      this.s.log.info('bundle exported', { assessmentId, version, files: result.fileCount, bytes: result.size, sealed: result.sealed });
      return this.summary(this.row(id));
    };
    try {
      if (!input.seal) return await exportWith(undefined);
      // The certificate upload (a private key) is deleted once the bundle is written, or as soon as the file
      // proves unusable. Any other failure keeps it, so the retry the renderer offers with the same pick works
      // (an abandoned upload is deleted after an hour unused: files/transfer-store.ts).
      return await this.s.transfers.withUpload(
        input.seal.p12UploadId,
        {
          unusable: (err) => err instanceof AppError && !!err.issues?.some((i) => i.path === 'seal.p12UploadId'),
          missing: () =>
            certificateIssue('The certificate file is no longer here (unused uploads are deleted after an hour). Choose it again.'),
        },
        exportWith,
      );
    } catch (err) {
      // The file is only ever kept together with its row.
      if (written) await rm(written, { force: true });
      progress.finish({ done: 0, message: 'The export failed' });
      throw err;
    } finally {
      this.exporting.delete(assessmentId);
    }
  }
}
