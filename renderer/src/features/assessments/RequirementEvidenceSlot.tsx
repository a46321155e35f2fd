import type { EvidenceKind } from '../../../../shared/domain/evidence-kinds';

// The requirement panel's evidence section is owned by the evidence library (wired when it lands).
export function RequirementEvidenceSlot(_props: {
  clientId: string;
  assessmentId: string;
  requirementId: string;
  expectedKinds: EvidenceKind[];
  locked: boolean;
}) {
  return null;
}
