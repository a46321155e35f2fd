import type { z } from 'zod';
import type {
  EvidenceAddVersionInput,
  EvidenceDetail,
  EvidenceImportInput,
  EvidenceItem,
  EvidencePreview,
  EvidenceUpdateInput,
  IntegrityReport,
  RequirementEvidenceEntry,
} from '../../shared/contract/evidence';
import type { EvidenceState } from '../../shared/domain/readiness';
import type { EvidenceEdit } from './evidence-edit';
import type { EvidenceFiles } from './evidence-files';
import type { EvidenceImport } from './evidence-import';
import type { EvidenceExportCheck, EvidenceIntegrity, ExportEvidenceFile } from './evidence-integrity';
import type { EvidenceLinks } from './evidence-links';
import type { EvidenceQueries } from './evidence-queries';
import type { ItemRow, VersionRow } from './evidence-repo';

// The evidence library as the handlers and the other services see it: one object, whose work is done by
// its parts, each built by the composition root (backend/services.ts) with its own …Deps:
//   evidence-queries.ts    reads: an item, a client's library, a requirement's evidence, readiness states
//   evidence-import.ts     uploads into the content-addressed store, as a new item or a new version
//   evidence-edit.ts       an item's and its current version's details
//   evidence-links.ts      links to assessments' requirements, and carrying them over at renewal
//   evidence-files.ts      a stored version's preview and download
//   evidence-integrity.ts  re-hashing stored files, for a client's library and before an export
// Probe snapshots become evidence in probe-evidence.ts, which the composition root subscribes to findings.

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export interface EvidenceDeps {
  readonly reads: Pick<EvidenceQueries, 'list' | 'get' | 'forRequirement' | 'statesForAssessment' | 'itemRow' | 'versionsOf'>;
  readonly imports: Pick<EvidenceImport, 'importUpload' | 'addVersion'>;
  readonly edits: Pick<EvidenceEdit, 'update'>;
  readonly links: Pick<EvidenceLinks, 'link' | 'unlink' | 'carryOver'>;
  readonly files: Pick<EvidenceFiles, 'preview' | 'download'>;
  readonly integrity: Pick<EvidenceIntegrity, 'verifyClient' | 'verifyForExport' | 'assertExportable'>;
}

export class EvidenceService {
  constructor(private readonly s: EvidenceDeps) {}

  // ---------------------------------------------------------------- reads

  get(id: string): EvidenceDetail {
    return this.s.reads.get(id);
  }

  list(input: Parameters<EvidenceQueries['list']>[0]): EvidenceItem[] {
    return this.s.reads.list(input);
  }

  forRequirement(assessmentId: string, requirementId: string): RequirementEvidenceEntry[] {
    return this.s.reads.forRequirement(assessmentId, requirementId);
  }

  // What readiness needs (the assessments' evidence peer), judged at the planned submission date.
  statesForAssessment(assessmentId: string, plannedSubmissionDate: string): EvidenceState[] {
    return this.s.reads.statesForAssessment(assessmentId, plannedSubmissionDate);
  }

  // The rows themselves, for the statement's evidence list.
  itemRow(id: string): ItemRow {
    return this.s.reads.itemRow(id);
  }

  versionsOf(evidenceId: string): VersionRow[] {
    return this.s.reads.versionsOf(evidenceId);
  }

  // ---------------------------------------------------------------- writes

  importUpload(input: z.output<typeof EvidenceImportInput>): Promise<EvidenceDetail> {
    return this.s.imports.importUpload(input);
  }

  addVersion(input: z.output<typeof EvidenceAddVersionInput>): Promise<EvidenceDetail> {
    return this.s.imports.addVersion(input);
  }

  update(input: z.output<typeof EvidenceUpdateInput>): EvidenceDetail {
    return this.s.edits.update(input);
  }

  link(evidenceId: string, assessmentId: string, requirementId: string): EvidenceDetail {
    return this.s.links.link(evidenceId, assessmentId, requirementId);
  }

  unlink(evidenceId: string, assessmentId: string, requirementId: string): EvidenceDetail {
    return this.s.links.unlink(evidenceId, assessmentId, requirementId);
  }

  // Renewal (the assessments' evidence peer) links last cycle's evidence, inside the renewal's transaction.
  carryOver(fromAssessmentId: string, toAssessmentId: string): number {
    return this.s.links.carryOver(fromAssessmentId, toAssessmentId);
  }

  // ---------------------------------------------------------------- integrity

  verify(clientId: string, operationId?: string): Promise<IntegrityReport> {
    return this.s.integrity.verifyClient(clientId, operationId);
  }

  // For the bundle export: re-hash what the assessment relies on. See EvidenceIntegrity.verifyForExport.
  verifyForExport(assessmentId: string): Promise<EvidenceExportCheck> {
    return this.s.integrity.verifyForExport(assessmentId);
  }

  assertExportable(assessmentId: string): Promise<ExportEvidenceFile[]> {
    return this.s.integrity.assertExportable(assessmentId);
  }

  // ---------------------------------------------------------------- files

  preview(evidenceId: string, versionId?: string): Promise<EvidencePreview> {
    return this.s.files.preview(evidenceId, versionId);
  }

  download(evidenceId: string, versionId?: string): { downloadId: string; fileName: string } {
    return this.s.files.download(evidenceId, versionId);
  }
}
